import type { Db } from '../../../db/connection.js';
import { cached } from '../../../db/prepared.js';
import type { Principal } from '../../auth/keys.js';
import { queueAcceptanceToReporter } from '../../notify/reporter-mail.js';
import { catalogueOf, type Services } from '../../services.js';
import { ARBITER_DEPARTMENT } from '../policies.js';
import { officeFor } from '../../routing/offices.js';
import { type AssignInput, placeOffices } from './assign.js';
import { type ActionRequest, runCaseAction } from './case-action.js';
import { queueOfficeMail } from './office-mail.js';

export interface ReferInput {
  /** Why no department will lead: the matter is not in the catalogue, offices returned it, … */
  reason: string;
}

export interface ArbitrateInput extends AssignInput {
  /** 会商意见: the reasons for the lead fixed, recorded and sent to the offices. */
  opinion: string;
}

/**
 * 提请会商: a dispatcher sends a case no department will lead — returned by the offices it was given
 * to, or of a matter the catalogue does not cover — to the ecology-environment department, which
 * organises the consultation that fixes a lead (seed 000 §二(三), 002 (七)). Its office for the
 * case's district (the city office for a case without one) is told by mail.
 */
export function referToArbitration(services: Services, actor: Principal, request: ActionRequest, input: ReferInput) {
  return runCaseAction(services, actor, 'refer-arbitration', request, (c) => {
    const { catalogue } = catalogueOf(services, c.row.jurisdiction);
    const district = c.row.districtCode ? catalogue.districtsByCode.get(c.row.districtCode) ?? null : null;
    const arbiter = officeFor(catalogue, ARBITER_DEPARTMENT, district);
    c.transition('refer-arbitration', { reason: input.reason, arbiter: { department: arbiter.department, name: arbiter.name, district: arbiter.district } });
    queueOfficeMail(c.tx, services, c.row, { department: arbiter.department, districtCode: arbiter.district, officeName: arbiter.name },
      'arbitration-request', { reason: input.reason }, c.now);
  });
}

/**
 * 会商定责: the lead the consultation fixed, given at once like an assignment (offices told, clocks
 * started). The lead so fixed may not return the case (退单): the return command refuses it, and only
 * a dispatcher's reassignment or the office's own transfer (移交) moves it on. The reporter, if never
 * told the case was taken, is told now.
 */
export function arbitrateCase(services: Services, actor: Principal, request: ActionRequest, input: ArbitrateInput) {
  return runCaseAction(services, actor, 'arbitrate', request, (c) => {
    const placed = placeOffices(c, input, false);
    c.transition('arbitrate', { opinion: input.opinion, ...placed });
    // 受理告知 goes with a case's first lead (intake or triage assign); one assigned before was told then.
    if (!everAssigned(c.tx, c.row.id)) queueAcceptanceToReporter(c.tx, c.row, placed.lead.name, c.now);
  });
}

/** Whether the lead now holding the case was fixed by 会商: the latest change of lead was an arbitration. */
export function leadFixedByArbitration(db: Db, caseId: number): boolean {
  const latest = cached(db, 'latest-lead-change', () => db.$client.prepare(
    "SELECT action FROM events WHERE case_id = ? AND action IN ('assign', 'reassign', 'transfer', 'arbitrate') ORDER BY id DESC LIMIT 1").pluck()).get(caseId);
  return latest === 'arbitrate';
}

/** From the case's own events (its index): the outbox has no index by case, and a scan of it would grow without end. */
function everAssigned(db: Db, caseId: number): boolean {
  return cached(db, 'ever-assigned', () => db.$client.prepare(
    "SELECT 1 FROM events WHERE case_id = ? AND action = 'assign' LIMIT 1").pluck()).get(caseId) !== undefined;
}

