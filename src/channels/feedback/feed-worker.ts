import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { channelFeeds } from '../../../db/schema.js';
import type { Services } from '../../services.js';
import { feedAfter, latestEventId } from './feed.js';

export interface ChannelFeedOptions {
  /** Channel → the platform's address that takes its cases' milestones (HOTLINE_CHANNEL_FEEDS). */
  urls: ReadonlyMap<string, string>;
  /** Key of the HMAC-SHA256 signature of each body (HOTLINE_CHANNEL_FEED_SECRET); null: unsigned. */
  secret: string | null;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Milestones per POST (default 50). */
  batchSize?: number;
  /** After the n-th failed delivery in a row: base × 2^n, capped (defaults 30 s and 1 h). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** A platform that has not answered by then is taken as down (default 10 s). */
  timeoutMs?: number;
  /** How long a claimed delivery stays out of other processes' reach (default 2 min, far beyond the timeout). */
  claimMs?: number;
}

export interface FeedReport { delivered: number; failed: number }

/**
 * 工单回传: tells each channel's platform (the 12345 system a work order came from, a 12369 desk)
 * what became of its cases — assigned, signed, extended, replied with the public reply, refused
 * with the reason, merged, closed — so it can update its own work order and call the reporter back.
 *
 * The feed is the events table, read after the channel's cursor (channel_feeds), in event order, a
 * batch per POST of JSON. A 2xx answer moves the cursor past the batch; anything else, or no answer,
 * keeps it and retries the same events after a backoff. Nothing is skipped and nothing overtakes:
 * delivery is at least once, in order, and a batch's `X-Hotline-Delivery` id (channel and event
 * range) lets a platform recognise one it has already taken. A new channel starts at the newest
 * event: its platform is told what happens from then on.
 */
export class ChannelFeedWorker {
  private readonly batchSize: number;
  private readonly backoffBaseMs: number;
  private readonly backoffCapMs: number;
  private readonly timeoutMs: number;
  private readonly claimMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(private readonly services: Services, private readonly options: ChannelFeedOptions) {
    this.batchSize = options.batchSize ?? 50;
    this.backoffBaseMs = options.backoffBaseMs ?? 30_000;
    this.backoffCapMs = options.backoffCapMs ?? 3600_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.claimMs = options.claimMs ?? 120_000;
  }

  /** One pass: each due channel's feed, batch after batch, until it is caught up or a delivery fails. */
  async drainOnce(now: Date = this.services.clock()): Promise<FeedReport> {
    const report: FeedReport = { delivered: 0, failed: 0 };
    for (const [channel, url] of this.options.urls) {
      while (!this.stopped) {
        const claimed = await this.claim(channel, now);
        if (claimed === null) break;
        const { deliveries, through } = feedAfter(this.services, channel, claimed, this.batchSize);
        if (deliveries.length === 0) {
          await this.advance(channel, through, now, false);
          break;
        }
        const body = JSON.stringify({ channel, deliveries });
        const error = await this.post(url, channel, body, `${channel}-${deliveries[0]!.eventId}-${deliveries.at(-1)!.eventId}`);
        if (error) {
          report.failed += 1;
          await this.retryLater(channel, error, now);
          break;
        }
        report.delivered += deliveries.length;
        await this.advance(channel, through, now, true);
        if (through === claimed) break;
      }
    }
    return report;
  }

  start(intervalMs: number): void {
    if (this.timer || this.options.urls.size === 0) return;
    this.stopped = false;
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  backoffMs(attempts: number): number {
    return Math.min(this.backoffBaseMs * 2 ** attempts, this.backoffCapMs);
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.drainOnce()
      .then((report) => { if (report.delivered + report.failed > 0) this.options.logger?.info({ channelFeed: report }, 'channel feed pass'); })
      .catch((error: unknown) => this.options.logger?.error({ err: error }, 'channel feed pass failed'))
      .finally(() => { this.running = null; });
  }

  /**
   * The channel's cursor, if its delivery is due and no other process holds it; the claim moves its
   * next attempt past the delivery's time, as the outbox's claim does.
   */
  private claim(channel: string, now: Date): Promise<number | null> {
    const { db } = this.services;
    return this.services.writes.run(() => {
      const row = db.select().from(channelFeeds).where(eq(channelFeeds.channel, channel)).get();
      if (!row) {
        db.insert(channelFeeds).values({ channel, lastEventId: latestEventId(db), nextAttemptAt: new Date(now.getTime() + this.claimMs) }).run();
        return latestEventId(db);
      }
      if (row.nextAttemptAt > now) return null;
      db.update(channelFeeds).set({ nextAttemptAt: new Date(now.getTime() + this.claimMs) }).where(eq(channelFeeds.channel, channel)).run();
      return row.lastEventId;
    });
  }

  private advance(channel: string, through: number, now: Date, delivered: boolean): Promise<void> {
    const { db } = this.services;
    return this.services.writes.run(() => {
      db.update(channelFeeds).set({
        lastEventId: through, attempts: 0, lastError: null, nextAttemptAt: now, ...(delivered ? { deliveredAt: this.services.clock() } : {}),
      }).where(eq(channelFeeds.channel, channel)).run();
    });
  }

  private retryLater(channel: string, error: string, now: Date): Promise<void> {
    const { db } = this.services;
    return this.services.writes.run(() => {
      const row = db.select({ attempts: channelFeeds.attempts }).from(channelFeeds).where(eq(channelFeeds.channel, channel)).get()!;
      db.update(channelFeeds).set({ attempts: row.attempts + 1, lastError: error, nextAttemptAt: new Date(now.getTime() + this.backoffMs(row.attempts)) })
        .where(eq(channelFeeds.channel, channel)).run();
      this.options.logger?.warn({ channel, error, attempts: row.attempts + 1 }, 'channel feed not delivered; will retry');
    });
  }

  /** null when the platform took it (2xx); otherwise what went wrong, for the log and the admin list. */
  private async post(url: string, channel: string, body: string, deliveryId: string): Promise<string | null> {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'x-hotline-delivery': deliveryId, 'x-hotline-channel': channel };
    if (this.options.secret) headers['x-hotline-signature'] = `sha256=${createHmac('sha256', this.options.secret).update(body).digest('hex')}`;
    try {
      const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.timeoutMs), redirect: 'error' });
      await response.body?.cancel();
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return (error as Error).name === 'TimeoutError' ? `no answer in ${this.timeoutMs} ms` : `${(error as Error).message}${cause ? ` (${cause})` : ''}`;
    }
  }
}
