import type { FastifyReply } from 'fastify';
import type { Principal } from '../../../src/auth/keys.js';
import type { ActionOutcome } from '../../../src/cases/commands/case-action.js';
import { eventView } from '../../../src/cases/event-log.js';
import { complaintView } from '../../../src/cases/view.js';

/**
 * What every lifecycle action answers (ActionResult): the case after it, reporter masked (reading the
 * case is what records identity shown), the events it appended, and its version as the ETag.
 */
export function actionResult(reply: FastifyReply, principal: Principal, outcome: ActionOutcome<unknown>, now: Date, status = 200) {
  reply.code(status).header('etag', `"${outcome.row.version}"`);
  return {
    complaint: complaintView(outcome.row, outcome.holders, principal, { now, revealReporter: false }),
    events: outcome.events.map(eventView),
  };
}
