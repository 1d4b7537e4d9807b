import { buildApp } from './app.js';
import { openServices } from './bootstrap.js';
import { CatalogueError } from './catalogue/load.js';
import { loadConfig } from './config.js';
import { EscalationScheduler } from './escalation/scheduler.js';
import { createLogger } from './http/logger.js';
import { createMailer } from './notify/mailer.js';
import { OutboxWorker } from './notify/outbox-worker.js';
import { ChannelFeedWorker } from './channels/feedback/feed-worker.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);

let services;
try {
  services = openServices(config);
} catch (error) {
  // An invalid catalogue must stop the service: routing by a broken rule set is worse than not routing.
  logger.fatal(error instanceof CatalogueError ? error.message : error, 'cannot start');
  process.exit(1);
}

const app = await buildApp({ services, bodyLimit: config.bodyLimit, attachmentLimit: config.attachmentLimit, logger });
const mailer = createMailer(config.mail);
const outboxWorker = new OutboxWorker(services, {
  mailer, logger: logger.child({ component: 'outbox' }),
  maxAttempts: config.outbox.maxAttempts, backoffBaseMs: config.outbox.backoffBaseMs,
  concurrency: config.outbox.concurrency, ratePerSecond: config.outbox.ratePerSecond,
});
const channelFeedWorker = new ChannelFeedWorker(services, {
  urls: config.channelFeeds.urls, secret: config.channelFeeds.secret, logger: logger.child({ component: 'channel-feed' }),
});
const escalationScheduler = new EscalationScheduler(services, { logger: logger.child({ component: 'escalation' }) });
const shutdown = async (signal: string) => {
  logger.info({ signal }, 'shutting down');
  await app.close();
  // Gives the lock up, so another process's scheduler takes over without waiting for the lease to expire.
  escalationScheduler.stop();
  // A pass under way gets a few seconds to finish its marks before the database closes.
  await outboxWorker.stop();
  await channelFeedWorker.stop();
  mailer.close();
  services.db.$client.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

try {
  await app.listen({ host: config.host, port: config.port });
} catch (error) {
  // Most often a second `npm start` on the same port: say what to change instead of a stack trace.
  const code = (error as { code?: string }).code;
  const reason = code === 'EADDRINUSE' ? `${config.host}:${config.port} is already in use; stop the other process or set PORT`
    : code === 'EACCES' ? `no permission to listen on ${config.host}:${config.port}; set PORT above 1023`
    : code === 'EADDRNOTAVAIL' ? `${config.host} is not an address of this machine; set HOST` : String(error);
  logger.fatal({ code }, `cannot start: ${reason}`);
  services.db.$client.close();
  process.exit(1);
}
outboxWorker.start(config.outbox.intervalMs);
escalationScheduler.start(config.escalation.intervalMs);
channelFeedWorker.start(config.channelFeeds.intervalMs);
logger.info({ database: config.databasePath, jurisdictions: config.jurisdictions, mail: mailer.description, channelFeeds: [...config.channelFeeds.urls.keys()] }, 'hotline service ready');
