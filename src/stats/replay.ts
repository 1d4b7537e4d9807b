import type { TimeLimit } from '../catalogue/schema.js';
import { computeDueAt, workingDaysBetween } from '../calendar/deadline.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { caseDeadlines } from '../cases/deadlines.js';
import type { StoredDecision } from '../cases/view.js';
import { type DepartmentCounts, emptyCounts } from './formulas.js';
import type { Scope } from './queries.js';
import { AWAITING_REPLY, NO_LEAD_STATES, type State } from '../cases/transitions.js';

/** What never changes after intake: taken from the case row. */
export interface CaseIdentity {
  id: number;
  jurisdiction: string;
  receivedAt: Date;
  districtCode: string | null;
  decision: StoredDecision;
}

export interface LoggedEvent { action: string; at: Date; toState: string | null; payload: Record<string, unknown> }

interface LeadTerm { department: string; assignedAt: Date; signDueAt: Date; signedAt: Date | null; endReason: 'returned' | 'reassigned' | 'transferred' | null }

/** The statistical facts of one case, replayed from its event log alone (and its immutable intake facts). */
export interface ReplayedCase {
  identity: CaseIdentity;
  status: string;
  terms: LeadTerm[];
  /** The lead department now, or null while no office holds the case. */
  lead: string | null;
  replyDueAt: Date | null;
  firstReply: { at: Date; onTime: boolean; handlingWorkingDays: number | null } | null;
  lastCallback: { resolved: boolean; satisfaction: string } | null;
  reopenCount: number;
  isRepeat: boolean;
  /** The 复查 decision, if the case had one. */
  reviewOutcome: 'upheld' | 'rehandle' | null;
  /** The lead now holding the case was fixed by 会商 (the latest change of lead was an arbitration). */
  arbitrated: boolean;
}


/**
 * Replays a case's events into the facts the statistics count. Independent of the projection tables
 * and of the commands: a test compares the figures of both on a generated history.
 */
export function replayCase(calendar: WorkingCalendar, identity: CaseIdentity, events: readonly LoggedEvent[]): ReplayedCase {
  const limits = identity.decision.routing.limits;
  const terms: LeadTerm[] = [];
  // In an object: the closure below assigns it, which plain-variable narrowing does not follow.
  const held: { current: LeadTerm | null } = { current: null };
  let status = 'received';
  let firstReply: ReplayedCase['firstReply'] = null;
  let lastCallback: ReplayedCase['lastCallback'] = null;
  let reopenCount = 0;
  let reopenedAt: Date | null = null;
  let reviewOutcome: ReplayedCase['reviewOutcome'] = null;
  let lastLeadChange: string | null = null;
  const requested = new Map<string, { days: number; unit: TimeLimit['unit']; requestedAt: Date }>();
  const approved: Array<{ days: number; unit: TimeLimit['unit']; requestedAt: Date }> = [];

  const placeLead = (payload: Record<string, unknown>, at: Date) => {
    const lead = payload.lead as { department?: string } | null | undefined;
    if (!lead?.department) return;
    held.current = { department: lead.department, assignedAt: at, signDueAt: computeDueAt(calendar, at, limits.sign).dueAt, signedAt: null, endReason: null };
    terms.push(held.current);
    reopenedAt = null;
  };

  for (const e of events) {
    if (['assign', 'reassign', 'transfer', 'arbitrate'].includes(e.action)) lastLeadChange = e.action;
    switch (e.action) {
      case 'assign':
      case 'arbitrate': placeLead(e.payload, e.at); break;
      case 'reassign':
        if (held.current) held.current.endReason = 'reassigned';
        held.current = null;
        placeLead(e.payload, e.at);
        break;
      case 'return':
        if (held.current) held.current.endReason = 'returned';
        held.current = null;
        break;
      case 'transfer':
        if (held.current) held.current.endReason = 'transferred';
        placeLead(e.payload, e.at);
        break;
      // 撤销并单 changes only the state (back to triage): the hold the merge withdrew stays out of the figures.
      case 'merge':
        // A hold withdrawn by 并单 is not the office's to answer for: it leaves the figures.
        if (held.current) terms.splice(terms.indexOf(held.current), 1);
        held.current = null;
        break;
      case 'sign': if (held.current) held.current.signedAt = e.at; break;
      case 'reply':
        if (!firstReply) {
          const by = held.current;
          firstReply = { at: e.at, onTime: !e.payload.late, handlingWorkingDays: by ? workingDaysBetween(calendar, by.assignedAt, e.at) : null };
        }
        break;
      case 'callback': lastCallback = { resolved: Boolean(e.payload.resolved), satisfaction: String(e.payload.satisfaction) }; break;
      case 'reopen': reopenCount++; reopenedAt = e.at; break;
      case 'decide-review': reviewOutcome = e.payload.outcome === 'rehandle' ? 'rehandle' : 'upheld'; break;
      case 'request-extension':
        requested.set(String(e.payload.extensionId), { days: Number(e.payload.days), unit: e.payload.unit as TimeLimit['unit'], requestedAt: e.at });
        break;
      case 'decide-extension': {
        const ask = requested.get(String(e.payload.extensionId));
        if (e.payload.approved && ask) approved.push(ask);
        break;
      }
    }
    if (e.toState) status = e.toState;
  }
  const holder = held.current;
  const lead = NO_LEAD_STATES.includes(status as State) ? null : holder?.department ?? null;
  const due = caseDeadlines(calendar, { limits, receivedAt: identity.receivedAt, assignedAt: holder?.assignedAt ?? null, reopenedAt, approvedExtensions: approved });
  return {
    identity, status, terms,
    lead,
    replyDueAt: due.replyDueAt,
    firstReply, lastCallback, reopenCount,
    isRepeat: Boolean((identity.decision as StoredDecision & { repeatOf?: unknown }).repeatOf) || status === 'merged',
    reviewOutcome,
    arbitrated: lead !== null && lastLeadChange === 'arbitrate',
  };
}


/** The department counts of replayed cases, by the same definitions as the SQL in queries.ts. */
export function countDepartments(replayed: readonly ReplayedCase[], scope: Scope, now: Date): DepartmentCounts[] {
  const byDepartment = new Map<string, DepartmentCounts>();
  const entry = (d: string) => {
    let c = byDepartment.get(d);
    if (!c) byDepartment.set(d, (c = emptyCounts(d)));
    return c;
  };
  for (const r of replayed) {
    const { identity } = r;
    if (identity.jurisdiction !== scope.jurisdiction) continue;
    if (scope.district && identity.districtCode !== scope.district) continue;
    const awaiting = AWAITING_REPLY.includes(r.status as State);
    if (r.lead && awaiting && r.replyDueAt && r.replyDueAt < now) entry(r.lead).overdueOpen++;
    if (identity.receivedAt < scope.period.from || identity.receivedAt >= scope.period.to) continue;
    for (const term of r.terms) {
      const c = entry(term.department);
      c.received++;
      if (term.signedAt && term.signedAt <= term.signDueAt) c.signedOnTime++;
      if (term.signedAt || term.signDueAt < now) c.signDecidable++;
      if (term.endReason === 'returned') c.returned++;
      if (term.endReason === 'reassigned') c.reassigned++;
      if (term.endReason === 'transferred') c.transferred++;
    }
    if (!r.lead) continue;
    const c = entry(r.lead);
    c.cases++;
    if (r.firstReply) {
      c.replied++;
      if (r.firstReply.onTime) c.repliedOnTime++;
      if (r.firstReply.handlingWorkingDays !== null) { c.handlingDaysSum += r.firstReply.handlingWorkingDays; c.handlingCount++; }
    }
    if (r.firstReply || (awaiting && r.replyDueAt && r.replyDueAt < now)) c.replyDecidable++;
    if (r.lastCallback) {
      c.callbacks++;
      if (r.lastCallback.resolved) c.resolved++;
      if (r.lastCallback.satisfaction === 'satisfied' || r.lastCallback.satisfaction === 'basically_satisfied') c.satisfied++;
    }
    if (r.reopenCount > 0) c.reopened++;
    if (r.isRepeat) c.repeats++;
    if (r.reviewOutcome) c.reviewed++;
    if (r.reviewOutcome === 'rehandle') c.reviewCorrected++;
    if (r.arbitrated) c.arbitrated++;
  }
  return [...byDepartment.values()];
}
