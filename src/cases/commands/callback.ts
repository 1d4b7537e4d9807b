import { and, eq } from 'drizzle-orm';
import { replies } from '../../../db/schema.js';
import type { Principal } from '../../auth/keys.js';
import { formatLocal } from '../../calendar/local-time.js';
import { conflict } from '../../errors.js';
import type { Services } from '../../services.js';
import { type ActionContext, type ActionRequest, runCaseAction } from './case-action.js';
import { queueOfficeMail } from './office-mail.js';

export const SATISFACTION = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;

export interface CallbackInput {
  resolved: boolean;
  satisfaction: (typeof SATISFACTION)[number];
  note?: string | undefined;
}

/**
 * 回访: an operator asks the reporter about the reply. An unsatisfied reporter reopens the case (重办)
 * with the re-handling limit counted from now, up to the policy's number of reopens; past it the
 * verdict is still recorded and the case waits for a supervisor, because refusing the callback
 * would lose the reporter's answer.
 */
export function recordCallback(services: Services, actor: Principal, request: ActionRequest, input: CallbackInput) {
  return runCaseAction(services, actor, 'callback', request, (c) => {
    const round = c.row.reopenCount + 1;
    const reply = c.tx.select().from(replies).where(and(eq(replies.caseId, c.row.id), eq(replies.round, round))).get();
    if (reply?.callbackAt) throw conflict('CALLBACK_ALREADY_RECORDED', `the reply of round ${round} already had its callback at ${formatLocal(reply.callbackAt)}`);
    if (reply) {
      c.tx.update(replies).set({ callbackAt: c.now, callbackBy: c.actor.keyId, resolved: input.resolved, satisfaction: input.satisfaction, callbackNote: input.note ?? null })
        .where(eq(replies.id, reply.id)).run();
    }
    const unsatisfied = input.satisfaction === 'unsatisfied';
    const maxCount = c.limits.rehandle.maxCount ?? 1;
    const reopen = unsatisfied && c.row.reopenCount < maxCount;
    c.transition('callback', {
      round, resolved: input.resolved, satisfaction: input.satisfaction, note: input.note ?? null,
      ...(unsatisfied && !reopen ? { reopened: false, refusal: 'REHANDLE_LIMIT_REACHED', reopenCount: c.row.reopenCount, maxCount } : {}),
    });
    if (reopen) reopenForRehandling(c, {});
  });
}

/**
 * 重办: the lead office handles the case again in a new round, the re-handling limit counted from
 * now; it is told by mail. After an unsatisfied callback, or a review that orders it (`after`).
 */
export function reopenForRehandling(c: ActionContext, cause: { after?: 'review' }): void {
  const round = c.row.reopenCount + 2;
  c.set({ reopenCount: c.row.reopenCount + 1, reopenedAt: c.now, closedAt: null });
  const due = c.refreshDeadlines(c.now);
  const lead = c.holders.find((h) => h.role === 'lead');
  if (lead) queueOfficeMail(c.tx, c.services, c.row, lead, 'reopen', { round, ...(cause.after === 'review' ? { review: true } : {}) }, c.now);
  c.transition('reopen', { round, ...cause, replyDueAt: due.replyDueAt ? formatLocal(due.replyDueAt) : null, limit: c.limits.rehandle });
}
