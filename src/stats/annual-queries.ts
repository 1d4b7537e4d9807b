import type { Db } from '../../db/connection.js';
import { cached } from '../../db/prepared.js';
import type { Scope } from './queries.js';
import { AWAITING_REPLY_SQL } from '../cases/transitions.js';

/**
 * The SQL of the yearly department report (年度履职报告): what one department received, its late
 * and reopened cases, and the supervision orders it was given. Case figures are over the cases
 * received in the scope's period whose lead office now is the department's (as departmentCounts).
 */

const params = (s: Scope, department: string) => ({ j: s.jurisdiction, from: s.period.from.getTime(), to: s.period.to.getTime(), dept: department });
const CASES_OF = 's.jurisdiction = @j AND s.received_at >= @from AND s.received_at < @to AND s.lead_department = @dept';
const TERMS_OF = 't.jurisdiction = @j AND t.received_at >= @from AND t.received_at < @to AND t.department = @dept';
/** Still awaiting the department's reply (the same set as the overdue figures and the scheduler). */
const AWAITING_REPLY = AWAITING_REPLY_SQL;

export interface ReceivedGroup { key: string | null; assignments: number; cases: number }
export interface ReceivedCounts { assignments: number; cases: number; byMatter: ReceivedGroup[]; byDistrict: ReceivedGroup[] }

/** Lead assignments (交办 as 主办) and led cases, in total and by matter and by the case's district. */
export function receivedCounts(db: Db, scope: Scope, department: string): ReceivedCounts {
  const grouped = (termKey: string, caseKey: string) => `SELECT key, sum(assignments) AS assignments, sum(cases) AS cases FROM (
      SELECT ${termKey} AS key, count(*) AS assignments, 0 AS cases
        FROM stat_lead_terms t JOIN stat_cases c ON c.case_id = t.case_id WHERE ${TERMS_OF} GROUP BY key
      UNION ALL
      SELECT ${caseKey} AS key, 0 AS assignments, count(*) AS cases FROM stat_cases s WHERE ${CASES_OF} GROUP BY key
    ) GROUP BY key ORDER BY assignments DESC, cases DESC, key`;
  const q = cached(db, 'annual-received', () => ({
    assignments: db.$client.prepare(`SELECT count(*) AS n FROM stat_lead_terms t WHERE ${TERMS_OF}`),
    cases: db.$client.prepare(`SELECT count(*) AS n FROM stat_cases s WHERE ${CASES_OF}`),
    byMatter: db.$client.prepare(grouped('c.matter_code', 's.matter_code')),
    byDistrict: db.$client.prepare(grouped('t.district_code', 's.district_code')),
  }));
  const p = params(scope, department);
  return {
    assignments: (q.assignments.get(p) as { n: number }).n,
    cases: (q.cases.get(p) as { n: number }).n,
    byMatter: q.byMatter.all(p) as ReceivedGroup[],
    byDistrict: q.byDistrict.all(p) as ReceivedGroup[],
  };
}

export interface CaseLine {
  caseId: number; trackingCode: string; matterCode: string | null; districtCode: string | null; reportedEntity: string | null;
  status: string; receivedAt: number; replyDueAt: number | null; firstRepliedAt: number | null;
}
const CASE_LINE = `s.case_id AS caseId, c.tracking_code AS trackingCode, s.matter_code AS matterCode, s.district_code AS districtCode,
  s.reported_entity AS reportedEntity, s.status, s.received_at AS receivedAt, s.reply_due_at AS replyDueAt, s.first_replied_at AS firstRepliedAt`;

export interface OverdueLine extends CaseLine { lateReply: number; overdueNow: number }
export interface OverdueCases { count: number; lateReplies: number; overdueNow: number; cases: OverdueLine[] }

/**
 * Led cases whose first reply came after its due time, or whose reply is overdue now (a reopened
 * case past its re-handling limit included); a case may be both. Earliest due time first.
 */
export function overdueCases(db: Db, scope: Scope, department: string, now: Date, limit: number): OverdueCases {
  const late = 's.first_reply_on_time = 0';
  const overdue = `(s.status IN ${AWAITING_REPLY} AND s.reply_due_at < @now)`;
  const q = cached(db, 'annual-overdue', () => ({
    counts: db.$client.prepare(`SELECT count(*) AS count, coalesce(sum(${late}), 0) AS lateReplies, coalesce(sum(${overdue}), 0) AS overdueNow
      FROM stat_cases s WHERE ${CASES_OF} AND (${late} OR ${overdue})`),
    list: db.$client.prepare(`SELECT ${CASE_LINE}, (${late}) AS lateReply, (${overdue}) AS overdueNow
      FROM stat_cases s JOIN cases c ON c.id = s.case_id WHERE ${CASES_OF} AND (${late} OR ${overdue})
      ORDER BY s.reply_due_at, s.case_id LIMIT @limit`),
  }));
  const p = { ...params(scope, department), now: now.getTime() };
  const counts = q.counts.get(p) as Omit<OverdueCases, 'cases'>;
  return { ...counts, cases: q.list.all({ ...p, limit }) as OverdueLine[] };
}

export interface ReopenedLine extends CaseLine { reopenCount: number; callbackSatisfaction: string | null }

/** Led cases handled again after an unsatisfied callback (重办), in order of receipt. */
export function reopenedCases(db: Db, scope: Scope, department: string, limit: number): { count: number; cases: ReopenedLine[] } {
  const q = cached(db, 'annual-reopened', () => ({
    count: db.$client.prepare(`SELECT count(*) AS n FROM stat_cases s WHERE ${CASES_OF} AND s.reopen_count > 0`),
    list: db.$client.prepare(`SELECT ${CASE_LINE}, s.reopen_count AS reopenCount, s.callback_satisfaction AS callbackSatisfaction
      FROM stat_cases s JOIN cases c ON c.id = s.case_id WHERE ${CASES_OF} AND s.reopen_count > 0
      ORDER BY s.received_at, s.case_id LIMIT @limit`),
  }));
  const p = params(scope, department);
  return { count: (q.count.get(p) as { n: number }).n, cases: q.list.all({ ...p, limit }) as ReopenedLine[] };
}

export interface SupervisionOrderLine {
  eventId: number; caseId: number; trackingCode: string; matterCode: string | null; districtCode: string | null;
  reportedEntity: string | null; officeName: string; at: number; payload: string;
}

/**
 * Supervision orders (督办) issued in the period, by a supervisor or by the scheduler
 * (payload.automatic), on cases the department led when the order was given: an order follows
 * the lead office holding the case at that instant, not the one holding it now.
 */
export function supervisionOrders(db: Db, scope: Scope, department: string, limit: number): { count: number; automatic: number; orders: SupervisionOrderLine[] } {
  const FROM = `FROM assignments a
    JOIN events e ON e.case_id = a.case_id AND e.action = 'supervision-order' AND e.at >= a.assigned_at AND (a.ended_at IS NULL OR e.at < a.ended_at)
    JOIN cases c ON c.id = a.case_id
    WHERE a.department = @dept AND a.role = 'lead' AND c.jurisdiction = @j AND e.at >= @from AND e.at < @to`;
  const q = cached(db, 'annual-supervision-orders', () => ({
    counts: db.$client.prepare(`SELECT count(*) AS count, coalesce(sum(json_extract(e.payload, '$.automatic') = 1), 0) AS automatic ${FROM}`),
    list: db.$client.prepare(`SELECT e.id AS eventId, c.id AS caseId, c.tracking_code AS trackingCode, c.matter_code AS matterCode,
        c.district_code AS districtCode, c.reported_entity AS reportedEntity, a.office_name AS officeName, e.at, e.payload
      ${FROM} ORDER BY e.at, e.id LIMIT @limit`),
  }));
  const p = params(scope, department);
  const counts = q.counts.get(p) as { count: number; automatic: number };
  return { ...counts, orders: q.list.all({ ...p, limit }) as SupervisionOrderLine[] };
}
