import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/connection.js';
import { immediately } from '../../../db/prepared.js';
import { cases } from '../../../db/schema.js';
import { formatLocal } from '../../calendar/local-time.js';
import type { WorkingCalendar } from '../../calendar/working-calendar.js';
import { refreshCaseStats } from '../../stats/projection.js';
import { caseDeadlines } from '../deadlines.js';
import { appendEvent } from '../events.js';
import { FINAL_STATES } from '../transitions.js';
import { loadDeadlineFacts } from './case-action.js';

export interface RecomputeResult {
  /** Open cases whose due times were provisional. */
  checked: number;
  /** Ids of the cases whose due times or provisional mark changed. */
  changed: number[];
}

const time = (d: Date | null) => (d ? formatLocal(d) : null);

/**
 * Recomputes the due times of open cases marked provisional, with the calendar as it is now (after
 * an admin added a year's official holidays). Each changed case gets a new version and a
 * 'recompute-deadlines' event saying what moved. Cheap when nothing is provisional: one indexed query.
 */
export function recomputeProvisionalDeadlines(deps: { db: Db; calendar: WorkingCalendar }, now: Date): RecomputeResult {
  return immediately(deps.db, () => {
    const t = deps.db;
    const rows = t.select().from(cases)
      // A literal 1, not a bound true: only then may SQLite use the partial index cases_provisional.
      .where(and(sql`${cases.deadlinesProvisional} = 1`, notInArray(cases.status, [...FINAL_STATES]))).all();
    const changed: number[] = [];
    for (const row of rows) {
      const due = caseDeadlines(deps.calendar, loadDeadlineFacts(t, row, row.reopenedAt));
      const before = { acceptDueAt: row.acceptDueAt, signDueAt: row.signDueAt, replyDueAt: row.replyDueAt };
      const after = { acceptDueAt: due.acceptDueAt, signDueAt: due.signDueAt, replyDueAt: due.replyDueAt };
      const moved = (Object.keys(before) as Array<keyof typeof before>).filter((k) => before[k]?.getTime() !== after[k]?.getTime());
      if (moved.length === 0 && due.provisional === row.deadlinesProvisional) continue;
      t.update(cases).set({ ...after, deadlinesProvisional: due.provisional, version: row.version + 1, updatedAt: now }).where(eq(cases.id, row.id)).run();
      appendEvent(t, {
        caseId: row.id, at: now, actor: null, action: 'recompute-deadlines', fromState: row.status, toState: row.status,
        payload: {
          moved,
          before: Object.fromEntries(Object.entries(before).map(([k, v]) => [k, time(v)])),
          after: Object.fromEntries(Object.entries(after).map(([k, v]) => [k, time(v)])),
          provisional: due.provisional,
          calendarYears: deps.calendar.coveredYears().slice(-2),
        },
      });
      // The statistics row holds the reply due time too (overdue and unreplied figures are counted live from it).
      refreshCaseStats(t, deps.calendar, row.id);
      changed.push(row.id);
    }
    return { checked: rows.length, changed };
  });
}
