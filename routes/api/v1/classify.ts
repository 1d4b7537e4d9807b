import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { formatLocal } from '../../../src/calendar/local-time.js';
import { decideComplaint } from '../../../src/routing/decide.js';
import { parseReceivedAt } from '../../../src/routing/received-at.js';
import { requireRole } from '../../../src/http/auth.js';
import { catalogueOf } from '../../../src/services.js';
import { invalidField } from '../../../src/errors.js';
import { errorResponses } from '../../schemas/common.js';
import { ComplaintBody, DecisionView } from '../../schemas/complaints.js';

const classifyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/classify', {
    onRequest: requireRole(app, 'operator', 'supervisor', 'admin'),
    schema: {
      tags: ['complaints'],
      summary: 'Dry run: the classification and routing an intake would give, nothing stored',
      security: [{ apiKey: [] }],
      body: ComplaintBody,
      response: { 200: DecisionView, ...errorResponses },
    },
  }, async (request) => {
    const body = request.body;
    const compiled = catalogueOf(app.services, body.jurisdiction);
    if (body.content.trim().length === 0) throw invalidField('content', 'must contain text, not only whitespace');
    const now = app.services.clock();
    const receivedAt = parseReceivedAt(body.receivedAt, now);
    const { classification, routing } = decideComplaint(compiled, app.services.calendar, {
      channel: body.channel, kind: body.kind ?? 'complaint', urgency: body.urgency ?? 'normal',
      content: body.content, address: body.address, district: body.district, reportedEntity: body.reportedEntity, receivedAt,
    }, now);
    const { confident: _confident, ...shownClassification } = classification;
    const time = (d: Date | null) => (d ? formatLocal(d) : null);
    return {
      status: routing.lead ? 'assigned' as const : 'triage' as const,
      classification: shownClassification,
      routing: {
        district: routing.district, lead: routing.lead, cooperating: routing.cooperating, territorial: routing.territorial,
        acceptDueAt: time(routing.acceptDueAt), signDueAt: time(routing.signDueAt), replyDueAt: time(routing.replyDueAt),
        provisional: routing.provisional, limits: routing.limits,
      },
    };
  });
};

export default classifyRoutes;
