import type { Principal } from '../../auth/keys.js';
import type { Services } from '../../services.js';
import { actorsAssignment, type ActionRequest, officeRef, runCaseAction } from './case-action.js';
import { queueOfficeMail } from './office-mail.js';

export interface CooperationReplyInput {
  content: string;
}

/** 配合意见: a cooperating office's input, which the lead office collects before its reply. */
export function addCooperationReply(services: Services, actor: Principal, request: ActionRequest, input: CooperationReplyInput) {
  return runCaseAction(services, actor, 'cooperation-reply', request, (c) => {
    const office = officeRef(actorsAssignment(c, 'cooperating'));
    const lead = c.holders.find((h) => h.role === 'lead');
    if (lead) queueOfficeMail(c.tx, c.services, c.row, lead, 'cooperation-reply', { from: office?.name ?? null }, c.now);
    c.transition('cooperation-reply', { office, content: input.content });
  });
}
