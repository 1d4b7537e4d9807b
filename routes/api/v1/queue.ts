import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listArbitration } from '../../../src/cases/arbitration-list.js';
import { listReviews } from '../../../src/cases/review-list.js';
import { listCallbacks } from '../../../src/cases/callback-list.js';
import { listQueue, listTriage } from '../../../src/cases/work-queues.js';
import { principalOf, requireRole } from '../../../src/http/auth.js';
import { errorResponses } from '../../schemas/common.js';
import { ArbitrationPage, ArbitrationQuery, CallbackPage, CallbackQuery, QueuePage, ReviewPage, ReviewQuery, QueueQuery, TriagePage, TriageQuery } from '../../schemas/lifecycle.js';

const queueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/triage', {
    onRequest: requireRole(app, 'operator', 'supervisor', 'admin'),
    schema: {
      tags: ['lifecycle'],
      summary: '待分拨: cases no office holds, oldest first, with suggestions and the last return\'s reason',
      security: [{ apiKey: [] }],
      querystring: TriageQuery,
      response: { 200: TriagePage, ...errorResponses },
    },
  }, async (request) => listTriage(app.services, principalOf(request), request.query));

  app.get('/arbitration', {
    onRequest: requireRole(app, 'handler', 'supervisor', 'admin'),
    schema: {
      tags: ['lifecycle'],
      summary: '待会商: cases referred to the consultation that fixes a lead, oldest first, with the returns that preceded it',
      description: 'For supervisors and admins, and for the ecology-environment offices that organise the 会商 (a district office sees its district, the city office all); other handlers get 403.',
      security: [{ apiKey: [] }],
      querystring: ArbitrationQuery,
      response: { 200: ArbitrationPage, ...errorResponses },
    },
  }, async (request) => listArbitration(app.services, principalOf(request), request.query));

  app.get('/reviews', {
    onRequest: requireRole(app, 'operator', 'supervisor', 'admin'),
    schema: {
      tags: ['lifecycle'],
      summary: '待复查: cases whose reporter asked for review, the longest waiting first, with the answer\'s due time',
      description: 'Supervisors answer them (POST /complaints/:id/review/decision). An operator bound to a channel sees its channel.',
      security: [{ apiKey: [] }],
      querystring: ReviewQuery,
      response: { 200: ReviewPage, ...errorResponses },
    },
  }, async (request) => listReviews(app.services, principalOf(request), request.query));

  app.get('/queue', {
    onRequest: requireRole(app, 'handler', 'supervisor', 'admin'),
    schema: {
      tags: ['lifecycle'],
      summary: '待办: an office\'s work list (to sign, in progress), sorted by the due time that matters now',
      description: 'A handler key gets its own office; supervisors and admins name one with department (and district). Overdue and due soon are computed at the request.',
      security: [{ apiKey: [] }],
      querystring: QueueQuery,
      response: { 200: QueuePage, ...errorResponses },
    },
  }, async (request) => listQueue(app.services, principalOf(request), request.query));

  app.get('/callbacks', {
    onRequest: requireRole(app, 'operator', 'supervisor', 'admin'),
    schema: {
      tags: ['lifecycle'],
      summary: '待回访: replied cases whose reply awaits the callback, the longest waiting first',
      description: 'Due by the end of the working day after the reply. The reporter is masked as in every list; open the case for the number (the read is recorded). An operator bound to a channel sees its channel.',
      security: [{ apiKey: [] }],
      querystring: CallbackQuery,
      response: { 200: CallbackPage, ...errorResponses },
    },
  }, async (request) => listCallbacks(app.services, principalOf(request), request.query));
};

export default queueRoutes;
