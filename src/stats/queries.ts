import type { Db } from '../../db/connection.js';
import { cached } from '../../db/prepared.js';
import { type DepartmentCounts, emptyCounts } from './formulas.js';
import type { Period } from './period.js';
import { localDate } from '../calendar/local-time.js';
import { AWAITING_REPLY_SQL } from '../cases/transitions.js';

export interface Scope { jurisdiction: string; period: Period; district?: string | undefined }

const params = (s: Scope, now: Date) => ({ j: s.jurisdiction, from: s.period.from.getTime(), to: s.period.to.getTime(), d: s.district ?? null, now: now.getTime() });
const IN_SCOPE = 'jurisdiction = @j AND received_at >= @from AND received_at < @to AND (@d IS NULL OR district_code = @d)';

/** The case-level sums shared by the department figures and every breakdown. */
const CASE_SUMS = `count(*) AS cases,
  sum(first_replied_at IS NOT NULL) AS replied,
  sum(ifnull(first_reply_on_time = 1, 0)) AS repliedOnTime,
  sum(first_replied_at IS NOT NULL OR (reply_due_at IS NOT NULL AND reply_due_at < @now AND status IN ${AWAITING_REPLY_SQL})) AS replyDecidable,
  sum(callback_resolved IS NOT NULL) AS callbacks,
  sum(ifnull(callback_resolved = 1, 0)) AS resolved,
  sum(ifnull(callback_satisfaction IN ('satisfied', 'basically_satisfied'), 0)) AS satisfied,
  sum(reopen_count > 0) AS reopened,
  sum(is_repeat) AS repeats,
  coalesce(sum(handling_working_days), 0) AS handlingDaysSum,
  count(handling_working_days) AS handlingCount`;

/**
 * Open cases led now whose reply is overdue, whenever they were received (not limited to the period).
 * The index is named: without ANALYZE statistics (the service never runs it) SQLite chose
 * stat_cases_department for the GROUP BY and read every case of the jurisdiction. A backlog of
 * open cases can be large (the 1M-case benchmark has one), so the count must stay covering:
 * through cases' (status, reply due) index and a row lookup per overdue case, the department
 * figures there took 688 ms against 351 ms (2.2 s with the planner's own choice).
 */
const OVERDUE_OPEN = `SELECT lead_department AS department, count(*) AS overdueOpen FROM stat_cases INDEXED BY stat_cases_open_due
  WHERE jurisdiction = @j AND status IN ${AWAITING_REPLY_SQL} AND lead_department IS NOT NULL
    AND reply_due_at < @now AND (@d IS NULL OR district_code = @d) GROUP BY lead_department`;

/**
 * 复查 decisions and leads fixed by 会商, per lead department, for cases received in the period: few
 * cases have either, and the partial index holds only those, so the count is live in every path.
 */
const ACCOUNTABILITY = `SELECT lead_department AS department, sum(review_outcome IS NOT NULL) AS reviewed,
    sum(ifnull(review_outcome = 'rehandle', 0)) AS reviewCorrected, sum(arbitrated) AS arbitrated
  FROM stat_cases INDEXED BY stat_cases_accountability
  WHERE jurisdiction = @j AND received_at >= @from AND received_at < @to AND (review_outcome IS NOT NULL OR arbitrated = 1)
    AND lead_department IS NOT NULL AND (@d IS NULL OR district_code = @d) GROUP BY lead_department`;

/** The bindings a statement of the period without the clock takes (better-sqlite3 refuses unused ones). */
const periodParams = ({ j, from, to, d }: { j: string; from: number; to: number; d: string | null }) => ({ j, from, to, d });

type AccountabilityRow = Pick<DepartmentCounts, 'department' | 'reviewed' | 'reviewCorrected' | 'arbitrated'>;

function departmentAccumulator() {
  const byDepartment = new Map<string, DepartmentCounts>();
  const entry = (department: string) => {
    let c = byDepartment.get(department);
    if (!c) byDepartment.set(department, (c = emptyCounts(department)));
    return c;
  };
  return { byDepartment, entry };
}

/** Per department, the counts of its lead assignments and of the cases it leads, by scanning the projection. */
export function departmentCountsLive(db: Db, scope: Scope, now: Date): DepartmentCounts[] {
  const q = cached(db, 'stats-department-counts', () => ({
    terms: db.$client.prepare(`SELECT department, count(*) AS received,
        sum(signed_at IS NOT NULL AND signed_at <= sign_due_at) AS signedOnTime,
        sum(signed_at IS NOT NULL OR sign_due_at < @now) AS signDecidable,
        sum(ifnull(end_reason = 'returned', 0)) AS returned,
        sum(ifnull(end_reason = 'reassigned', 0)) AS reassigned,
        sum(ifnull(end_reason = 'transferred', 0)) AS transferred
      FROM stat_lead_terms WHERE ${IN_SCOPE} GROUP BY department`),
    cases: db.$client.prepare(`SELECT lead_department AS department, ${CASE_SUMS}
      FROM stat_cases WHERE ${IN_SCOPE} AND lead_department IS NOT NULL GROUP BY lead_department`),
    overdue: db.$client.prepare(OVERDUE_OPEN),
    accountability: db.$client.prepare(ACCOUNTABILITY),
  }));
  const p = params(scope, now);
  const { byDepartment, entry } = departmentAccumulator();
  for (const row of q.terms.all(p) as Array<Partial<DepartmentCounts> & { department: string }>) Object.assign(entry(row.department), row);
  for (const row of q.cases.all(p) as Array<Partial<DepartmentCounts> & { department: string }>) Object.assign(entry(row.department), row);
  for (const row of q.accountability.all(periodParams(p)) as AccountabilityRow[]) Object.assign(entry(row.department), row);
  // Overdue now counts every open case of the department, whenever it was received.
  for (const row of q.overdue.all({ ...p }) as Array<{ department: string; overdueOpen: number }>) entry(row.department).overdueOpen = row.overdueOpen;
  return [...byDepartment.values()];
}

export const BREAKDOWNS = ['matter', 'pollutionType', 'channel', 'district', 'month', 'department', 'industry'] as const;
export type BreakdownKey = (typeof BREAKDOWNS)[number];

const GROUP_COLUMN: Record<BreakdownKey, string> = {
  matter: 'matter_code', pollutionType: 'p.value', channel: 'channel', district: 'district_code', month: 'month', department: 'lead_department',
  industry: 'industry',
};

export interface BreakdownCounts extends Omit<DepartmentCounts, 'department' | 'received' | 'signedOnTime' | 'signDecidable' | 'returned' | 'reassigned' | 'transferred' | 'overdueOpen'> {
  key: string | null;
}

/** Case counts and sums grouped by one key, by scanning the projection; pollution type is multi-label (json_each). */
export function breakdownCountsLive(db: Db, scope: Scope, by: BreakdownKey, now: Date): { total: number; groups: BreakdownCounts[] } {
  const q = cached(db, `stats-breakdown-${by}`, () => ({
    groups: db.$client.prepare(`SELECT ${GROUP_COLUMN[by]} AS key, ${CASE_SUMS}
      FROM stat_cases${by === 'pollutionType' ? ', json_each(stat_cases.pollution_types) AS p' : ''}
      WHERE ${IN_SCOPE} GROUP BY 1 ORDER BY cases DESC, 1`),
    total: db.$client.prepare(`SELECT count(*) AS n FROM stat_cases WHERE ${IN_SCOPE}`),
  }));
  const p = params(scope, now);
  return { total: (q.total.get(p) as { n: number }).n, groups: q.groups.all(p) as BreakdownCounts[] };
}

export interface HotspotRow { kind: 'entity' | 'address'; subject: string; complaints: number; caseIds: number[] }

/** Reported entities and addresses named by at least `minimum` complaints in the period. */
export function hotspotRows(db: Db, scope: Scope, minimum: number, limit: number): HotspotRow[] {
  const q = cached(db, 'stats-hotspots', () => db.$client.prepare(`
    SELECT kind, subject, count(*) AS complaints, group_concat(case_id) AS ids FROM (
      SELECT 'entity' AS kind, trim(reported_entity) AS subject, case_id FROM stat_cases WHERE ${IN_SCOPE} AND trim(coalesce(reported_entity, '')) <> ''
      UNION ALL
      SELECT 'address' AS kind, trim(address) AS subject, case_id FROM stat_cases WHERE ${IN_SCOPE} AND trim(coalesce(address, '')) <> ''
    ) GROUP BY kind, subject HAVING count(*) >= @minimum ORDER BY complaints DESC, kind, subject LIMIT @limit`));
  return (q.all({ ...params(scope, new Date()), minimum, limit }) as Array<{ kind: 'entity' | 'address'; subject: string; complaints: number; ids: string }>)
    .map((r) => ({ kind: r.kind, subject: r.subject, complaints: r.complaints, caseIds: r.ids.split(',').map(Number).sort((a, b) => a - b) }));
}

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3600_000;
/** Periods of whole local days can be answered from the daily rollups. */
export const isWholeDays = (p: Period) => (p.from.getTime() + OFFSET_MS) % DAY_MS === 0 && (p.to.getTime() + OFFSET_MS) % DAY_MS === 0;
const dayParams = (s: Scope, now: Date) => ({ ...params(s, now), fromDay: localDate(s.period.from), toDay: localDate(new Date(s.period.to.getTime() - 1)) });

/**
 * Per department: settled facts summed from the daily rollup, plus the facts that depend on the
 * clock (unsigned holds past their sign-for limit, unreplied cases past their reply limit, overdue
 * open cases) counted live on partial indexes that hold only the unsettled rows.
 */
export function departmentCounts(db: Db, scope: Scope, now: Date): DepartmentCounts[] {
  if (!isWholeDays(scope.period) || scope.district) return departmentCountsLive(db, scope, now);
  const q = cached(db, 'stats-department-rollup', () => ({
    settled: db.$client.prepare(`SELECT department, sum(received) AS received, sum(signed_on_time) AS signedOnTime, sum(signed) AS signDecidable,
        sum(returned) AS returned, sum(reassigned) AS reassigned, sum(transferred) AS transferred, sum(cases) AS cases, sum(replied) AS replied, sum(replied_on_time) AS repliedOnTime,
        sum(replied) AS replyDecidable, sum(callbacks) AS callbacks, sum(resolved) AS resolved, sum(satisfied) AS satisfied, sum(reopened) AS reopened,
        sum(repeats) AS repeats, sum(handling_days_sum) AS handlingDaysSum, sum(handling_count) AS handlingCount
      FROM stat_department_daily WHERE jurisdiction = @j AND day >= @fromDay AND day <= @toDay AND department <> ''
      GROUP BY department HAVING sum(received) > 0 OR sum(cases) > 0`),
    unsigned: db.$client.prepare(`SELECT department, count(*) AS n FROM stat_lead_terms INDEXED BY stat_lead_terms_unsigned
      WHERE jurisdiction = @j AND received_at >= @from AND received_at < @to AND signed_at IS NULL AND sign_due_at < @now
        GROUP BY department`),
    unreplied: db.$client.prepare(`SELECT lead_department AS department, count(*) AS n FROM stat_cases INDEXED BY stat_cases_unreplied
      WHERE jurisdiction = @j AND received_at >= @from AND received_at < @to AND first_replied_at IS NULL AND lead_department IS NOT NULL
        AND status IN ${AWAITING_REPLY_SQL} AND reply_due_at < @now GROUP BY lead_department`),
    overdue: db.$client.prepare(OVERDUE_OPEN),
    accountability: db.$client.prepare(ACCOUNTABILITY),
  }));
  const p = dayParams(scope, now);
  const { byDepartment, entry } = departmentAccumulator();
  for (const row of q.settled.all(p) as Array<DepartmentCounts>) Object.assign(entry(row.department), row);
  for (const row of q.accountability.all(periodParams(p)) as AccountabilityRow[]) Object.assign(entry(row.department), row);
  for (const row of q.unsigned.all(p) as Array<{ department: string; n: number }>) entry(row.department).signDecidable += row.n;
  for (const row of q.unreplied.all(p) as Array<{ department: string; n: number }>) entry(row.department).replyDecidable += row.n;
  const { fromDay: _f, toDay: _t, ...live } = p;
  for (const row of q.overdue.all(live) as Array<{ department: string; overdueOpen: number }>) entry(row.department).overdueOpen = row.overdueOpen;
  return [...byDepartment.values()];
}

const LIVE_KEY: Record<BreakdownKey, string> = {
  matter: "coalesce(matter_code, '')", pollutionType: 'p.value', channel: 'channel', district: "coalesce(district_code, '')",
  // The month from received_at, not the month column: the partial index covers received_at.
  month: "strftime('%Y-%m', received_at / 1000 + 28800, 'unixepoch')", department: "coalesce(lead_department, '')",
  industry: "coalesce(industry, '')",
};

/** The breakdown from the daily rollup (whole days, no district filter) plus the unsettled reply facts counted live. */
export function breakdownCounts(db: Db, scope: Scope, by: BreakdownKey, now: Date): { total: number; groups: BreakdownCounts[] } {
  if (!isWholeDays(scope.period) || scope.district) return breakdownCountsLive(db, scope, by, now);
  const dimension = by === 'month' ? 'channel' : by;
  const key = by === 'month' ? 'substr(day, 1, 7)' : 'key';
  const q = cached(db, `stats-breakdown-rollup-${by}`, () => ({
    settled: db.$client.prepare(`SELECT ${key} AS key, sum(cases) AS cases, sum(replied) AS replied, sum(replied_on_time) AS repliedOnTime,
        sum(replied) AS replyDecidable, sum(callbacks) AS callbacks, sum(resolved) AS resolved, sum(satisfied) AS satisfied, sum(reopened) AS reopened,
        sum(repeats) AS repeats, sum(handling_days_sum) AS handlingDaysSum, sum(handling_count) AS handlingCount
      FROM stat_breakdown_daily WHERE jurisdiction = @j AND dimension = '${dimension}' AND day >= @fromDay AND day <= @toDay
      GROUP BY ${key} HAVING sum(cases) > 0 ORDER BY cases DESC, key`),
    total: db.$client.prepare(`SELECT coalesce(sum(cases), 0) AS n FROM stat_breakdown_daily WHERE jurisdiction = @j AND dimension = 'channel' AND day >= @fromDay AND day <= @toDay`),
    unreplied: db.$client.prepare(`SELECT ${LIVE_KEY[by]} AS key, count(*) AS n FROM stat_cases INDEXED BY stat_cases_unreplied${by === 'pollutionType' ? ', json_each(stat_cases.pollution_types) AS p' : ''}
      WHERE jurisdiction = @j AND received_at >= @from AND received_at < @to AND first_replied_at IS NULL
        AND status IN ${AWAITING_REPLY_SQL} AND reply_due_at < @now GROUP BY 1`),
  }));
  const p = dayParams(scope, now);
  const groups = (q.settled.all(p) as BreakdownCounts[]).map((g) => ({ ...g, key: g.key === '' ? null : g.key }));
  const pending = new Map((q.unreplied.all(p) as Array<{ key: string; n: number }>).map((r) => [r.key === '' ? null : r.key, r.n]));
  for (const g of groups) g.replyDecidable += pending.get(g.key) ?? 0;
  return { total: (q.total.get(p) as { n: number }).n, groups };
}
