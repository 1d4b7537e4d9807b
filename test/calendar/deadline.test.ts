import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { tempDir } from '../helpers/temp.js';
import { computeDueAt, workingDaysBetween } from '../../src/calendar/deadline.js';
import { formatLocal } from '../../src/calendar/local-time.js';
import { loadOfficialCalendar } from '../../src/calendar/official.js';

const calendar = loadOfficialCalendar('/nonexistent');
const due = (start: string, value: number, unit: 'workingDays' | 'calendarDays' | 'hours') => {
  const result = computeDueAt(calendar, new Date(start), { value, unit });
  return { at: formatLocal(result.dueAt), provisional: result.provisional };
};

t.test('National Day 2026: the seven holidays do not count, the make-up Sundays and Saturdays do', async (t) => {
  t.same(due('2026-09-30T15:00:00+08:00', 1, 'workingDays'), { at: '2026-10-08T23:59:59+08:00', provisional: false }, 'sign limit across the holiday');
  t.same(due('2026-09-19T10:00:00+08:00', 1, 'workingDays'), { at: '2026-09-20T23:59:59+08:00', provisional: false }, 'Sunday 09-20 is a make-up working day');
  t.same(due('2026-10-09T17:00:00+08:00', 1, 'workingDays'), { at: '2026-10-10T23:59:59+08:00', provisional: false }, 'Saturday 10-10 is a make-up working day');
  t.same(due('2026-09-28T09:00:00+08:00', 15, 'workingDays').at, '2026-10-23T23:59:59+08:00', '15 working days straddling the holiday');
});

t.test('Spring Festival 2026: received on a holiday, the clock starts on the next working day', async (t) => {
  t.same(due('2026-02-13T16:00:00+08:00', 1, 'workingDays').at, '2026-02-14T23:59:59+08:00', 'Saturday 02-14 is a make-up working day');
  t.same(due('2026-02-14T11:00:00+08:00', 1, 'workingDays').at, '2026-02-24T23:59:59+08:00', 'nine days of holiday skipped');
  t.same(due('2026-02-16T10:00:00+08:00', 1, 'workingDays').at, '2026-02-24T23:59:59+08:00', 'received on a holiday: the first working day counts in full');
  t.same(due('2026-02-16T10:00:00+08:00', 5, 'workingDays').at, '2026-02-28T23:59:59+08:00', 'Saturday 02-28 is a make-up working day');
});

t.test('the day of receipt never counts, even one minute before midnight', async (t) => {
  t.same(due('2026-11-18T23:59:00+08:00', 1, 'workingDays').at, '2026-11-19T23:59:59+08:00');
  t.same(due('2026-11-19T00:00:00+08:00', 1, 'workingDays').at, '2026-11-20T23:59:59+08:00', 'one minute later is the next day');
  t.same(due('2026-11-18T16:00:00Z', 1, 'workingDays').at, '2026-11-20T23:59:59+08:00', '16:00 UTC is already midnight of the next day in Shanghai');
});

t.test('calendar days ending on a rest day move to the next working day', async (t) => {
  t.same(due('2026-08-02T10:00:00+08:00', 60, 'calendarDays').at, '2026-10-08T23:59:59+08:00', 'day 60 is 10-01, National Day');
  t.same(due('2026-08-03T10:00:00+08:00', 15, 'calendarDays').at, '2026-08-18T23:59:59+08:00', 'an ordinary Tuesday stays');
});

t.test('hour limits count clock hours through nights and holidays', async (t) => {
  t.same(due('2026-10-01T23:30:00+08:00', 2, 'hours'), { at: '2026-10-02T01:30:00+08:00', provisional: false });
});

t.test('a limit that runs into a year without official data is provisional', async (t) => {
  t.same(due('2026-12-28T10:00:00+08:00', 15, 'workingDays'), { at: '2027-01-18T23:59:59+08:00', provisional: true });
  t.same(due('2026-12-10T10:00:00+08:00', 5, 'workingDays').provisional, false, 'ends within 2026');
});

t.test('a year added as data replaces the fallback and ends provisionality', async (t) => {
  const dir = tempDir(t, 'calendar-');
  // A hypothetical schedule, as an admin would add it once published.
  writeFileSync(join(dir, '2027.yaml'), 'year: 2027\nholidays: [2027-01-01, 2027-01-04]\nworkdays: [2027-01-09]\n');
  const extended = loadOfficialCalendar(dir);
  const result = computeDueAt(extended, new Date('2026-12-31T10:00:00+08:00'), { value: 2, unit: 'workingDays' });
  t.equal(formatLocal(result.dueAt), '2027-01-06T23:59:59+08:00', '01-01 and 01-04 are holidays, the weekend rests');
  t.equal(result.provisional, false);
  const saturday = computeDueAt(extended, new Date('2027-01-08T10:00:00+08:00'), { value: 1, unit: 'workingDays' });
  t.equal(formatLocal(saturday.dueAt), '2027-01-09T23:59:59+08:00', 'the added make-up Saturday works');
});

t.test('a due time computed before a year is added is computed again after it', async (t) => {
  // Due times are kept per start day: the same calendar object, changed in place, must not answer from before.
  const live = loadOfficialCalendar('/nonexistent');
  const start = new Date('2026-12-31T10:00:00+08:00');
  const before = computeDueAt(live, start, { value: 2, unit: 'workingDays' });
  t.same({ at: formatLocal(before.dueAt), provisional: before.provisional }, { at: '2027-01-04T23:59:59+08:00', provisional: true }, 'weekdays only, provisional');
  live.addYear({ year: 2027, holidays: ['2027-01-01', '2027-01-04'], workdays: [] });
  const after = computeDueAt(live, start, { value: 2, unit: 'workingDays' });
  t.same({ at: formatLocal(after.dueAt), provisional: after.provisional }, { at: '2027-01-06T23:59:59+08:00', provisional: false }, 'the added holidays count');
  const calendarDays = computeDueAt(live, new Date('2026-12-02T10:00:00+08:00'), { value: 30, unit: 'calendarDays' });
  t.equal(formatLocal(calendarDays.dueAt), '2027-01-05T23:59:59+08:00', 'day 30 is the holiday 01-01, then the weekend and 01-04 rest');
  // One start day, answers kept apart by unit and by value.
  const monday = new Date('2026-08-03T10:00:00+08:00');
  t.equal(formatLocal(computeDueAt(live, monday, { value: 15, unit: 'calendarDays' }).dueAt), '2026-08-18T23:59:59+08:00');
  t.equal(formatLocal(computeDueAt(live, monday, { value: 15, unit: 'workingDays' }).dueAt), '2026-08-24T23:59:59+08:00', 'same day and value, other unit');
  t.equal(formatLocal(computeDueAt(live, monday, { value: 5, unit: 'workingDays' }).dueAt), '2026-08-10T23:59:59+08:00', 'same day and unit, other value');
});

t.test('a calendar file with a date outside its year is refused', async (t) => {
  const dir = tempDir(t, 'calendar-');
  writeFileSync(join(dir, '2027.yaml'), 'year: 2027\nholidays: [2028-01-01]\nworkdays: []\n');
  t.throws(() => loadOfficialCalendar(dir), /2028-01-01 is not in 2027/);
});

t.test('working days between two instants skip the holiday', async (t) => {
  t.equal(workingDaysBetween(calendar, new Date('2026-09-30T09:00:00+08:00'), new Date('2026-10-09T09:00:00+08:00')), 2, '10-08 and 10-09');
});
