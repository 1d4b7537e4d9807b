import type { Db } from '../../db/connection.js';
import type { BatchStep } from '../../db/group-commit.js';
import { cached } from '../../db/prepared.js';
import { localDate } from '../calendar/local-time.js';

/** A stat_cases row as stored (the columns the rollups read). */
export interface StatCaseRow {
  jurisdiction: string; received_at: number; channel: string; district_code: string | null; matter_code: string | null;
  pollution_types: string; lead_department: string | null; first_replied_at: number | null; first_reply_on_time: number | null;
  handling_working_days: number | null; callback_resolved: number | null; callback_satisfaction: string | null;
  reopen_count: number; is_repeat: number; industry: string | null;
}
export interface StatTermRow { department: string; signed_at: number | null; sign_due_at: number; end_reason: string | null }

export const CASE_COLUMNS = ['cases', 'replied', 'replied_on_time', 'callbacks', 'resolved', 'satisfied', 'reopened', 'repeats', 'handling_days_sum', 'handling_count'] as const;
export const TERM_COLUMNS = ['received', 'signed', 'signed_on_time', 'returned', 'reassigned', 'transferred'] as const;
const DEPARTMENT_COLUMNS = [...TERM_COLUMNS, ...CASE_COLUMNS];
export const DIMENSIONS = ['matter', 'pollutionType', 'channel', 'district', 'department', 'industry'] as const;

type Vector = number[];
/** Rollup rows a case contributes to, by key, with the amounts in column order. */
export interface Contribution { department: Map<string, Vector>; breakdown: Map<string, Vector> }

/** The settled facts of a case: whatever no longer depends on the clock. */
function caseVector(c: StatCaseRow): Vector {
  const replied = c.first_replied_at !== null;
  const called = c.callback_resolved !== null;
  return [
    1, replied ? 1 : 0, c.first_reply_on_time === 1 ? 1 : 0, called ? 1 : 0, c.callback_resolved === 1 ? 1 : 0,
    c.callback_satisfaction === 'satisfied' || c.callback_satisfaction === 'basically_satisfied' ? 1 : 0,
    c.reopen_count > 0 ? 1 : 0, c.is_repeat ? 1 : 0, c.handling_working_days ?? 0, c.handling_working_days === null ? 0 : 1,
  ];
}

function add(map: Map<string, Vector>, key: string, vector: Vector, offset: number, width: number): void {
  let row = map.get(key);
  if (!row) map.set(key, (row = new Array<number>(width).fill(0)));
  vector.forEach((v, i) => { row![offset + i] = row![offset + i]! + v; });
}

/** What one case adds to each rollup row (keys joined with \u0001; '' stands for none). */
export function contributionOf(c: StatCaseRow | undefined, terms: readonly StatTermRow[]): Contribution {
  const result: Contribution = { department: new Map(), breakdown: new Map() };
  if (!c) return result;
  const day = localDate(new Date(c.received_at));
  const district = c.district_code ?? '';
  const prefix = `${c.jurisdiction}\u0001${day}\u0001`;
  const caseFacts = caseVector(c);
  add(result.department, `${prefix}${c.lead_department ?? ''}`, caseFacts, TERM_COLUMNS.length, DEPARTMENT_COLUMNS.length);
  for (const t of terms) {
    const signed = t.signed_at !== null;
    add(result.department, `${prefix}${t.department}`, [1, signed ? 1 : 0, signed && t.signed_at! <= t.sign_due_at ? 1 : 0,
      t.end_reason === 'returned' ? 1 : 0, t.end_reason === 'reassigned' ? 1 : 0, t.end_reason === 'transferred' ? 1 : 0], 0, DEPARTMENT_COLUMNS.length);
  }
  const keys: Array<[string, string]> = [
    ['matter', c.matter_code ?? ''], ['channel', c.channel], ['district', district], ['department', c.lead_department ?? ''], ['industry', c.industry ?? ''],
    ...(JSON.parse(c.pollution_types) as string[]).map((type): [string, string] => ['pollutionType', type]),
  ];
  for (const [dimension, key] of keys) add(result.breakdown, `${prefix}${dimension}\u0001${key}`, caseFacts, 0, CASE_COLUMNS.length);
  return result;
}

type Delta = Contribution;

/** Adds new − old to `into`, row by row. */
function addChange(into: Delta, before: Contribution, after: Contribution): void {
  for (const table of ['department', 'breakdown'] as const) {
    const width = table === 'department' ? DEPARTMENT_COLUMNS.length : CASE_COLUMNS.length;
    for (const key of new Set([...before[table].keys(), ...after[table].keys()])) {
      const old = before[table].get(key);
      const now = after[table].get(key);
      let row = into[table].get(key);
      if (!row) into[table].set(key, (row = new Array<number>(width).fill(0)));
      for (let i = 0; i < width; i++) row[i] = row[i]! + (now?.[i] ?? 0) - (old?.[i] ?? 0);
    }
  }
}

/** Writes a delta to the rollups; only the rows whose amounts change are written. */
function writeDelta(db: Db, delta: Delta): void {
  const q = cached(db, 'stats-rollup-upserts', () => ({
    department: db.$client.prepare(`INSERT INTO stat_department_daily (jurisdiction, day, department, ${DEPARTMENT_COLUMNS.join(', ')})
      VALUES (?, ?, ?, ${DEPARTMENT_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (jurisdiction, day, department)
      DO UPDATE SET ${DEPARTMENT_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`),
    breakdown: db.$client.prepare(`INSERT INTO stat_breakdown_daily (jurisdiction, day, dimension, key, ${CASE_COLUMNS.join(', ')})
      VALUES (?, ?, ?, ?, ${CASE_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (jurisdiction, dimension, day, key)
      DO UPDATE SET ${CASE_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`),
  }));
  for (const table of ['department', 'breakdown'] as const) {
    for (const [key, amounts] of delta[table]) {
      if (amounts.every((d) => d === 0)) continue;
      q[table].run(...key.split('\u0001'), ...amounts);
    }
  }
}

/** Applies new − old to the rollups now. */
export function applyContributionChange(db: Db, before: Contribution, after: Contribution): void {
  const delta: Delta = { department: new Map(), breakdown: new Map() };
  addChange(delta, before, after);
  writeDelta(db, delta);
}

export type ContributionChange = readonly [before: Contribution, after: Contribution];

/**
 * The rollup upkeep of a group-commit batch: the changes of all its cases summed, each rollup row
 * written once. Twenty cases of one day touch ~30 rows instead of ~140 upserts one by one.
 */
export function rollupStep(db: Db): BatchStep<ContributionChange> {
  return cached(db, 'stats-rollup-step', () => ({
    finish(changes: readonly ContributionChange[]) {
      const delta: Delta = { department: new Map(), breakdown: new Map() };
      for (const [before, after] of changes) addChange(delta, before, after);
      writeDelta(db, delta);
    },
  }));
}
