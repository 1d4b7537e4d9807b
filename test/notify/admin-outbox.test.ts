import { Writable } from 'node:stream';
import t from 'tap';
import { findCase } from '../../src/cases/repository.js';
import { createLogger } from '../../src/http/logger.js';
import { queueReplyToReporter } from '../../src/notify/reporter-mail.js';
import { OutboxWorker } from '../../src/notify/outbox-worker.js';
import { bearer } from '../helpers/app.js';
import { intake, mailsOf, NOISE, plus, smtpMailerTo, startMailingApp, startNotifyApp } from '../helpers/notify.js';
import { closedPort, startSmtpServer } from '../helpers/smtp-server.js';

t.test('after the last retry a mail is failed, admins see it and put it back, and it is delivered', async (t) => {
  const port = await closedPort();
  const { ctx, mailer } = await startMailingApp(t, port);
  const worker = new OutboxWorker(ctx.services, { mailer, maxAttempts: 3, backoffBaseMs: 1000 });
  const admin = ctx.key({ role: 'admin', jurisdiction: null });
  const get = (key: string, query = '') => ctx.app.inject({ method: 'GET', url: `/api/v1/admin/outbox${query}`, headers: bearer(key) });
  const retry = (key: string, id: string) => ctx.app.inject({ method: 'POST', url: `/api/v1/admin/outbox/${id}/retry`, headers: bearer(key) });

  const kase = await intake(ctx);
  const t0 = ctx.clock.read();
  t.same(await worker.drainOnce(t0), { sent: 0, retrying: 3, failed: 0 }, 'attempt 1');
  t.same(await worker.drainOnce(plus(t0, 2000)), { sent: 0, retrying: 3, failed: 0 }, 'attempt 2');
  t.same(await worker.drainOnce(plus(t0, 6000)), { sent: 0, retrying: 0, failed: 3 }, 'attempt 3 is the last');
  t.same(await worker.drainOnce(plus(t0, 86_400_000)), { sent: 0, retrying: 0, failed: 0 }, 'failed rows are not tried again by themselves');
  t.same(mailsOf(ctx, kase.id).map((r) => [r.state, r.attempts]), [['failed', 3], ['failed', 3], ['failed', 3]]);

  const failed = await get(admin, '?state=failed');
  t.equal(failed.statusCode, 200, failed.body);
  const items = failed.json().items as Array<Record<string, unknown>>;
  t.equal(items.length, 3);
  const lead = items.find((i) => i.recipient === kase.leadEmail)!;
  t.match(lead, {
    id: /^[0-9]+$/, caseId: String(kase.id), channel: 'mail', template: 'assignment', state: 'failed', attempts: 3,
    lastError: /ECONNREFUSED/, createdAt: '2026-11-18T10:00:00+08:00', sentAt: null,
  });
  t.equal(lead.nextAttemptAt, '2026-11-18T10:00:06+08:00', 'a failed row shows when it gave up');
  t.same((await get(admin, '?state=pending')).json().items, [], 'nothing pending');
  t.equal((await get(admin)).json().items.length, 3, 'every state without a filter');

  t.equal((await get(admin, '?state=lost')).statusCode, 400, 'an unknown state is refused');
  for (const scope of [{ role: 'operator', jurisdiction: 'chongqing' }, { role: 'supervisor', jurisdiction: 'chongqing' },
    { role: 'handler', jurisdiction: 'chongqing', department: 'ecology-environment', district: '500103' }] as const) {
    const key = ctx.key(scope);
    t.equal((await get(key, '?state=failed')).statusCode, 403, `a ${scope.role} key may not list the outbox`);
    t.equal((await retry(key, String(lead.id))).statusCode, 403, `a ${scope.role} key may not retry`);
  }
  t.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/admin/outbox' })).statusCode, 401, 'no key: 401');

  const smtp = await startSmtpServer({ port });
  t.teardown(smtp.close);
  ctx.clock.set('2026-11-18T11:00:00+08:00');
  const back = await retry(admin, String(lead.id));
  t.equal(back.statusCode, 200, back.body);
  t.match(back.json(), { id: lead.id, state: 'pending', attempts: 0, nextAttemptAt: '2026-11-18T11:00:00+08:00', lastError: /ECONNREFUSED/ });
  const again = await retry(admin, String(lead.id));
  t.equal(again.statusCode, 409, 'a pending row is not retried');
  t.equal(again.json().code, 'OUTBOX_MESSAGE_NOT_FAILED');
  const unknown = await retry(admin, '999999');
  t.equal(unknown.statusCode, 404);
  t.equal(unknown.json().code, 'OUTBOX_MESSAGE_NOT_FOUND');

  t.same(await worker.drainOnce(ctx.clock.read()), { sent: 1, retrying: 0, failed: 0 }, 'only the retried row leaves');
  t.equal(smtp.received.length, 1);
  t.same(smtp.received[0]!.to, [kase.leadEmail]);
  t.match(smtp.received[0]!.subject, /^【交办通知】/);
  const sent = (await get(admin, '?state=sent')).json().items;
  t.match(sent, [{ id: lead.id, state: 'sent', attempts: 1, sentAt: '2026-11-18T11:00:00+08:00' }]);
  t.equal((await retry(admin, String(lead.id))).statusCode, 409, 'a sent row is not retried');
  t.equal((await get(admin, '?state=failed')).json().items.length, 2, 'the other two are still failed');
  t.equal(mailsOf(ctx, kase.id).length, 3, 'a retry writes no new row');
});

t.test('a recipient the server refuses (5xx) fails at once: retrying cannot change the answer', async (t) => {
  const { ctx } = await startNotifyApp();
  t.teardown(ctx.close);
  const kase = await intake(ctx);
  const smtp = await startSmtpServer({ refuse: [kase.leadEmail] });
  t.teardown(smtp.close);
  const mailer = smtpMailerTo(smtp.port);
  t.teardown(() => mailer.close());
  const worker = new OutboxWorker(ctx.services, { mailer });
  t.same(await worker.drainOnce(ctx.clock.read()), { sent: 2, retrying: 0, failed: 1 });
  const refused = mailsOf(ctx, kase.id).find((r) => r.recipient === kase.leadEmail)!;
  t.equal(refused.state, 'failed');
  t.equal(refused.attempts, 1);
  t.match(refused.lastError, /550/);
});

t.test('a reporter\'s address refused by the server does not reach the log', async (t) => {
  const { ctx } = await startNotifyApp();
  t.teardown(ctx.close);
  const kase = await intake(ctx, { ...NOISE, reporter: { name: '钱秘密', email: 'qian.secret@example.com' } });
  queueReplyToReporter(ctx.services.db, findCase(ctx.services.db, kase.id)!, { officeName: '重庆市渝中区生态环境局', publicReply: '已处理。', repliedAt: ctx.clock.read() }, ctx.clock.read());
  const smtp = await startSmtpServer({ refuse: ['qian.secret@example.com'] });
  t.teardown(smtp.close);
  const mailer = smtpMailerTo(smtp.port);
  t.teardown(() => mailer.close());
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
  const worker = new OutboxWorker(ctx.services, { mailer, logger });
  t.match(await worker.drainOnce(ctx.clock.read()), { failed: 2 }, 'the acceptance and the reply notice to the refused address');
  const failure = lines.find((l) => l.includes('mail failed'));
  t.ok(failure, 'the failure is logged');
  t.match(failure, /550/, 'with the server\'s answer');
  t.notOk(lines.join('').includes('qian.secret@example.com'), 'without the reporter\'s address');
  t.match(mailsOf(ctx, kase.id).find((m) => m.template === 'reply-to-reporter')!.lastError, /550/, 'the row keeps the whole answer for admins');
});
