import { weekday, yearOf } from './local-time.js';

export interface CalendarYear {
  year: number;
  /** Official public holidays (法定节假日 and the rest days joined to them). */
  holidays: string[];
  /** Weekend days that are working days (调休 make-up days). */
  workdays: string[];
}

/**
 * China's official working-day calendar: weekdays work, weekends rest, except the State Council's
 * holidays and make-up working days. Years without official data fall back to weekdays, and
 * `covers` tells callers so they can mark due times provisional.
 */
export class WorkingCalendar {
  private readonly holidays = new Set<string>();
  private readonly workdays = new Set<string>();
  private readonly years = new Set<number>();
  /** Counts the changes of the calendar: what was computed from an older revision is stale. */
  revision = 0;

  constructor(years: Iterable<CalendarYear>) {
    for (const y of years) this.addYear(y);
  }

  addYear(year: CalendarYear): void {
    for (const d of [...this.holidays]) if (yearOf(d) === year.year) this.holidays.delete(d);
    for (const d of [...this.workdays]) if (yearOf(d) === year.year) this.workdays.delete(d);
    for (const d of year.holidays) this.holidays.add(d);
    for (const d of year.workdays) this.workdays.add(d);
    this.years.add(year.year);
    this.revision++;
  }

  covers(year: number): boolean {
    return this.years.has(year);
  }

  coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  isWorkingDay(date: string): boolean {
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const day = weekday(date);
    return day !== 0 && day !== 6;
  }
}
