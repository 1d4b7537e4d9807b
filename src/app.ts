import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ErrorResponse } from '../routes/schemas/common.js';
import { ComplaintView } from '../routes/schemas/complaints.js';
import adminOutboxRoutes from '../routes/api/v1/admin-outbox.js';
import adminChannelFeedRoutes from '../routes/api/v1/admin-channel-feeds.js';
import attachmentRoutes from '../routes/api/v1/attachments.js';
import classifyRoutes from '../routes/api/v1/classify.js';
import complaintRoutes from '../routes/api/v1/complaints.js';
import eventRoutes from '../routes/api/v1/events.js';
import importRoutes from '../routes/api/v1/import.js';
import lifecycleRoutes from '../routes/api/v1/lifecycle.js';
import queueRoutes from '../routes/api/v1/queue.js';
import reportRoutes from '../routes/api/v1/reports.js';
import statsRoutes from '../routes/api/v1/stats.js';
import supervisionRoutes from '../routes/api/v1/supervision.js';
import healthRoutes from '../routes/health.js';
import publicCatalogueRoutes from '../routes/public/catalogue.js';
import publicLookupRoutes from '../routes/public/lookup.js';
import open311Routes from '../routes/open311/v2.js';
import { installAuth } from './http/auth.js';
import { installErrorHandlers } from './http/errors.js';
import { createLogger } from './http/logger.js';
import { installCacheControl } from './http/cache-control.js';
import { installValidators } from './http/validation.js';
import type { Services } from './services.js';
import { DEFAULT_ATTACHMENT_LIMIT } from './config.js';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export interface AppOptions {
  services: Services;
  bodyLimit?: number;
  /** Largest attachment in bytes (HOTLINE_ATTACHMENT_LIMIT). */
  attachmentLimit?: number;
  logger?: Logger;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: (options.logger ?? createLogger('silent')) as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    // Ids and tracking codes are what callers put in URLs; nothing longer is legitimate.
    routerOptions: { maxParamLength: 100 },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;

  app.decorate('services', options.services);
  installValidators(app);
  installErrorHandlers(app);
  installAuth(app);
  installCacheControl(app);
  app.addSchema(ErrorResponse);
  app.addSchema(ComplaintView);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '12345 / 12369 生态环境投诉受理与派单 API',
        description: 'Intake, classification against the responsibility catalogue, routing with legal deadlines.',
        version: '0.1.0',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key from `hotline keys create`' } } },
      tags: [
        { name: 'complaints', description: '受理与查询 (operators, handlers, supervisors)' },
        { name: 'public', description: '公开信息 (no key)' },
        { name: 'operations', description: 'health and readiness' },
        { name: 'statistics', description: '督察统计 (supervisors, admins): CSV and Excel too' },
        { name: 'open311', description: 'Open311 GeoReport v2 (JSON and XML): services, reports, their progress' },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes);
  await app.register(complaintRoutes, { prefix: '/api/v1' });
  await app.register(classifyRoutes, { prefix: '/api/v1' });
  await app.register(importRoutes, { prefix: '/api/v1' });
  await app.register(lifecycleRoutes, { prefix: '/api/v1' });
  await app.register(queueRoutes, { prefix: '/api/v1' });
  await app.register(eventRoutes, { prefix: '/api/v1' });
  await app.register(attachmentRoutes, { prefix: '/api/v1', maxBytes: options.attachmentLimit ?? DEFAULT_ATTACHMENT_LIMIT });
  await app.register(adminOutboxRoutes, { prefix: '/api/v1' });
  await app.register(adminChannelFeedRoutes, { prefix: '/api/v1' });
  await app.register(supervisionRoutes, { prefix: '/api/v1' });
  await app.register(statsRoutes, { prefix: '/api/v1' });
  await app.register(reportRoutes, { prefix: '/api/v1' });
  await app.register(publicCatalogueRoutes, { prefix: '/public' });
  await app.register(publicLookupRoutes, { prefix: '/public' });
  await app.register(open311Routes, { prefix: '/open311/v2' });
  return app;
}
