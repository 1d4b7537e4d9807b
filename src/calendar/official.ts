import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { CatalogueError } from '../catalogue/load.js';
import { FIRST_YEAR, LAST_YEAR } from './service-years.js';
import { type CalendarYear, WorkingCalendar } from './working-calendar.js';

const require = createRequire(import.meta.url);

/** chinese-days' data (2004–2026): dates of holidays and of make-up working days. */
function chineseDaysYears(): CalendarYear[] {
  const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
  const years = new Map<number, CalendarYear>();
  const yearEntry = (date: string) => {
    const year = Number(date.slice(0, 4));
    let entry = years.get(year);
    if (!entry) years.set(year, (entry = { year, holidays: [], workdays: [] }));
    return entry;
  };
  for (const date of Object.keys(data.holidays)) yearEntry(date).holidays.push(date);
  for (const date of Object.keys(data.workdays)) yearEntry(date).workdays.push(date);
  return [...years.values()];
}

const IsoDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
export const CalendarYearFile = Type.Object({
  year: Type.Integer({ minimum: FIRST_YEAR, maximum: LAST_YEAR }),
  source: Type.Optional(Type.String()),
  holidays: Type.Array(IsoDate),
  workdays: Type.Array(IsoDate),
}, { additionalProperties: false });

/**
 * Years an admin added under rules/calendar/<year>.yaml once the State Council published them;
 * they override chinese-days for that year.
 */
export function readCalendarYears(dir: string): CalendarYear[] {
  if (!existsSync(dir)) return [];
  const years: CalendarYear[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const file = join(dir, name);
    const value = parseYaml(readFileSync(file, 'utf8')) as unknown;
    const errors = [...Value.Errors(CalendarYearFile, value)];
    if (errors.length > 0) throw new CatalogueError(errors.slice(0, 10).map((e) => ({ file, path: e.path, message: e.message })));
    const year = value as CalendarYear;
    const stray = [...year.holidays, ...year.workdays].find((d) => Number(d.slice(0, 4)) !== year.year);
    if (stray) throw new CatalogueError([{ file, path: '', message: `date ${stray} is not in ${year.year}` }]);
    years.push({ year: year.year, holidays: year.holidays, workdays: year.workdays });
  }
  return years;
}

export function loadOfficialCalendar(calendarDir: string): WorkingCalendar {
  return new WorkingCalendar([...chineseDaysYears(), ...readCalendarYears(calendarDir)]);
}
