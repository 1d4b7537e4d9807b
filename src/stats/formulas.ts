/** Metric formulas (pure): counts in, rates and scores out. Definitions are in the README. */

export interface Rate { numerator: number; denominator: number; value: number | null }

/** A share with its parts; no denominator → no value (never a made-up 0 or 100 %). */
export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, value: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000 };
}

export interface ScoreWeights { response: number; resolution: number; satisfaction: number }
/** The published 三率 weighting (response 30 %, resolution 35 %, satisfaction 35 %). */
export const DEFAULT_WEIGHTS: ScoreWeights = { response: 0.3, resolution: 0.35, satisfaction: 0.35 };
export const DEFAULT_MINIMUM_SAMPLE = 10;

/** Counts the department figures are built from; the SQL and the event-log replay both produce them. */
export interface DepartmentCounts {
  department: string;
  /** Lead assignments (交办 as 主办) of cases received in the period. */
  received: number;
  signedOnTime: number;
  signDecidable: number;
  returned: number;
  reassigned: number;
  /** Holds the department ended by transferring the case (移交 / 移送). */
  transferred: number;
  /** Cases whose lead office now is the department's. */
  cases: number;
  replied: number;
  repliedOnTime: number;
  replyDecidable: number;
  callbacks: number;
  resolved: number;
  satisfied: number;
  reopened: number;
  repeats: number;
  handlingDaysSum: number;
  handlingCount: number;
  overdueOpen: number;
  /** 复查 of the department's cases that were decided, and those that ordered the case handled again (纠错). */
  reviewed: number;
  reviewCorrected: number;
  /** Cases the department leads because 会商 fixed it as the lead. */
  arbitrated: number;
}

export const emptyCounts = (department: string): DepartmentCounts => ({
  department, received: 0, signedOnTime: 0, signDecidable: 0, returned: 0, reassigned: 0, transferred: 0, cases: 0, replied: 0,
  repliedOnTime: 0, replyDecidable: 0, callbacks: 0, resolved: 0, satisfied: 0, reopened: 0, repeats: 0,
  handlingDaysSum: 0, handlingCount: 0, overdueOpen: 0, reviewed: 0, reviewCorrected: 0, arbitrated: 0,
});

export interface DepartmentFigures {
  department: string;
  received: number;
  rates: {
    timelySign: Rate; onTimeCompletion: Rate; response: Rate; resolution: Rate; satisfaction: Rate;
    return: Rate; reassignment: Rate; transfer: Rate; reopen: Rate; repeat: Rate; reviewCorrection: Rate;
  };
  /** Cases whose lead 会商 fixed on the department. */
  arbitrated: number;
  averageHandlingWorkingDays: number | null;
  overdueOpen: number;
  /** 0–100 from the 三率 and the weights; null while one of the three has no denominator. */
  score: number | null;
  /** Whether the department has enough cases to be ranked. */
  ranked: boolean;
  rank: number | null;
}

export function departmentFigures(c: DepartmentCounts, weights: ScoreWeights): Omit<DepartmentFigures, 'ranked' | 'rank'> {
  const rates = {
    timelySign: rate(c.signedOnTime, c.signDecidable),
    onTimeCompletion: rate(c.repliedOnTime, c.replyDecidable),
    response: rate(c.replied, c.replyDecidable),
    resolution: rate(c.resolved, c.callbacks),
    satisfaction: rate(c.satisfied, c.callbacks),
    return: rate(c.returned, c.received),
    reassignment: rate(c.reassigned, c.received),
    transfer: rate(c.transferred, c.received),
    reopen: rate(c.reopened, c.callbacks),
    repeat: rate(c.repeats, c.cases),
    reviewCorrection: rate(c.reviewCorrected, c.reviewed),
  };
  return {
    department: c.department,
    received: c.received,
    rates,
    averageHandlingWorkingDays: c.handlingCount === 0 ? null : Math.round((c.handlingDaysSum / c.handlingCount) * 100) / 100,
    overdueOpen: c.overdueOpen,
    arbitrated: c.arbitrated,
    score: compositeScore(rates, weights),
  };
}

export function compositeScore(rates: { response: Rate; resolution: Rate; satisfaction: Rate }, weights: ScoreWeights): number | null {
  const { response, resolution, satisfaction } = rates;
  if (response.value === null || resolution.value === null || satisfaction.value === null) return null;
  const total = weights.response + weights.resolution + weights.satisfaction;
  const score = (response.value * weights.response + resolution.value * weights.resolution + satisfaction.value * weights.satisfaction) / total;
  return Math.round(score * 1000) / 10;
}

/**
 * Ranks by score, best first; departments below the minimum sample (or without a score) are listed
 * but not ranked, or a department with two cases would top the list.
 */
export function rankDepartments<T extends { received: number; score: number | null; department: string }>(rows: T[], minimumSample: number): Array<T & { ranked: boolean; rank: number | null }> {
  const eligible = rows.filter((r) => r.received >= minimumSample && r.score !== null)
    .sort((a, b) => b.score! - a.score! || b.received - a.received || a.department.localeCompare(b.department));
  const ranks = new Map(eligible.map((r, i) => [r.department, i + 1]));
  return rows.map((r) => ({ ...r, ranked: ranks.has(r.department), rank: ranks.get(r.department) ?? null }))
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.received - a.received || a.department.localeCompare(b.department));
}
