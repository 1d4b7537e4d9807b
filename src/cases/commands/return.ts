import { eq } from 'drizzle-orm';
import { assignments } from '../../../db/schema.js';
import type { Principal } from '../../auth/keys.js';
import { formatLocal } from '../../calendar/local-time.js';
import { conflict } from '../../errors.js';
import type { Services } from '../../services.js';
import { returnDueAt } from '../deadlines.js';
import { leadFixedByArbitration } from './arbitration.js';
import { type ActionRequest, officeRef, runCaseAction } from './case-action.js';
import { queueOfficeMail } from './office-mail.js';

export interface ReturnInput {
  reason: string;
}

/**
 * 退单: the lead office refuses the case with a reason, within the return window counted from its
 * assignment. No office holds it afterwards and it goes straight back to the triage queue.
 */
export function returnCase(services: Services, actor: Principal, request: ActionRequest, input: ReturnInput) {
  return runCaseAction(services, actor, 'return', request, (c) => {
    const lead = c.holders.find((h) => h.role === 'lead');
    if (leadFixedByArbitration(c.tx, c.row.id)) {
      throw conflict('LEAD_FIXED_BY_ARBITRATION', 'the lead of this case was fixed by 会商 (arbitration) and may not be returned; hand it to the regulator with transfer (移交) after signing, or ask a supervisor to reassign it');
    }
    if (lead) {
      const windowEnd = returnDueAt(c.services.calendar, lead.assignedAt, c.limits);
      if (c.now > windowEnd) {
        throw conflict('RETURN_WINDOW_CLOSED', `the return window (${c.limits.return.value} ${c.limits.return.unit} from the assignment) closed at ${formatLocal(windowEnd)}; handle the case or ask a dispatcher to reassign it`);
      }
    }
    for (const held of c.holders) {
      c.tx.update(assignments).set({ state: 'ended', endedAt: c.now }).where(eq(assignments.id, held.id)).run();
      if (held.role === 'cooperating') queueOfficeMail(c.tx, c.services, c.row, held, 'assignment-withdrawn', { role: held.role }, c.now);
    }
    c.refreshDeadlines(null);
    c.transition('return', { reason: input.reason, office: officeRef(lead) });
    c.transition('triage', { after: 'return' });
  });
}
