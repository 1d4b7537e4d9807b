/** Asia/Shanghai has no daylight saving: local time is UTC+8 all year, so plain offset arithmetic is exact. */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The local calendar date (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function localDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of an instant's local date: a number to key on, without formatting a date. */
export function localDayNumber(instant: Date): number {
  return Math.floor((instant.getTime() + OFFSET_MS) / DAY_MS);
}

/** The first instant (local midnight) of a day number from localDayNumber. */
export function startOfLocalDayNumber(day: number): Date {
  return new Date(day * DAY_MS - OFFSET_MS);
}

/** The YYYY-MM-DD of a day number from localDayNumber. */
export function dayOfNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The last second of a local day: a limit counted in days runs to the end of its last day. */
export function endOfLocalDay(date: string): Date {
  return new Date(Date.parse(`${date}T23:59:59+08:00`));
}

/** ISO-8601 with the +08:00 offset, as shown to people in China. */
export function formatLocal(instant: Date): string {
  const local = new Date(instant.getTime() + OFFSET_MS).toISOString();
  const millis = local.slice(19, 23) === '.000' ? '' : local.slice(19, 23);
  return `${local.slice(0, 19)}${millis}+08:00`;
}

/** 2026年11月22日 10:30, Beijing time, as pages and mails write a time for people. */
export function chineseDateTime(instant: Date): string {
  const iso = formatLocal(instant);
  return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日 ${iso.slice(11, 16)}`;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

const TYPED_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A filter bound typed as a day (2026-11-01) or as a date-time with offset, as the instants that
 * bound it: a day runs from its Beijing-time midnight to the next one (`end` exclusive); a date-time
 * is both. Invalid dates come back as Invalid Date, for the caller to name its field.
 */
export function typedBound(value: string): { start: Date; end: Date } {
  if (!TYPED_DAY.test(value)) return { start: new Date(value), end: new Date(value) };
  const start = new Date(`${value}T00:00:00+08:00`);
  return { start, end: new Date(start.getTime() + DAY_MS) };
}
