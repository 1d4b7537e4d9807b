import type { Db } from '../../db/connection.js';
import { insertReturningId } from '../../db/prepared.js';
import { events } from '../../db/schema.js';
import type { Principal } from '../auth/keys.js';

export interface NewEvent {
  caseId: number;
  at: Date;
  actor: Principal | null;
  action: string;
  fromState: string | null;
  toState: string | null;
  payload?: Record<string, unknown>;
}

/** Appends to a case's audit trail; the only write the events table accepts. */
export function appendEvent(db: Db, e: NewEvent): void {
  insertReturningId(db, events, 'events', {
    caseId: e.caseId,
    at: e.at,
    actorKeyId: e.actor?.keyId ?? null,
    actorRole: e.actor?.role ?? 'system',
    action: e.action,
    fromState: e.fromState,
    toState: e.toState,
    payload: e.payload ?? {},
  });
}
