import type { Db } from '../../db/connection.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { refreshCaseStats } from './projection.js';

const BATCH = 5_000;

/**
 * Rebuilds the statistics projection and its rollups from the cases' own rows, in batches of one
 * transaction each: after an upgrade that adds a figure, or to check the incremental upkeep.
 */
export function rebuildStatistics(db: Db, calendar: WorkingCalendar, progress: (done: number) => void = () => {}): number {
  const sql = db.$client;
  sql.transaction(() => {
    for (const table of ['stat_cases', 'stat_lead_terms', 'stat_department_daily', 'stat_breakdown_daily']) sql.prepare(`DELETE FROM ${table}`).run();
  })();
  const ids = sql.prepare('SELECT id FROM cases ORDER BY id').pluck().all() as number[];
  const batch = sql.transaction((slice: number[]) => { for (const id of slice) refreshCaseStats(db, calendar, id); });
  for (let i = 0; i < ids.length; i += BATCH) {
    batch(ids.slice(i, i + BATCH));
    progress(Math.min(ids.length, i + BATCH));
  }
  return ids.length;
}
