import { typedBound } from '../calendar/local-time.js';
import { SERVICE_END, SERVICE_START, YEARS_TEXT } from '../calendar/service-years.js';
import { invalidField } from '../errors.js';

export interface Period { from: Date; to: Date }

/**
 * `from` and `to` as dates (whole local days, both included: 2026-01-01 to 2026-12-31 is the year)
 * or as date-times with offset (`to` excluded).
 */
export function parsePeriod(from: string, to: string): Period {
  const start = typedBound(from).start;
  const end = typedBound(to).end;
  if (Number.isNaN(start.getTime())) throw invalidField('from', 'must be a date (2026-01-01) or an ISO-8601 date-time');
  if (Number.isNaN(end.getTime())) throw invalidField('to', 'must be a date (2026-12-31) or an ISO-8601 date-time');
  if (start < SERVICE_START || start > SERVICE_END) throw invalidField('from', `must lie in ${YEARS_TEXT}`);
  if (end < SERVICE_START || end > SERVICE_END) throw invalidField('to', `must lie in ${YEARS_TEXT}`);
  if (end <= start) throw invalidField('to', 'must be after from');
  return { from: start, to: end };
}

export function yearPeriod(year: number): Period {
  return parsePeriod(`${year}-01-01`, `${year}-12-31`);
}
