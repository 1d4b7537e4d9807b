import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { events } from '../../db/schema.js';
import { formatLocal } from '../calendar/local-time.js';

export type EventRow = typeof events.$inferSelect;

/** A case's audit trail in the order it was written, optionally only what came after an event. */
export function listEvents(db: Db, caseId: number, afterId = 0): EventRow[] {
  return db.select().from(events).where(and(eq(events.caseId, caseId), gt(events.id, afterId))).orderBy(asc(events.id)).all();
}

export function lastEventId(db: Db, caseId: number): number {
  return db.select({ id: events.id }).from(events).where(eq(events.caseId, caseId)).orderBy(desc(events.id)).limit(1).get()?.id ?? 0;
}

/** The latest event of an action for each of the cases, e.g. why each returned case came back. */
export function latestEventsOf(db: Db, caseIds: number[], action: string): Map<number, EventRow> {
  return new Map([...eventsOfAction(db, caseIds, action)].map(([caseId, list]) => [caseId, list.at(-1)!]));
}

/** Every event of one action for each case, oldest first. */
export function eventsOfAction(db: Db, caseIds: number[], action: string): Map<number, EventRow[]> {
  const byCase = new Map<number, EventRow[]>();
  if (caseIds.length === 0) return byCase;
  for (const row of db.select().from(events).where(and(inArray(events.caseId, caseIds), eq(events.action, action))).orderBy(asc(events.id)).all()) {
    const list = byCase.get(row.caseId);
    if (list) list.push(row);
    else byCase.set(row.caseId, [row]);
  }
  return byCase;
}

export function eventView(e: EventRow) {
  return {
    id: String(e.id),
    at: formatLocal(e.at),
    actor: { keyId: e.actorKeyId, role: e.actorRole },
    action: e.action,
    fromState: e.fromState,
    toState: e.toState,
    payload: e.payload,
  };
}
