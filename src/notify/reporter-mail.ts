import type { Db } from '../../db/connection.js';
import { outbox } from '../../db/schema.js';
import type { CaseRow } from '../cases/repository.js';

/**
 * Queues 答复告知 to the reporter in the caller's transaction, when the reporter gave an address and
 * is not confidential. Only the public reply goes in the payload: internal notes never reach it.
 * Returns whether a mail was queued. (For the reply command; the template is 'reply-to-reporter'.)
 */
export function queueReplyToReporter(
  db: Db, row: CaseRow, reply: { officeName: string; publicReply: string; repliedAt: Date }, now: Date,
): boolean {
  const address = row.reporterEmail?.trim();
  if (!address || row.reporterConfidential) return false;
  db.insert(outbox).values({
    caseId: row.id, channel: 'mail', template: 'reply-to-reporter', recipient: address,
    payload: { caseId: row.id, trackingCode: row.trackingCode, office: reply.officeName, publicReply: reply.publicReply, repliedAt: reply.repliedAt.toISOString() },
    nextAttemptAt: now, createdAt: now,
  }).run();
  return true;
}
