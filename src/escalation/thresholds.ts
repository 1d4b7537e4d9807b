import { computeDueAt } from '../calendar/deadline.js';
import { localDayNumber, startOfLocalDayNumber } from '../calendar/local-time.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { AWAITING_REPLY, type State } from '../cases/transitions.js';

/** The escalation steps the scheduler takes by itself (催办, 督办, 通报). */
export const ESCALATIONS = ['sign-reminder', 'reply-reminder', 'supervision-order', 'public-notice', 'review-reminder', 'review-overdue'] as const;
export type EscalationKind = (typeof ESCALATIONS)[number];

export const ESCALATION_LABELS: Record<EscalationKind, string> = {
  'sign-reminder': '催办（超期未签收）',
  'reply-reminder': '催办（一个工作日内到期）',
  'supervision-order': '督办（超期未办结）',
  'public-notice': '通报（超期五个工作日以上）',
  'review-reminder': '催办（复查一个工作日内到期）',
  'review-overdue': '督办（复查超期未答复）',
};

export interface OpenCaseDeadlines {
  status: string;
  signDueAt: Date | null;
  replyDueAt: Date | null;
  /** When a requested 复查 is to be answered (the request's event has it); for a case in review. */
  reviewDueAt?: Date | null | undefined;
}

export interface DueEscalation {
  kind: EscalationKind;
  /** The due time the step is about: a step fires once per case and due time. */
  dueAt: Date;
}

/** Working days past the reply due time after which a case is listed for public notice. */
export const PUBLIC_NOTICE_AFTER_WORKING_DAYS = 5;

/**
 * Which escalation steps a case has reached at `now` (pure):
 * - sign limit passed and not signed → reminder to the department;
 * - reply due within one working day → reminder;
 * - reply overdue → supervision order to the department and the supervisors;
 * - reply overdue by more than five working days → public notice;
 * - a 复查 to be answered within one working day → reminder to the supervisors, who answer it; past
 *   its answer time → an overdue notice to them.
 */
export function dueEscalations(c: OpenCaseDeadlines, now: Date, calendar: WorkingCalendar): DueEscalation[] {
  const due: DueEscalation[] = [];
  if (c.status === 'review' && c.reviewDueAt) {
    const review = c.reviewDueAt;
    if (now > review) due.push({ kind: 'review-overdue', dueAt: review });
    else if (replyReminderHorizon(now, calendar) >= review) due.push({ kind: 'review-reminder', dueAt: review });
    return due;
  }
  if (c.status === 'assigned' && c.signDueAt && now > c.signDueAt) due.push({ kind: 'sign-reminder', dueAt: c.signDueAt });
  if (!AWAITING_REPLY.includes(c.status as State) || !c.replyDueAt) return due;
  const reply = c.replyDueAt;
  if (now <= reply) {
    if (replyReminderHorizon(now, calendar) >= reply) due.push({ kind: 'reply-reminder', dueAt: reply });
    return due;
  }
  due.push({ kind: 'supervision-order', dueAt: reply });
  if (now > publicNoticeDueAt(reply, calendar)) due.push({ kind: 'public-notice', dueAt: reply });
  return due;
}

/** Due-time bounds at one instant; see escalationBounds. */
export interface EscalationBounds {
  now: Date;
  replyReminderUntil: Date;
  publicNoticeBefore: Date;
}

/** How far back the search for publicNoticeBefore goes; real calendars need about three weeks at most. */
const NOTICE_SEARCH_DAYS = 400;

/**
 * The rules of dueEscalations as due-time bounds at `now`, for a query over the (status, due time)
 * indexes: a sign reminder for a sign due time before `now`; a reply reminder for a reply due time
 * in [now, replyReminderUntil]; a supervision order for one before `now`; a public notice for one
 * before publicNoticeBefore. test/escalation/pending.test.ts holds the two to the same answers.
 */
export function escalationBounds(now: Date, calendar: WorkingCalendar): EscalationBounds {
  // A public notice is due when `now` is past the fifth working day after the reply due time's day;
  // that day moves forward with the due day, so the listed due times are those before the start of
  // the first day whose fifth working day is not yet over. Walking back from today finds it.
  const today = localDayNumber(now);
  let day = today - 1;
  while (day > today - NOTICE_SEARCH_DAYS && publicNoticeDueAt(startOfLocalDayNumber(day), calendar) >= now) day -= 1;
  // Not found in the search (no real calendar does this): older due times count as listed, so the
  // bound errs towards asking too much (the scheduler re-checks each case), never too little.
  return { now, replyReminderUntil: replyReminderHorizon(now, calendar), publicNoticeBefore: startOfLocalDayNumber(day + 1) };
}

/** A reply due by this time is reminded: the end of the next working day. */
function replyReminderHorizon(now: Date, calendar: WorkingCalendar): Date {
  return computeDueAt(calendar, now, { value: 1, unit: 'workingDays' }).dueAt;
}

/** After this time a reply due at `reply` is listed for public notice; it depends only on the due time's local day. */
function publicNoticeDueAt(reply: Date, calendar: WorkingCalendar): Date {
  return computeDueAt(calendar, reply, { value: PUBLIC_NOTICE_AFTER_WORKING_DAYS, unit: 'workingDays' }).dueAt;
}
