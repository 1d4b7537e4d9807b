import type { Principal } from '../../auth/keys.js';
import type { Services } from '../../services.js';
import { hashAccessCode, newAccessCode } from '../codes.js';
import { type ActionRequest, runCaseAction } from './case-action.js';

export interface ReissueInput {
  /** How the caller was recognised as the reporter, for the record (来电核实身份后补发). */
  reason: string;
}

/**
 * 补发提取码: a new access code for a reporter who lost theirs (or whose code an import's lost answer
 * carried), given once in the answer and stored only hashed; the old one stops working. The event
 * records who gave it and why, never the code.
 */
export function reissueAccessCode(services: Services, actor: Principal, request: ActionRequest, input: ReissueInput) {
  return runCaseAction(services, actor, 'reissue-access-code', request, (c) => {
    const accessCode = newAccessCode();
    c.set({ accessCodeHash: hashAccessCode(c.row.trackingCode, accessCode) });
    c.transition('reissue-access-code', { reason: input.reason });
    return { accessCode };
  });
}
