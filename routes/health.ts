import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', {
    schema: { tags: ['operations'], summary: 'The process is up', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', {
    schema: {
      tags: ['operations'],
      summary: 'The database answers and the catalogues are loaded',
      response: {
        200: Type.Object({
          status: Type.Literal('ready'),
          catalogues: Type.Array(Type.Object({ jurisdiction: Type.String(), version: Type.String(), matters: Type.Integer() })),
          calendarYears: Type.Array(Type.Integer()),
        }),
        503: Type.Object({ status: Type.Literal('unavailable'), reason: Type.String() }),
      },
    },
  }, async (_request, reply) => {
    try {
      app.services.db.get(sql`select 1`);
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable' as const, reason: `database: ${(error as Error).message}` });
    }
    return {
      status: 'ready' as const,
      catalogues: [...app.services.catalogues.values()].map(({ catalogue }) => ({
        jurisdiction: catalogue.code, version: catalogue.version, matters: catalogue.matters.length,
      })),
      calendarYears: app.services.calendar.coveredYears(),
    };
  });
};

export default healthRoutes;
