import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { intakeComplaint } from '../../../src/cases/commands/intake.js';
import { recordReporterAccess } from '../../../src/cases/commands/reveal-reporter.js';
import { caseEntityTag } from '../../../src/cases/entity-tag.js';
import { mergeOf } from '../../../src/cases/commands/merge.js';
import { listAttachments } from '../../../src/cases/attachments.js';
import { formatLocal } from '../../../src/calendar/local-time.js';
import { listComplaints, readComplaint } from '../../../src/cases/queries.js';
import { complaintView } from '../../../src/cases/view.js';
import { principalOf, requireRole } from '../../../src/http/auth.js';
import { sendRevalidatable } from '../../../src/http/conditional-get.js';
import { errorResponses } from '../../schemas/common.js';
import { ComplaintBody, ComplaintListQuery, ComplaintPage, IfNoneMatchHeaders, RevalidationHeaders } from '../../schemas/complaints.js';

const CaseParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'case id' }) });

const complaintRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/complaints', {
    onRequest: requireRole(app, 'operator', 'admin'),
    schema: {
      tags: ['complaints'],
      summary: '受理: take in a complaint, classify, route, store',
      description: 'Same channel + externalId again: 200 with the same case; with a different body: 409.',
      security: [{ apiKey: [] }],
      body: ComplaintBody,
      response: {
        201: Type.Ref('Complaint'), 200: Type.Ref('Complaint'),
        ...errorResponses, 409: Type.Ref('Error'), 413: Type.Ref('Error'),
      },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const result = await app.services.writes.run((scope) => intakeComplaint(app.services, principal, request.body, scope));
    const view = complaintView(result.row, result.holders, principal, { now: app.services.clock() });
    reply.header('etag', `"${result.row.version}"`).header('location', `/api/v1/complaints/${view.id}`);
    if (!result.created) return reply.code(200).send(view);
    return reply.code(201).send({ ...view, accessCode: result.accessCode });
  });

  app.get('/complaints/:id', {
    onRequest: requireRole(app, 'operator', 'handler', 'supervisor', 'admin'),
    schema: {
      tags: ['complaints'],
      summary: 'One case, as the caller may see it',
      description: 'Revalidate with If-None-Match: 304 without a body while the case reads the same for this caller. The version part of the ETag is what If-Match on actions checks.',
      security: [{ apiKey: [] }],
      params: CaseParams,
      headers: IfNoneMatchHeaders,
      response: {
        200: Type.Ref('Complaint', { headers: RevalidationHeaders }),
        304: Type.Null({ description: 'Not Modified: the case reads as the ETag sent in If-None-Match says', headers: RevalidationHeaders }),
        ...errorResponses, 404: Type.Ref('Error'),
      },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    // Scope first: 401, 403 and 404 come before any 304, which would say that the case exists.
    const { row, holders } = readComplaint(app.services, principal, Number(request.params.id));
    // Unmasked reporter identity is personal data: showing it is recorded as an event, on a 304 too
    // (the caller is told its copy with the identity is current and shows it again).
    recordReporterAccess(app.services, principal, row);
    const view = {
      ...complaintView(row, holders, principal, { now: app.services.clock() }),
      merge: mergeOf(app.services.db, row),
      attachments: listAttachments(app.services.db, row.id).map(({ id, kind, filename, size, uploadedAt }) => ({ id: String(id), kind, filename, size, uploadedAt: formatLocal(uploadedAt) })),
    };
    return sendRevalidatable(request, reply, view, (body) => caseEntityTag(row.version, body));
  });

  app.get('/complaints', {
    onRequest: requireRole(app, 'operator', 'handler', 'supervisor', 'admin'),
    schema: {
      tags: ['complaints'],
      summary: 'Cases in the caller\'s scope, newest first, cursor-paginated',
      security: [{ apiKey: [] }],
      querystring: ComplaintListQuery,
      response: { 200: ComplaintPage, ...errorResponses },
    },
  }, async (request) => {
    const principal = principalOf(request);
    const { rows, holders, nextCursor } = listComplaints(app.services, principal, request.query);
    const now = app.services.clock();
    // Lists mask the reporter for every role: revealing identity is recorded, and only the single-case read records it.
    return { items: rows.map((row) => complaintView(row, holders.get(row.id) ?? [], principal, { now, revealReporter: false })), nextCursor };
  });
};

export default complaintRoutes;
