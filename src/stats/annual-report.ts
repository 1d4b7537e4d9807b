import { formatLocal } from '../calendar/local-time.js';
import { type DepartmentCode, POLLUTION_TYPE_LABELS, type PollutionType } from '../catalogue/schema.js';
import type { Catalogue } from '../catalogue/types.js';
import { notFound } from '../errors.js';
import type { Services } from '../services.js';
import { type CaseLine, overdueCases, receivedCounts, reopenedCases, supervisionOrders } from './annual-queries.js';
import { emptyCounts, type Rate } from './formulas.js';
import { yearPeriod } from './period.js';
import type { Scope } from './queries.js';
import { buildDepartmentReport, departmentReport } from './reports.js';

/** The overdue list shows the 50 earliest; the reopened and supervision-order lists are capped for the printed page. */
export const OVERDUE_LIST_LIMIT = 50;
export const CASE_LIST_LIMIT = 200;

/**
 * 生态环境保护职责履行情况: what a department reports each February on the year before (seed 000
 * §三(四), seed 002 (十三)): its matters in the catalogue, what it received, how it handled it (三率),
 * its late and reopened cases, the supervision orders it was given, and the year before beside it.
 * Figures are the statistics' own (departmentReport), so the report and the rankings never disagree.
 */
export function annualReport(services: Services, catalogue: Catalogue, departmentCode: string, year: number) {
  const department = catalogue.departments.get(departmentCode as DepartmentCode);
  if (!department) {
    throw notFound('DEPARTMENT_NOT_FOUND', `department "${departmentCode}" is not in the ${catalogue.name} catalogue; use one of ${[...catalogue.departments.keys()].join(', ')}`);
  }
  const code = department.code;
  const now = services.clock();
  const current = yearFigures(services, catalogue, code, year, now);
  const previous = yearFigures(services, catalogue, code, year - 1, now);
  const scope = current.scope;
  const overdue = overdueCases(services.db, scope, code, now, OVERDUE_LIST_LIMIT);
  const reopened = reopenedCases(services.db, scope, code, CASE_LIST_LIMIT);
  const orders = supervisionOrders(services.db, scope, code, CASE_LIST_LIMIT);
  const line = caseLine(catalogue);
  const brief = (m: Catalogue['matters'][number]) => ({
    code: m.code, title: m.title, pollutionTypes: m.pollutionTypes.map((t) => POLLUTION_TYPE_LABELS[t as PollutionType] ?? t),
    lead: departmentRef(catalogue, m.lead), cooperating: m.cooperating.map((d) => departmentRef(catalogue, d)),
  });
  const { received, handling } = current;

  return {
    jurisdiction: catalogue.code,
    jurisdictionName: catalogue.name,
    department: { code, name: department.name },
    year,
    period: periodView(scope),
    generatedAt: formatLocal(now),
    matters: {
      lead: catalogue.matters.filter((m) => m.lead === code).map(brief),
      cooperating: catalogue.matters.filter((m) => m.cooperating.includes(code)).map(brief),
    },
    received: {
      assignments: received.assignments,
      cases: received.cases,
      byMatter: received.byMatter.map((g) => ({ ...matterRef(catalogue, g.key), assignments: g.assignments, cases: g.cases })),
      byDistrict: received.byDistrict.map((g) => ({ ...districtRef(catalogue, g.key), assignments: g.assignments, cases: g.cases })),
    },
    handling,
    overdue: {
      count: overdue.count, lateReplies: overdue.lateReplies, overdueNow: overdue.overdueNow,
      cases: overdue.cases.map((c) => ({ ...line(c), lateReply: c.lateReply === 1, overdueNow: c.overdueNow === 1 })),
    },
    reopened: {
      count: reopened.count,
      cases: reopened.cases.map((c) => ({ ...line(c), reopenCount: c.reopenCount, callbackSatisfaction: c.callbackSatisfaction })),
    },
    supervisionOrders: {
      count: orders.count, automatic: orders.automatic, manual: orders.count - orders.automatic,
      orders: orders.orders.map((o) => {
        const payload = JSON.parse(o.payload) as { automatic?: boolean; content?: string; overdueWorkingDays?: number };
        return {
          caseId: String(o.caseId), trackingCode: o.trackingCode, at: formatLocal(new Date(o.at)), office: o.officeName,
          automatic: payload.automatic === true, content: payload.content ?? null, overdueWorkingDays: payload.overdueWorkingDays ?? null,
          matter: matterOrNull(catalogue, o.matterCode), district: districtOrNull(catalogue, o.districtCode), reportedEntity: o.reportedEntity,
        };
      }),
    },
    headline: current.headline,
    previousYear: {
      year: year - 1,
      period: periodView(previous.scope),
      figures: previous.headline,
      change: headlineChange(current.headline, previous.headline),
    },
  };
}
export type AnnualReport = ReturnType<typeof annualReport>;

/** The figures of one year that the comparison with the year before is made of. */
export interface Headline {
  received: number; cases: number;
  timelySign: Rate; onTimeCompletion: Rate; response: Rate; resolution: Rate; satisfaction: Rate; reopen: Rate;
  averageHandlingWorkingDays: number | null; score: number | null;
  overdue: number; reopened: number; supervisionOrders: number;
}

function yearFigures(services: Services, catalogue: Catalogue, code: DepartmentCode, year: number, now: Date) {
  const scope: Scope = { jurisdiction: catalogue.code, period: yearPeriod(year) };
  const all = departmentReport(services, catalogue, scope);
  // A department that received nothing has no row: its figures are those of zero counts.
  const own = all.departments.find((d) => d.department === code) ?? buildDepartmentReport(catalogue, scope, [emptyCounts(code)]).departments[0]!;
  const received = receivedCounts(services.db, scope, code);
  const handling = {
    received: own.received,
    cases: received.cases,
    rates: own.rates,
    averageHandlingWorkingDays: own.averageHandlingWorkingDays,
    overdueOpen: own.overdueOpen,
    score: own.score,
    weights: all.weights,
    minimumSample: all.minimumSample,
    ranked: own.ranked,
    rank: own.rank,
    rankedDepartments: all.departments.filter((d) => d.ranked).length,
  };
  const r = own.rates;
  const headline: Headline = {
    received: own.received, cases: received.cases,
    timelySign: r.timelySign, onTimeCompletion: r.onTimeCompletion, response: r.response, resolution: r.resolution,
    satisfaction: r.satisfaction, reopen: r.reopen,
    averageHandlingWorkingDays: own.averageHandlingWorkingDays, score: own.score,
    overdue: overdueCases(services.db, scope, code, now, 0).count,
    reopened: reopenedCases(services.db, scope, code, 0).count,
    supervisionOrders: supervisionOrders(services.db, scope, code, 0).count,
  };
  return { scope, received, handling, headline };
}

const RATE_KEYS = ['timelySign', 'onTimeCompletion', 'response', 'resolution', 'satisfaction', 'reopen'] as const;
const COUNT_KEYS = ['received', 'cases', 'overdue', 'reopened', 'supervisionOrders'] as const;

/** This year minus the year before: counts as numbers, rates as the change of their value (0.05 = 5 points); null where either side has none. */
export function headlineChange(now: Headline, before: Headline) {
  const diff = (a: number | null, b: number | null, digits: number) => (a === null || b === null ? null : Number((a - b).toFixed(digits)));
  return {
    ...Object.fromEntries(COUNT_KEYS.map((k) => [k, now[k] - before[k]])) as Record<(typeof COUNT_KEYS)[number], number>,
    ...Object.fromEntries(RATE_KEYS.map((k) => [k, diff(now[k].value, before[k].value, 4)])) as Record<(typeof RATE_KEYS)[number], number | null>,
    averageHandlingWorkingDays: diff(now.averageHandlingWorkingDays, before.averageHandlingWorkingDays, 2),
    score: diff(now.score, before.score, 1),
  };
}

const periodView = (scope: Scope) => ({ from: formatLocal(scope.period.from), to: formatLocal(scope.period.to) });

function departmentRef(catalogue: Catalogue, code: DepartmentCode) {
  return { code, name: catalogue.departments.get(code)?.name ?? code };
}

/** Group keys of the breakdowns: a case without a recognised matter or district is a group of its own. */
function matterRef(catalogue: Catalogue, code: string | null) {
  return { code, title: code === null ? '未识别事项' : catalogue.mattersByCode.get(code)?.title ?? code };
}
function districtRef(catalogue: Catalogue, code: string | null) {
  return { code, name: code === null ? '未识别区县' : catalogue.districtsByCode.get(code)?.name ?? code };
}
const matterOrNull = (catalogue: Catalogue, code: string | null) => (code === null ? null : matterRef(catalogue, code) as { code: string; title: string });
const districtOrNull = (catalogue: Catalogue, code: string | null) => (code === null ? null : districtRef(catalogue, code) as { code: string; name: string });

function caseLine(catalogue: Catalogue) {
  const time = (ms: number | null) => (ms === null ? null : formatLocal(new Date(ms)));
  return (c: CaseLine) => ({
    caseId: String(c.caseId), trackingCode: c.trackingCode,
    matter: matterOrNull(catalogue, c.matterCode), district: districtOrNull(catalogue, c.districtCode),
    reportedEntity: c.reportedEntity, status: c.status,
    receivedAt: time(c.receivedAt)!, replyDueAt: time(c.replyDueAt), firstRepliedAt: time(c.firstRepliedAt),
  });
}
