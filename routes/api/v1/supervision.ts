import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listPublicNotices } from '../../../src/escalation/public-notices.js';
import { principalOf, requireRole } from '../../../src/http/auth.js';
import { errorResponses } from '../../schemas/common.js';
import { PublicNoticeList, PublicNoticeQuery } from '../../schemas/supervision.js';

const supervisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/supervision/public-notices', {
    onRequest: requireRole(app, 'supervisor', 'admin'),
    schema: {
      tags: ['supervision'],
      summary: '通报: open cases overdue by more than five working days, most overdue first',
      description: 'Cases the escalation scheduler listed for public notice that still await their reply. An approved extension that moves the reply due time takes a case off the list until it is that late again.',
      security: [{ apiKey: [] }],
      querystring: PublicNoticeQuery,
      response: { 200: PublicNoticeList, ...errorResponses },
    },
  }, async (request) => listPublicNotices(app.services, principalOf(request), request.query));
};

export default supervisionRoutes;
