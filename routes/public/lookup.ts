import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { citizenView } from '../../src/cases/citizen-view.js';
import { normaliseTypedCode } from '../../src/cases/codes.js';
import { ApiError } from '../../src/errors.js';
import { LookupThrottle } from '../../src/http/lookup-throttle.js';
import { renderLookupPage } from '../../src/cases/citizen-page.js';
import { Nullable } from '../schemas/common.js';

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
});

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
  const lookUp = (trackingCode: string, accessCode: string) => {
    const now = Date.now();
    if (throttle.locked(trackingCode, now)) throw new ApiError(429, 'TOO_MANY_ATTEMPTS', '提取码错误次数过多，请十五分钟后再试 (too many wrong access codes; try again in 15 minutes)');
    const view = citizenView(app.services, trackingCode, accessCode);
    if (!view) {
      throttle.fail(trackingCode, now);
      // One answer for an unknown code and a wrong access code: nothing says which codes exist.
      throw new ApiError(404, 'CASE_NOT_FOUND', '流水号或提取码不正确 (no case with this tracking code and access code)');
    }
    return view;
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
    preValidation: async (request) => {
      const body = request.body as Record<string, unknown> | null;
      if (typeof body?.trackingCode === 'string') body.trackingCode = normaliseTypedCode(body.trackingCode, 'tracking');
      if (typeof body?.accessCode === 'string') body.accessCode = normaliseTypedCode(body.accessCode, 'access');
    },
  }, async (request) => lookUp(request.body.trackingCode, request.body.accessCode));

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
  }, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const trackingCode = typeof form.trackingCode === 'string' ? normaliseTypedCode(form.trackingCode, 'tracking') : '';
    const accessCode = typeof form.accessCode === 'string' ? normaliseTypedCode(form.accessCode, 'access') : '';
    const page = (status: number, content: Parameters<typeof renderLookupPage>[0]) =>
      reply.code(status).type('text/html; charset=utf-8').headers(PAGE_HEADERS).send(renderLookupPage(content));
    if (!TRACKING_CODE.test(trackingCode) || !ACCESS_CODE.test(accessCode)) {
      return page(400, { trackingCode, error: '请填写完整的流水号和8位提取码。' });
    }
    try {
      return page(200, { trackingCode, view: lookUp(trackingCode, accessCode) });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return page(error.statusCode, { trackingCode, error: error.message.replace(/ \(.*\)$/, '') });
    }
  });
};

export default lookupRoutes;
