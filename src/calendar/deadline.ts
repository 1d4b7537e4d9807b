import type { TimeLimit } from '../catalogue/schema.js';
import { addDays, endOfLocalDay, localDate, yearOf } from './local-time.js';
import type { WorkingCalendar } from './working-calendar.js';

export interface DueTime {
  dueAt: Date;
  /** The arithmetic crossed a year the official calendar does not cover yet: recompute when it does. */
  provisional: boolean;
}

const HOUR_MS = 3600_000;

/**
 * When a limit that starts at `start` runs out, in Asia/Shanghai.
 * - hours: clock hours, nights and holidays included (urgent cases).
 * - workingDays: the day of `start` does not count; the limit ends at the end of the n-th working day
 *   after it, so a case received on a holiday starts counting on the next working day.
 * - calendarDays: ends at the end of the n-th day after `start`; a last day that is a rest day moves to
 *   the next working day (Civil Code art. 203).
 */
export function computeDueAt(calendar: WorkingCalendar, start: Date, limit: Pick<TimeLimit, 'value' | 'unit'>): DueTime {
  if (limit.unit === 'hours') return { dueAt: new Date(start.getTime() + limit.value * HOUR_MS), provisional: false };

  let day = localDate(start);
  let provisional = false;
  const visit = (d: string) => { if (!calendar.covers(yearOf(d))) provisional = true; };
  if (limit.unit === 'workingDays') {
    for (let counted = 0; counted < limit.value;) {
      day = addDays(day, 1);
      visit(day);
      if (calendar.isWorkingDay(day)) counted++;
    }
  } else {
    day = addDays(day, limit.value);
    visit(day);
    while (!calendar.isWorkingDay(day)) {
      day = addDays(day, 1);
      visit(day);
    }
  }
  return { dueAt: endOfLocalDay(day), provisional };
}

/** Working days between two instants (local dates, the start day excluded), for handling-time statistics. */
export function workingDaysBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  let day = localDate(from);
  const last = localDate(to);
  let count = 0;
  while (day < last) {
    day = addDays(day, 1);
    if (calendar.isWorkingDay(day)) count++;
  }
  return count;
}
