import { createHmac } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { channelFeeds } from '../../../db/schema.js';
import type { Services } from '../../services.js';
import { feedAfter, latestEventId } from './feed.js';
import { IntervalPass } from '../../notify/interval-pass.js';

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
 * keeps it and retries from the same event after a backoff. Nothing is skipped and nothing
 * overtakes: delivery is at least once, in order. A platform recognises what it already took by each
 * delivery's eventId (a batch sent again may carry more events, so its `X-Hotline-Delivery` id, the
 * channel and event range, can differ). A new channel starts at the newest event: its platform is
 * told what happens from then on.
 */
export class ChannelFeedWorker {
  private readonly batchSize: number;
  private readonly backoffBaseMs: number;
  private readonly backoffCapMs: number;
  private readonly timeoutMs: number;
  private readonly claimMs: number;
  private stopped = false;
  private readonly interval = new IntervalPass(async () => {
    const report = await this.drainOnce();
    if (report.delivered + report.failed > 0) this.options.logger?.info({ channelFeed: report }, 'channel feed pass');
  }, (error) => this.options.logger?.error({ err: error }, 'channel feed pass failed'));

  constructor(private readonly services: Services, private readonly options: ChannelFeedOptions) {
    this.batchSize = options.batchSize ?? 50;
    this.backoffBaseMs = options.backoffBaseMs ?? 30_000;
    this.backoffCapMs = options.backoffCapMs ?? 3600_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.claimMs = options.claimMs ?? 120_000;
  }

  /**
   * One pass: each due channel's feed, batch after batch, until it is caught up, a delivery fails, or
   * another process holds it. A channel whose pass fails (its database writes) does not stop the next.
   */
  async drainOnce(now: Date = this.services.clock()): Promise<FeedReport> {
    const report: FeedReport = { delivered: 0, failed: 0 };
    for (const [channel, url] of this.options.urls) {
      try {
        await this.drainChannel(channel, url, now, report);
      } catch (error) {
        this.options.logger?.error({ err: error, channel }, 'channel feed pass failed');
      }
    }
    return report;
  }

  private async drainChannel(channel: string, url: string, now: Date, report: FeedReport): Promise<void> {
    while (!this.stopped) {
      const claim = await this.claim(channel, this.current(now));
      if (claim === null) return;
      const { deliveries, through } = feedAfter(this.services, channel, claim.cursor, this.batchSize);
      if (deliveries.length === 0) {
        await this.advance(channel, claim, through, false);
        return;
      }
      const body = JSON.stringify({ channel, deliveries });
      const error = await this.post(url, channel, body, `${channel}-${deliveries[0]!.eventId}-${deliveries.at(-1)!.eventId}`);
      if (error) {
        report.failed += 1;
        await this.retryLater(channel, claim, error);
        return;
      }
      report.delivered += deliveries.length;
      // Another process took the feed over (this one's claim ran out): it resends from the cursor it read; this one stops.
      if (!(await this.advance(channel, claim, through, true))) return;
    }
  }

  start(intervalMs: number): void {
    if (this.options.urls.size === 0) return;
    this.stopped = false;
    this.interval.start(intervalMs);
  }

  /** Takes no further batch and waits up to graceMs for the one in flight; a batch cut off is sent again. */
  async stop(graceMs = 3000): Promise<void> {
    this.stopped = true;
    await this.interval.stop(graceMs);
  }

  backoffMs(attempts: number): number {
    return Math.min(this.backoffBaseMs * 2 ** attempts, this.backoffCapMs);
  }

  /** The later of the pass's time and the clock: a claim runs from when it is taken, not from the start of a long pass. */
  private current(now: Date): Date {
    const clock = this.services.clock();
    return clock > now ? clock : now;
  }

  /**
   * The channel's cursor and the claim on it, if its delivery is due and no other process holds it:
   * the claim moves the next attempt past the delivery's time, and every later write of this
   * delivery is made only while the row still carries that claim.
   */
  private claim(channel: string, at: Date): Promise<{ cursor: number; until: Date } | null> {
    const { db } = this.services;
    const until = new Date(at.getTime() + this.claimMs);
    return this.services.writes.run(() => {
      const row = db.select().from(channelFeeds).where(eq(channelFeeds.channel, channel)).get();
      if (!row) {
        const cursor = latestEventId(db);
        db.insert(channelFeeds).values({ channel, lastEventId: cursor, nextAttemptAt: until }).run();
        return { cursor, until };
      }
      if (row.nextAttemptAt > at) return null;
      db.update(channelFeeds).set({ nextAttemptAt: until }).where(eq(channelFeeds.channel, channel)).run();
      return { cursor: row.lastEventId, until };
    });
  }

  /** Moves the cursor, if this delivery still holds the claim; false when it does not (nothing written). */
  private advance(channel: string, claim: { until: Date }, through: number, delivered: boolean): Promise<boolean> {
    const { db } = this.services;
    return this.services.writes.run(() => db.update(channelFeeds).set({
      lastEventId: through, attempts: 0, lastError: null, nextAttemptAt: this.services.clock(), ...(delivered ? { deliveredAt: this.services.clock() } : {}),
    }).where(and(eq(channelFeeds.channel, channel), eq(channelFeeds.nextAttemptAt, claim.until))).run().changes === 1);
  }

  private retryLater(channel: string, claim: { until: Date }, error: string): Promise<void> {
    const { db } = this.services;
    return this.services.writes.run(() => {
      const row = db.select({ attempts: channelFeeds.attempts }).from(channelFeeds)
        .where(and(eq(channelFeeds.channel, channel), eq(channelFeeds.nextAttemptAt, claim.until))).get();
      if (!row) return;
      db.update(channelFeeds).set({ attempts: row.attempts + 1, lastError: error, nextAttemptAt: new Date(this.services.clock().getTime() + this.backoffMs(row.attempts)) })
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
      if ((error as Error).name === 'TimeoutError') return `no answer in ${this.timeoutMs} ms`;
      // fetch says only "fetch failed"; the cause says why (ECONNREFUSED, a redirect, which is not followed).
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return `${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
    }
  }
}
