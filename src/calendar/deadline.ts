import type { TimeLimit } from '../catalogue/schema.js';
import { addDays, dayOfNumber, endOfLocalDay, localDate, localDayNumber, yearOf } from './local-time.js';
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
  const found = dueDayOf(calendar, localDayNumber(start), limit.value, limit.unit);
  return { dueAt: new Date(found.dueAtMs), provisional: found.provisional };
}

interface DueDay { dueAtMs: number; provisional: boolean }
const dueDays = new WeakMap<WorkingCalendar, { revision: number; byKey: Map<string, DueDay> }>();
const CACHED_DUE_DAYS = 10_000;

/**
 * The due time of a day limit depends only on the local day it starts from: every case of a day
 * with the same limit shares it. Walking the calendar day by day through date strings took ~8 % of
 * an intake's CPU (three limits of up to fifteen working days each), so each answer is kept until
 * the calendar changes (a year added or replaced by `hotline calendar add`).
 */
function dueDayOf(calendar: WorkingCalendar, startDay: number, value: number, unit: 'workingDays' | 'calendarDays'): DueDay {
  let cache = dueDays.get(calendar);
  if (!cache || cache.revision !== calendar.revision) dueDays.set(calendar, (cache = { revision: calendar.revision, byKey: new Map() }));
  const key = `${startDay}:${unit}:${value}`;
  let found = cache.byKey.get(key);
  if (found === undefined) {
    if (cache.byKey.size >= CACHED_DUE_DAYS) cache.byKey.clear();
    const { dueAt, provisional } = walkCalendar(calendar, dayOfNumber(startDay), value, unit);
    cache.byKey.set(key, (found = { dueAtMs: dueAt.getTime(), provisional }));
  }
  return found;
}

function walkCalendar(calendar: WorkingCalendar, startDate: string, value: number, unit: 'workingDays' | 'calendarDays'): DueTime {
  let day = startDate;
  let provisional = false;
  const visit = (d: string) => { if (!calendar.covers(yearOf(d))) provisional = true; };
  if (unit === 'workingDays') {
    for (let counted = 0; counted < value;) {
      day = addDays(day, 1);
      visit(day);
      if (calendar.isWorkingDay(day)) counted++;
    }
  } else {
    day = addDays(day, value);
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
