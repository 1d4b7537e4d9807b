import type { Db } from '../../db/connection.js';
import { insertReturningId } from '../../db/prepared.js';
import { outbox } from '../../db/schema.js';
import type { CaseRow } from '../cases/repository.js';

/**
 * Mail to the reporter, queued in the caller's transaction, when the reporter gave an address and is
 * not confidential. Returns whether a mail was queued. Payloads carry only what the reporter may
 * read: internal notes and measures never reach them.
 */
/** Notices to reporters go after offices' work when mail backs up (outbox.priority). */
export const REPORTER_PRIORITY = 1;

function queueReporterMail(db: Db, row: CaseRow, template: string, payload: Record<string, unknown>, now: Date): boolean {
  const address = row.reporterEmail?.trim();
  if (!address || row.reporterConfidential) return false;
  // A prepared insert: intake, on the hot path, queues the acceptance notice through here.
  insertReturningId(db, outbox, 'outbox', {
    caseId: row.id, channel: 'mail', template, recipient: address,
    payload: { caseId: row.id, trackingCode: row.trackingCode, ...payload },
    nextAttemptAt: now, createdAt: now, priority: REPORTER_PRIORITY,
  });
  return true;
}

/**
 * 受理告知 (template 'acceptance-to-reporter'): the case was taken and given to `office`. The worker adds
 * the reply due time from the case when it sends (OutboxWorker.withCaseFacts). Never the access code:
 * it is stored only hashed, and the operator gives it to the reporter.
 */
export function queueAcceptanceToReporter(db: Db, row: CaseRow, office: string, now: Date): boolean {
  return queueReporterMail(db, row, 'acceptance-to-reporter', { office }, now);
}

/** 答复告知 (template 'reply-to-reporter'): the public reply, for the reply command. */
export function queueReplyToReporter(
  db: Db, row: CaseRow, reply: { officeName: string; publicReply: string; repliedAt: Date }, now: Date,
): boolean {
  return queueReporterMail(db, row, 'reply-to-reporter', { office: reply.officeName, publicReply: reply.publicReply, repliedAt: reply.repliedAt.toISOString() }, now);
}

/** 延期办理告知 (template 'extension-to-reporter'): the approved extension's reason and the new reply due time. */
export function queueExtensionToReporter(db: Db, row: CaseRow, extension: { reason: string; newDueAt: Date }, now: Date): boolean {
  return queueReporterMail(db, row, 'extension-to-reporter', { reason: extension.reason, replyDueAt: extension.newDueAt.toISOString() }, now);
}

/** 不予受理告知 (template 'rejection-to-reporter'): why the case was not taken and where to turn, for the reject command. */
export function queueRejectionToReporter(db: Db, row: CaseRow, rejection: { reason: string; guidance: string }, now: Date): boolean {
  return queueReporterMail(db, row, 'rejection-to-reporter', { reason: rejection.reason, guidance: rejection.guidance }, now);
}

/** 并案告知 (template 'merge-to-reporter'): the report joined the case of the same problem, `into`, for the merge command. */
export function queueMergeToReporter(db: Db, row: CaseRow, into: string, now: Date): boolean {
  return queueReporterMail(db, row, 'merge-to-reporter', { into }, now);
}

/** 撤销并案告知 (template 'unmerge-to-reporter'): the report left the case `from` and is handled on its own, for the unmerge command. */
export function queueUnmergeToReporter(db: Db, row: CaseRow, from: string, now: Date): boolean {
  return queueReporterMail(db, row, 'unmerge-to-reporter', { from }, now);
}

/** 复查意见告知 (template 'review-decision-to-reporter'): the review's outcome and opinion, for the decide-review command. */
export function queueReviewDecisionToReporter(db: Db, row: CaseRow, decision: { outcome: string; opinion: string }, now: Date): boolean {
  return queueReporterMail(db, row, 'review-decision-to-reporter', { outcome: decision.outcome, opinion: decision.opinion }, now);
}
