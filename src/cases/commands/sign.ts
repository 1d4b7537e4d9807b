import { eq } from 'drizzle-orm';
import { assignments } from '../../../db/schema.js';
import type { Principal } from '../../auth/keys.js';
import type { Services } from '../../services.js';
import { type ActionRequest, officeRef, runCaseAction } from './case-action.js';

/** 签收: the lead office takes the case; the reply clock already runs from the assignment. */
export function signCase(services: Services, actor: Principal, request: ActionRequest) {
  return runCaseAction(services, actor, 'sign', request, (c) => {
    const lead = c.holders.find((h) => h.role === 'lead');
    if (lead) c.tx.update(assignments).set({ signedAt: c.now }).where(eq(assignments.id, lead.id)).run();
    c.set({ signedAt: c.now });
    const late = c.row.signDueAt !== null && c.now > c.row.signDueAt;
    c.transition('sign', { office: officeRef(lead), late });
  });
}
