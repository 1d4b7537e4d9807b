import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outbox } from '../db/schema.js';
import { openServices } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { SmtpMailer } from '../src/notify/mailer.js';
import { OutboxWorker } from '../src/notify/outbox-worker.js';
import { startSmtpServer } from '../test/helpers/smtp-server.js';

/**
 * How fast the outbox worker drains a backlog: BENCH_MAILS mails (default 600) queued at once,
 * then one pass, against a local smtp-server that answers at once, and BENCH_RELAY_MAILS (default
 * 100) against one that takes BENCH_RELAY_MS (default 100 ms) per message as a distant relay does;
 * each at concurrency 1 and at the default 4. The SMTP server runs in this process, so its work
 * (parsing every message) counts against the worker's. Ends with one line per run:
 * `outbox: <relay> concurrency <n>: <mails/s> mails/s (<n> mails in <s> s, <k> connections, at most <m> at once)`.
 */
const mails = Number(process.env.BENCH_MAILS ?? 600);
const relayMails = Number(process.env.BENCH_RELAY_MAILS ?? 100);
const relayMs = Number(process.env.BENCH_RELAY_MS ?? 100);

async function drain(count: number, answerAfterMs: number, concurrency: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-outbox-'));
  const services = openServices(loadConfig({ ...process.env, HOTLINE_DB: join(dir, 'hotline.db') }));
  const smtp = await startSmtpServer({ answerAfterMs });
  const mailer = new SmtpMailer({ host: '127.0.0.1', port: smtp.port, secure: false, user: null, password: null, connections: concurrency }, 'hotline@12345.example.cn');
  const now = services.clock();
  services.db.insert(outbox).values(Array.from({ length: count }, (_, i) => ({
    caseId: null, channel: 'mail' as const, template: 'acceptance-to-reporter', recipient: `citizen-${i}@example.com`,
    payload: { trackingCode: `CQ-BENCH-${i}`, office: '重庆市渝中区生态环境局' }, nextAttemptAt: now, createdAt: now,
  }))).run();
  const worker = new OutboxWorker(services, { mailer, concurrency });

  const start = process.hrtime.bigint();
  const report = await worker.drainOnce(now);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (report.sent !== count || smtp.received.length !== count) throw new Error(`sent ${report.sent}, received ${smtp.received.length} of ${count}`);

  mailer.close();
  await smtp.close();
  services.db.$client.close();
  rmSync(dir, { recursive: true, force: true });
  const relay = answerAfterMs ? `relay ${answerAfterMs} ms` : 'local';
  return `outbox: ${relay} concurrency ${concurrency}: ${Math.round(count / seconds)} mails/s (${count} mails in ${seconds.toFixed(2)} s, `
    + `${smtp.load.connectionsOpened} connections, at most ${smtp.load.maxMessages} at once)`;
}

await drain(100, 0, 4); // warm-up: JIT, module loading, first connections
for (const [count, answerAfterMs] of [[mails, 0], [relayMails, relayMs]] as const) {
  for (const concurrency of [1, loadConfig({}).outbox.concurrency]) console.log(await drain(count, answerAfterMs, concurrency));
}
