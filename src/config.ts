import { dirname, join, resolve } from 'node:path';
import { DEFAULT_CHECKPOINT_PAGES, type SynchronousLevel } from '../db/connection.js';
import { CHANNELS } from './catalogue/schema.js';

export interface Config {
  host: string;
  port: number;
  /** SQLite file; created and migrated at start. */
  databasePath: string;
  synchronous: SynchronousLevel;
  /** WAL pages after which a commit copies the log back into the database file (SQLite's wal_autocheckpoint). */
  checkpointPages: number;
  rulesDir: string;
  jurisdictions: string[];
  logLevel: string;
  /** Largest accepted request body in bytes; larger bodies get 413. */
  bodyLimit: number;
  /** Largest attachment (a scanned reply document, a photo) in bytes. */
  attachmentLimit: number;
  mail: MailConfig;
  outbox: OutboxConfig;
  escalation: EscalationConfig;
  channelFeeds: ChannelFeedConfig;
}

export interface ChannelFeedConfig {
  /** Channel → the address of its platform that is told what became of the channel's cases (工单回传). */
  urls: Map<string, string>;
  /** HMAC-SHA256 key of the X-Hotline-Signature header; never logged (`*.secret` is a redacted log path). */
  secret: string | null;
  intervalMs: number;
}

export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); false: plain, upgraded with STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  /** Never logged: `mail.smtp.password` is a redacted log path. */
  password: string | null;
  /** Connections kept open to the server: as many as the outbox worker sends at once (HOTLINE_OUTBOX_CONCURRENCY). */
  connections: number;
}

export interface MailConfig {
  /** null: no SMTP server configured, mail is written as .eml files into `dropDir`. */
  smtp: SmtpConfig | null;
  from: string;
  /** The data folder's mail/ (beside the database file). */
  dropDir: string;
}

export interface OutboxConfig {
  /** How often the worker looks for due messages. */
  intervalMs: number;
  /** Sending attempts before a message is marked failed. */
  maxAttempts: number;
  /** First retry delay; it doubles with each failed attempt, up to an hour. */
  backoffBaseMs: number;
  /** Mails sent at the same time; the SMTP mailer keeps as many connections. */
  concurrency: number;
  /** At most this many mails taken per second, so that a backlog does not crowd out intake. */
  ratePerSecond: number;
}

export interface EscalationConfig {
  /** How often the scheduler looks for late cases (催办, 督办, 通报). */
  intervalMs: number;
}

export const DEFAULT_ATTACHMENT_LIMIT = 10 * 1024 * 1024;

/** Every setting, its environment variable and its default; the README lists the same table. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const synchronous = (env.HOTLINE_DB_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (!['OFF', 'NORMAL', 'FULL', 'EXTRA'].includes(synchronous)) {
    throw new Error(`HOTLINE_DB_SYNCHRONOUS must be OFF, NORMAL, FULL or EXTRA, not "${env.HOTLINE_DB_SYNCHRONOUS}"`);
  }
  const databasePath = resolve(env.HOTLINE_DB ?? './data/hotline.db');
  const outboxConcurrency = between(env, 'HOTLINE_OUTBOX_CONCURRENCY', 4, 1, MAX_SMTP_CONNECTIONS);
  return {
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000),
    databasePath,
    synchronous: synchronous as SynchronousLevel,
    checkpointPages: atLeastOne(env, 'HOTLINE_DB_CHECKPOINT_PAGES', DEFAULT_CHECKPOINT_PAGES),
    rulesDir: resolve(env.HOTLINE_RULES ?? './rules'),
    jurisdictions: (env.HOTLINE_JURISDICTIONS ?? 'chongqing,shanghai').split(',').map((s) => s.trim()).filter(Boolean),
    logLevel: env.LOG_LEVEL ?? 'info',
    bodyLimit: integer(env, 'HOTLINE_BODY_LIMIT', 64 * 1024),
    attachmentLimit: atLeastOne(env, 'HOTLINE_ATTACHMENT_LIMIT', DEFAULT_ATTACHMENT_LIMIT),
    mail: loadMailConfig(env, databasePath, outboxConcurrency),
    outbox: {
      intervalMs: atLeastOne(env, 'HOTLINE_OUTBOX_INTERVAL_MS', 5000),
      maxAttempts: atLeastOne(env, 'HOTLINE_OUTBOX_MAX_ATTEMPTS', 8),
      backoffBaseMs: integer(env, 'HOTLINE_OUTBOX_BACKOFF_MS', 30_000),
      concurrency: outboxConcurrency,
      ratePerSecond: between(env, 'HOTLINE_OUTBOX_RATE', 10, 1, 10_000),
    },
    escalation: {
      intervalMs: atLeastOne(env, 'HOTLINE_ESCALATION_INTERVAL_MS', 60_000),
    },
    channelFeeds: {
      urls: channelFeedUrls(env.HOTLINE_CHANNEL_FEEDS),
      secret: env.HOTLINE_CHANNEL_FEED_SECRET || null,
      intervalMs: atLeastOne(env, 'HOTLINE_CHANNEL_FEED_INTERVAL_MS', 5000),
    },
  };
}

/** `12345=https://platform/feedback,12369=https://…`: one http(s) address per channel. */
function channelFeedUrls(raw: string | undefined): Map<string, string> {
  const urls = new Map<string, string>();
  for (const entry of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = entry.indexOf('=');
    const channel = entry.slice(0, at).trim();
    const url = entry.slice(at + 1).trim();
    if (at < 0 || !(CHANNELS as readonly string[]).includes(channel)) {
      throw new Error(`HOTLINE_CHANNEL_FEEDS: "${entry}" must be <channel>=<url>, the channel one of ${CHANNELS.join(', ')}`);
    }
    let parsed: URL;
    try { parsed = new URL(url); } catch { throw new Error(`HOTLINE_CHANNEL_FEEDS: "${url}" for channel ${channel} is not a URL`); }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`HOTLINE_CHANNEL_FEEDS: the address for channel ${channel} must be http or https`);
    // fetch refuses them, and they would reach the logs with every failure: sign with HOTLINE_CHANNEL_FEED_SECRET instead.
    if (parsed.username || parsed.password) throw new Error(`HOTLINE_CHANNEL_FEEDS: the address for channel ${channel} may not carry a user or password`);
    if (urls.has(channel)) throw new Error(`HOTLINE_CHANNEL_FEEDS: channel ${channel} is given twice`);
    urls.set(channel, parsed.href);
  }
  return urls;
}

/**
 * Each mail in flight holds one SMTP connection. Relays cap connections per client (Postfix's
 * smtpd_client_connection_count_limit is 50 by default) and answer more with 421, so more than
 * that only turns mail into retries.
 */
const MAX_SMTP_CONNECTIONS = 50;

function loadMailConfig(env: NodeJS.ProcessEnv, databasePath: string, connections: number): MailConfig {
  const host = env.HOTLINE_SMTP_HOST?.trim();
  return {
    smtp: host ? {
      host,
      port: integer(env, 'HOTLINE_SMTP_PORT', 25),
      secure: boolean(env, 'HOTLINE_SMTP_SECURE', false),
      user: env.HOTLINE_SMTP_USER || null,
      password: env.HOTLINE_SMTP_PASSWORD || null,
      connections,
    } : null,
    from: env.HOTLINE_MAIL_FROM || '12345-hotline@localhost',
    dropDir: join(dirname(databasePath), 'mail'),
  };
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new Error(`${name} must be true or false, not "${env[name]}"`);
}

function atLeastOne(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = integer(env, name, fallback);
  if (value < 1) throw new Error(`${name} must be at least 1, not "${env[name]}"`);
  return value;
}

function between(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = integer(env, name, fallback);
  if (value < min || value > max) throw new Error(`${name} must be between ${min} and ${max}, not "${env[name]}"`);
  return value;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not "${raw}"`);
  return value;
}
