import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { eventView, listEvents } from '../../../src/cases/event-log.js';
import { readComplaint } from '../../../src/cases/queries.js';
import { principalOf, requireRole } from '../../../src/http/auth.js';
import { errorResponses } from '../../schemas/common.js';
import { CaseParams, EventList } from '../../schemas/lifecycle.js';

/** The audit trail is read-only over HTTP: there is deliberately no route that changes or removes an event. */
const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/complaints/:id/events', {
    onRequest: requireRole(app, 'operator', 'handler', 'supervisor', 'admin'),
    schema: {
      tags: ['lifecycle'],
      summary: 'The audit trail of a case: actor, role, time, action, from and to state, payload; oldest first',
      security: [{ apiKey: [] }],
      params: CaseParams,
      response: { 200: EventList, ...errorResponses, 404: Type.Ref('Error') },
    },
  }, async (request, reply) => {
    const { row } = readComplaint(app.services, principalOf(request), Number(request.params.id));
    const items = listEvents(app.services.db, row.id);
    // The case's version, then the last event: a recorded read of the reporter adds an event without a
    // new version, and the tag must change with the list. The version part is what If-Match checks.
    reply.header('etag', `"${row.version}-e${items.at(-1)?.id ?? 0}"`);
    return { items: items.map(eventView) };
  });
};

export default eventRoutes;
