import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { formatLocal } from '../../../src/calendar/local-time.js';
import { conflict, notFound } from '../../../src/errors.js';
import { requireRole } from '../../../src/http/auth.js';
import { listOutbox, type OutboxRow, retryFailed } from '../../../src/notify/outbox-store.js';
import { errorResponses } from '../../schemas/common.js';
import { OutboxList, OutboxListQuery, OutboxMessage, OutboxParams } from '../../schemas/outbox.js';

const adminOutboxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(OutboxMessage);

  app.get('/admin/outbox', {
    onRequest: requireRole(app, 'admin'),
    schema: {
      tags: ['admin'],
      summary: '发件箱: outgoing mail and webhooks, newest first (state=failed: what needs a retry)',
      security: [{ apiKey: [] }],
      querystring: OutboxListQuery,
      response: { 200: OutboxList, ...errorResponses },
    },
  }, async (request) => ({
    items: listOutbox(app.services.db, { state: request.query.state, limit: request.query.limit ?? 100 }).map(outboxView),
  }));

  app.post('/admin/outbox/:id/retry', {
    onRequest: requireRole(app, 'admin'),
    schema: {
      tags: ['admin'],
      summary: 'A failed message back to pending, due now, its attempts reset',
      description: 'Only a failed message can be retried (409 otherwise). No case event is written: the message, not the case, changes.',
      security: [{ apiKey: [] }],
      params: OutboxParams,
      response: { 200: Type.Ref('OutboxMessage'), ...errorResponses, 404: Type.Ref('Error'), 409: Type.Ref('Error') },
    },
  }, async (request) => {
    const id = Number(request.params.id);
    const outcome = retryFailed(app.services.db, id, app.services.clock());
    if (outcome.ok) return outboxView(outcome.row);
    if (outcome.reason === 'not-found') throw notFound('OUTBOX_MESSAGE_NOT_FOUND', `no outbox message ${id}`);
    throw conflict('OUTBOX_MESSAGE_NOT_FAILED', `outbox message ${id} is ${outcome.row?.state}; only a failed message can be retried`);
  });
};

function outboxView(row: OutboxRow) {
  return {
    id: String(row.id),
    caseId: row.caseId === null ? null : String(row.caseId),
    channel: row.channel,
    template: row.template,
    recipient: row.recipient,
    state: row.state,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: formatLocal(row.createdAt),
    nextAttemptAt: formatLocal(row.nextAttemptAt),
    sentAt: row.sentAt ? formatLocal(row.sentAt) : null,
  };
}

export default adminOutboxRoutes;
