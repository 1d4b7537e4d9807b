import { desc, eq } from 'drizzle-orm';
import { replies } from '../../../db/schema.js';
import type { Db } from '../../../db/connection.js';
import { cached } from '../../../db/prepared.js';
import type { Principal } from '../../auth/keys.js';
import { computeDueAt } from '../../calendar/deadline.js';
import { formatLocal } from '../../calendar/local-time.js';
import type { Channel, Kind, Limits, TimeLimit, Urgency } from '../../catalogue/schema.js';
import { conflict } from '../../errors.js';
import { queueReviewDecisionToReporter } from '../../notify/reporter-mail.js';
import { resolveLimits } from '../../routing/time-limits.js';
import { catalogueOf, type Services } from '../../services.js';
import type { CaseRow } from '../repository.js';
import { type ActionRequest, runCaseAction } from './case-action.js';
import { reopenForRehandling } from './callback.js';

export const REVIEW_OUTCOMES = ['upheld', 'rehandle'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export interface ReviewRequestInput {
  /** What the reporter disputes in the handling. */
  reason: string;
}

export interface ReviewDecisionInput {
  /** upheld: 维持原处理意见, the case closes; rehandle: 责令重新办理, the lead office handles it again. */
  outcome: ReviewOutcome;
  /** 复查意见: written for the reporter, who is sent it. */
  opinion: string;
}

/**
 * 复查申请: the reporter of a 12369 (信访) case, not satisfied with the handling, asks for review within
 * the policy's window after the reply (信访工作条例: 30 days), taken by the hotline; the review is to
 * be answered within the policy's reviewReply limit (30 days). Once per case: a further 复核 lies
 * with the next level of government, outside this service. Channels whose policy has no review
 * limit (12345: an unsatisfied callback reopens the case instead) refuse it.
 */
export function requestReview(services: Services, actor: Principal, request: ActionRequest, input: ReviewRequestInput) {
  return runCaseAction(services, actor, 'request-review', request, (c) => {
    const { window, answer } = reviewLimits(services, c.row, c.limits);
    if (!window || !answer) {
      throw conflict('REVIEW_NOT_AVAILABLE', `复查 applies to cases whose policy gives a review window (12369); a ${c.row.channel} case is reopened by an unsatisfied callback instead`);
    }
    if (latestReviewRequest(c.tx, c.row.id)) throw conflict('REVIEW_ALREADY_REQUESTED', 'this case had its 复查; a further 复核 lies with the next level of government');
    const reply = latestReply(c.tx, c.row.id);
    // Cannot happen through the API (replied and closed cases have a reply); kept so a hand-edited row is a 409, not a 500.
    if (!reply) throw conflict('REVIEW_NOT_AVAILABLE', 'the case has no reply to review');
    const windowEnd = computeDueAt(services.calendar, reply.repliedAt, window).dueAt;
    if (c.now > windowEnd) {
      throw conflict('REVIEW_WINDOW_CLOSED', `the review window (${window.value} ${window.unit} from the reply of ${formatLocal(reply.repliedAt)}) closed at ${formatLocal(windowEnd)}`);
    }
    const dueAt = computeDueAt(services.calendar, c.now, answer).dueAt;
    c.transition('request-review', { reason: input.reason, reviewDueAt: formatLocal(dueAt), limit: answer });
  });
}

/**
 * 复查意见: a supervisor answers the review. Upheld, the case closes with the handling as it was;
 * rehandle, the lead office handles it again as after an unsatisfied callback (a new round, the
 * re-handling limit from now, counted in 重办率). The reporter is sent the opinion either way.
 */
export function decideReview(services: Services, actor: Principal, request: ActionRequest, input: ReviewDecisionInput) {
  return runCaseAction(services, actor, 'decide-review', request, (c) => {
    const dueAt = reviewDueAtOf(latestReviewRequest(c.tx, c.row.id) ?? {});
    const late = dueAt !== null && c.now > dueAt;
    // late: answered after its due time, recorded for supervisors' own accounting.
    c.transition('decide-review', { outcome: input.outcome, opinion: input.opinion, late });
    queueReviewDecisionToReporter(c.tx, c.row, input, c.now);
    if (input.outcome === 'upheld') {
      c.set({ closedAt: c.now });
      c.transition('uphold', { opinion: input.opinion });
      return;
    }
    reopenForRehandling(c, { after: 'review' });
  });
}

/** The review limits of the case: as stored at intake, or for a case taken before they existed, the policy's now. */
function reviewLimits(services: Services, row: CaseRow, stored: Limits): { window?: TimeLimit | undefined; answer?: TimeLimit | undefined } {
  if (stored.review || stored.reviewReply) return { window: stored.review, answer: stored.reviewReply };
  const { catalogue } = catalogueOf(services, row.jurisdiction);
  const matter = row.matterCode ? catalogue.mattersByCode.get(row.matterCode) : undefined;
  const current = resolveLimits(catalogue.timeLimits, {
    channel: row.channel as Channel, kind: row.kind as Kind, urgency: row.urgency as Urgency, timeLimitClass: matter?.timeLimitClass ?? 'standard',
  });
  return { window: current.review, answer: current.reviewReply };
}

const latestReply = (db: Db, caseId: number) =>
  db.select({ repliedAt: replies.repliedAt }).from(replies).where(eq(replies.caseId, caseId)).orderBy(desc(replies.round)).limit(1).get();

/**
 * Until when the reporter may still ask for 复查, as the request command judges it: a replied or
 * closed case of a channel with a review window, not reviewed yet, within the window. null otherwise.
 */
export function reviewOpenUntil(services: Services, row: CaseRow, now: Date): Date | null {
  if (row.status !== 'replied' && row.status !== 'closed') return null;
  const { window, answer } = reviewLimits(services, row, (row.decision as { routing: { limits: Limits } }).routing.limits);
  if (!window || !answer || latestReviewRequest(services.db, row.id)) return null;
  const reply = latestReply(services.db, row.id);
  if (!reply) return null;
  const end = computeDueAt(services.calendar, reply.repliedAt, window).dueAt;
  return now > end ? null : end;
}

/** When the review is to be answered: computed once at the request and recorded in its event's payload. */
export const reviewDueAtOf = (payload: Record<string, unknown>): Date | null =>
  (typeof payload.reviewDueAt === 'string' ? new Date(payload.reviewDueAt) : null);

/** When the case's 复查 is to be answered, from its request; null without one. */
export const reviewAnswerDueAt = (db: Db, caseId: number): Date | null => reviewDueAtOf(latestReviewRequest(db, caseId) ?? {});

/** The payload of the case's review request, if it had one. */
function latestReviewRequest(db: Db, caseId: number): Record<string, unknown> | undefined {
  const payload = cached(db, 'latest-review-request', () => db.$client.prepare(
    "SELECT payload FROM events WHERE case_id = ? AND action = 'request-review' ORDER BY id DESC LIMIT 1").pluck()).get(caseId) as string | undefined;
  return payload === undefined ? undefined : JSON.parse(payload) as Record<string, unknown>;
}
