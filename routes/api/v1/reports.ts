import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { principalOf, requireRole } from '../../../src/http/auth.js';
import { annualReport } from '../../../src/stats/annual-report.js';
import { renderAnnualReportHtml } from '../../../src/stats/annual-report-html.js';
import { statsScope } from '../../../src/stats/scope.js';
import { errorResponses } from '../../schemas/common.js';
import { AnnualReportParams, AnnualReportQuery, AnnualReportView } from '../../schemas/annual-report.js';

/** json (default), or the printable page when asked by `format=html` or by `Accept: text/html`. */
function formatOf(request: FastifyRequest, format: 'json' | 'html' | undefined): 'json' | 'html' {
  return format ?? ((request.headers.accept ?? '').includes('text/html') ? 'html' : 'json');
}

const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const supervisors = requireRole(app, 'supervisor', 'admin');

  app.get('/reports/departments/:code/annual', {
    onRequest: supervisors,
    schema: {
      tags: ['statistics'],
      summary: '年度生态环境保护职责履行情况: one department\'s yearly report (matters, received, 三率, overdue, reopened, supervision orders, previous year)',
      description: 'JSON by default; the printable Chinese page (A4, no scripts) with format=html or Accept: text/html.',
      security: [{ apiKey: [] }], params: AnnualReportParams, querystring: AnnualReportQuery, produces: ['application/json', 'text/html'],
      response: { 200: AnnualReportView, ...errorResponses, 404: Type.Ref('Error') },
    },
  }, async (request, reply) => {
    const { year } = request.query;
    const { compiled } = statsScope(app.services, principalOf(request), { jurisdiction: request.query.jurisdiction, from: `${year}-01-01`, to: `${year}-12-31` });
    const report = annualReport(app.services, compiled.catalogue, request.params.code, year);
    if (formatOf(request, request.query.format) === 'json') return report;
    return reply.type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(renderAnnualReportHtml(report));
  });
};

export default reportRoutes;
