import type { Db } from '../../../db/connection.js';
import { cached } from '../../../db/prepared.js';
import { formatLocal } from '../../calendar/local-time.js';
import { citizenViewOf, milestoneLabel, PUBLIC_MILESTONES } from '../../cases/citizen-view.js';
import { type CaseRow, findCase } from '../../cases/repository.js';
import type { Services } from '../../services.js';

/** One thing that became of a case, as its channel's platform is told it. */
export interface FeedDelivery {
  eventId: number;
  at: string;
  action: string;
  /** The milestone in the reporter's words (已交办承办单位, 承办单位已答复, 不予受理, …). */
  label: string;
  case: {
    jurisdiction: string;
    externalId: string | null;
    trackingCode: string;
    /** The case as it is when sent: a batch tells what happened in order, and where the case stands now. */
    status: string;
    statusLabel: string;
    office: string | null;
    replyDueAt: string | null;
    publicReply: string | null;
    rejection: { reason: string; guidance: string } | null;
    extension: { reason: string; replyDueAt: string } | null;
    mergedInto: string | null;
  };
}

interface EventRow { id: number; caseId: number; at: number; action: string; payload: string }

/**
 * The public milestones of a channel's cases after an event id: the one shape of the feed's reads.
 * CROSS JOIN keeps events the outer loop: SQLite would otherwise walk every case of the channel (by
 * its channel index) and look for new events of each.
 */
const CHANNEL_MILESTONES = `FROM events e CROSS JOIN cases c ON c.id = e.case_id
  WHERE e.id > ? AND c.channel = ? AND e.action IN (${Object.keys(PUBLIC_MILESTONES).map((a) => `'${a}'`).join(', ')})`;

/** The id the feed of a new channel starts after: its platform is told what happens from now on, not the past. */
export function latestEventId(db: Db): number {
  return (db.$client.prepare('SELECT coalesce(max(id), 0) AS id FROM events').get() as { id: number }).id;
}

/**
 * The public milestones of the channel's cases after an event id, oldest first: the events the
 * reporter's lookup shows (never notes, internal steps or extensions refused), at most `limit`.
 * `through` is where the next batch starts: the last event sent, or, when fewer than `limit` were
 * found, the newest event there was before the batch was read, so that other channels' events and
 * internal steps are not read again. That newest id is read first: an event another process commits
 * in between has a higher id, and is read next time.
 */
export function feedAfter(services: Services, channel: string, afterId: number, limit: number): { deliveries: FeedDelivery[]; through: number } {
  const { db } = services;
  const newest = latestEventId(db);
  const rows = cached(db, 'channel-feed', () => db.$client.prepare(`SELECT e.id, e.case_id AS caseId, e.at, e.action, e.payload
    ${CHANNEL_MILESTONES} ORDER BY e.id LIMIT ?`)).all(afterId, channel, limit) as EventRow[];
  const through = rows.length < limit ? Math.max(afterId, newest, rows.at(-1)?.id ?? 0) : rows.at(-1)!.id;
  // A batch often holds several milestones of one case (受理 and 交办 come together): its state is read once.
  const stateOf = new Map<number, { found: CaseRow; view: ReturnType<typeof citizenViewOf> } | null>();
  const caseState = (id: number) => {
    if (!stateOf.has(id)) {
      const found = findCase(db, id);
      stateOf.set(id, found ? { found, view: citizenViewOf(services, found) } : null);
    }
    return stateOf.get(id)!;
  };
  const deliveries: FeedDelivery[] = [];
  for (const row of rows) {
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    if (row.action === 'decide-extension' && payload.approved !== true) continue;
    const state = caseState(row.caseId);
    if (!state) continue;
    const { found, view } = state;
    deliveries.push({
      eventId: row.id,
      at: formatLocal(new Date(row.at)),
      action: row.action,
      label: milestoneLabel({ action: row.action, payload }),
      case: {
        jurisdiction: found.jurisdiction,
        externalId: found.externalId,
        trackingCode: found.trackingCode,
        status: view.status,
        statusLabel: view.statusLabel,
        office: view.office,
        replyDueAt: view.replyDueAt,
        publicReply: view.reply?.publicReply ?? null,
        rejection: view.rejection,
        extension: view.extension,
        mergedInto: view.mergedInto?.trackingCode ?? null,
      },
    });
  }
  return { deliveries, through };
}

/** Beyond this many undelivered milestones a channel's backlog is told as "at least". */
const BACKLOG_COUNT_LIMIT = 10_000;

/** Each channel's feed for the admin: where its cursor is, how many public milestones wait, why the last delivery failed. */
export function channelFeedStates(services: Services) {
  const { db } = services;
  const rows = db.$client.prepare('SELECT channel, last_event_id AS lastEventId, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError, delivered_at AS deliveredAt FROM channel_feeds ORDER BY channel')
    .all() as Array<{ channel: string; lastEventId: number; attempts: number; nextAttemptAt: number; lastError: string | null; deliveredAt: number | null }>;
  const waiting = db.$client.prepare(`SELECT count(*) AS n FROM (SELECT 1 ${CHANNEL_MILESTONES} LIMIT ${BACKLOG_COUNT_LIMIT})`);
  return rows.map((row) => {
    const backlog = (waiting.get(row.lastEventId, row.channel) as { n: number }).n;
    return {
      channel: row.channel,
      lastEventId: row.lastEventId,
      backlog,
      backlogAtLeast: backlog >= BACKLOG_COUNT_LIMIT,
      attempts: row.attempts,
      nextAttemptAt: formatLocal(new Date(row.nextAttemptAt)),
      lastError: row.lastError,
      deliveredAt: row.deliveredAt === null ? null : formatLocal(new Date(row.deliveredAt)),
    };
  });
}

/** Due now, its failures forgotten: after the platform is mended, instead of waiting out the backoff. */
export function retryChannelFeedNow(services: Services, channel: string): boolean {
  return services.db.$client.prepare('UPDATE channel_feeds SET next_attempt_at = ?, attempts = 0 WHERE channel = ?').run(services.clock().getTime(), channel).changes === 1;
}
