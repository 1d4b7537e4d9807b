import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { type BodyCheck, importAllowed, importWorkOrders, MAX_IMPORT_ROWS } from '../../../src/channels/import/import.js';
import { CSV_TYPE, readCsv, readXlsx, XLSX_TYPE } from '../../../src/channels/import/sheet.js';
import { ApiError, invalidField } from '../../../src/errors.js';
import { principalOf, requireRole } from '../../../src/http/auth.js';
import { describeError, fieldOf } from '../../../src/http/validation.js';
import { errorResponses } from '../../schemas/common.js';
import { ComplaintBody } from '../../schemas/complaints.js';
import { ImportQuery, ImportResult } from '../../schemas/import.js';

/** A day's export of a busy district, with room: about 10,000 work orders of 1 KB. */
export const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;

/** Each row is checked against the JSON intake's own schema, as strictly (src/http/validation.ts). */
function complaintBodyCheck(): BodyCheck {
  const ajv = new Ajv.default({ coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: false, verbose: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(ComplaintBody);
  return (body) => {
    if (validate(body)) return null;
    const first = validate.errors![0]!;
    return { field: fieldOf(first), message: describeError(first) };
  };
}

const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([CSV_TYPE, XLSX_TYPE], { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('*', (request, _payload, done) => done(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE',
    `send the export as ${CSV_TYPE} (UTF-8 or GBK) or ${XLSX_TYPE}, not ${request.headers['content-type'] ?? 'no Content-Type'}`), undefined));
  const check = complaintBodyCheck();

  app.post('/complaints/import', {
    onRequest: requireRole(app, 'operator', 'admin'),
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      tags: ['complaints'],
      summary: '批量导入: take in a 12345 / 12369 work-order export (CSV or Excel), a row per complaint',
      description: `The body is the file: CSV (UTF-8 or GBK, as Excel writes it) or .xlsx (its first sheet), a header row then a row per work order, at most ${MAX_IMPORT_ROWS} rows and ${IMPORT_BODY_LIMIT} bytes. `
        + 'Columns are found by their headings (工单编号, 受理时间, 诉求内容, 诉求地址, 所属区县, 被反映单位, 诉求目的, 诉求类型, 紧急程度, 诉求人, 联系电话, 是否保密, …; see the README); 工单编号 and 诉求内容 are required. '
        + 'Each row is taken in as POST /complaints takes a body, idempotent on (channel, 工单编号): a row already taken in answers existing. A bad row is reported with its line and column; the others are taken in.',
      security: [{ apiKey: [] }],
      consumes: [CSV_TYPE, XLSX_TYPE],
      querystring: ImportQuery,
      response: { 200: ImportResult, ...errorResponses, 413: { $ref: 'Error' }, 415: { $ref: 'Error' } },
    },
  }, async (request) => {
    const principal = principalOf(request);
    const jurisdiction = request.query.jurisdiction ?? principal.jurisdiction;
    if (!jurisdiction) throw invalidField('jurisdiction', 'is required with this key (query parameter)');
    const channel = request.query.channel ?? principal.channel;
    if (!channel) throw invalidField('channel', 'is required with this key (query parameter): the channel the work orders came through');
    // Checked before the file is read: a key that may not import learns nothing of its file, and costs no parsing.
    importAllowed(app.services, principal, { jurisdiction, channel });
    const body = request.body as Buffer;
    const sheet = request.headers['content-type']?.toLowerCase().startsWith(XLSX_TYPE) ? await readXlsx(body, MAX_IMPORT_ROWS) : readCsv(body, MAX_IMPORT_ROWS);
    return importWorkOrders(app.services, principal, { jurisdiction, channel }, sheet, check,
      (error, line) => request.log.error({ err: error, line }, 'import row failed'));
  });
};

export default importRoutes;
