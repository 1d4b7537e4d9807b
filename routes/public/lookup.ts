import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { caseByCodes, citizenViewOf } from '../../src/cases/citizen-view.js';
import { SATISFACTION } from '../../src/cases/commands/callback.js';
import { askForReview, evaluateReply } from '../../src/cases/reporter-actions.js';
import { type CaseRow, findCase } from '../../src/cases/repository.js';
import { normaliseTypedCode } from '../../src/cases/codes.js';
import { ApiError } from '../../src/errors.js';
import { LookupThrottle } from '../../src/http/lookup-throttle.js';
import { type LookupPage, renderLookupPage } from '../../src/cases/citizen-page.js';
import { chineseDateTime } from '../../src/calendar/local-time.js';
import type { FastifyReply } from 'fastify';
import { Nullable, StringEnum } from '../schemas/common.js';

export const CitizenLookupBody = Type.Object({
  trackingCode: Type.String({ minLength: 5, maxLength: 32, pattern: '^[A-Za-z0-9-]+$', description: '流水号, e.g. CQ-20261122-7K3M9Q; full-width characters, spaces and lower case are accepted, O reads as 0 and I or L as 1 in its last part' }),
  accessCode: Type.String({ minLength: 8, maxLength: 8, pattern: '^[A-Za-z0-9]+$', description: '提取码 given at intake; read like the tracking code\'s last part' }),
}, { additionalProperties: false });

export const CitizenView = Type.Object({
  trackingCode: Type.String(),
  status: Type.String(),
  statusLabel: Type.String({ description: '已受理, 已交办, 已签收, 已办结, …' }),
  receivedAt: Type.String(),
  matter: Nullable(Type.String()),
  district: Nullable(Type.String()),
  office: Nullable(Type.String({ description: 'the office handling it' })),
  replyDueAt: Nullable(Type.String()),
  reply: Nullable(Type.Object({ office: Type.String(), repliedAt: Type.String(), publicReply: Type.String() })),
  extension: Nullable(Type.Object({ reason: Type.String({ description: '延期理由' }), replyDueAt: Type.String({ description: 'the reply due time the extension gave' }) })),
  rejection: Nullable(Type.Object({ reason: Type.String({ description: '不予受理的原因' }), guidance: Type.String({ description: 'where to turn instead, what is missing' }) })),
  review: Nullable(Type.Object({
    requestedAt: Type.String(),
    reviewDueAt: Nullable(Type.String({ description: 'when the 复查 is to be answered' })),
    outcome: Nullable(Type.String({ description: '维持原办理意见 or 责令重新办理, once decided' })),
    opinion: Nullable(Type.String({ description: '复查意见' })),
  }, { description: '复查 the reporter asked for (12369)' })),
  mergedInto: Nullable(Type.Object({
    trackingCode: Type.String({ description: 'the case this report joined (并案办理)' }),
    status: Type.String(),
    statusLabel: Type.String(),
  }, { description: 'Set when the report was merged into the case of the same problem: office, replyDueAt, reply and extension are then that case\'s.' })),
  milestones: Type.Array(Type.Object({ at: Type.String(), label: Type.String() })),
  canEvaluate: Type.Boolean({ description: 'the reply of this case awaits the reporter\'s verdict: POST /public/complaints/evaluation' }),
  reviewOpenUntil: Nullable(Type.String({ description: '复查 may be asked for until then (12369): POST /public/complaints/review' })),
});

const codes = {
  trackingCode: CitizenLookupBody.properties.trackingCode,
  accessCode: CitizenLookupBody.properties.accessCode,
};

export const EvaluationBody = Type.Object({
  ...codes,
  resolved: Type.Boolean({ description: '问题是否解决' }),
  satisfaction: StringEnum(SATISFACTION, { description: '满意 / 基本满意 / 不满意; unsatisfied sends the case back to the office (重办), as a callback does' }),
  note: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: '您的意见' })),
}, { additionalProperties: false });

export const ReviewBody = Type.Object({
  ...codes,
  reason: Type.String({ minLength: 1, maxLength: 1000, description: '对办理结果的异议及理由' }),
}, { additionalProperties: false });

/** Reads codes as typed, before validation (full-width, spaces, lower case; O/I/L in the random part). */
const readTypedCodes = async (request: { body: unknown }) => {
  const body = request.body as Record<string, unknown> | null;
  if (typeof body?.trackingCode === 'string') body.trackingCode = normaliseTypedCode(body.trackingCode, 'tracking');
  if (typeof body?.accessCode === 'string') body.accessCode = normaliseTypedCode(body.accessCode, 'access');
};

/** The page's answers: personal case data, never cached or sent on; its own CSP (no script at all). */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
};

const TRACKING_CODE = /^[A-Z0-9-]{5,32}$/;
const ACCESS_CODE = /^[A-Z0-9]{8}$/;

const lookupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // One lock for the JSON lookup and the page: ten wrong codes lock a tracking code for both.
  const throttle = new LookupThrottle();
  /** The case these codes open, under the wrong-code lock; every public route goes through it. */
  const reporterCase = (trackingCode: string, accessCode: string): CaseRow => {
    const now = Date.now();
    if (throttle.locked(trackingCode, now)) throw new ApiError(429, 'TOO_MANY_ATTEMPTS', '提取码错误次数过多，请十五分钟后再试 (too many wrong access codes; try again in 15 minutes)');
    const row = caseByCodes(app.services, trackingCode, accessCode);
    if (!row) {
      throttle.fail(trackingCode, now);
      // One answer for an unknown code and a wrong access code: nothing says which codes exist.
      throw new ApiError(404, 'CASE_NOT_FOUND', '流水号或提取码不正确 (no case with this tracking code and access code)');
    }
    return row;
  };
  const lookUp = (trackingCode: string, accessCode: string) => citizenViewOf(app.services, reporterCase(trackingCode, accessCode));
  /** A reporter's action on their case (its codes checked), then the case as they see it after it. */
  const actAsReporter = (row: CaseRow, act: (row: CaseRow) => void) => {
    act(row);
    return citizenViewOf(app.services, findCase(app.services.db, row.id)!);
  };

  // POST, not GET: the access code must not end up in URLs, proxies' logs or the browser history.
  app.post('/complaints/lookup', {
    schema: {
      tags: ['public'],
      summary: '查询办理进度: status and public reply for the holder of the tracking code and access code',
      body: CitizenLookupBody,
      response: { 200: CitizenView, 400: Type.Ref('Error'), 404: Type.Ref('Error'), 429: Type.Ref('Error') },
    },
    // Before validation, so a code typed in full-width or with spaces is checked as the code it is.
    preValidation: readTypedCodes,
  }, async (request) => lookUp(request.body.trackingCode, request.body.accessCode));

  app.post('/complaints/evaluation', {
    schema: {
      tags: ['public'],
      summary: '满意度评价: the reporter\'s verdict on the reply, recorded as its callback (回访)',
      description: 'With the codes, while the case is replied and the reply has no callback yet (canEvaluate). Unsatisfied sends it back to the office as a '
        + 'hotline callback does (重办, up to the re-handling limit). The audit trail records the reporter as the actor. 409 EVALUATION_NOT_OPEN otherwise; '
        + 'the same wrong-code lock as the lookup.',
      body: EvaluationBody,
      response: { 200: CitizenView, 400: Type.Ref('Error'), 404: Type.Ref('Error'), 409: Type.Ref('Error'), 429: Type.Ref('Error') },
    },
    preValidation: readTypedCodes,
  }, async (request) => {
    const { trackingCode, accessCode, ...verdict } = request.body;
    return actAsReporter(reporterCase(trackingCode, accessCode), (row) => evaluateReply(app.services, row, verdict));
  });

  app.post('/complaints/review', {
    schema: {
      tags: ['public'],
      summary: '复查申请: the reporter of a 12369 case asks for review of the handling, within 30 days of the reply',
      description: 'With the codes, while reviewOpenUntil is set. 409 REVIEW_NOT_OPEN, REVIEW_NOT_AVAILABLE, REVIEW_WINDOW_CLOSED, REVIEW_ALREADY_REQUESTED with the reason in Chinese.',
      body: ReviewBody,
      response: { 200: CitizenView, 400: Type.Ref('Error'), 404: Type.Ref('Error'), 409: Type.Ref('Error'), 429: Type.Ref('Error') },
    },
    preValidation: readTypedCodes,
  }, async (request) => {
    const { trackingCode, accessCode, reason } = request.body;
    return actAsReporter(reporterCase(trackingCode, accessCode), (row) => askForReview(app.services, row, { reason }));
  });

  // The citizen's page: a plain HTML form posted to itself, for people without an API client.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));

  app.get('/lookup', {
    schema: { tags: ['public'], summary: '办理进度查询 page: the form for the tracking code and the access code (HTML)', produces: ['text/html'] },
  }, async (_request, reply) => reply.type('text/html; charset=utf-8').headers(PAGE_HEADERS).send(renderLookupPage({})));

  app.post('/lookup', {
    schema: {
      tags: ['public'],
      summary: '办理进度查询 page: the answer to the form (HTML)',
      description: 'Form fields trackingCode and accessCode (application/x-www-form-urlencoded), read as typed like the JSON lookup. '
        + 'The same answers as POST /public/complaints/lookup, as a page: 200, or 400 / 404 / 429 with the reason on the page. The same wrong-code lock.',
      consumes: ['application/x-www-form-urlencoded'], produces: ['text/html'],
    },
  }, async (request, reply) => answerPage(request.body, reply, (row) => ({ view: citizenViewOf(app.services, row) })));

  /**
   * The page's forms: the codes, checked and locked as in the lookup, then `run`; the page again with
   * what it gave, or with the reason it was refused (and, when the codes were right, the case as it is).
   */
  const answerPage = (body: unknown, reply: FastifyReply, run: (row: CaseRow, form: Record<string, string>) => Omit<LookupPage, 'trackingCode'>) => {
    const form = (body ?? {}) as Record<string, string>;
    const trackingCode = typeof form.trackingCode === 'string' ? normaliseTypedCode(form.trackingCode, 'tracking') : '';
    const accessCode = typeof form.accessCode === 'string' ? normaliseTypedCode(form.accessCode, 'access') : '';
    const page = (status: number, content: LookupPage) =>
      reply.code(status).type('text/html; charset=utf-8').headers(PAGE_HEADERS).send(renderLookupPage(content));
    if (!TRACKING_CODE.test(trackingCode) || !ACCESS_CODE.test(accessCode)) {
      return page(400, { trackingCode, error: '请填写完整的流水号和8位提取码。' });
    }
    // Set once the codes are checked (under the lock): only then may a refusal show the case.
    let known: CaseRow | undefined;
    try {
      known = reporterCase(trackingCode, accessCode);
      return page(200, { trackingCode, ...run(known, form) });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const view = known ? citizenViewOf(app.services, findCase(app.services.db, known.id)!) : undefined;
      return page(error.statusCode, { trackingCode, error: error.message.replace(/ \(.*\)$/, ''), ...(view ? { view } : {}) });
    }
  };

  app.post('/lookup/evaluation', {
    schema: {
      tags: ['public'], summary: '办理进度查询 page: the reporter\'s evaluation of the reply (HTML form)',
      description: 'Form fields trackingCode, accessCode (typed again), resolved (yes|no), satisfaction (satisfied|basically_satisfied|unsatisfied), note. '
        + 'As POST /public/complaints/evaluation, answered as the page.',
      consumes: ['application/x-www-form-urlencoded'], produces: ['text/html'],
    },
  }, async (request, reply) => answerPage(request.body, reply, (row, form) => {
    const resolved = form.resolved === 'yes' ? true : form.resolved === 'no' ? false : undefined;
    const satisfaction = (SATISFACTION as readonly string[]).includes(form.satisfaction ?? '') ? form.satisfaction as (typeof SATISFACTION)[number] : undefined;
    const note = (form.note ?? '').trim();
    if (resolved === undefined || !satisfaction) throw new ApiError(400, 'INVALID_FIELD', '请选择问题是否解决以及您的满意程度。');
    if (note.length > 500) throw new ApiError(400, 'INVALID_FIELD', '意见请不要超过500字。');
    const view = actAsReporter(row, (own) => evaluateReply(app.services, own, { resolved, satisfaction, ...(note ? { note } : {}) }));
    return { view, notice: satisfaction === 'unsatisfied' ? '已收到您的评价，工单已退回承办单位重新办理。' : '感谢您的评价。' };
  }));

  app.post('/lookup/review', {
    schema: {
      tags: ['public'], summary: '办理进度查询 page: the reporter\'s request for 复查 (HTML form)',
      description: 'Form fields trackingCode, accessCode (typed again), reason. As POST /public/complaints/review, answered as the page.',
      consumes: ['application/x-www-form-urlencoded'], produces: ['text/html'],
    },
  }, async (request, reply) => answerPage(request.body, reply, (row, form) => {
    const reason = (form.reason ?? '').trim();
    if (reason.length === 0 || reason.length > 1000) throw new ApiError(400, 'INVALID_FIELD', '请写明对办理结果的异议及理由（1000字以内）。');
    const view = actAsReporter(row, (own) => askForReview(app.services, own, { reason }));
    return { view, notice: `复查申请已提交，应于 ${view.review?.reviewDueAt ? chineseDateTime(new Date(view.review.reviewDueAt)) : '规定期限'} 前答复。` };
  }));
};

export default lookupRoutes;
