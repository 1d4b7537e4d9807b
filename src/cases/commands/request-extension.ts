import { and, eq, inArray } from 'drizzle-orm';
import { extensions } from '../../../db/schema.js';
import type { Principal } from '../../auth/keys.js';
import { formatLocal } from '../../calendar/local-time.js';
import { conflict, invalidField } from '../../errors.js';
import type { Services } from '../../services.js';
import { type ActionRequest, runCaseAction } from './case-action.js';

export interface ExtensionRequestInput {
  /** In the unit of the case's extension limit (working days for 12345, calendar days for 12369). */
  days: number;
  reason: string;
}

/** 延期申请: the lead office asks for more time before the reply is due, within the policy's limits. */
export function requestExtension(services: Services, actor: Principal, request: ActionRequest, input: ExtensionRequestInput) {
  return runCaseAction(services, actor, 'request-extension', request, (c) => {
    const limit = c.limits.extension;
    if (c.row.replyDueAt && c.now > c.row.replyDueAt) {
      throw conflict('EXTENSION_TOO_LATE', `an extension must be asked before the reply is due; it was due at ${formatLocal(c.row.replyDueAt)}`);
    }
    if (input.days > limit.value) throw invalidField('days', `at most ${limit.value} (${limit.unit}) per extension for this case`);
    const open = c.tx.select().from(extensions)
      .where(and(eq(extensions.caseId, c.row.id), inArray(extensions.state, ['pending', 'approved']))).all();
    const maxCount = limit.maxCount ?? 1;
    if (open.length >= maxCount) {
      throw conflict('EXTENSION_LIMIT_REACHED', `this case may have at most ${maxCount} extension(s); ${open.length} already asked or approved`);
    }
    if (open.some((e) => e.state === 'pending')) throw conflict('EXTENSION_PENDING', 'an extension of this case is waiting for a decision; wait for it');
    const extension = c.tx.insert(extensions).values({
      caseId: c.row.id, days: input.days, unit: limit.unit, reason: input.reason,
      requestedBy: c.actor.keyId, requestedAt: c.now, previousDueAt: c.row.replyDueAt,
    }).returning().get();
    c.transition('request-extension', { extensionId: String(extension.id), days: input.days, unit: limit.unit, reason: input.reason });
    return extension;
  });
}
