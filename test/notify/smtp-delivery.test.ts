import t from 'tap';
import { outbox } from '../../db/schema.js';
import { createMailer, SmtpMailer } from '../../src/notify/mailer.js';
import { claimRow } from '../../src/notify/outbox-store.js';
import { OutboxWorker } from '../../src/notify/outbox-worker.js';
import { intake, mailsOf, NOISE, plus, startMailingApp, startNotifyApp, TEST_FROM } from '../helpers/notify.js';
import { closedPort, startSmtpServer } from '../helpers/smtp-server.js';

t.test('an intake through the API mails the assignment to the lead office, in Chinese, with the tracking code', async (t) => {
  const smtp = await startSmtpServer();
  t.teardown(smtp.close);
  const { ctx, config } = await startNotifyApp({ HOTLINE_SMTP_HOST: '127.0.0.1', HOTLINE_SMTP_PORT: String(smtp.port), HOTLINE_MAIL_FROM: TEST_FROM });
  t.teardown(ctx.close);
  const mailer = createMailer(config.mail);
  t.teardown(() => mailer.close());
  t.type(mailer, SmtpMailer, 'HOTLINE_SMTP_HOST set: SMTP');
  const worker = new OutboxWorker(ctx.services, { mailer });

  const kase = await intake(ctx);
  t.equal(mailsOf(ctx, kase.id).length, 3, 'lead and two cooperating offices are queued in the intake transaction');
  t.equal(smtp.received.length, 0, 'nothing leaves before the worker runs');

  t.same(await worker.drainOnce(ctx.clock.read()), { sent: 3, retrying: 0, failed: 0 });
  const toLead = smtp.received.filter((m) => m.to.includes(kase.leadEmail));
  t.equal(toLead.length, 1, `one mail to the lead office ${kase.leadEmail}`);
  const mail = toLead[0]!;
  t.equal(mail.headers.get('to'), kase.leadEmail);
  t.equal(mail.from, TEST_FROM);
  t.equal(mail.subject, `【交办通知】工单 ${kase.trackingCode} 建筑施工夜间噪声扰民`);
  t.match(mail.text, '重庆市渝中区生态环境局：');
  t.match(mail.text, `工单编号：${kase.trackingCode}`);
  t.match(mail.text, '承办角色：主办');
  t.match(mail.text, '所在区县：渝中区', 'district taken from the case');
  t.match(mail.text, '签收时限：2026年11月19日 23:59（北京时间）');
  t.match(mail.text, '答复时限：2026年12月9日 23:59（北京时间）');
  t.notMatch(mail.text, '（未提供）', 'every field of the assignment mail is filled');
  t.match(mail.headers.get('message-id') ?? '', /^<outbox-\d+-\d+@12345\.example\.cn>$/);
  const cooperating = smtp.received.filter((m) => !m.to.includes(kase.leadEmail));
  t.equal(cooperating.length, 2);
  for (const m of cooperating) t.match(m.text, '承办角色：协办');

  for (const row of mailsOf(ctx, kase.id)) {
    t.equal(row.state, 'sent');
    t.equal(row.attempts, 1);
    t.same(row.sentAt, ctx.clock.read());
  }
  t.same(await worker.drainOnce(plus(ctx.clock.read(), 3600_000)), { sent: 0, retrying: 0, failed: 0 }, 'a sent row is not sent again');
  t.equal(smtp.received.length, 3);
});

t.test('with the SMTP server down the mail waits, backs off, and is delivered exactly once when it is back', async (t) => {
  const port = await closedPort();
  const { ctx, mailer } = await startMailingApp(t, port);
  const worker = new OutboxWorker(ctx.services, { mailer, backoffBaseMs: 1000 });
  const kase = await intake(ctx);
  const t0 = ctx.clock.read();

  t.same(await worker.drainOnce(t0), { sent: 0, retrying: 3, failed: 0 });
  for (const row of mailsOf(ctx, kase.id)) {
    t.equal(row.state, 'pending');
    t.equal(row.attempts, 1, 'the attempt is counted');
    t.same(row.nextAttemptAt, plus(t0, 2000), 'next attempt after base × 2^1');
    t.match(row.lastError, /ECONNREFUSED/);
  }
  t.same(await worker.drainOnce(plus(t0, 1999)), { sent: 0, retrying: 0, failed: 0 }, 'not due yet');
  t.same(await worker.drainOnce(plus(t0, 2000)), { sent: 0, retrying: 3, failed: 0 });
  t.same(mailsOf(ctx, kase.id).map((r) => [r.attempts, r.nextAttemptAt.getTime() - t0.getTime()]), [[2, 6000], [2, 6000], [2, 6000]], 'the delay doubles');

  const smtp = await startSmtpServer({ port });
  t.teardown(smtp.close);
  t.same(await worker.drainOnce(plus(t0, 5999)), { sent: 0, retrying: 0, failed: 0 }, 'the server is back, but the rows wait for their time');
  t.equal(smtp.received.length, 0);
  t.same(await worker.drainOnce(plus(t0, 6000)), { sent: 3, retrying: 0, failed: 0 });
  t.same(await worker.drainOnce(plus(t0, 600_000)), { sent: 0, retrying: 0, failed: 0 });
  t.equal(smtp.received.filter((m) => m.to.includes(kase.leadEmail)).length, 1, 'exactly one mail to the lead office');
  t.equal(smtp.received.length, 3, 'exactly one mail per row');
  t.same(mailsOf(ctx, kase.id).map((r) => [r.state, r.attempts]), [['sent', 3], ['sent', 3], ['sent', 3]]);
});

t.test('two passes at the same time (two ticks, or two workers on one database) send each row once', async (t) => {
  const smtp = await startSmtpServer();
  t.teardown(smtp.close);
  const { ctx, mailer } = await startMailingApp(t, smtp.port);
  const one = new OutboxWorker(ctx.services, { mailer });
  const other = new OutboxWorker(ctx.services, { mailer });
  const kase = await intake(ctx);
  const now = ctx.clock.read();
  const reports = await Promise.all([one.drainOnce(now), one.drainOnce(now), other.drainOnce(now)]);
  t.equal(reports.reduce((n, r) => n + r.sent, 0), 3);
  t.equal(smtp.received.length, 3);
  t.equal(new Set(smtp.received.map((m) => m.headers.get('message-id'))).size, 3, 'no message twice');
  t.same(mailsOf(ctx, kase.id).map((r) => r.attempts), [1, 1, 1]);
});

t.test('a row claimed by a process that died is sent again when the claim runs out (at-least-once across a crash)', async (t) => {
  const smtp = await startSmtpServer();
  t.teardown(smtp.close);
  const { ctx, mailer } = await startMailingApp(t, smtp.port);
  const worker = new OutboxWorker(ctx.services, { mailer, claimMs: 15 * 60_000 });
  const kase = await intake(ctx);
  const now = ctx.clock.read();
  const [first] = mailsOf(ctx, kase.id);
  // The dead process got as far as its claim.
  t.ok(claimRow(ctx.services.db, first!.id, now, plus(now, 15 * 60_000)));
  t.same(await worker.drainOnce(now), { sent: 2, retrying: 0, failed: 0 }, 'the claimed row is left alone');
  t.same(await worker.drainOnce(plus(now, 15 * 60_000)), { sent: 1, retrying: 0, failed: 0 }, 'and sent after its claim');
  t.equal(smtp.received.length, 3);
  t.same(mailsOf(ctx, kase.id).map((r) => r.attempts), [2, 1, 1], 'the interrupted attempt counts');
});

t.test('a reply mailed to the reporter carries the public reply and never the internal notes', async (t) => {
  const smtp = await startSmtpServer();
  t.teardown(smtp.close);
  const { ctx, mailer } = await startMailingApp(t, smtp.port);
  const kase = await intake(ctx);
  const now = ctx.clock.read();
  ctx.services.db.insert(outbox).values({
    caseId: kase.id, channel: 'mail', template: 'reply-to-reporter', recipient: 'citizen@example.com',
    payload: {
      trackingCode: kase.trackingCode, office: '重庆市渝中区生态环境局', repliedAt: '2026-11-25T16:30:00+08:00',
      publicReply: '经现场核查，该工地已停止夜间施工，执法人员已责令整改。',
      internalNotes: '内部：施工单位负责人系区里熟人，从轻处理',
    },
    nextAttemptAt: now, createdAt: now,
  }).run();
  await new OutboxWorker(ctx.services, { mailer }).drainOnce(now);
  const mail = smtp.received.find((m) => m.to.includes('citizen@example.com'));
  t.ok(mail, 'the reporter gets the reply');
  t.equal(mail!.subject, `【答复告知】您反映的问题（${kase.trackingCode}）已办结`);
  t.match(mail!.text, '经现场核查，该工地已停止夜间施工');
  t.match(mail!.text, '2026年11月25日 16:30');
  t.notMatch(mail!.raw + mail!.text, '从轻处理', 'internal notes stay inside');
  t.notMatch(mail!.text, '签收时限', 'no office deadlines in a citizen\'s mail');
});

t.test('started, the worker sends on its interval; stopped, it sends nothing more', async (t) => {
  const smtp = await startSmtpServer();
  t.teardown(smtp.close);
  const { ctx, mailer } = await startMailingApp(t, smtp.port);
  const worker = new OutboxWorker(ctx.services, { mailer });
  await intake(ctx);
  worker.start(20);
  for (let i = 0; i < 200 && smtp.received.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  t.equal(smtp.received.length, 3, 'the interval delivered the intake\'s mail');
  await worker.stop();
  await intake(ctx, { ...NOISE, externalId: 'after-stop' });
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(smtp.received.length, 3, 'nothing after stop');
});
