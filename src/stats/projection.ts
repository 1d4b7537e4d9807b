import type { Db } from '../../db/connection.js';
import { cached } from '../../db/prepared.js';
import { computeDueAt, workingDaysBetween } from '../calendar/deadline.js';
import { localDate } from '../calendar/local-time.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { StoredDecision } from '../cases/view.js';
import type { JobScope } from '../../db/group-commit.js';
import { applyContributionChange, type Contribution, contributionOf, rollupStep, type StatCaseRow, type StatTermRow } from './rollup.js';
import type { AssignmentRow, CaseRow } from '../cases/repository.js';
import { NO_LEAD_STATES, type State } from '../cases/transitions.js';

interface CaseFacts {
  id: number; jurisdiction: string; received_at: number; channel: string; district_code: string | null;
  matter_code: string | null; pollution_types: string; status: string; reply_due_at: number | null;
  reopen_count: number; decision: StoredDecision & { repeatOf?: unknown }; reported_entity: string | null; address: string | null;
}
interface LeadFacts { id: number; department: string; district_code: string | null; office_name: string; state: string; assigned_at: number; signed_at: number | null; ended_at: number | null }
interface EventFacts { action: string; at: number; payload: string }
interface ReplyFacts { department: string; replied_at: number; callback_at: number | null; resolved: number | null; satisfaction: string | null }


/**
 * Rewrites the statistics rows of one case from its own rows and events, in the caller's
 * transaction: called by every lifecycle command, so the projection is never behind.
 * Raw prepared statements: this runs on every write.
 */
export function refreshCaseStats(db: Db, calendar: WorkingCalendar, caseId: number): void {
  const q = statements(db);
  const c = q.caseFacts.get(caseId) as (Omit<CaseFacts, 'decision'> & { decision: string }) | undefined;
  if (!c) return;
  // The rollups change by (new facts − old facts): read the old ones before replacing them.
  const before = contributionOf(q.oldCase.get(caseId) as StatCaseRow | undefined, q.oldTerms.all(caseId) as StatTermRow[]);
  q.deleteTerms.run(caseId);
  writeCaseStats(db, calendar, {
    c: { ...c, decision: JSON.parse(c.decision) as CaseFacts['decision'] },
    leads: q.leads.all(caseId) as LeadFacts[],
    events: q.events.all(caseId) as EventFacts[],
    replies: q.replies.all(caseId) as ReplyFacts[],
    approved: (q.approvedExtensions.get(caseId) as { n: number }).n,
    before,
  });
}

/**
 * The statistics rows of a case intake has just written, from the rows it holds in memory: a new
 * case has no events to judge, replies, extensions or earlier rows yet, so nothing is read back.
 * Intake's hot path; the result is what refreshCaseStats would write (a test holds them equal).
 */
export function projectNewCase(db: Db, calendar: WorkingCalendar, row: CaseRow, holders: readonly AssignmentRow[], scope?: JobScope): void {
  writeCaseStats(db, calendar, {
    c: {
      id: row.id, jurisdiction: row.jurisdiction, received_at: row.receivedAt.getTime(), channel: row.channel,
      district_code: row.districtCode, matter_code: row.matterCode, pollution_types: JSON.stringify(row.pollutionTypes),
      status: row.status, reply_due_at: row.replyDueAt?.getTime() ?? null, reopen_count: row.reopenCount,
      decision: row.decision as CaseFacts['decision'], reported_entity: row.reportedEntity, address: row.address,
    },
    leads: holders.filter((h) => h.role === 'lead').map((h) => ({
      id: h.id, department: h.department, district_code: h.districtCode, office_name: h.officeName, state: h.state,
      assigned_at: h.assignedAt.getTime(), signed_at: h.signedAt?.getTime() ?? null, ended_at: h.endedAt?.getTime() ?? null,
    })),
    events: [], replies: [], approved: 0, before: contributionOf(undefined, []),
  }, scope);
}

/** The 复查 decision among the case's events: the latest (a case has at most one review). */
function reviewOutcomeOf(events: readonly EventFacts[]): 'upheld' | 'rehandle' | null {
  const decision = lastOf(events, (e) => e.action === 'decide-review');
  if (!decision) return null;
  return (JSON.parse(decision.payload) as { outcome?: string }).outcome === 'rehandle' ? 'rehandle' : 'upheld';
}

/** The action that last placed a lead: an arbitration means 会商 fixed the lead now holding the case. */
const latestLeadChange = (events: readonly EventFacts[]) => lastOf(events, (e) => LEAD_CHANGES.has(e.action))?.action;
const LEAD_CHANGES = new Set(['assign', 'reassign', 'transfer', 'arbitrate']);

function lastOf<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return items[i];
  return undefined;
}

/** Events that end a lead's hold at their instant; any other end is a reassignment. */
const ENDING_ACTIONS = new Set(['return', 'merge', 'transfer']);

interface CaseHistory { c: CaseFacts; leads: LeadFacts[]; events: EventFacts[]; replies: ReplyFacts[]; approved: number; before: Contribution }

/** With a group-commit scope the rollup change is handed to the batch, which sums and writes it once. */
function writeCaseStats(db: Db, calendar: WorkingCalendar, { c, leads, events, replies, approved, before }: CaseHistory, scope?: JobScope): void {
  const q = statements(db);
  const caseId = c.id;
  const decision = c.decision;
  const current = NO_LEAD_STATES.includes(c.status as State) ? undefined : leads.filter((l) => l.state === 'active').at(-1);
  const first = replies[0];
  const firstReplyEvent = events.find((e) => e.action === 'reply');
  const replyingLead = first ? leads.filter((l) => l.department === first.department && l.assigned_at <= first.replied_at).at(-1) : undefined;
  const lastCallback = replies.filter((r) => r.callback_at !== null).at(-1);

  const facts = {
    case_id: c.id, jurisdiction: c.jurisdiction, received_at: c.received_at,
    month: localDate(new Date(c.received_at)).slice(0, 7), channel: c.channel,
    district_code: c.district_code, matter_code: c.matter_code, pollution_types: c.pollution_types, status: c.status,
    lead_department: current?.department ?? null, lead_district: current?.district_code ?? null, lead_office: current?.office_name ?? null,
    reply_due_at: c.reply_due_at,
    first_replied_at: first?.replied_at ?? null,
    first_reply_on_time: firstReplyEvent ? ((JSON.parse(firstReplyEvent.payload) as { late?: boolean }).late ? 0 : 1) : null,
    handling_working_days: first && replyingLead ? workingDaysBetween(calendar, new Date(replyingLead.assigned_at), new Date(first.replied_at)) : null,
    callback_resolved: lastCallback ? lastCallback.resolved : null,
    callback_satisfaction: lastCallback?.satisfaction ?? null,
    reopen_count: c.reopen_count,
    // A merged report is a repeat by the dispatcher's judgement, whether or not intake noticed it.
    is_repeat: decision.repeatOf || c.status === 'merged' ? 1 : 0,
    approved_extensions: approved,
    reported_entity: c.reported_entity, address: c.address,
    // Decisions stored before industries were classified have none.
    industry: decision.classification.industry?.code ?? null,
    review_outcome: reviewOutcomeOf(events),
    arbitrated: current && latestLeadChange(events) === 'arbitrate' ? 1 : 0,
  };
  q.upsertCase.run(facts);

  const limits = decision.routing.limits;
  const terms: StatTermRow[] = [];
  for (const lead of leads) {
    const endedBy = lead.ended_at === null ? undefined : events.find((e) => ENDING_ACTIONS.has(e.action) && e.at === lead.ended_at)?.action;
    // A hold withdrawn by a merge (并单) is left out: the office did nothing it could be judged on.
    if (endedBy === 'merge') continue;
    // A hold ends by a return (退单: the event at the same instant), a transfer (移交/移送) or a reassignment.
    const endReason = lead.ended_at === null ? null : endedBy === 'return' ? 'returned' : endedBy === 'transfer' ? 'transferred' : 'reassigned';
    const term = { department: lead.department, signed_at: lead.signed_at, end_reason: endReason, sign_due_at: computeDueAt(calendar, new Date(lead.assigned_at), limits.sign).dueAt.getTime() };
    terms.push(term);
    q.insertTerm.run({
      ...term, assignment_id: lead.id, case_id: caseId, jurisdiction: c.jurisdiction, received_at: c.received_at,
      district_code: c.district_code, office_district: lead.district_code, assigned_at: lead.assigned_at,
    });
  }
  const after = contributionOf(facts, terms);
  if (scope) scope.hand(rollupStep(db), [before, after]);
  else applyContributionChange(db, before, after);
}

function statements(db: Db) {
  return cached(db, 'stats-projection', () => {
    const sql = db.$client;
    return {
      caseFacts: sql.prepare('SELECT id, jurisdiction, received_at, channel, district_code, matter_code, pollution_types, status, reply_due_at, reopen_count, decision, reported_entity, address FROM cases WHERE id = ?'),
      leads: sql.prepare("SELECT id, department, district_code, office_name, state, assigned_at, signed_at, ended_at FROM assignments WHERE case_id = ? AND role = 'lead' ORDER BY id"),
      events: sql.prepare(`SELECT action, at, payload FROM events WHERE case_id = ?
        AND action IN ('return', 'reply', 'merge', 'transfer', 'assign', 'reassign', 'arbitrate', 'decide-review') ORDER BY id`),
      replies: sql.prepare('SELECT department, replied_at, callback_at, resolved, satisfaction FROM replies WHERE case_id = ? ORDER BY round'),
      approvedExtensions: sql.prepare("SELECT count(*) AS n FROM extensions WHERE case_id = ? AND state = 'approved'"),
      upsertCase: sql.prepare(`INSERT OR REPLACE INTO stat_cases (case_id, jurisdiction, received_at, month, channel, district_code, matter_code,
        pollution_types, status, lead_department, lead_district, lead_office, reply_due_at, first_replied_at, first_reply_on_time,
        handling_working_days, callback_resolved, callback_satisfaction, reopen_count, is_repeat, approved_extensions, reported_entity, address, industry, review_outcome, arbitrated)
        VALUES (@case_id, @jurisdiction, @received_at, @month, @channel, @district_code, @matter_code, @pollution_types, @status,
        @lead_department, @lead_district, @lead_office, @reply_due_at, @first_replied_at, @first_reply_on_time, @handling_working_days,
        @callback_resolved, @callback_satisfaction, @reopen_count, @is_repeat, @approved_extensions, @reported_entity, @address, @industry, @review_outcome, @arbitrated)`),
      oldCase: sql.prepare(`SELECT jurisdiction, received_at, channel, district_code, matter_code, pollution_types, lead_department, first_replied_at,
        first_reply_on_time, handling_working_days, callback_resolved, callback_satisfaction, reopen_count, is_repeat, industry FROM stat_cases WHERE case_id = ?`),
      // A case's terms by its assignments (stat_lead_terms is keyed by assignment): an index on
      // stat_lead_terms.case_id would be one more entry to write at every intake.
      oldTerms: sql.prepare(`SELECT department, signed_at, sign_due_at, end_reason FROM stat_lead_terms
        WHERE assignment_id IN (SELECT id FROM assignments WHERE case_id = ?)`),
      deleteTerms: sql.prepare('DELETE FROM stat_lead_terms WHERE assignment_id IN (SELECT id FROM assignments WHERE case_id = ?)'),
      insertTerm: sql.prepare(`INSERT INTO stat_lead_terms (assignment_id, case_id, jurisdiction, received_at, district_code, department,
        office_district, assigned_at, sign_due_at, signed_at, end_reason) VALUES (@assignment_id, @case_id, @jurisdiction, @received_at,
        @district_code, @department, @office_district, @assigned_at, @sign_due_at, @signed_at, @end_reason)`),
    };
  });
}
