import type { Db } from '../../db/connection.js';
import { cached } from '../../db/prepared.js';
import { type DepartmentCounts, emptyCounts } from './formulas.js';
import type { Period } from './period.js';

export interface Scope { jurisdiction: string; period: Period; district?: string | undefined }

const params = (s: Scope, now: Date) => ({ j: s.jurisdiction, from: s.period.from.getTime(), to: s.period.to.getTime(), d: s.district ?? null, now: now.getTime() });
const IN_SCOPE = 'jurisdiction = @j AND received_at >= @from AND received_at < @to AND (@d IS NULL OR district_code = @d)';

/** The case-level sums shared by the department figures and every breakdown. */
const CASE_SUMS = `count(*) AS cases,
  sum(first_replied_at IS NOT NULL) AS replied,
  sum(first_reply_on_time = 1) AS repliedOnTime,
  sum(first_replied_at IS NOT NULL OR (reply_due_at IS NOT NULL AND reply_due_at < @now AND status IN ('assigned', 'signed', 'reopened'))) AS replyDecidable,
  sum(callback_resolved IS NOT NULL) AS callbacks,
  sum(callback_resolved = 1) AS resolved,
  sum(callback_satisfaction IN ('satisfied', 'basically_satisfied')) AS satisfied,
  sum(reopen_count > 0) AS reopened,
  sum(is_repeat) AS repeats,
  coalesce(sum(handling_working_days), 0) AS handlingDaysSum,
  count(handling_working_days) AS handlingCount`;

/** Per department, the counts of its lead assignments and of the cases it leads, in one pass each. */
export function departmentCounts(db: Db, scope: Scope, now: Date): DepartmentCounts[] {
  const q = cached(db, 'stats-department-counts', () => ({
    terms: db.$client.prepare(`SELECT department, count(*) AS received,
        sum(signed_at IS NOT NULL AND signed_at <= sign_due_at) AS signedOnTime,
        sum(signed_at IS NOT NULL OR sign_due_at < @now) AS signDecidable,
        sum(end_reason = 'returned') AS returned,
        sum(end_reason = 'reassigned') AS reassigned
      FROM stat_lead_terms WHERE ${IN_SCOPE} GROUP BY department`),
    cases: db.$client.prepare(`SELECT lead_department AS department, ${CASE_SUMS}
      FROM stat_cases WHERE ${IN_SCOPE} AND lead_department IS NOT NULL GROUP BY lead_department`),
    overdue: db.$client.prepare(`SELECT lead_department AS department, count(*) AS overdueOpen FROM stat_cases
      WHERE jurisdiction = @j AND status IN ('assigned', 'signed', 'reopened') AND lead_department IS NOT NULL
        AND reply_due_at < @now AND (@d IS NULL OR district_code = @d) GROUP BY lead_department`),
  }));
  const p = params(scope, now);
  const byDepartment = new Map<string, DepartmentCounts>();
  const entry = (department: string) => {
    let c = byDepartment.get(department);
    if (!c) byDepartment.set(department, (c = emptyCounts(department)));
    return c;
  };
  for (const row of q.terms.all(p) as Array<Partial<DepartmentCounts> & { department: string }>) Object.assign(entry(row.department), row);
  for (const row of q.cases.all(p) as Array<Partial<DepartmentCounts> & { department: string }>) Object.assign(entry(row.department), row);
  // Overdue now counts every open case of the department, whenever it was received.
  for (const row of q.overdue.all({ ...p }) as Array<{ department: string; overdueOpen: number }>) entry(row.department).overdueOpen = row.overdueOpen;
  return [...byDepartment.values()];
}

export const BREAKDOWNS = ['matter', 'pollutionType', 'channel', 'district', 'month', 'department'] as const;
export type BreakdownKey = (typeof BREAKDOWNS)[number];

const GROUP_COLUMN: Record<BreakdownKey, string> = {
  matter: 'matter_code', pollutionType: 'p.value', channel: 'channel', district: 'district_code', month: 'month', department: 'lead_department',
};

export interface BreakdownCounts extends Omit<DepartmentCounts, 'department' | 'received' | 'signedOnTime' | 'signDecidable' | 'returned' | 'reassigned' | 'overdueOpen'> {
  key: string | null;
}

/** Case counts and sums grouped by one key; pollution type is multi-label (json_each), so groups overlap. */
export function breakdownCounts(db: Db, scope: Scope, by: BreakdownKey, now: Date): { total: number; groups: BreakdownCounts[] } {
  const q = cached(db, `stats-breakdown-${by}`, () => ({
    groups: db.$client.prepare(`SELECT ${GROUP_COLUMN[by]} AS key, ${CASE_SUMS}
      FROM stat_cases${by === 'pollutionType' ? ', json_each(stat_cases.pollution_types) AS p' : ''}
      WHERE ${IN_SCOPE} GROUP BY key ORDER BY cases DESC, key`),
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
