import type { Limits, TimeLimit } from '../catalogue/schema.js';
import { computeDueAt, type DueTime } from '../calendar/deadline.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { AWAITING_REPLY, type State } from './transitions.js';

/** What a case's due times follow from; the limits are the ones stored with its routing decision. */
export interface DeadlineFacts {
  limits: Limits;
  receivedAt: Date;
  /** When the lead office now holding the case was assigned; null while no office holds it. */
  assignedAt: Date | null;
  /** Start of the current re-handling round, if the case was reopened. */
  reopenedAt: Date | null;
  /** Approved extensions, oldest first. */
  approvedExtensions: ReadonlyArray<{ days: number; unit: TimeLimit['unit']; requestedAt: Date }>;
}

export interface CaseDeadlines {
  acceptDueAt: Date | null;
  signDueAt: Date | null;
  replyDueAt: Date | null;
  /** A due time runs into a year the official calendar does not cover yet. */
  provisional: boolean;
}

/**
 * Every due time of a case, replayed from its facts: sign and reply from the assignment, the reply
 * from the reopen instead when the case is re-handled (rehandle limit), then each extension of the
 * current round moving it on in the extension limit's unit. Recomputing after a calendar year is
 * added is the same replay.
 */
export function caseDeadlines(calendar: WorkingCalendar, f: DeadlineFacts): CaseDeadlines {
  const due: DueTime[] = [];
  const at = (start: Date | null, limit: Pick<TimeLimit, 'value' | 'unit'> | undefined) => {
    if (!start || !limit) return null;
    const d = computeDueAt(calendar, start, limit);
    due.push(d);
    return d.dueAt;
  };
  const acceptDueAt = at(f.receivedAt, f.limits.accept);
  const signDueAt = at(f.assignedAt, f.limits.sign);
  const roundStart = f.reopenedAt ?? f.assignedAt;
  let replyDueAt = at(roundStart, f.reopenedAt ? f.limits.rehandle : f.limits.reply);
  if (replyDueAt && roundStart) {
    for (const ext of f.approvedExtensions) {
      if (ext.requestedAt < roundStart) continue;
      replyDueAt = at(replyDueAt, { value: ext.days, unit: ext.unit });
    }
  }
  return { acceptDueAt, signDueAt, replyDueAt, provisional: due.some((d) => d.provisional) };
}

/** The last instant a return (退单) is accepted: the return limit counted from the assignment. */
export function returnDueAt(calendar: WorkingCalendar, assignedAt: Date, limits: Limits): Date {
  return computeDueAt(calendar, assignedAt, limits.return).dueAt;
}

const HOUR_MS = 3600_000;

export interface Overdue {
  sign: boolean;
  reply: boolean;
  /** Hours past the earliest missed due time, one decimal; null when nothing is overdue. */
  byHours: number | null;
}

/** Whether a case is overdue now: derived from its due times and its state, never stored. */
export function overdueOf(c: { status: string; signDueAt: Date | null; replyDueAt: Date | null }, now: Date): Overdue {
  const sign = c.status === 'assigned' && c.signDueAt !== null && now > c.signDueAt;
  const reply = AWAITING_REPLY.includes(c.status as State) && c.replyDueAt !== null && now > c.replyDueAt;
  const missed = [sign ? c.signDueAt : null, reply ? c.replyDueAt : null].filter((d): d is Date => d !== null);
  if (missed.length === 0) return { sign, reply, byHours: null };
  const earliest = Math.min(...missed.map((d) => d.getTime()));
  return { sign, reply, byHours: Math.floor((now.getTime() - earliest) / (HOUR_MS / 10)) / 10 };
}
