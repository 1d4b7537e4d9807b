import type { Principal } from '../../auth/keys.js';
import type { Services } from '../../services.js';
import { type ActionRequest, runCaseAction } from './case-action.js';

export const REJECT_REASONS = ['out_of_scope', 'insufficient_information', 'other_procedure', 'duplicate'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface RejectInput {
  reason: RejectReason;
  /** What the reporter is told: where to turn instead, what is missing. */
  guidance: string;
}

/** 不予受理: the case is not taken; the reporter is told why and where to go. */
export function rejectCase(services: Services, actor: Principal, request: ActionRequest, input: RejectInput) {
  return runCaseAction(services, actor, 'reject', request, (c) => {
    c.transition('reject', { reason: input.reason, guidance: input.guidance });
  });
}
