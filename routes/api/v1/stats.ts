import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf, requireRole } from '../../../src/http/auth.js';
import { breakdownTable, departmentTable, hotspotTable, type Table, toCsv, toXlsx } from '../../../src/stats/export.js';
import { breakdownReport, departmentReport, hotspotReport } from '../../../src/stats/reports.js';
import { statsScope } from '../../../src/stats/scope.js';
import { errorResponses } from '../../schemas/common.js';
import { BreakdownQuery, BreakdownView, DepartmentStatsView, HotspotQuery, HotspotView, StatsQuery } from '../../schemas/stats.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** json (default), or CSV / Excel when asked by `format=` or by the Accept header. */
function formatOf(request: FastifyRequest, format: string | undefined): 'json' | 'csv' | 'xlsx' {
  if (format) return format as 'json' | 'csv' | 'xlsx';
  const accept = request.headers.accept ?? '';
  if (accept.includes(XLSX)) return 'xlsx';
  if (accept.includes('text/csv')) return 'csv';
  return 'json';
}

async function send(reply: FastifyReply, format: 'json' | 'csv' | 'xlsx', body: object, table: () => Table, name: string) {
  if (format === 'json') return body;
  const filename = `${name}.${format}`;
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(table()));
  return reply.type(XLSX).send(await toXlsx(table()));
}

const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const supervisors = requireRole(app, 'supervisor', 'admin');
  const produces = ['application/json', 'text/csv', XLSX];

  app.get('/stats/departments', {
    onRequest: supervisors,
    schema: {
      tags: ['statistics'], summary: '部门履职统计: per lead department, rates with numerators and denominators, score and ranking',
      security: [{ apiKey: [] }], querystring: StatsQuery, produces, response: { 200: DepartmentStatsView, ...errorResponses },
    },
  }, async (request, reply) => {
    const { compiled, scope } = statsScope(app.services, principalOf(request), request.query);
    const report = departmentReport(app.services, compiled.catalogue, scope);
    return send(reply, formatOf(request, request.query.format), report, () => departmentTable(report), `departments-${scope.jurisdiction}`);
  });

  app.get('/stats/breakdown', {
    onRequest: supervisors,
    schema: {
      tags: ['statistics'], summary: '分类统计: counts and rates by matter, pollution type or sub-type (multi-label), channel or channel group, district, month, department or industry',
      security: [{ apiKey: [] }], querystring: BreakdownQuery, produces, response: { 200: BreakdownView, ...errorResponses },
    },
  }, async (request, reply) => {
    const { compiled, scope } = statsScope(app.services, principalOf(request), request.query);
    const report = breakdownReport(app.services, compiled.catalogue, scope, request.query.by);
    return send(reply, formatOf(request, request.query.format), report, () => breakdownTable(report), `breakdown-${request.query.by}-${scope.jurisdiction}`);
  });

  app.get('/stats/hotspots', {
    onRequest: supervisors,
    schema: {
      tags: ['statistics'], summary: '重复投诉热点: reported entities and addresses with repeated complaints in the period',
      security: [{ apiKey: [] }], querystring: HotspotQuery, produces, response: { 200: HotspotView, ...errorResponses },
    },
  }, async (request, reply) => {
    const { compiled, scope } = statsScope(app.services, principalOf(request), request.query);
    const report = hotspotReport(app.services, compiled.catalogue, scope, request.query.minimum ?? 2, request.query.limit ?? 100);
    return send(reply, formatOf(request, request.query.format), report, () => hotspotTable(report), `hotspots-${scope.jurisdiction}`);
  });
};

export default statsRoutes;
