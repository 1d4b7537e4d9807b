import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { MIGRATIONS_DIR } from '../../db/connection.js';
import t from 'tap';
import { outbox } from '../../db/schema.js';
import { createMailer } from '../../src/notify/mailer.js';
import { OutboxWorker } from '../../src/notify/outbox-worker.js';
import type { TestApp } from '../helpers/app.js';
import { plus, startMailingApp, startNotifyApp, TEST_FROM } from '../helpers/notify.js';
import { closedPort, startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';

/** A backlog: `count` acceptance notices, one per citizen, due at `at` (or `dueAt(i)`), as a busy day or a relay outage leaves it. */
function queueBacklog(ctx: TestApp, count: number, at: Date, dueAt: (i: number) => Date = () => at) {
  const rows = Array.from({ length: count }, (_, i) => ({
    caseId: null, channel: 'mail' as const, template: 'acceptance-to-reporter', recipient: `citizen-${i}@example.com`,
    payload: { trackingCode: `CQ-TEST-${i}`, office: '重庆市渝中区生态环境局' }, nextAttemptAt: dueAt(i), createdAt: at,
  }));
  ctx.services.db.insert(outbox).values(rows).run();
}

const rowsOf = (ctx: TestApp) => ctx.services.db.select().from(outbox).orderBy(asc(outbox.id)).all();
const messageIds = (smtp: TestSmtpServer) => smtp.received.map((m) => m.headers.get('message-id'));
/** The Message-ID the worker gives a row (mailer.ts): one per row, the same on every attempt. */
const messageIdOf = (row: { id: number; createdAt: Date }) => `<outbox-${row.id}-${row.createdAt.getTime()}@12345.example.cn>`;

async function until(condition: () => boolean, timeoutMs = 5000): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end;) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return condition();
}

t.test('a backlog of 150 mails leaves in one pass, each exactly once, four at a time over four kept connections', async (t) => {
  // The server takes 20 ms per message, so mails sent at the same time overlap there and are counted.
  const smtp = await startSmtpServer({ answerAfterMs: 20 });
  t.teardown(smtp.close);
  const { ctx, mailer } = await startMailingApp(t, smtp.port);
  const now = ctx.clock.read();
  queueBacklog(ctx, 150, now);
  const worker = new OutboxWorker(ctx.services, { mailer }); // defaults: batches of 20, 4 at a time

  t.same(await worker.drainOnce(now), { sent: 150, retrying: 0, failed: 0 }, 'seven and a half batches in one pass, not one batch per tick');
  t.equal(smtp.received.length, 150, 'the server received 150 messages');
  const rows = rowsOf(ctx);
  t.same([...messageIds(smtp)].sort(), rows.map(messageIdOf).sort(), 'every row\'s message, and none twice');
  t.same(smtp.received.flatMap((m) => m.to).sort(), rows.map((r) => r.recipient).sort(), 'every citizen once');
  t.same(new Set(rows.map((r) => `${r.state}/${r.attempts}`)), new Set(['sent/1']), 'every row sent on its first attempt');
  t.equal(smtp.load.maxMessages, 4, 'four messages at once at the server: the default concurrency is used, and never exceeded');
  t.ok(smtp.load.maxConnections <= 4, `at most four connections open at once (${smtp.load.maxConnections})`);
  t.ok(smtp.load.connectionsOpened <= 4, `connections are kept for the next message, not opened per mail (${smtp.load.connectionsOpened} opened)`);
  t.same(await worker.drainOnce(now), { sent: 0, retrying: 0, failed: 0 }, 'nothing is left');
});

t.test('HOTLINE_OUTBOX_CONCURRENCY sets the mails in flight, and the SMTP mailer keeps as many connections', async (t) => {
  const smtp = await startSmtpServer({ answerAfterMs: 20 });
  t.teardown(smtp.close);
  const { ctx, config } = await startNotifyApp({
    HOTLINE_SMTP_HOST: '127.0.0.1', HOTLINE_SMTP_PORT: String(smtp.port), HOTLINE_MAIL_FROM: TEST_FROM, HOTLINE_OUTBOX_CONCURRENCY: '2',
  });
  t.teardown(ctx.close);
  const mailer = createMailer(config.mail);
  t.teardown(() => mailer.close());
  // As server.ts builds it.
  const worker = new OutboxWorker(ctx.services, { mailer, concurrency: config.outbox.concurrency });
  const now = ctx.clock.read();
  queueBacklog(ctx, 40, now);

  t.same(await worker.drainOnce(now), { sent: 40, retrying: 0, failed: 0 });
  t.equal(new Set(messageIds(smtp)).size, 40, '40 distinct messages');
  t.equal(smtp.load.maxMessages, 2, 'two at once, never more');
  t.ok(smtp.load.connectionsOpened <= 2, `over at most two connections (${smtp.load.connectionsOpened} opened)`);
});

t.test('two workers (two processes on one database) draining one backlog send each of 150 mails once', async (t) => {
  const smtp = await startSmtpServer({ answerAfterMs: 5 });
  t.teardown(smtp.close);
  const { ctx, mailer } = await startMailingApp(t, smtp.port);
  const otherMailer = createMailer({ smtp: { host: '127.0.0.1', port: smtp.port, secure: false, user: null, password: null, connections: 4 }, from: TEST_FROM, dropDir: ctx.dir });
  t.teardown(() => otherMailer.close());
  const now = ctx.clock.read();
  queueBacklog(ctx, 150, now);
  const reports = await Promise.all([
    new OutboxWorker(ctx.services, { mailer }).drainOnce(now),
    new OutboxWorker(ctx.services, { mailer: otherMailer }).drainOnce(now),
  ]);
  t.equal(reports[0]!.sent + reports[1]!.sent, 150, `together they sent all 150 (${reports[0]!.sent} + ${reports[1]!.sent})`);
  t.equal(smtp.received.length, 150);
  t.equal(new Set(messageIds(smtp)).size, 150, 'no message twice');
  t.same(new Set(rowsOf(ctx).map((r) => `${r.state}/${r.attempts}`)), new Set(['sent/1']), 'each row claimed once');
});

t.test('stop() ends a long pass after the mails in flight; the rest stay queued untouched and a later pass sends them once', async (t) => {
  const smtp = await startSmtpServer({ answerAfterMs: 20 });
  t.teardown(smtp.close);
  const { ctx, mailer } = await startMailingApp(t, smtp.port);
  const now = ctx.clock.read();
  queueBacklog(ctx, 150, now);
  const worker = new OutboxWorker(ctx.services, { mailer });

  const pass = worker.drainOnce(now);
  t.ok(await until(() => smtp.received.length >= 40), 'the pass goes on past its first two batches');
  const receivedAtStop = smtp.received.length;
  await worker.stop();
  const report = await pass;
  t.ok(report.sent < 150, `the pass ended early (${report.sent} sent)`);
  t.ok(report.sent <= receivedAtStop + 4, `only the four at most in flight at stop() were finished (${receivedAtStop} received at stop, ${report.sent} sent)`);
  t.equal(smtp.received.length, report.sent, 'every message the server took is marked sent');
  const rows = rowsOf(ctx);
  t.equal(rows.filter((r) => r.state === 'sent' && r.attempts === 1).length, report.sent);
  t.same(new Set(rows.filter((r) => r.state !== 'sent').map((r) => `${r.state}/${r.attempts}/${r.nextAttemptAt.getTime()}`)),
    new Set([`pending/0/${now.getTime()}`]), 'the others were never taken: pending, no attempt, no claim');
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(smtp.received.length, report.sent, 'nothing leaves after the pass ended');

  t.same(await worker.drainOnce(now), { sent: 150 - report.sent, retrying: 0, failed: 0 }, 'a pass after stop() sends the rest');
  t.equal(smtp.received.length, 150);
  t.equal(new Set(messageIds(smtp)).size, 150, 'each mail once in all');
});

t.test('a pass takes each row once, even when a zero backoff makes its retries due again at once', async (t) => {
  const { ctx, mailer } = await startMailingApp(t, await closedPort());
  const now = ctx.clock.read();
  // Half overdue by a second each, half due right now. The test clock stands still: a retry is
  // rescheduled to `now` itself, inside the pass's due set, ahead of (lower id than) the rows due now.
  queueBacklog(ctx, 50, now, (i) => (i < 25 ? plus(now, -(25 - i) * 1000) : now));
  const worker = new OutboxWorker(ctx.services, { mailer, backoffBaseMs: 0 });

  t.same(await worker.drainOnce(now), { sent: 0, retrying: 50, failed: 0 }, 'all 50 tried, in more than one batch, and the pass ends');
  const rows = rowsOf(ctx);
  t.same(new Set(rows.map((r) => `${r.state}/${r.attempts}/${r.nextAttemptAt.getTime()}`)), new Set([`pending/1/${now.getTime()}`]),
    'each tried once, due again for the next pass');
  t.same(await worker.drainOnce(now), { sent: 0, retrying: 50, failed: 0 }, 'the next pass tries them again');
  t.same(new Set(rowsOf(ctx).map((r) => r.attempts)), new Set([2]));
});

t.test('a paced worker takes no more mails per second than its rate, however many are due', async (t) => {
  const smtp = await startSmtpServer();
  t.teardown(smtp.close);
  const { ctx, mailer } = await startMailingApp(t, smtp.port);
  const now = ctx.clock.read();
  queueBacklog(ctx, 10, now);
  // 20 per second: ten mails take at least nine gaps of 50 ms, whatever the concurrency.
  const worker = new OutboxWorker(ctx.services, { mailer, ratePerSecond: 20, concurrency: 4 });
  const started = performance.now();
  t.same(await worker.drainOnce(now), { sent: 10, retrying: 0, failed: 0 });
  const elapsed = performance.now() - started;
  t.ok(elapsed >= 440, `spaced out: ${elapsed.toFixed(0)} ms for ten mails at 20/s`);
  t.equal(smtp.received.length, 10, 'all of them still leave in the one pass');
});

t.test('offices\' work goes before notices to reporters, also work queued while a long pass sends notices', async (t) => {
  const smtp = await startSmtpServer({ answerAfterMs: 15 });
  t.teardown(smtp.close);
  const { ctx, mailer } = await startMailingApp(t, smtp.port, 1);
  const now = ctx.clock.read();
  // Sixty notices to citizens queued first (older, lower ids), then two 交办 mails to offices.
  ctx.services.db.insert(outbox).values(Array.from({ length: 60 }, (_, i) => ({
    caseId: null, channel: 'mail' as const, template: 'acceptance-to-reporter', recipient: `citizen-${i}@example.com`,
    payload: { trackingCode: `CQ-TEST-${i}`, office: '重庆市渝中区生态环境局' }, nextAttemptAt: new Date(now.getTime() - 60_000), createdAt: now, priority: 1,
  }))).run();
  const office = (name: string, at: Date) => ctx.services.db.insert(outbox).values({
    caseId: null, channel: 'mail', template: 'assignment', recipient: `${name}@example.gov.cn`,
    payload: { trackingCode: 'CQ-TEST-X', office: name, role: 'lead' }, nextAttemptAt: at, createdAt: at,
  }).run();
  office('first-office', now);
  office('second-office', now);
  const worker = new OutboxWorker(ctx.services, { mailer, concurrency: 1 });
  const pass = worker.drainOnce(now);

  // A case assigned while the pass is busy with the notices: its mail is due after the pass began.
  t.ok(await until(() => smtp.received.length >= 10), 'the pass is sending notices');
  ctx.clock.now = new Date(now.getTime() + 2000);
  office('late-office', new Date(now.getTime() + 1000));
  const sentBefore = smtp.received.length;
  t.same(await pass, { sent: 63, retrying: 0, failed: 0 });
  const order = smtp.received.flatMap((m) => m.to);
  t.same(order.slice(0, 2), ['first-office@example.gov.cn', 'second-office@example.gov.cn'], 'queued after the notices, sent before them');
  const late = order.indexOf('late-office@example.gov.cn');
  // Sent at most two places after it was queued: the notice in flight then, and the one whose claim had begun.
  t.ok(late >= sentBefore && late <= sentBefore + 2, `the office's mail queued after ${sentBefore} mails went out ${late + 1}th of 63, not after the remaining notices`);
  t.same(rowsOf(ctx).filter((r) => r.template === 'acceptance-to-reporter').map((r) => r.state), Array(60).fill('sent'), 'and every notice still went');
});

t.test('notices to reporters are queued behind work; the migration moved those queued before', async (t) => {
  const { ctx } = await startNotifyApp();
  t.teardown(ctx.close);
  const res = await ctx.app.inject({
    method: 'POST', url: '/api/v1/complaints', headers: { authorization: `Bearer ${ctx.key({ role: 'operator', jurisdiction: 'chongqing' })}` },
    payload: { jurisdiction: 'chongqing', channel: '12345', content: '渝中区某工地夜间施工噪声扰民', reporter: { email: 'citizen@example.com' } },
  });
  t.equal(res.statusCode, 201);
  const rows = rowsOf(ctx).map((r) => [r.template, r.priority]);
  t.ok(rows.some(([template, priority]) => template === 'assignment' && priority === 0));
  t.ok(rows.some(([template, priority]) => template === 'acceptance-to-reporter' && priority === 1));
  const migration = readFileSync(join(MIGRATIONS_DIR, '0013_outbox_priority.sql'), 'utf8').split('--> statement-breakpoint').at(-1)!.replace(/^--.*$/gm, '').trim();
  ctx.services.db.$client.prepare('UPDATE outbox SET priority = 0').run();
  ctx.services.db.$client.prepare(migration).run();
  t.same(rowsOf(ctx).map((r) => [r.template, r.priority]), rows, 'the backfill gives queued rows the priority intake gives new ones');
});
