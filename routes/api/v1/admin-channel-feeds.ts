import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { channelFeedStates, retryChannelFeedNow } from '../../../src/channels/feedback/feed.js';
import { CHANNELS } from '../../../src/catalogue/schema.js';
import { notFound } from '../../../src/errors.js';
import { requireRole } from '../../../src/http/auth.js';
import { errorResponses, Nullable, StringEnum } from '../../schemas/common.js';

const ChannelFeedState = Type.Object({
  channel: Type.String(),
  lastEventId: Type.Integer({ description: 'the last event its platform was sent (or skipped as internal)' }),
  backlog: Type.Integer({ description: 'public milestones of its cases not yet delivered' }),
  backlogAtLeast: Type.Boolean({ description: 'true: the count stopped at 10,000' }),
  attempts: Type.Integer({ description: 'failed deliveries in a row' }),
  nextAttemptAt: Type.String(),
  lastError: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String({ description: 'the last delivery its platform took' })),
});

/** 工单回传 for the admin: each channel's feed, and delivery now after the platform is mended. */
const adminChannelFeedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/admin/channel-feeds', {
    onRequest: requireRole(app, 'admin'),
    schema: {
      tags: ['admin'],
      summary: '工单回传: where each channel\'s feed to its platform stands (HOTLINE_CHANNEL_FEEDS)',
      security: [{ apiKey: [] }],
      response: { 200: Type.Object({ items: Type.Array(ChannelFeedState) }), ...errorResponses },
    },
  }, async () => ({ items: channelFeedStates(app.services) }));

  app.post('/admin/channel-feeds/:channel/retry', {
    onRequest: requireRole(app, 'admin'),
    schema: {
      tags: ['admin'],
      summary: 'Deliver a channel\'s feed at the next pass, its backoff and failure count forgotten',
      security: [{ apiKey: [] }],
      params: Type.Object({ channel: StringEnum(CHANNELS) }),
      response: { 200: ChannelFeedState, ...errorResponses, 404: Type.Ref('Error') },
    },
  }, async (request) => {
    if (!retryChannelFeedNow(app.services, request.params.channel)) {
      throw notFound('CHANNEL_FEED_NOT_FOUND', `channel ${request.params.channel} has no feed yet: it starts with the first pass after HOTLINE_CHANNEL_FEEDS names it`);
    }
    return channelFeedStates(app.services).find((s) => s.channel === request.params.channel)!;
  });
};

export default adminChannelFeedRoutes;
