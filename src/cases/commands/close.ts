import { and, eq } from 'drizzle-orm';
import { replies } from '../../../db/schema.js';
import type { Principal } from '../../auth/keys.js';
import { conflict } from '../../errors.js';
import type { Services } from '../../services.js';
import { type ActionRequest, runCaseAction } from './case-action.js';

export interface CloseInput {
  note?: string | undefined;
}

/**
 * 核查销号: a supervisor verifies and closes a replied case. The reporter's callback must be on
 * record first, unless the reporter left no way to be called back.
 */
export function closeCase(services: Services, actor: Principal, request: ActionRequest, input: CloseInput) {
  return runCaseAction(services, actor, 'close', request, (c) => {
    const round = c.row.reopenCount + 1;
    const reply = c.tx.select().from(replies).where(and(eq(replies.caseId, c.row.id), eq(replies.round, round))).get();
    const reachable = Boolean(c.row.reporterPhone || c.row.reporterEmail);
    if (reachable && !reply?.callbackAt) throw conflict('CALLBACK_REQUIRED', 'record the callback (回访) of the reply before closing the case');
    c.set({ closedAt: c.now });
    c.transition('close', { note: input.note ?? null, round, satisfaction: reply?.satisfaction ?? null, calledBack: Boolean(reply?.callbackAt) });
  });
}
