import { and, asc, desc, eq, gt, gte, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { outbox } from '../../db/schema.js';

export type OutboxRow = typeof outbox.$inferSelect;
export type OutboxState = OutboxRow['state'];

export interface DueMail {
  id: number;
  nextAttemptAt: Date;
}

/**
 * Pending mail of one priority (outbox.priority) whose time has come, oldest due first (then by id);
 * with `after`, only the rows past it in that order, so that a caller reads the due set page by page.
 */
export function dueMail(db: Db, now: Date, limit: number, priority: number, after?: DueMail): DueMail[] {
  // The plain lower bound lets SQLite seek in outbox_state_priority_next instead of walking the due range from its start.
  const past = after
    ? and(gte(outbox.nextAttemptAt, after.nextAttemptAt),
      or(gt(outbox.nextAttemptAt, after.nextAttemptAt), and(eq(outbox.nextAttemptAt, after.nextAttemptAt), gt(outbox.id, after.id))))
    : undefined;
  return db.select({ id: outbox.id, nextAttemptAt: outbox.nextAttemptAt }).from(outbox)
    .where(and(eq(outbox.state, 'pending'), eq(outbox.priority, priority), eq(outbox.channel, 'mail'), lte(outbox.nextAttemptAt, now), past))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id)).limit(limit).all();
}

/**
 * Takes a due row for one sending attempt, in one conditional UPDATE: it pushes nextAttemptAt to
 * `until` and counts the attempt. Only one caller's UPDATE matches (SQLite serialises writers), so
 * whoever gets the row back is the only one to send it until `until`. undefined: not due any more.
 */
export function claimRow(db: Db, id: number, now: Date, until: Date): OutboxRow | undefined {
  return db.update(outbox).set({ nextAttemptAt: until, attempts: sql`${outbox.attempts} + 1` })
    .where(and(eq(outbox.id, id), eq(outbox.state, 'pending'), lte(outbox.nextAttemptAt, now)))
    .returning().get();
}

export function markSent(db: Db, id: number, at: Date): void {
  db.update(outbox).set({ state: 'sent', sentAt: at }).where(and(eq(outbox.id, id), eq(outbox.state, 'pending'))).run();
}

export function markRetry(db: Db, id: number, error: string, nextAttemptAt: Date): void {
  db.update(outbox).set({ lastError: error, nextAttemptAt }).where(and(eq(outbox.id, id), eq(outbox.state, 'pending'))).run();
}

/** nextAttemptAt of a failed row is when it gave up: no attempt follows until an admin retries it. */
export function markFailed(db: Db, id: number, error: string, at: Date): void {
  db.update(outbox).set({ state: 'failed', lastError: error, nextAttemptAt: at }).where(and(eq(outbox.id, id), eq(outbox.state, 'pending'))).run();
}

/** Newest first. */
export function listOutbox(db: Db, filter: { state?: OutboxState | undefined; limit: number }): OutboxRow[] {
  return db.select().from(outbox)
    .where(filter.state ? eq(outbox.state, filter.state) : undefined)
    .orderBy(desc(outbox.id)).limit(filter.limit).all();
}

export type RetryOutcome = { ok: true; row: OutboxRow } | { ok: false; reason: 'not-found' | 'not-failed'; row?: OutboxRow };

/** A failed row back to pending, due now, with its attempts reset; lastError stays as the row's history. */
export function retryFailed(db: Db, id: number, now: Date): RetryOutcome {
  const row = db.update(outbox).set({ state: 'pending', attempts: 0, nextAttemptAt: now })
    .where(and(eq(outbox.id, id), eq(outbox.state, 'failed'))).returning().get();
  if (row) return { ok: true, row };
  const existing = db.select().from(outbox).where(eq(outbox.id, id)).get();
  return existing ? { ok: false, reason: 'not-failed', row: existing } : { ok: false, reason: 'not-found' };
}
