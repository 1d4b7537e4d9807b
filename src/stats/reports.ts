import { inArray } from 'drizzle-orm';
import { cases } from '../../db/schema.js';
import { formatLocal } from '../calendar/local-time.js';
import { POLLUTION_SUBTYPES, POLLUTION_TYPE_LABELS, type DepartmentCode, type PollutionSubtype, type PollutionType } from '../catalogue/schema.js';
import type { Catalogue } from '../catalogue/types.js';
import { officeFor } from '../routing/offices.js';
import type { Services } from '../services.js';
import { type DepartmentCounts, departmentFigures, rankDepartments, rate } from './formulas.js';
import { CHANNEL_GROUP_LABELS, DERIVED_BREAKDOWNS, type DerivedBreakdownKey, deriveGroups, sourceOf } from './derived-breakdowns.js';
import { BREAKDOWNS, type BreakdownKey, breakdownCounts, departmentCounts, hotspotRows, type Scope } from './queries.js';

/** Per-department figures from counts, named, scored and ranked with the catalogue's settings. */
export function buildDepartmentReport(catalogue: Catalogue, scope: Scope, counts: DepartmentCounts[]) {
  const { weights, minimumSample } = catalogue.statistics;
  const district = scope.district ? catalogue.districtsByCode.get(scope.district) ?? null : null;
  const figures = counts.map((c) => ({
    ...departmentFigures(c, weights),
    name: catalogue.departments.has(c.department as DepartmentCode) ? officeFor(catalogue, c.department as DepartmentCode, district).name : c.department,
    district: scope.district ?? null,
  }));
  return {
    jurisdiction: catalogue.code,
    from: formatLocal(scope.period.from),
    to: formatLocal(scope.period.to),
    district: scope.district ?? null,
    weights,
    minimumSample,
    departments: rankDepartments(figures, minimumSample),
  };
}

export function departmentReport(services: Services, catalogue: Catalogue, scope: Scope) {
  return buildDepartmentReport(catalogue, scope, departmentCounts(services.db, scope, services.clock()));
}
export type DepartmentReport = ReturnType<typeof departmentReport>;

/** Every breakdown the API offers: those stored in the statistics, and those derived from them. */
export const REPORT_BREAKDOWNS = [...BREAKDOWNS, ...DERIVED_BREAKDOWNS] as const;
export type ReportBreakdownKey = BreakdownKey | DerivedBreakdownKey;

function labelOf(catalogue: Catalogue, by: ReportBreakdownKey, key: string | null): string {
  if (key === null) return by === 'department' ? '未派单（分拣中）' : '未识别';
  switch (by) {
    case 'matter': return catalogue.mattersByCode.get(key)?.title ?? key;
    case 'pollutionType': return POLLUTION_TYPE_LABELS[key as PollutionType] ?? key;
    case 'subType': return POLLUTION_SUBTYPES[key as PollutionSubtype]?.label ?? key;
    case 'industry': return catalogue.industriesByCode.get(key)?.title ?? key;
    case 'channelGroup': return CHANNEL_GROUP_LABELS[key] ?? key;
    case 'district': return catalogue.districtsByCode.get(key)?.name ?? key;
    case 'department': return catalogue.departments.get(key as DepartmentCode)?.name ?? key;
    default: return key;
  }
}

/** Counts and case rates by one key; shares of the period's cases (multi-label types may sum past 100 %). */
export function breakdownReport(services: Services, catalogue: Catalogue, scope: Scope, by: ReportBreakdownKey) {
  const derived = (DERIVED_BREAKDOWNS as readonly string[]).includes(by) ? by as DerivedBreakdownKey : undefined;
  const counted = breakdownCounts(services.db, scope, derived ? sourceOf(derived) : by as BreakdownKey, services.clock());
  const total = counted.total;
  const groups = derived ? deriveGroups(catalogue, derived, counted.groups) : counted.groups;
  return {
    jurisdiction: catalogue.code,
    from: formatLocal(scope.period.from),
    to: formatLocal(scope.period.to),
    by,
    total,
    groups: groups.map((g) => ({
      key: g.key,
      label: labelOf(catalogue, by, g.key),
      received: g.cases,
      share: rate(g.cases, total),
      rates: {
        response: rate(g.replied, g.replyDecidable),
        onTimeCompletion: rate(g.repliedOnTime, g.replyDecidable),
        resolution: rate(g.resolved, g.callbacks),
        satisfaction: rate(g.satisfied, g.callbacks),
        reopen: rate(g.reopened, g.callbacks),
        repeat: rate(g.repeats, g.cases),
      },
    })),
  };
}
export type BreakdownReport = ReturnType<typeof breakdownReport>;

/** Entities and addresses complained about repeatedly, with their cases. */
export function hotspotReport(services: Services, catalogue: Catalogue, scope: Scope, minimum: number, limit: number) {
  const rows = hotspotRows(services.db, scope, minimum, limit);
  const ids = [...new Set(rows.flatMap((r) => r.caseIds))];
  const info = new Map(ids.length === 0 ? [] : services.db.select({ id: cases.id, trackingCode: cases.trackingCode, status: cases.status, receivedAt: cases.receivedAt })
    .from(cases).where(inArray(cases.id, ids)).all().map((c) => [c.id, c]));
  return {
    jurisdiction: catalogue.code,
    from: formatLocal(scope.period.from),
    to: formatLocal(scope.period.to),
    minimum,
    hotspots: rows.map((r) => ({
      kind: r.kind,
      subject: r.subject,
      complaints: r.complaints,
      cases: r.caseIds.map((id) => ({ id: String(id), trackingCode: info.get(id)?.trackingCode ?? '', status: info.get(id)?.status ?? '', receivedAt: info.get(id) ? formatLocal(info.get(id)!.receivedAt) : '' })),
    })),
  };
}
export type HotspotReport = ReturnType<typeof hotspotReport>;
