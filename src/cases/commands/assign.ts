import { eq } from 'drizzle-orm';
import { assignments } from '../../../db/schema.js';
import type { Principal } from '../../auth/keys.js';
import type { DepartmentCode } from '../../catalogue/schema.js';
import { invalidField } from '../../errors.js';
import { officeFor } from '../../routing/offices.js';
import { queueAcceptanceToReporter } from '../../notify/reporter-mail.js';
import { catalogueOf, type Services } from '../../services.js';
import { type ActionContext, type ActionRequest, runCaseAction } from './case-action.js';
import { queueOfficeMail } from './office-mail.js';

export interface AssignInput {
  lead: DepartmentCode;
  cooperating?: DepartmentCode[] | undefined;
}

/**
 * 交办: a dispatcher gives a case from the triage queue to a lead office and its cooperating offices;
 * the reporter is told it was taken (受理告知), as at an intake routed at once.
 */
export function assignCase(services: Services, actor: Principal, request: ActionRequest, input: AssignInput) {
  return runCaseAction(services, actor, 'assign', request, (c) => {
    const placed = placeOffices(c, input, false);
    c.transition('assign', { automatic: false, ...placed });
    queueAcceptanceToReporter(c.tx, c.row, placed.lead.name, c.now);
  });
}

/**
 * Gives the case to the offices of these departments in the case's district: ends the assignments
 * that hold it now, starts new ones, tells every office concerned by mail (through the outbox) and
 * restarts the sign, reply and return clocks from now.
 */
export function placeOffices(c: ActionContext, input: AssignInput, reassigned: boolean) {
  const { catalogue } = catalogueOf(c.services, c.row.jurisdiction);
  const cooperating = [...new Set(input.cooperating ?? [])];
  if (cooperating.includes(input.lead)) throw invalidField('cooperating', `must not repeat the lead department ${input.lead}`);
  for (const [field, code] of [['lead', input.lead] as const, ...cooperating.map((code) => ['cooperating', code] as const)]) {
    if (!catalogue.departments.has(code)) throw invalidField(field, `${code} is not a department of the ${catalogue.name} catalogue`);
  }
  const district = c.row.districtCode ? catalogue.districtsByCode.get(c.row.districtCode) ?? null : null;
  const offices = [
    { office: officeFor(catalogue, input.lead, district), role: 'lead' as const },
    ...cooperating.map((code) => ({ office: officeFor(catalogue, code, district), role: 'cooperating' as const })),
  ];
  const same = (h: { department: string; districtCode: string | null }) =>
    offices.some(({ office }) => office.department === h.department && office.district === h.districtCode);
  for (const held of c.holders) {
    c.tx.update(assignments).set({ state: 'ended', endedAt: c.now }).where(eq(assignments.id, held.id)).run();
    if (!same(held)) queueOfficeMail(c.tx, c.services, c.row, held, 'assignment-withdrawn', { role: held.role }, c.now);
  }
  for (const { office, role } of offices) {
    c.tx.insert(assignments).values({ caseId: c.row.id, department: office.department, officeName: office.name, districtCode: office.district, role, assignedAt: c.now }).run();
    queueOfficeMail(c.tx, c.services, c.row, { department: office.department, districtCode: office.district, officeName: office.name },
      'assignment', { role, reassigned }, c.now);
  }
  c.set({ signedAt: null, reopenedAt: null });
  c.refreshDeadlines(null);
  return {
    lead: offices[0]!.office,
    cooperating: offices.slice(1).map((o) => o.office),
    catalogueVersion: catalogue.version,
  };
}
