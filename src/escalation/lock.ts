import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { schedulerLocks } from '../../db/schema.js';

/**
 * A lease on a row of scheduler_locks: work that one process at a time should do (the escalation
 * scheduler) is done only by the lease's holder. The holder renews it on every tick; a holder that
 * died loses it when it expires, and the next process to ask takes it over.
 *
 * Taking or renewing is one statement, so two processes asking at once cannot both get it: the
 * upsert writes the row only when it is new, ours already, or expired, and RETURNING gives a row
 * only when it wrote.
 */
export function acquireLease(db: Db, name: string, holder: string, now: Date, ttlMs: number): boolean {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const taken = db.insert(schedulerLocks).values({ name, holder, expiresAt })
    .onConflictDoUpdate({
      target: schedulerLocks.name,
      set: { holder: sql`excluded.holder`, expiresAt: sql`excluded.expires_at` },
      setWhere: or(eq(schedulerLocks.holder, sql`excluded.holder`), lt(schedulerLocks.expiresAt, now)),
    })
    .returning({ holder: schedulerLocks.holder }).get();
  return taken?.holder === holder;
}

/** Gives the lease up (on shutdown), so another process need not wait for it to expire. Only the holder can. */
export function releaseLease(db: Db, name: string, holder: string): void {
  db.delete(schedulerLocks).where(and(eq(schedulerLocks.name, name), eq(schedulerLocks.holder, holder))).run();
}

/** Who holds a lease now, if anyone (for logs and tests). */
export function leaseHolder(db: Db, name: string, now: Date): string | null {
  const row = db.select().from(schedulerLocks).where(eq(schedulerLocks.name, name)).get();
  return row && row.expiresAt >= now ? row.holder : null;
}
