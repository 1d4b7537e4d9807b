import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml } from 'yaml';
import { CatalogueError } from '../catalogue/load.js';
import { weekday } from './local-time.js';
import { CalendarYearFile } from './official.js';
import type { CalendarYear } from './working-calendar.js';

/** Reads and checks one year of the State Council's schedule, as an admin hands it in. */
export function readCalendarYearFile(file: string): CalendarYear {
  const value = parseYaml(readFileSync(file, 'utf8')) as unknown;
  const errors = [...Value.Errors(CalendarYearFile, value)];
  if (errors.length > 0) throw new CatalogueError(errors.slice(0, 10).map((e) => ({ file, path: e.path, message: e.message })));
  const year = value as CalendarYear;
  const problem = (path: string, message: string) => new CatalogueError([{ file, path, message }]);
  for (const [field, dates] of [['holidays', year.holidays], ['workdays', year.workdays]] as const) {
    for (const [i, date] of dates.entries()) {
      if (Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) throw problem(`/${field}/${i}`, `${date} is not a date`);
      if (Number(date.slice(0, 4)) !== year.year) throw problem(`/${field}/${i}`, `date ${date} is not in ${year.year}`);
    }
  }
  const both = year.holidays.find((d) => year.workdays.includes(d));
  if (both) throw problem('/workdays', `${both} is listed both as a holiday and as a make-up working day`);
  // 调休 make-up days are weekends by definition; a weekday here is a typo that would go unnoticed.
  const weekdayMakeUp = year.workdays.findIndex((d) => weekday(d) !== 0 && weekday(d) !== 6);
  if (weekdayMakeUp >= 0) throw problem(`/workdays/${weekdayMakeUp}`, `${year.workdays[weekdayMakeUp]} is a weekday, already a working day`);
  return { year: year.year, holidays: year.holidays, workdays: year.workdays };
}

/** Checks the file and copies it to rules/calendar/<year>.yaml, where the service reads its calendar at start. */
export function installCalendarYear(calendarDir: string, file: string): { year: number; target: string; replaced: boolean } {
  const { year } = readCalendarYearFile(file);
  const target = join(calendarDir, `${year}.yaml`);
  const replaced = existsSync(target);
  mkdirSync(calendarDir, { recursive: true });
  copyFileSync(file, target);
  return { year, target, replaced };
}
