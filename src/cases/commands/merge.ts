import { eq } from 'drizzle-orm';
import { cached } from '../../../db/prepared.js';
import { assignments, cases } from '../../../db/schema.js';
import type { Db } from '../../../db/connection.js';
import type { Principal } from '../../auth/keys.js';
import { conflict, invalidField } from '../../errors.js';
import { queueMergeToReporter, queueUnmergeToReporter } from '../../notify/reporter-mail.js';
import type { Services } from '../../services.js';
import { normaliseTypedCode } from '../codes.js';
import { appendEvent } from '../events.js';
import { mayRead } from '../policies.js';
import { activeAssignments, type CaseRow, findCase } from '../repository.js';
import { FINAL_STATES, type State } from '../transitions.js';
import { type ActionRequest, runCaseAction } from './case-action.js';
import { queueOfficeMail } from './office-mail.js';

export interface MergeInput {
  /** The open case this report joins: its id or its tracking code. */
  into: string;
  note?: string | undefined;
}

/** The event appended to the case a report joined; the merged case itself records 'merge'. */
export const MERGED_IN = 'merge-in';
/** The event appended to that case when the merge is undone; the report itself records 'unmerge'. */
export const MERGED_OUT = 'merge-out';

export interface UnmergeInput {
  reason: string;
}

/**
 * 并单: a report of a problem already being handled joins that case instead of being handled twice.
 * The report ends as merged (a final state); the offices that held it are told it was withdrawn; the
 * case it joined records the report, its lead office is told, and when it is answered the reporter
 * of the merged report hears the answer too (reply command). The reporter is told now, by mail, which
 * case carries their report; their own lookup follows that case from then on.
 *
 * Statistics: the report still counts as received and as a repeat (重复投诉). An office that held it
 * unsigned had its hold withdrawn, not ended by its own doing: that hold is left out of the office's
 * figures (projection.ts), as if the dispatch had not happened.
 */
export function mergeCase(services: Services, actor: Principal, request: ActionRequest, input: MergeInput) {
  return runCaseAction(services, actor, 'merge', request, (c) => {
    const target = resolveTarget(c.tx, input.into);
    const targetHolders = target ? activeAssignments(c.tx, target.id) : [];
    if (!target || !mayRead(actor, { jurisdiction: target.jurisdiction, channel: target.channel, holders: targetHolders, district: target.districtCode, status: target.status })) {
      // Outside the key's scope reads as absent: a merge must not tell which cases exist elsewhere.
      throw invalidField('into', `no case ${input.into} that this key may see`);
    }
    if (target.id === c.row.id) throw invalidField('into', 'a case cannot be merged into itself');
    if (target.jurisdiction !== c.row.jurisdiction) throw invalidField('into', `case ${target.trackingCode} belongs to ${target.jurisdiction}, this one to ${c.row.jurisdiction}`);
    if (FINAL_STATES.includes(target.status as State)) {
      const where = target.status === 'merged' ? mergedInto(c.tx, target.id) : null;
      throw conflict('MERGE_TARGET_CLOSED', where
        ? `case ${target.trackingCode} was itself merged into ${where.trackingCode}; merge into that case`
        : `case ${target.trackingCode} is ${target.status} and takes no more reports; handle this case on its own`);
    }
    const into = { id: String(target.id), trackingCode: target.trackingCode };
    const joined = { id: String(c.row.id), trackingCode: c.row.trackingCode };

    for (const held of c.holders) {
      c.tx.update(assignments).set({ state: 'ended', endedAt: c.now }).where(eq(assignments.id, held.id)).run();
      queueOfficeMail(c.tx, services, c.row, held, 'assignment-withdrawn', { role: held.role, mergedInto: into.trackingCode }, c.now);
    }
    c.set({ signDueAt: null, replyDueAt: null });
    c.transition('merge', { into, note: input.note ?? null });
    queueMergeToReporter(c.tx, c.row, into.trackingCode, c.now);

    // The case joined: one more report of its problem, recorded and told to the office leading it.
    appendEvent(c.tx, { caseId: target.id, at: c.now, actor, action: MERGED_IN, fromState: target.status, toState: target.status, payload: { joined, note: input.note ?? null } });
    c.tx.update(cases).set({ version: target.version + 1, updatedAt: c.now }).where(eq(cases.id, target.id)).run();
    const lead = targetHolders.find((a) => a.role === 'lead');
    if (lead) queueOfficeMail(c.tx, services, target, lead, 'merged-report', { role: 'lead', joined: joined.trackingCode }, c.now);
    return { into };
  });
}

/**
 * 撤销并单: a report merged by mistake (a different problem, a different place) leaves the case it
 * joined and goes back to the triage queue, to be handled on its own. That case records it (event
 * merge-out, its version goes up), stops answering the report's reporter, and its lead office is
 * told; the reporter is told their report is handled on its own again. The office whose hold the
 * merge withdrew is not given it back: the dispatcher assigns anew.
 */
export function unmergeCase(services: Services, actor: Principal, request: ActionRequest, input: UnmergeInput) {
  return runCaseAction(services, actor, 'unmerge', request, (c) => {
    const from = mergedInto(c.tx, c.row.id);
    // Cannot happen through the API (a merged case has its merge event); a 409 rather than a 500 for a hand-edited row.
    if (!from) throw conflict('NOT_MERGED', 'this case records no merge to undo');
    const target = findCase(c.tx, Number(from.id))!;
    const report = { id: String(c.row.id), trackingCode: c.row.trackingCode };
    c.transition('unmerge', { from, reason: input.reason });
    queueUnmergeToReporter(c.tx, c.row, from.trackingCode, c.now);
    appendEvent(c.tx, { caseId: target.id, at: c.now, actor, action: MERGED_OUT, fromState: target.status, toState: target.status, payload: { report, reason: input.reason } });
    c.tx.update(cases).set({ version: target.version + 1, updatedAt: c.now }).where(eq(cases.id, target.id)).run();
    const lead = activeAssignments(c.tx, target.id).find((a) => a.role === 'lead');
    if (lead && !FINAL_STATES.includes(target.status as State)) {
      queueOfficeMail(c.tx, services, target, lead, 'merged-report-withdrawn', { role: 'lead', report: report.trackingCode, reason: input.reason }, c.now);
    }
    return { from };
  });
}

const CASE_ID = /^[1-9][0-9]{0,15}$/;

function resolveTarget(db: Db, into: string): CaseRow | undefined {
  // Pasted from an SMS or typed on a phone, as citizens' codes are (codes.ts).
  const typed = normaliseTypedCode(into, 'tracking');
  if (CASE_ID.test(typed)) return findCase(db, Number(typed));
  const id = cached(db, 'case-id-by-tracking-code', () => db.$client.prepare('SELECT id FROM cases WHERE tracking_code = ?').pluck()).get(typed) as number | undefined;
  return id === undefined ? undefined : findCase(db, id);
}

/** The case a merged case joined, from its latest merge event; null when it was never merged or the merge was undone. */
export function mergedInto(db: Db, caseId: number): { id: string; trackingCode: string } | null {
  const latest = cached(db, 'merged-into', () => db.$client.prepare(
    "SELECT action, payload FROM events WHERE case_id = ? AND action IN ('merge', 'unmerge') ORDER BY id DESC LIMIT 1")).get(caseId) as { action: string; payload: string } | undefined;
  return latest?.action === 'merge' ? (JSON.parse(latest.payload) as { into: { id: string; trackingCode: string } }).into : null;
}

/**
 * The reports merged into a case, oldest first, from the case's own events, with those merged into
 * them before they were themselves merged (a chain: a report joins B, then B joins C).
 */
export function mergedReports(db: Db, caseId: number): Array<{ id: string; trackingCode: string }> {
  const read = cached(db, 'merged-reports', () => db.$client.prepare(
    `SELECT action, payload FROM events WHERE case_id = ? AND action IN ('${MERGED_IN}', '${MERGED_OUT}') ORDER BY id`));
  const found: Array<{ id: string; trackingCode: string }> = [];
  const seen = new Set<number>([caseId]);
  for (const queue = [caseId]; queue.length > 0;) {
    // In order: a report that joined and left (撤销并单) is no longer carried; one that joined again is.
    const current = new Map<string, { id: string; trackingCode: string }>();
    for (const { action, payload } of read.all(queue.shift()!) as Array<{ action: string; payload: string }>) {
      const parsed = JSON.parse(payload) as { joined?: { id: string; trackingCode: string }; report?: { id: string; trackingCode: string } };
      if (action === MERGED_IN) current.set(parsed.joined!.id, parsed.joined!);
      else current.delete(parsed.report!.id);
    }
    for (const joined of current.values()) {
      if (seen.has(Number(joined.id))) continue;
      seen.add(Number(joined.id));
      found.push(joined);
      queue.push(Number(joined.id));
    }
  }
  return found;
}

/** 并单 as the single-case read shows it: where a merged report went, and what reports this case carries. */
export function mergeOf(db: Db, row: Pick<CaseRow, 'id' | 'status'>) {
  return { into: row.status === 'merged' ? handlingCase(db, row.id) : null, reports: mergedReports(db, row.id) };
}

/** The case a merged report is handled in now: the end of its chain of merges (a few steps at most). */
export function handlingCase(db: Db, caseId: number): { id: string; trackingCode: string } | null {
  let into = mergedInto(db, caseId);
  for (let hops = 0; into && hops < 16; hops++) {
    const further = mergedInto(db, Number(into.id));
    if (!further) break;
    into = further;
  }
  return into;
}
