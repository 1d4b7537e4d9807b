import { and, eq } from 'drizzle-orm';
import { extensions } from '../../../db/schema.js';
import type { Principal } from '../../auth/keys.js';
import { formatLocal } from '../../calendar/local-time.js';
import { conflict, notFound } from '../../errors.js';
import { queueExtensionToReporter } from '../../notify/reporter-mail.js';
import type { Services } from '../../services.js';
import { type ActionRequest, runCaseAction } from './case-action.js';

export interface ExtensionDecisionInput {
  approve: boolean;
  note?: string | undefined;
}

/**
 * A supervisor approves or refuses an extension; approval moves the reply due time on by the days
 * asked, and the reporter is told why and until when (信访工作条例: 告知延期理由) — by mail when they
 * gave an address (not when confidential), and in the citizen lookup.
 */
export function decideExtension(services: Services, actor: Principal, request: ActionRequest, extensionId: number, input: ExtensionDecisionInput) {
  return runCaseAction(services, actor, 'decide-extension', request, (c) => {
    const extension = c.tx.select().from(extensions).where(and(eq(extensions.id, extensionId), eq(extensions.caseId, c.row.id))).get();
    if (!extension) throw notFound('EXTENSION_NOT_FOUND', `case ${c.row.id} has no extension ${extensionId}`);
    if (extension.state !== 'pending') throw conflict('EXTENSION_ALREADY_DECIDED', `extension ${extensionId} was already ${extension.state}`);
    const state = input.approve ? 'approved' as const : 'rejected' as const;
    c.tx.update(extensions).set({ state, decidedBy: c.actor.keyId, decidedAt: c.now, note: input.note ?? null, previousDueAt: c.row.replyDueAt })
      .where(eq(extensions.id, extensionId)).run();
    let newDueAt: Date | null = null;
    if (input.approve) {
      newDueAt = c.refreshDeadlines().replyDueAt;
      c.tx.update(extensions).set({ newDueAt }).where(eq(extensions.id, extensionId)).run();
      if (newDueAt) queueExtensionToReporter(c.tx, c.row, { reason: extension.reason, newDueAt }, c.now);
    }
    const time = (d: Date | null) => (d ? formatLocal(d) : null);
    c.transition('decide-extension', {
      extensionId: String(extensionId), approved: input.approve, note: input.note ?? null,
      previousDueAt: time(c.row.replyDueAt), newDueAt: time(newDueAt),
    });
  });
}
