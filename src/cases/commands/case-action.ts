import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/connection.js';
import { immediately } from '../../../db/prepared.js';
import { assignments, cases, extensions } from '../../../db/schema.js';
import type { Principal } from '../../auth/keys.js';
import type { Limits, TimeLimit } from '../../catalogue/schema.js';
import { ApiError, conflict, notFound } from '../../errors.js';
import type { Services } from '../../services.js';
import { type CaseDeadlines, caseDeadlines, type DeadlineFacts } from '../deadlines.js';
import { versionOfEntityTag } from '../entity-tag.js';
import { type EventRow, lastEventId, listEvents } from '../event-log.js';
import { refreshCaseStats } from '../../stats/projection.js';
import { appendEvent } from '../events.js';
import { mayAct } from '../policies.js';
import { activeAssignments, type AssignmentRow, type CaseRow, findCase } from '../repository.js';
import { type Action, nextState, type State, statesAllowing, STATE_LABELS } from '../transitions.js';
import type { StoredDecision } from '../view.js';

/** Which case, and the version the caller last saw (the If-Match header), if it sent one. */
export interface ActionRequest {
  caseId: number;
  ifMatch?: string | undefined;
}

type CaseChanges = Partial<Omit<typeof cases.$inferInsert, 'id' | 'status' | 'version' | 'updatedAt'>>;

export interface ActionContext {
  tx: Db;
  services: Services;
  actor: Principal;
  now: Date;
  /** The case as read inside the transaction, before this action. */
  row: CaseRow;
  holders: AssignmentRow[];
  limits: Limits;
  /** Moves the case along the transitions table and appends the event; refuses a move the table lacks. */
  transition(action: Action, payload?: Record<string, unknown>): State;
  /** Columns to write with the new state and version. */
  set(changes: CaseChanges): void;
  /** Recomputes the due times from the facts as they stand in the transaction (assignment, reopen, extensions). */
  refreshDeadlines(reopenedAt?: Date | null): CaseDeadlines;
}

export interface ActionOutcome<T> {
  row: CaseRow;
  holders: AssignmentRow[];
  /** The events this action appended, in order. */
  events: EventRow[];
  result: T;
}

export const invalidTransition = (state: string, action: Action) => conflict('INVALID_TRANSITION',
  `a case that is ${state} (${STATE_LABELS[state as State] ?? state}) cannot take "${action}"; it is allowed when the case is ${statesAllowing(action).join(', ')}`);

/**
 * The shared frame of every lifecycle command, in one immediate transaction (the write lock is
 * taken first, so the re-read below is the truth until commit): read the case, check the policy,
 * the If-Match version and the transitions table, run the command, then write the new state with
 * version + 1. Whatever throws rolls everything back, so a refused action changes nothing.
 */
export function runCaseAction<T>(services: Services, actor: Principal, action: Action, request: ActionRequest, body: (c: ActionContext) => T): ActionOutcome<T> {
  // On the connection itself, not a drizzle transaction object: the prepared-statement cache is per connection.
  return immediately(services.db, () => {
    const t = services.db;
    const row = findCase(t, request.caseId);
    if (!row) throw notFound('CASE_NOT_FOUND', `no case ${request.caseId}`);
    const holders = activeAssignments(t, row.id);
    const refusal = mayAct(actor, action, { jurisdiction: row.jurisdiction, channel: row.channel, holders, district: row.districtCode, status: row.status });
    if (refusal) throw new ApiError(403, refusal.code, refusal.message);
    checkIfMatch(row.version, request.ifMatch);
    if (!nextState(row.status, action)) throw invalidTransition(row.status, action);

    const before = lastEventId(t, row.id);
    const now = services.clock();
    let state = row.status as State;
    let changes: CaseChanges = {};
    const limits = (row.decision as StoredDecision).routing.limits;
    const context: ActionContext = {
      tx: t, services, actor, now, row, holders, limits,
      transition(next, payload = {}) {
        const to = nextState(state, next);
        if (!to) throw invalidTransition(state, next);
        appendEvent(t, { caseId: row.id, at: now, actor, action: next, fromState: state, toState: to, payload });
        state = to;
        return to;
      },
      set(more) { changes = { ...changes, ...more }; },
      refreshDeadlines(reopenedAt = 'reopenedAt' in changes ? changes.reopenedAt ?? null : row.reopenedAt) {
        const due = caseDeadlines(services.calendar, loadDeadlineFacts(t, row, reopenedAt));
        changes = { ...changes, acceptDueAt: due.acceptDueAt, signDueAt: due.signDueAt, replyDueAt: due.replyDueAt, deadlinesProvisional: due.provisional };
        return due;
      },
    };
    const result = body(context);
    const written = t.update(cases).set({ ...changes, status: state, version: row.version + 1, updatedAt: now })
      .where(and(eq(cases.id, row.id), eq(cases.version, row.version))).run();
    // Cannot happen under the write lock; kept so a future change of isolation fails loudly, not silently.
    if (written.changes !== 1) throw conflict('VERSION_CONFLICT', `case ${row.id} changed while this action ran; read it again and retry`);
    refreshCaseStats(t, services.calendar, row.id);
    return { row: findCase(t, row.id)!, holders: activeAssignments(t, row.id), events: listEvents(t, row.id, before), result };
  });
}

/**
 * If-Match carries the ETag the caller saw: "3" from an action, "3-<digest>" from a GET, W/ or *;
 * absent, the action proceeds on the current version. Only the version is compared: the digest
 * differs by who read the case and by the hour (overdue), neither of which is a change to act on.
 */
function checkIfMatch(version: number, header: string | undefined): void {
  if (header === undefined) return;
  const tags = header.split(',').map((tag) => versionOfEntityTag(tag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1')));
  if (tags.includes('*') || tags.includes(String(version))) return;
  throw new ApiError(412, 'VERSION_MISMATCH', `the case is now at version ${version} (ETag "${version}"), not ${header}; read it again and decide on its current state`);
}

/** The facts the due times follow from, read from the case, its lead assignment and its approved extensions. */
export function loadDeadlineFacts(db: Db, row: CaseRow, reopenedAt: Date | null): DeadlineFacts {
  const lead = db.select().from(assignments)
    .where(and(eq(assignments.caseId, row.id), eq(assignments.state, 'active'), eq(assignments.role, 'lead'))).get();
  const approved = db.select().from(extensions)
    .where(and(eq(extensions.caseId, row.id), eq(extensions.state, 'approved'))).orderBy(asc(extensions.id)).all();
  return {
    limits: (row.decision as StoredDecision).routing.limits,
    receivedAt: row.receivedAt,
    assignedAt: lead?.assignedAt ?? null,
    reopenedAt,
    approvedExtensions: approved.map((e) => ({ days: e.days, unit: e.unit as TimeLimit['unit'], requestedAt: e.requestedAt })),
  };
}

/** The active assignment through which a handler acts; null for the other roles. */
export function actorsAssignment(c: ActionContext, role?: 'lead' | 'cooperating'): AssignmentRow | null {
  if (c.actor.role !== 'handler') return null;
  return c.holders.find((h) => h.department === c.actor.department && h.districtCode === c.actor.district && (!role || h.role === role)) ?? null;
}

export const officeRef = (a: AssignmentRow | null | undefined) => (a ? { department: a.department, name: a.officeName, district: a.districtCode } : null);
