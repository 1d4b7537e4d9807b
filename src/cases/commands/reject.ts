import type { Principal } from '../../auth/keys.js';
import { queueRejectionToReporter } from '../../notify/reporter-mail.js';
import type { RejectReason } from '../reject-reasons.js';
import type { Services } from '../../services.js';
import { type ActionRequest, runCaseAction } from './case-action.js';

export interface RejectInput {
  reason: RejectReason;
  /** What the reporter is told: where to turn instead, what is missing. */
  guidance: string;
}

/**
 * 不予受理: the case is not taken; the reporter is told why and where to go — by mail when they gave
 * an address (and are not confidential), and in the citizen lookup in any case.
 */
export function rejectCase(services: Services, actor: Principal, request: ActionRequest, input: RejectInput) {
  return runCaseAction(services, actor, 'reject', request, (c) => {
    c.transition('reject', { reason: input.reason, guidance: input.guidance });
    queueRejectionToReporter(c.tx, c.row, input, c.now);
  });
}
