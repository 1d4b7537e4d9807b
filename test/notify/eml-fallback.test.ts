import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { createMailer, EmlFileMailer } from '../../src/notify/mailer.js';
import { OutboxWorker } from '../../src/notify/outbox-worker.js';
import { intake, mailsOf, startNotifyApp } from '../helpers/notify.js';
import { parseMessage } from '../helpers/smtp-server.js';

t.test('without SMTP settings each mail is written as an .eml file under the data folder', async (t) => {
  const { ctx, config } = await startNotifyApp();
  t.teardown(ctx.close);
  t.equal(config.mail.smtp, null);
  t.equal(config.mail.dropDir, join(ctx.dir, 'mail'), 'the data folder is the database file\'s folder');
  const mailer = createMailer(config.mail);
  t.teardown(() => mailer.close());
  t.type(mailer, EmlFileMailer);

  const kase = await intake(ctx);
  t.same(await new OutboxWorker(ctx.services, { mailer }).drainOnce(ctx.clock.read()), { sent: 3, retrying: 0, failed: 0 });
  const files = readdirSync(config.mail.dropDir);
  t.equal(files.length, 3, 'one file per mail, no temporary file left');
  t.ok(files.every((f) => /^outbox-\d+-\d+\.eml$/.test(f)), files.join(', '));

  const messages = files.map((f) => readFileSync(join(config.mail.dropDir, f), 'utf8'));
  const raw = messages.find((m) => parseMessage(m).headers.get('to') === kase.leadEmail);
  t.ok(raw, `a file addressed to ${kase.leadEmail}`);
  t.match(raw!, /\r\nSubject: =\?UTF-8\?[BQ]\?/i, 'the Chinese subject is MIME-encoded, as nodemailer sends it');
  t.match(raw!, /(^|\r\n)From: 12345-hotline@localhost\r\n/, 'the default sender');
  t.match(raw!, /\r\nMIME-Version: 1\.0\r\n/);
  const parsed = parseMessage(raw!);
  t.equal(parsed.subject, `【交办通知】工单 ${kase.trackingCode} 建筑施工夜间噪声扰民`);
  t.match(parsed.text, `工单编号：${kase.trackingCode}`);
  t.match(parsed.text, '承办角色：主办');
  t.same(mailsOf(ctx, kase.id).map((r) => r.state), ['sent', 'sent', 'sent']);
});

t.test('a resend of the same row (after a crash) overwrites its file instead of adding one', async (t) => {
  const { ctx, config } = await startNotifyApp();
  t.teardown(ctx.close);
  const mailer = createMailer(config.mail);
  t.teardown(() => mailer.close());
  const mail = { id: 'outbox-7-1763431200000', to: 'sthjj-500103@example.cq.gov.cn', subject: '【催办通知】工单 CQ-20261118-ABCDEF', text: '请立即签收。' };
  const first = await mailer.send(mail);
  const second = await mailer.send(mail);
  t.equal(first.detail, second.detail);
  t.same(readdirSync(config.mail.dropDir), ['outbox-7-1763431200000.eml']);
});
