import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type, type TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../../src/auth/keys.js';
import type { Services } from '../../../src/services.js';
import { formatLocal } from '../../../src/calendar/local-time.js';
import { addNote } from '../../../src/cases/commands/add-note.js';
import { assignCase } from '../../../src/cases/commands/assign.js';
import { recordCallback } from '../../../src/cases/commands/callback.js';
import type { ActionOutcome, ActionRequest } from '../../../src/cases/commands/case-action.js';
import { arbitrateCase, referToArbitration } from '../../../src/cases/commands/arbitration.js';
import { closeCase } from '../../../src/cases/commands/close.js';
import { mergeCase, unmergeCase } from '../../../src/cases/commands/merge.js';
import { addCooperationReply } from '../../../src/cases/commands/cooperation-reply.js';
import { decideExtension } from '../../../src/cases/commands/decide-extension.js';
import { reassignCase } from '../../../src/cases/commands/reassign.js';
import { rejectCase } from '../../../src/cases/commands/reject.js';
import { replyCase } from '../../../src/cases/commands/reply.js';
import { requestExtension } from '../../../src/cases/commands/request-extension.js';
import { returnCase } from '../../../src/cases/commands/return.js';
import { decideReview, requestReview } from '../../../src/cases/commands/review.js';
import { signCase } from '../../../src/cases/commands/sign.js';
import { transferCase } from '../../../src/cases/commands/transfer.js';
import { issueSupervisionOrder } from '../../../src/cases/commands/supervision-order.js';
import { ACTION_ROLES, type Action } from '../../../src/cases/transitions.js';
import { reissueAccessCode } from '../../../src/cases/commands/reissue-access-code.js';
import { principalOf, requireRole } from '../../../src/http/auth.js';
import { errorResponses } from '../../schemas/common.js';
import { actionResult } from './action-result.js';
import {
  ActionResult, ArbitrateBody, AssignBody, CallbackBody, CaseParams, CloseBody, ContentBody, EmptyBody, ExtensionBody,
  ExtensionDecisionBody, ExtensionParams, IfMatchHeaders, MergeBody, ReassignBody, ReferArbitrationBody, ReissueAccessCodeBody, RejectBody, ReplyBody, ReturnBody, ReviewDecisionBody, ReviewRequestBody, TransferBody, UnmergeBody,
} from '../../schemas/lifecycle.js';

type Extension = { id: number; days: number; unit: string; reason: string; state: string; requestedAt: Date; decidedAt: Date | null; note: string | null; previousDueAt: Date | null; newDueAt: Date | null };

const time = (d: Date | null) => (d ? formatLocal(d) : null);

/** Actions whose body fields are all optional may be POSTed without a body. */
const bodyOptional = async (request: FastifyRequest) => { request.body ??= {}; };

/** Every action: the transitions table's roles (plus admin), If-Match, the case after it and the events it appended. */
function actionSchema<B extends TSchema, P extends TSchema = typeof CaseParams>(
  action: Action, summary: string, body: B, options: { params?: P; created?: boolean; description?: string } = {},
) {
  const status = options.created ? 201 : 200;
  return {
    tags: ['lifecycle'],
    summary,
    description: `${options.description ? `${options.description}\n\n` : ''}Roles: ${[...ACTION_ROLES[action], 'admin'].join(', ')}. Answers with ETag "<version>".`,
    security: [{ apiKey: [] }],
    params: (options.params ?? CaseParams) as P,
    headers: IfMatchHeaders,
    body,
    response: { [status]: ActionResult, ...errorResponses, 404: Type.Ref('Error'), 409: Type.Ref('Error'), 412: Type.Ref('Error') },
  };
}

const lifecycleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const roles = (action: Action) => requireRole(app, ...ACTION_ROLES[action], 'admin');
  const target = (request: { params: { id: string }; headers: { 'if-match'?: string | undefined } }): ActionRequest =>
    ({ caseId: Number(request.params.id), ifMatch: request.headers['if-match'] });
  const answer = <T>(reply: FastifyReply, principal: Principal, outcome: ActionOutcome<T>, status = 200, extension?: Extension) => ({
    ...actionResult(reply, principal, outcome, app.services.clock(), status),
    ...(extension ? { extension: extensionView(extension) } : {}),
  });

  /**
   * POST /complaints/:id/<path>: the command of `action`, answered with the case after it (201 for
   * actions that create a record). The command gets the service, the caller, the case and the body
   * as the schema types it, so a command whose input differs from its schema does not compile.
   */
  const caseAction = <B extends TSchema>(
    path: string, run: (services: Services, actor: Principal, request: ActionRequest, body: Static<B>) => ActionOutcome<unknown>,
    action: Action, summary: string, body: B, options: { created?: boolean; description?: string; bodyOptional?: boolean } = {},
  ) => {
    app.post(`/complaints/:id/${path}`, {
      onRequest: roles(action),
      ...(options.bodyOptional ? { preValidation: bodyOptional } : {}),
      schema: actionSchema(action, summary, body, options),
    }, async (request, reply) => {
      const principal = principalOf(request);
      const outcome = run(app.services, principal, target(request as unknown as Parameters<typeof target>[0]), request.body as Static<B>);
      return answer(reply, principal, outcome, options.created ? 201 : 200);
    });
  };

  caseAction('assign', assignCase, 'assign', '交办: give a triage case to a lead office (and cooperating offices)', AssignBody,
      { description: 'Offices are those of the case\'s district. Sign, reply and return clocks start now; each office is told by mail.' });

  caseAction('reject', rejectCase, 'reject', '不予受理: refuse a received or triage case, telling the reporter where to turn', RejectBody);

  caseAction('refer-arbitration', referToArbitration, 'refer-arbitration', '提请会商: send a triage case no department will lead to the ecology-environment department\'s consultation', ReferArbitrationBody, {
      description: 'The case waits in GET /api/v1/arbitration; the ecology-environment office of its district (the city office without one) is told by mail.',
    });

  caseAction('arbitrate', arbitrateCase, 'arbitrate', '会商定责: the lead the consultation fixed, given at once', ArbitrateBody, {
      description: 'By the ecology-environment office of the case\'s district or of the city, a supervisor or an admin. Offices are told and clocks start as at an assignment. '
        + 'The lead so fixed may not return the case (409 LEAD_FIXED_BY_ARBITRATION).',
    });

  caseAction('merge', mergeCase, 'merge', '并单: a repeat report joins the open case of the same problem', MergeBody, {
      description: 'From triage, or assigned before the lead office signs. The report ends as merged; its offices are told the hold is withdrawn; '
        + 'the case it joins records it (event merge-in, its version goes up) and its lead office is told; the reporter is told by mail and '
        + 'hears the joined case\'s reply. 400 (field into) for a case not found or not visible to the key, itself, or another jurisdiction; '
        + '409 MERGE_TARGET_CLOSED for a case that is closed, rejected or itself merged.',
    });

  caseAction('unmerge', unmergeCase, 'unmerge', '撤销并单: a report merged by mistake goes back to triage, to be handled on its own', UnmergeBody, {
      description: 'From merged. The case it joined records it (event merge-out, its version goes up) and no longer answers its reporter; its lead office is told, '
        + 'and so is the reporter. The office whose hold the merge withdrew does not get it back: a dispatcher assigns the case anew.',
    });

  caseAction('sign', signCase, 'sign', '签收: the lead office takes the case', EmptyBody, { description: 'No body, or an empty JSON object.', bodyOptional: true });

  caseAction('return', returnCase, 'return', '退单: the lead office refuses the case, within the return window', ReturnBody,
      { description: 'The case goes back to the triage queue (two events: return, triage). After the window: 409 RETURN_WINDOW_CLOSED.' });

  caseAction('transfer', transferCase, 'transfer', '移交 / 移送: the lead office passes a signed case to the department that can act on it', TransferBody, {
      description: 'kind handover (移交): this department lacks the enforcement power, to names the regulator that has it; kind criminal (移送): a suspected '
        + 'environmental crime, to must be public-security. The office of `to` in the case\'s district leads from now and must sign; the sign, reply and '
        + 'return clocks restart; cooperating offices stay. Not counted as a return or a reassignment.',
    });

  caseAction('reassign', reassignCase, 'reassign', '改派: move an assigned or returned case to other offices', ReassignBody);

  caseAction('cooperation-replies', addCooperationReply, 'cooperation-reply', '配合意见: a cooperating office\'s input to the lead', ContentBody, { created: true });

  caseAction('reply', replyCase, 'reply', '办结答复: the lead office\'s reply, once per handling round', ReplyBody,
      { description: 'publicReply is what the reporter may read; internalNotes stay with staff.' });

  app.post('/complaints/:id/extensions', {
    onRequest: roles('request-extension'),
    schema: actionSchema('request-extension', '延期申请: the lead office asks for more time before the reply is due', ExtensionBody,
      { created: true, description: 'At most routing.limits.extension.value per extension and maxCount extensions per case (409 EXTENSION_LIMIT_REACHED).' }),
  }, async (request, reply) => {
    const principal = principalOf(request);
    const outcome = requestExtension(app.services, principal, target(request), request.body);
    return answer(reply, principal, outcome, 201, outcome.result);
  });

  app.post('/complaints/:id/extensions/:extensionId/decision', {
    onRequest: roles('decide-extension'),
    schema: actionSchema('decide-extension', '延期审批: a supervisor approves or refuses; approval moves replyDueAt', ExtensionDecisionBody, { params: ExtensionParams }),
  }, async (request, reply) => {
    const principal = principalOf(request);
    const outcome = decideExtension(app.services, principal, target(request), Number(request.params.extensionId), request.body);
    return answer(reply, principal, outcome);
  });

  caseAction('callback', recordCallback, 'callback', '回访: the reporter\'s verdict on the reply; unsatisfied reopens the case (重办)', CallbackBody,
      { description: 'Past the re-handling limit an unsatisfied verdict is recorded without reopening (event payload refusal: REHANDLE_LIMIT_REACHED).' });

  caseAction('close', closeCase, 'close', '核查销号: a supervisor closes a replied case after its callback', CloseBody, { bodyOptional: true });

  caseAction('review', requestReview, 'request-review', '复查申请: the reporter of a 12369 case disputes the handling, within the review window after the reply', ReviewRequestBody, {
      description: 'From replied or closed, once per case, where the policy gives a review window (12369: 30 calendar days from the reply; 409 REVIEW_NOT_AVAILABLE, '
        + 'REVIEW_WINDOW_CLOSED, REVIEW_ALREADY_REQUESTED). The answer is due within the reviewReply limit (30 calendar days); GET /api/v1/reviews lists them.',
    });

  caseAction('review/decision', decideReview, 'decide-review', '复查意见: upheld closes the case; rehandle sends it back to the lead office for a new round', ReviewDecisionBody, {
      description: 'The reporter is sent the outcome and the opinion. Rehandle reopens the case as an unsatisfied callback does (re-handling limit from now, counted in 重办率).',
    });

  app.post('/complaints/:id/access-code', {
    onRequest: roles('reissue-access-code'),
    schema: actionSchema('reissue-access-code', '补发提取码: a new access code for a reporter who lost theirs; the old one stops working', ReissueAccessCodeBody, {
      description: 'In every state. The new code is in this answer only (accessCode), stored hashed; the event records who gave it and the reason, never the code. '
        + 'Give it to the reporter only once they are known to be the reporter: with the tracking code it opens the case\'s status and public reply.',
    }),
  }, async (request, reply) => {
    const principal = principalOf(request);
    const outcome = reissueAccessCode(app.services, principal, target(request), request.body);
    return { ...answer(reply, principal, outcome), accessCode: outcome.result.accessCode };
  });

  caseAction('notes', addNote, 'add-note', '内部备注: an internal note on an open case', ContentBody, { created: true });

  caseAction('supervision-orders', issueSupervisionOrder, 'supervision-order', '督办: a supervisor\'s order on an open case, mailed to the offices holding it', ContentBody, { created: true });
};

function extensionView(e: Extension) {
  return {
    id: String(e.id), days: e.days, unit: e.unit, reason: e.reason, state: e.state,
    requestedAt: formatLocal(e.requestedAt), decidedAt: time(e.decidedAt), note: e.note,
    previousDueAt: time(e.previousDueAt), newDueAt: time(e.newDueAt),
  };
}

export default lifecycleRoutes;
