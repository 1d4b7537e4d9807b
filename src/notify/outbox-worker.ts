import type { Logger } from 'pino';
import { findCase } from '../cases/repository.js';
import type { Services } from '../services.js';
import type { Mailer } from './mailer.js';
import { dueMailFeed } from './due-mail-feed.js';
import { Pacer } from './pacer.js';
import { claimRow, markFailed, markRetry, markSent, type OutboxRow } from './outbox-store.js';
import { type MailPayload, renderMail } from './templates.js';
import { IntervalPass } from './interval-pass.js';

export interface OutboxWorkerOptions {
  mailer: Mailer;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Attempts before a row is marked failed (default 8). */
  maxAttempts?: number;
  /** Delay after the n-th failed attempt: base × 2^n, capped (defaults 30 s and 1 h). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** How long a claimed row stays out of other ticks' reach; far beyond the SMTP timeouts (mailer.ts). */
  claimMs?: number;
  /** Due rows read from the database at a time (default 20); a pass reads batch after batch while they come back full. */
  batchSize?: number;
  /**
   * Mails sent at the same time (default 4), so that a backlog does not wait on one SMTP round trip
   * after another. The SMTP mailer keeps as many connections open (config.ts sets both from one variable).
   */
  concurrency?: number;
  /**
   * At most this many mails taken per second (default: no limit). The service sets it
   * (HOTLINE_OUTBOX_RATE) so that a backlog drains beside intake instead of instead of it.
   */
  ratePerSecond?: number;
}

export interface DrainReport {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Sends the outbox's mail: rows a committed change wrote as 'pending', due at nextAttemptAt.
 *
 * Claiming. Each due row is claimed before it is sent by one conditional UPDATE
 * (`… SET next_attempt_at = now + claimMs, attempts = attempts + 1 WHERE id = ? AND state = 'pending'
 * AND next_attempt_at <= now`): only the caller whose UPDATE matched sends it, so two ticks (or two
 * processes on the same database file) never send the same row at the same time. After the send
 * the row becomes 'sent', or is rescheduled with exponential backoff, or after the last attempt
 * becomes 'failed' (an admin can put it back with POST /api/v1/admin/outbox/:id/retry). An SMTP 5xx
 * answer (recipient or message refused) fails the row at once: retrying cannot change the answer.
 *
 * A crash. If the process dies between the claim and the mark, the row is still 'pending' with its
 * claim in nextAttemptAt: it is sent again when the claim runs out (claimMs, 15 minutes by default).
 * When the server had already accepted the message, the recipient gets it twice: delivery is
 * exactly-once within a running process and at-least-once across a crash. The resend carries the
 * same Message-ID (and overwrites the same .eml file), so mail systems and readers can tell.
 *
 * Throughput. A pass goes through everything due when it starts, a batch after another, with
 * `concurrency` sends in flight. Claims and marks go through the service's group commit
 * (db/group-commit.ts): they share a transaction, and its fsync, with whatever else is written in the
 * same turn of the event loop, intakes included, instead of paying a commit each (two per mail).
 * Offices' work goes before notices to reporters, and work that comes due during a pass is sent in
 * it, ahead of the notices still waiting (due-mail-feed.ts); notices that come due wait for the next
 * pass, so a pass ends.
 * stop() ends passes under way after the sends in flight: the rows not yet taken stay as they were.
 */
export class OutboxWorker {
  private readonly mailer: Mailer;
  private readonly logger: Pick<Logger, 'info' | 'warn' | 'error'> | undefined;
  private readonly maxAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly backoffCapMs: number;
  private readonly claimMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly pacer: Pacer;
  /** Counts stop() calls: a pass that sees it change since it started takes no further row. */
  private stops = 0;
  private readonly interval = new IntervalPass(async () => {
    const report = await this.drainOnce();
    if (report.sent + report.retrying + report.failed > 0) this.logger?.info({ outbox: report }, 'outbox pass');
  }, (error) => this.logger?.error({ err: error }, 'outbox pass failed'));

  constructor(private readonly services: Services, options: OutboxWorkerOptions) {
    this.mailer = options.mailer;
    this.logger = options.logger;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoffBaseMs = options.backoffBaseMs ?? 30_000;
    this.backoffCapMs = options.backoffCapMs ?? 3600_000;
    this.claimMs = options.claimMs ?? 15 * 60_000;
    this.batchSize = options.batchSize ?? 20;
    this.concurrency = options.concurrency ?? 4;
    this.pacer = new Pacer(options.ratePerSecond ?? Infinity);
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, not ${this.batchSize}`);
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError(`concurrency must be a positive integer, not ${this.concurrency}`);
  }

  /**
   * One pass over the rows due at `now`, each sent at most once, `concurrency` at a time, until none
   * is left or stop() is called. Tests call it with a chosen time.
   */
  async drainOnce(now: Date = this.services.clock()): Promise<DrainReport> {
    const report: DrainReport = { sent: 0, retrying: 0, failed: 0 };
    const { db } = this.services;
    // Offices' work queued during the pass is looked for at the time it is now (never before `now`).
    const feed = dueMailFeed(db, now, this.batchSize, () => this.current(now));
    const stopsAtStart = this.stops;
    let broken = false;
    const lane = async () => {
      try {
        while (this.stops === stopsAtStart && !broken) {
          await this.pacer.slot();
          if (this.stops !== stopsAtStart || broken) return;
          const id = feed.next();
          if (id === undefined) return;
          // The claim runs from when the row is taken, not from the start of a pass that may have waited on slow servers.
          const until = new Date(this.current(now).getTime() + this.claimMs);
          const row = await this.services.writes.run(() => claimRow(db, id, this.current(now), until));
          if (!row) continue;
          report[await this.deliver(row, now)] += 1;
        }
      } catch (error) {
        // A database error: the other lanes finish their sends and take no more rows.
        broken = true;
        throw error;
      }
    };
    // allSettled, not all: the pass (and stop(), which waits for it) ends only when every send has been marked.
    const lanes = await Promise.allSettled(Array.from({ length: this.concurrency }, lane));
    const failure = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (failure) throw failure.reason;
    return report;
  }

  /** Drains on an interval until stop(); the timer does not keep the process alive. */
  start(intervalMs: number): void {
    this.interval.start(intervalMs);
  }

  /**
   * Stops the interval, tells passes under way (the interval's, and drainOnce calls) to take no
   * further row, and waits (up to graceMs) for the interval's pass to finish the sends in flight and
   * their marks. A row still being sent after that keeps its claim and is sent again after the claim
   * runs out. drainOnce can be called again afterwards.
   */
  async stop(graceMs = 5000): Promise<void> {
    this.stops += 1;
    await this.interval.stop(graceMs);
  }

  /** Delay before the next attempt, after `attempts` failed ones. */
  backoffMs(attempts: number): number {
    return Math.min(this.backoffBaseMs * 2 ** attempts, this.backoffCapMs);
  }

  private async deliver(row: OutboxRow, now: Date): Promise<keyof DrainReport> {
    const { db } = this.services;
    const log = { outboxId: row.id, caseId: row.caseId, template: row.template, attempt: row.attempts };
    try {
      const { subject, text } = renderMail(row.template, this.withCaseFacts(row));
      const delivery = await this.mailer.send({ id: `outbox-${row.id}-${row.createdAt.getTime()}`, to: row.recipient, subject, text });
      const sentAt = this.current(now);
      await this.services.writes.run(() => markSent(db, row.id, sentAt));
      this.logger?.info({ ...log, messageId: delivery.messageId }, 'mail sent');
      return 'sent';
    } catch (error) {
      const message = describe(error);
      const permanent = (error as { permanent?: unknown }).permanent === true;
      if (permanent || row.attempts >= this.maxAttempts) {
        const failedAt = this.current(now);
        await this.services.writes.run(() => markFailed(db, row.id, message, failedAt));
        this.logger?.error({ ...log, error: message, permanent }, 'mail failed; an admin can retry it');
        return 'failed';
      }
      const nextAttemptAt = new Date(this.current(now).getTime() + this.backoffMs(row.attempts));
      await this.services.writes.run(() => markRetry(db, row.id, message, nextAttemptAt));
      this.logger?.warn({ ...log, error: message, nextAttemptAt }, 'mail not sent; will retry');
      return 'retrying';
    }
  }

  /**
   * The payload, completed from the case for the fields a command did not write (intake writes the
   * office and role only): matter title, district name, sign and reply due times. Payload fields win.
   */
  private withCaseFacts(row: OutboxRow): MailPayload {
    const payload = row.payload ?? {};
    const found = row.caseId === null ? undefined : findCase(this.services.db, row.caseId);
    if (!found) return payload;
    const matter = found.matterCode ? this.services.catalogues.get(found.jurisdiction)?.catalogue.mattersByCode.get(found.matterCode)?.title : undefined;
    const facts: MailPayload = {
      trackingCode: found.trackingCode,
      matter: matter ?? null,
      district: found.districtName,
      signDueAt: found.signDueAt?.toISOString() ?? null,
      replyDueAt: found.replyDueAt?.toISOString() ?? null,
    };
    const present = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== null && v !== undefined));
    return { ...facts, ...present };
  }

  /** The later of the pass's time and the clock: a pass given a time ahead of the clock (tests) keeps to it. */
  private current(now: Date): Date {
    const clock = this.services.clock();
    return clock > now ? clock : now;
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}
