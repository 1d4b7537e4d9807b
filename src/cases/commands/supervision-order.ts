import type { Principal } from '../../auth/keys.js';
import type { Services } from '../../services.js';
import { type ActionRequest, runCaseAction } from './case-action.js';
import { queueOfficeMail } from './office-mail.js';

export interface SupervisionOrderInput {
  content: string;
}

/** 督办: a supervisor's order on an open case; every office holding it is told by mail. */
export function issueSupervisionOrder(services: Services, actor: Principal, request: ActionRequest, input: SupervisionOrderInput) {
  return runCaseAction(services, actor, 'supervision-order', request, (c) => {
    for (const held of c.holders) queueOfficeMail(c.tx, c.services, c.row, held, 'supervision-order', { role: held.role, content: input.content }, c.now);
    c.transition('supervision-order', { content: input.content, offices: c.holders.map((h) => h.officeName) });
  });
}
