import { and, eq } from 'drizzle-orm';
import { extensions, replies } from '../../../db/schema.js';
import type { Principal } from '../../auth/keys.js';
import { queueReplyToReporter } from '../../notify/reporter-mail.js';
import { invalidField } from '../../errors.js';
import { catalogueOf, type Services } from '../../services.js';
import { ATTACHMENT_KIND_LABELS, findAttachment } from '../attachments.js';
import { findCase } from '../repository.js';
import { type ActionRequest, runCaseAction } from './case-action.js';
import { mergedReports } from './merge.js';

export const SUBSTANTIATED = ['yes', 'partly', 'no'] as const;

export interface ReplyInput {
  result: string;
  /** 属实 / 部分属实 / 不属实 */
  substantiated: (typeof SUBSTANTIATED)[number];
  measures: string;
  publicReply: string;
  internalNotes?: string | undefined;
  /** The attachment holding the signed reply document (答复意见书); required where the catalogue says (12369). */
  documentId?: string | undefined;
}

/** 办结答复: the lead office answers once for the round, the public reply kept apart from internal text. */
export function replyCase(services: Services, actor: Principal, request: ActionRequest, input: ReplyInput) {
  return runCaseAction(services, actor, 'reply', request, (c) => {
    const lead = c.holders.find((h) => h.role === 'lead');
    const round = c.row.reopenCount + 1;
    const documentId = replyDocument(c.services, c.row, input.documentId, (id) => findAttachment(c.tx, c.row.id, id));
    const reply = c.tx.insert(replies).values({
      caseId: c.row.id, round,
      department: lead?.department ?? '', officeName: lead?.officeName ?? '',
      result: input.result, substantiated: input.substantiated, measures: input.measures,
      publicReply: input.publicReply, internalNotes: input.internalNotes ?? null,
      repliedBy: c.actor.keyId, repliedAt: c.now, documentId,
    }).returning().get();
    // 答复告知: the reporter hears the public reply by mail, if they gave an address and are not confidential.
    queueReplyToReporter(c.tx, c.row, reply, c.now);
    // 并单: the reporters whose reports joined this case are answered with it.
    for (const joined of mergedReports(c.tx, c.row.id)) {
      const report = findCase(c.tx, Number(joined.id));
      if (report) queueReplyToReporter(c.tx, report, reply, c.now);
    }
    // A reply ends the round: an extension still waiting for a decision has nothing left to extend.
    const lapsed = c.tx.update(extensions).set({ state: 'rejected', decidedAt: c.now, note: '已办结，延期申请失效' })
      .where(and(eq(extensions.caseId, c.row.id), eq(extensions.state, 'pending'))).returning({ id: extensions.id }).all();
    c.set({ repliedAt: c.now });
    const late = c.row.replyDueAt !== null && c.now > c.row.replyDueAt;
    c.transition('reply', {
      replyId: String(reply.id), round, late, ...input, internalNotes: input.internalNotes ?? null, documentId: documentId === null ? null : String(documentId),
      lapsedExtensions: lapsed.map((e) => String(e.id)),
    });
  });
}

/**
 * The reply document's attachment id: one of this case's attachments of kind reply-document, or
 * null where none is given and the case's channel does not need one (jurisdiction.yaml closure).
 */
function replyDocument(services: Services, row: { id: number; jurisdiction: string; channel: string }, given: string | undefined,
  find: (id: number) => { kind: keyof typeof ATTACHMENT_KIND_LABELS } | undefined): number | null {
  if (given === undefined) {
    if (!catalogueOf(services, row.jurisdiction).catalogue.replyDocumentChannels.includes(row.channel)) return null;
    throw invalidField('documentId', `a ${row.channel} case is closed with the signed reply document (答复意见书): upload it (POST /api/v1/complaints/${row.id}/attachments?kind=reply-document&filename=…) and give its id`);
  }
  const attachment = find(Number(given));
  if (!attachment) throw invalidField('documentId', `case ${row.id} has no attachment ${given}`);
  if (attachment.kind !== 'reply-document') throw invalidField('documentId', `attachment ${given} is ${ATTACHMENT_KIND_LABELS[attachment.kind]} (${attachment.kind}), not the reply document (reply-document)`);
  return Number(given);
}
