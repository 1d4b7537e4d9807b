import { FIRST_YEAR, SERVICE_START } from '../calendar/service-years.js';
import { invalidField } from '../errors.js';

/** A channel may be minutes late, never in the future: a clock skew beyond this is an input error. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** When the channel received the complaint: the time given, checked, or now. Intake and the dry run read it alike. */
export function parseReceivedAt(value: string | undefined, now: Date): Date {
  if (value === undefined) return now;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw invalidField('receivedAt', 'must be an ISO-8601 date-time with offset');
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw invalidField('receivedAt', 'lies in the future');
  if (at < SERVICE_START) throw invalidField('receivedAt', `lies before ${FIRST_YEAR}`);
  return at;
}
