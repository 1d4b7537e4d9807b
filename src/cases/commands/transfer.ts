import { and, eq } from 'drizzle-orm';
import { assignments, extensions } from '../../../db/schema.js';
import type { Principal } from '../../auth/keys.js';
import type { DepartmentCode } from '../../catalogue/schema.js';
import { invalidField } from '../../errors.js';
import { officeFor } from '../../routing/offices.js';
import { catalogueOf, type Services } from '../../services.js';
import { type ActionRequest, officeRef, runCaseAction } from './case-action.js';
import { queueOfficeMail } from './office-mail.js';

/**
 * 移交 (handover): a department without the enforcement power the case needs hands it to the
 * regulator that has it (seed 002 (十八): 无相应执法职能的部门可将案件线索移交相关监管部门).
 * 移送 (criminal referral): a suspected environmental crime goes to the police (公安机关) for
 * investigation (涉嫌违法犯罪案件及时移送、立案、侦查).
 */
export const TRANSFER_KINDS = ['handover', 'criminal'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/** Where a criminal referral may go among the catalogue's departments. */
const CRIMINAL_REFERRAL_TO: DepartmentCode = 'public-security';

export interface TransferInput {
  to: DepartmentCode;
  kind: TransferKind;
  reason: string;
}

/**
 * The lead office, having signed for the case and looked into it, passes the lead to another
 * department's office in the case's district, without going back through the dispatchers (a return,
 * 退单, is for a case that was never the office's). The receiving office must sign for it, and the
 * sign, reply and return clocks start again from the transfer, as at an assignment. Cooperating
 * offices keep their holds; one that receives the lead becomes the lead.
 *
 * Statistics: the transferring office's hold ends as 'transferred', neither a return nor a
 * reassignment charged to it; it signed, so its sign-for is judged as usual.
 */
export function transferCase(services: Services, actor: Principal, request: ActionRequest, input: TransferInput) {
  return runCaseAction(services, actor, 'transfer', request, (c) => {
    const { catalogue } = catalogueOf(services, c.row.jurisdiction);
    if (!catalogue.departments.has(input.to)) throw invalidField('to', `${input.to} is not a department of the ${catalogue.name} catalogue`);
    if (input.kind === 'criminal' && input.to !== CRIMINAL_REFERRAL_TO) {
      throw invalidField('to', `a suspected crime is referred to ${CRIMINAL_REFERRAL_TO} (公安机关), not ${input.to}`);
    }
    const lead = c.holders.find((h) => h.role === 'lead')!;
    if (lead.department === input.to) throw invalidField('to', `${input.to} leads the case already`);
    const district = c.row.districtCode ? catalogue.districtsByCode.get(c.row.districtCode) ?? null : null;
    const office = officeFor(catalogue, input.to, district);

    for (const held of c.holders) {
      const receiving = held.department === office.department && held.districtCode === office.district;
      if (held.role === 'lead' || receiving) c.tx.update(assignments).set({ state: 'ended', endedAt: c.now }).where(eq(assignments.id, held.id)).run();
    }
    c.tx.insert(assignments).values({ caseId: c.row.id, department: office.department, officeName: office.name, districtCode: office.district, role: 'lead', assignedAt: c.now }).run();
    queueOfficeMail(c.tx, services, c.row, { department: office.department, districtCode: office.district, officeName: office.name },
      'transfer', { role: 'lead', kind: input.kind, from: lead.officeName, reason: input.reason }, c.now);
    // The transferring office's pending extension request has nothing left to extend (as at a reply).
    const lapsed = c.tx.update(extensions).set({ state: 'rejected', decidedAt: c.now, note: '已移交，延期申请失效' })
      .where(and(eq(extensions.caseId, c.row.id), eq(extensions.state, 'pending'))).returning({ id: extensions.id }).all();
    c.set({ signedAt: null });
    c.refreshDeadlines(null);
    c.transition('transfer', {
      kind: input.kind, reason: input.reason, from: officeRef(lead), lapsedExtensions: lapsed.map((e) => String(e.id)),
      lead: { department: office.department, name: office.name, district: office.district },
    });
  });
}
