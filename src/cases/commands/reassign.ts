import { eq } from 'drizzle-orm';
import { assignments } from '../../../db/schema.js';
import type { Principal } from '../../auth/keys.js';
import { conflict } from '../../errors.js';
import type { Services } from '../../services.js';
import { type AssignInput, placeOffices } from './assign.js';
import { type ActionRequest, runCaseAction } from './case-action.js';

export interface ReassignInput extends AssignInput {
  reason: string;
}

/** 改派: a dispatcher moves a case to other offices, before it is signed or after it was returned. */
export function reassignCase(services: Services, actor: Principal, request: ActionRequest, input: ReassignInput) {
  return runCaseAction(services, actor, 'reassign', request, (c) => {
    // A reassignment is counted against departments (改派率); a case no office ever held is assigned, not reassigned.
    const everHeld = c.tx.select({ id: assignments.id }).from(assignments).where(eq(assignments.caseId, c.row.id)).limit(1).get();
    if (!everHeld) throw conflict('INVALID_TRANSITION', `case ${c.row.id} was never assigned; use assign`);
    const previous = c.holders.map((h) => ({ department: h.department, name: h.officeName, district: h.districtCode, role: h.role }));
    const placed = placeOffices(c, input, true);
    c.transition('reassign', { reason: input.reason, previous, ...placed });
  });
}
