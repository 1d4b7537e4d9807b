import { Writable } from 'node:stream';
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/http/logger.js';
import { createMailer, EmlFileMailer, SmtpMailer } from '../../src/notify/mailer.js';

t.test('mail settings come from the environment, with defaults', async (t) => {
  const plain = loadConfig({ HOTLINE_DB: '/srv/hotline/data/hotline.db' });
  t.same(plain.mail, { smtp: null, from: '12345-hotline@localhost', dropDir: '/srv/hotline/data/mail' });
  t.same(plain.outbox, { intervalMs: 5000, maxAttempts: 8, backoffBaseMs: 30_000, concurrency: 4, ratePerSecond: 10 });
  t.type(createMailer(plain.mail), EmlFileMailer);

  const smtp = loadConfig({
    HOTLINE_SMTP_HOST: 'smtp.example.gov.cn', HOTLINE_SMTP_SECURE: 'true', HOTLINE_SMTP_USER: 'hotline',
    HOTLINE_SMTP_PASSWORD: 'pa55-w0rd', HOTLINE_MAIL_FROM: '12345@example.gov.cn', HOTLINE_OUTBOX_INTERVAL_MS: '1000',
  });
  t.same(smtp.mail.smtp, { host: 'smtp.example.gov.cn', port: 25, secure: true, user: 'hotline', password: 'pa55-w0rd', connections: 4 },
    'the mailer keeps as many connections as the worker sends at once');
  t.equal(smtp.mail.from, '12345@example.gov.cn');
  t.equal(smtp.outbox.intervalMs, 1000);
  const mailer = createMailer(smtp.mail);
  t.type(mailer, SmtpMailer);
  t.equal(mailer.description, 'smtp://smtp.example.gov.cn:25 (TLS)', 'the description (logged at start) has no password');
  mailer.close();

  t.throws(() => loadConfig({ HOTLINE_SMTP_HOST: 'x', HOTLINE_SMTP_SECURE: 'maybe' }), /HOTLINE_SMTP_SECURE must be true or false/);
  t.throws(() => loadConfig({ HOTLINE_SMTP_HOST: 'x', HOTLINE_SMTP_PORT: 'abc' }), /HOTLINE_SMTP_PORT/);
  t.throws(() => loadConfig({ HOTLINE_OUTBOX_MAX_ATTEMPTS: '0' }), /at least 1/);
});

t.test('HOTLINE_OUTBOX_CONCURRENCY sets the mails in flight and the SMTP connections together; nonsense is refused by name', async (t) => {
  const eight = loadConfig({ HOTLINE_SMTP_HOST: 'smtp.example.gov.cn', HOTLINE_OUTBOX_CONCURRENCY: '8' });
  t.equal(eight.outbox.concurrency, 8);
  t.equal(eight.mail.smtp?.connections, 8);
  t.equal(loadConfig({ HOTLINE_OUTBOX_CONCURRENCY: '1' }).outbox.concurrency, 1, 'one at a time, as before');
  t.equal(loadConfig({ HOTLINE_OUTBOX_CONCURRENCY: '50' }).outbox.concurrency, 50);
  for (const bad of ['0', '51', '-2', '2.5', 'four']) {
    t.throws(() => loadConfig({ HOTLINE_OUTBOX_CONCURRENCY: bad }), new RegExp(`^HOTLINE_OUTBOX_CONCURRENCY must be .* not "${bad}"$`), `"${bad}" is refused`);
  }
  t.throws(() => loadConfig({ HOTLINE_OUTBOX_CONCURRENCY: '0' }), /between 1 and 50/);
});

t.test('HOTLINE_OUTBOX_RATE caps the mails taken per second (10 unless set); nonsense is refused by name', async (t) => {
  t.equal(loadConfig({}).outbox.ratePerSecond, 10);
  t.equal(loadConfig({ HOTLINE_OUTBOX_RATE: '200' }).outbox.ratePerSecond, 200);
  for (const bad of ['0', '-1', '1.5', 'fast', '10001']) {
    t.throws(() => loadConfig({ HOTLINE_OUTBOX_RATE: bad }), new RegExp(`^HOTLINE_OUTBOX_RATE must be .* not "${bad}"$`), `"${bad}" is refused`);
  }
});

t.test('the SMTP password never reaches the log', async (t) => {
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
  const config = loadConfig({ HOTLINE_SMTP_HOST: 'smtp.example.gov.cn', HOTLINE_SMTP_USER: 'hotline', HOTLINE_SMTP_PASSWORD: 'pa55-w0rd' });
  logger.info({ config }, 'config');
  logger.info({ mail: config.mail }, 'mail');
  logger.info(config.mail, 'mail settings');
  logger.info({ smtp: config.mail.smtp }, 'smtp');
  logger.info({ password: 'pa55-w0rd' }, 'careless');
  t.equal(lines.length, 5);
  t.notMatch(lines.join(''), 'pa55-w0rd');
  t.match(lines.join(''), 'smtp.example.gov.cn', 'the rest of the settings are logged');
});
