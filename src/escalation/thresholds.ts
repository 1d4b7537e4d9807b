import { computeDueAt } from '../calendar/deadline.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { AWAITING_REPLY, type State } from '../cases/transitions.js';

/** The escalation steps the scheduler takes by itself (催办, 督办, 通报). */
export const ESCALATIONS = ['sign-reminder', 'reply-reminder', 'supervision-order', 'public-notice'] as const;
export type EscalationKind = (typeof ESCALATIONS)[number];

export const ESCALATION_LABELS: Record<EscalationKind, string> = {
  'sign-reminder': '催办（超期未签收）',
  'reply-reminder': '催办（一个工作日内到期）',
  'supervision-order': '督办（超期未办结）',
  'public-notice': '通报（超期五个工作日以上）',
};

export interface OpenCaseDeadlines {
  status: string;
  signDueAt: Date | null;
  replyDueAt: Date | null;
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
 * - reply overdue by more than five working days → public notice.
 */
export function dueEscalations(c: OpenCaseDeadlines, now: Date, calendar: WorkingCalendar): DueEscalation[] {
  const due: DueEscalation[] = [];
  if (c.status === 'assigned' && c.signDueAt && now > c.signDueAt) due.push({ kind: 'sign-reminder', dueAt: c.signDueAt });
  if (!AWAITING_REPLY.includes(c.status as State) || !c.replyDueAt) return due;
  const reply = c.replyDueAt;
  if (now <= reply) {
    if (computeDueAt(calendar, now, { value: 1, unit: 'workingDays' }).dueAt >= reply) due.push({ kind: 'reply-reminder', dueAt: reply });
    return due;
  }
  due.push({ kind: 'supervision-order', dueAt: reply });
  if (now > computeDueAt(calendar, reply, { value: PUBLIC_NOTICE_AFTER_WORKING_DAYS, unit: 'workingDays' }).dueAt) {
    due.push({ kind: 'public-notice', dueAt: reply });
  }
  return due;
}
