import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { formatLocal } from '../../../src/calendar/local-time.js';
import { attachFile } from '../../../src/cases/commands/attach.js';
import {
  ATTACHMENT_TYPES, CASE_BYTES_PER_FILE_LIMIT, MAX_FILES_PER_CASE, attachmentContent, attachmentView, checkContent, checkFilename, findAttachment, listAttachments, unsupportedType,
} from '../../../src/cases/attachments.js';
import { readComplaint } from '../../../src/cases/queries.js';
import { ACTION_ROLES } from '../../../src/cases/transitions.js';
import { notFound } from '../../../src/errors.js';
import { principalOf, requireRole } from '../../../src/http/auth.js';
import { errorResponses } from '../../schemas/common.js';
import { AttachmentList, AttachmentParams, AttachmentQuery, AttachmentResult } from '../../schemas/attachments.js';
import { CaseParams, IfMatchHeaders } from '../../schemas/lifecycle.js';
import { actionResult } from './action-result.js';

/**
 * 附件: files on a case's record. The body of an upload is the file itself (no multipart), typed by
 * its Content-Type; the kind and the name come in the query. Downloads go to whoever may read the case.
 */
const attachmentRoutes: FastifyPluginAsyncTypebox<{ maxBytes: number }> = async (app, { maxBytes }) => {
  // Scoped to this plugin: only these routes take raw files, up to their own limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(ATTACHMENT_TYPES, { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('*', (request, _payload, done) => done(unsupportedType(request.headers['content-type']), undefined));

  app.post('/complaints/:id/attachments', {
    onRequest: requireRole(app, ...ACTION_ROLES.attach, 'admin'),
    bodyLimit: maxBytes,
    schema: {
      tags: ['lifecycle'],
      summary: '上传附件: a file on the case\'s record (the signed reply document, evidence); never changed or removed afterwards',
      description: `The body is the file (${ATTACHMENT_TYPES.join(', ')}, its first bytes must match the type), at most ${maxBytes} bytes (HOTLINE_ATTACHMENT_LIMIT). `
        + `Roles: ${[...ACTION_ROLES.attach, 'admin'].join(', ')}; handlers on cases their office holds. On an open case; the audit trail records the name and SHA-256. `
        + 'A reply on a 12369 case names its reply document by id (documentId). '
        + `A case holds at most ${MAX_FILES_PER_CASE} files and ${CASE_BYTES_PER_FILE_LIMIT} × the largest file's bytes (409 ATTACHMENT_QUOTA).`,
      security: [{ apiKey: [] }],
      consumes: ATTACHMENT_TYPES,
      params: CaseParams,
      querystring: AttachmentQuery,
      headers: IfMatchHeaders,
      response: { 201: AttachmentResult, ...errorResponses, 404: Type.Ref('Error'), 409: Type.Ref('Error'), 412: Type.Ref('Error'), 413: Type.Ref('Error'), 415: Type.Ref('Error') },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const contentType = checkContent(request.headers['content-type'], request.body as Buffer);
    const filename = checkFilename(request.query.filename);
    const outcome = attachFile(app.services, principal, { caseId: Number(request.params.id), ifMatch: request.headers['if-match'] },
      { kind: request.query.kind, filename, contentType, content: request.body as Buffer }, maxBytes);
    return { ...actionResult(reply, principal, outcome, app.services.clock(), 201), attachment: attachmentView(outcome.result, formatLocal) };
  });

  app.get('/complaints/:id/attachments', {
    onRequest: requireRole(app, 'operator', 'handler', 'supervisor', 'admin'),
    schema: {
      tags: ['lifecycle'], summary: 'The files on a case\'s record, oldest first, without their content',
      security: [{ apiKey: [] }], params: CaseParams, response: { 200: AttachmentList, ...errorResponses, 404: Type.Ref('Error') },
    },
  }, async (request) => {
    const { row } = readComplaint(app.services, principalOf(request), Number(request.params.id));
    return { items: listAttachments(app.services.db, row.id).map((a) => attachmentView(a, formatLocal)) };
  });

  app.get('/complaints/:id/attachments/:attachmentId', {
    onRequest: requireRole(app, 'operator', 'handler', 'supervisor', 'admin'),
    schema: {
      tags: ['lifecycle'], summary: 'One file, as uploaded: its type, its name in Content-Disposition, never shown inline',
      security: [{ apiKey: [] }], params: AttachmentParams,
      produces: ATTACHMENT_TYPES,
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the file' }), ...errorResponses, 404: Type.Ref('Error') },
    },
  }, async (request, reply) => {
    const { row } = readComplaint(app.services, principalOf(request), Number(request.params.id));
    const attachment = findAttachment(app.services.db, row.id, Number(request.params.attachmentId));
    if (!attachment) throw notFound('ATTACHMENT_NOT_FOUND', `case ${row.id} has no attachment ${request.params.attachmentId}`);
    // attachment, never inline, and nosniff: a file is handed over as data, never run as a page of this origin.
    const ascii = attachment.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    return reply.type(attachment.contentType)
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('etag', `"${attachment.sha256}"`)
      .send(attachmentContent(app.services.db, attachment.id));
  });
};

export default attachmentRoutes;
