import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal, Role } from '../../src/auth/keys.js';
import { intakeComplaint } from '../../src/cases/commands/intake.js';
import { listComplaints } from '../../src/cases/queries.js';
import { parseOpen311Form } from '../../src/channels/open311/form.js';
import { intakeFromOpen311 } from '../../src/channels/open311/request-input.js';
import { OPEN311_STATUSES, open311Request } from '../../src/channels/open311/request-view.js';
import { discovery, requestWindow, servicesOf, serviceDefinitionOf, submissionNotice, withOpen311Fields } from '../../src/channels/open311/answers.js';
import { GENERAL_SERVICE } from '../../src/channels/open311/services.js';
import { toXml, type XmlValue } from '../../src/channels/open311/xml.js';
import { notFound } from '../../src/errors.js';
import { bearerSecret, keyHolder } from '../../src/http/auth.js';
import { failureOf } from '../../src/http/errors.js';
import {
  DiscoveryDocument, FormatParams, Open311Errors, RequestParams, RequestsQuery, ServiceDefinition, ServiceList, ServiceParams,
  ServiceRequestBody, ServiceRequestList, ServicesQuery, SubmittedList, TokenParams,
} from '../schemas/open311.js';

type Format = 'json' | 'xml';

const MAX_REQUESTS = 1000;

/**
 * The cases of GET /requests for its service_code: none given, every service; several
 * comma-separated (Open311), each listed and the lists merged newest first. general is the service
 * of a case no matter was found for.
 */
function requestsOfServices<R extends { id: number }>(codes: string | undefined, list: (service: { matter?: string; withoutMatter?: boolean }) => R[]): R[] {
  if (codes === undefined) return list({});
  const lists = [...new Set(codes.split(','))].map((code) => list(code === GENERAL_SERVICE.code ? { withoutMatter: true } : { matter: code }));
  return lists.flat().sort((a, b) => b.id - a.id).slice(0, MAX_REQUESTS);
}

/** An answer in the format the path's extension names: JSON as is, XML under Open311's root element. */
function answer(reply: FastifyReply, format: Format, root: string, value: XmlValue, status = 200) {
  reply.code(status);
  return format === 'xml' ? reply.type('text/xml; charset=utf-8').send(toXml(root, value)) : reply.send(value);
}

/** The extension of the path asked for (the query string is not the path); an unreadable one is answered in JSON. */
const formatOf = (request: FastifyRequest): Format => {
  const format = (request.params as { format?: unknown } | undefined)?.format;
  if (format === 'xml' || format === 'json') return format;
  return /\.xml$/.test(request.url.split('?')[0]!) ? 'xml' : 'json';
};

/**
 * Open311 clients send every field of their form, an unfilled one as '' (FixMyStreet sends
 * last_name= for a name without a space, attribute[x]= for an attribute left blank): an empty
 * optional field is a field not given. A required one left empty is then reported as missing.
 */
const dropEmptyFields = async (request: { body: unknown }) => {
  const body = request.body as Record<string, unknown> | null;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  for (const [name, value] of Object.entries(body)) if (value === '') delete body[name];
  const attribute = body.attribute as Record<string, unknown> | undefined;
  if (typeof attribute === 'object' && attribute !== null && !Array.isArray(attribute)) {
    for (const [name, value] of Object.entries(attribute)) if (value === '') delete attribute[name];
    if (Object.keys(attribute).length === 0) delete body.attribute;
  }
};

/**
 * Open311 GeoReport v2 (DOMAIN.md): the catalogue's matters as services, reports taken in as
 * complaints, and their progress. Discovery and services are public; reports are sent and read with
 * an API key (`api_key`, or the Authorization header as on /api/v1), as FixMyStreet sends it.
 */
const open311Routes: FastifyPluginAsyncTypebox = async (app) => {
  // Errors as Open311 has them, an array of {code, description}, in the format asked for.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const failure = failureOf(error, request, app);
    if (failure.statusCode === 415) failure.message = 'send the report as application/x-www-form-urlencoded (or application/json)';
    return answer(reply, formatOf(request), 'errors', [{ code: failure.statusCode, description: failure.message }], failure.statusCode);
  });
  app.setNotFoundHandler((request, reply) =>
    answer(reply, formatOf(request), 'errors', [{ code: 404, description: `no Open311 resource ${request.method} ${request.url.split('?')[0]}; GET /open311/v2/discovery.xml lists them` }], 404));
  // Reports come form-encoded or as JSON; text/plain (which Fastify reads by default) is neither.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, parseOpen311Form(body as string)));

  /** The key of an api_key field (Open311's way) or an Authorization header, for one of these roles. */
  const keyHolderOf = (request: FastifyRequest, apiKey: string | undefined, roles: readonly Role[]): Principal =>
    keyHolder(app, apiKey ?? bearerSecret(request), roles, 'api_key');

  const common = { tags: ['open311'], produces: ['application/json', 'text/xml'] };
  const errors = { 400: Open311Errors, 401: Open311Errors, 403: Open311Errors, 404: Open311Errors };

  app.get('/discovery.:format', {
    schema: { ...common, summary: 'Open311 discovery: this endpoint, its formats and how to get a key', params: FormatParams, response: { 200: DiscoveryDocument } },
  }, async (request, reply) => answer(reply, request.params.format, 'discovery', discovery(`${request.protocol}://${request.host}/open311/v2`)));

  app.get('/services.:format', {
    schema: { ...common, summary: 'Open311 services: the matters of a catalogue, and 其他 for any report', params: FormatParams, querystring: ServicesQuery, response: { 200: ServiceList, ...errors } },
  }, async (request, reply) => answer(reply, request.params.format, 'services', servicesOf(app.services, request.query.jurisdiction_id)));

  app.get('/services/:service_code.:format', {
    schema: { ...common, summary: 'Open311 service definition: the attributes a report may carry', params: ServiceParams, querystring: ServicesQuery, response: { 200: ServiceDefinition, ...errors } },
  }, async (request, reply) => answer(reply, request.params.format, 'service_definition', serviceDefinitionOf(app.services, request.query.jurisdiction_id, request.params.service_code)));

  app.post('/requests.:format', {
    preValidation: dropEmptyFields,
    schema: {
      ...common, consumes: ['application/x-www-form-urlencoded', 'application/json'],
      summary: 'Open311 report: taken in as a complaint of the key\'s channel (web when it names none), classified and routed',
      description: 'The answer\'s service_notice tells the reporter the tracking code and the access code (also access_code): both are needed to look the case up, and the access code is shown only here.',
      params: FormatParams, body: ServiceRequestBody, response: { 201: SubmittedList, ...errors, 409: Open311Errors, 413: Open311Errors },
    },
  }, async (request, reply) => {
    const principal = keyHolderOf(request, request.body.api_key, ['operator', 'admin']);
    const input = intakeFromOpen311(request.body, principal, app.services.catalogues);
    const result = await withOpen311Fields(() => app.services.writes.run((scope) => intakeComplaint(app.services, principal, input, scope)));
    return answer(reply, request.params.format, 'service_requests', [submissionNotice(result)], 201);
  });

  app.get('/requests.:format', {
    schema: {
      ...common,
      summary: 'Open311 requests in the key\'s scope, newest first (at most 1,000; a window of at most 90 days, the last 90 by default)',
      params: FormatParams, querystring: RequestsQuery, response: { 200: ServiceRequestList, ...errors },
    },
  }, async (request, reply) => {
    const q = request.query;
    const principal = keyHolderOf(request, q.api_key, ['operator', 'handler', 'supervisor', 'admin']);
    const rows = q.service_request_id !== undefined
      ? q.service_request_id.split(',').map((id) => id.trim()).filter(Boolean).flatMap((trackingCode) =>
        listComplaints(app.services, principal, { jurisdiction: q.jurisdiction_id, trackingCode, limit: 1 }).rows)
      : requestsOfServices(q.service_code, (service) => listComplaints(app.services, principal, {
        jurisdiction: q.jurisdiction_id,
        ...service,
        statuses: q.status?.split(',').flatMap((s) => OPEN311_STATUSES[s as 'open' | 'closed']),
        ...requestWindow(q.start_date, q.end_date, app.services.clock()),
        limit: MAX_REQUESTS,
      }).rows);
    return answer(reply, request.params.format, 'service_requests', rows.map((row) => open311Request(app.services, row)));
  });

  app.get('/requests/:service_request_id.:format', {
    schema: { ...common, summary: 'One Open311 request, by its tracking code', params: RequestParams, querystring: RequestsQuery, response: { 200: ServiceRequestList, ...errors } },
  }, async (request, reply) => {
    const principal = keyHolderOf(request, request.query.api_key, ['operator', 'handler', 'supervisor', 'admin']);
    const [row] = listComplaints(app.services, principal, { jurisdiction: request.query.jurisdiction_id, trackingCode: request.params.service_request_id, limit: 1 }).rows;
    // Outside the key's scope reads as unknown: an Open311 client learns nothing of other channels' cases.
    if (!row) throw notFound('CASE_NOT_FOUND', `service_request_id: no request ${request.params.service_request_id} for this key`);
    return answer(reply, request.params.format, 'service_requests', [open311Request(app.services, row)]);
  });

  app.get('/tokens/:token.:format', {
    schema: { ...common, summary: 'Open311 token: never issued here, since POST /requests answers with the service_request_id at once', params: TokenParams, response: { ...errors } },
  }, async (request) => {
    throw notFound('TOKEN_NOT_FOUND', `token ${request.params.token}: this service issues no tokens; POST /requests answers with the service_request_id`);
  });
};

export default open311Routes;
