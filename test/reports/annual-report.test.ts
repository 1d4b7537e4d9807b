import t from 'tap';
import type { AnnualReport } from '../../src/stats/annual-report.js';
import { renderAnnualReportHtml } from '../../src/stats/annual-report-html.js';
import { MARKUP_ENTITY, startReportYear } from './fixtures/year.js';

const ctx = await startReportYear();
t.teardown(ctx.close);

const URL = '/api/v1/reports/departments/housing-construction/annual';
const rate = (numerator: number, denominator: number) => ({ numerator, denominator, value: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000 });

const get = async (query: string, headers: Record<string, string> = {}, key: Parameters<typeof ctx.call>[2] = 'supervisor', url = URL) =>
  ctx.call('GET', `${url}?${query}`, key, undefined, headers);

const res = await get('jurisdiction=chongqing&year=2026');
t.equal(res.statusCode, 200, 'the report of 2026');
const report = res.json() as AnnualReport;

t.test('the scenario routes as written: the department leads every case but E (returned) and X (urban-management)', async (t) => {
  t.same(ctx.matters, {
    p1: 'construction-noise', p2: 'construction-noise', a: 'construction-noise', b: 'construction-dust', c: 'construction-noise',
    d: 'construction-noise', e: 'construction-noise', x: 'restaurant-fumes', f: 'construction-noise', g: 'construction-noise',
  });
});

t.test('the header names the department, the year and the period', async (t) => {
  t.match(report, {
    jurisdiction: 'chongqing', department: { code: 'housing-construction', name: '重庆市住房和城乡建设委员会' }, year: 2026,
    period: { from: '2026-01-01T00:00:00+08:00', to: '2027-01-01T00:00:00+08:00' }, generatedAt: '2027-02-10T10:00:00+08:00',
  });
});

t.test('matters: those the department leads and those it cooperates on, from the catalogue', async (t) => {
  const lead = report.matters.lead.map((m) => m.code);
  const cooperating = report.matters.cooperating.map((m) => m.code);
  t.ok(lead.includes('construction-noise') && lead.includes('construction-dust'), 'leads construction noise and dust');
  t.ok(cooperating.includes('night-construction-noise'), 'cooperates on night construction noise (ecology-environment leads)');
  t.notOk(lead.includes('restaurant-fumes') || cooperating.includes('restaurant-fumes'), 'restaurant fumes are not its matter');
  t.match(report.matters.lead.find((m) => m.code === 'construction-noise'), {
    title: '建筑施工噪声扰民（昼间）', pollutionTypes: ['噪声'], lead: { code: 'housing-construction' },
    cooperating: [{ code: 'ecology-environment', name: '重庆市生态环境局' }, { code: 'urban-management' }],
  });
  t.match(report.matters.cooperating.find((m) => m.code === 'night-construction-noise'), { lead: { code: 'ecology-environment', name: '重庆市生态环境局' } });
});

t.test('received: lead assignments A–G (7) and led cases A B C D F G (6), by matter and by district', async (t) => {
  t.equal(report.received.assignments, 7);
  t.equal(report.received.cases, 6);
  t.same(report.received.byMatter, [
    { code: 'construction-noise', title: '建筑施工噪声扰民（昼间）', assignments: 6, cases: 5 },
    { code: 'construction-dust', title: report.matters.lead.find((m) => m.code === 'construction-dust')!.title, assignments: 1, cases: 1 },
  ]);
  t.same(report.received.byDistrict, [
    { code: '500103', name: '渝中区', assignments: 5, cases: 4 },
    { code: '500105', name: '江北区', assignments: 2, cases: 2 },
  ]);
});

t.test('handling: the 三率 and the other rates, with numerators and denominators, counted by hand', async (t) => {
  const h = report.handling;
  t.equal(h.received, 7);
  t.equal(h.cases, 6);
  t.same(h.rates, {
    timelySign: rate(4, 7), // A B D F on time; C late; E returned unsigned; G never signed
    onTimeCompletion: rate(3, 6), // A B D on time; C late; F G overdue unanswered
    response: rate(4, 6), // A B C D replied
    resolution: rate(3, 4), // last callbacks: A B C resolved, D not
    satisfaction: rate(4, 4), // A C satisfied, B D basically satisfied
    return: rate(1, 7), // E
    reassignment: rate(0, 7),
    transfer: rate(0, 7),
    reopen: rate(1, 4), // B
    repeat: rate(0, 6),
    reviewCorrection: rate(0, 0), // no 复查 in the year
  });
  t.equal(h.averageHandlingWorkingDays, 10.25, '(6 + 5 + 25 + 5) / 4 working days');
  t.equal(h.overdueOpen, 2, 'F and G');
  t.equal(h.score, 81.3, '0.6667 × 30 % + 0.75 × 35 % + 1 × 35 %');
  t.match(h, { ranked: false, rank: null, minimumSample: 10 }, 'seven assignments are below the minimum sample');
});

t.test('overdue: C replied late, F and G overdue now, earliest due first', async (t) => {
  t.match(report.overdue, { count: 3, lateReplies: 1, overdueNow: 2 });
  t.same(report.overdue.cases.map((c) => [c.caseId, c.lateReply, c.overdueNow]), [[ctx.ids.c, true, false], [ctx.ids.f, false, true], [ctx.ids.g, false, true]]);
  const c = report.overdue.cases[0]!;
  t.match(c, { trackingCode: /^CQ-20260511-/, replyDueAt: '2026-06-01T23:59:59+08:00', firstRepliedAt: '2026-06-15T10:00:00+08:00', district: { code: '500105', name: '江北区' } });
  t.equal(report.overdue.cases[1]!.replyDueAt, '2026-11-23T23:59:59+08:00');
  t.equal(report.overdue.cases[1]!.reportedEntity, MARKUP_ENTITY, 'JSON carries the text as typed');
});

t.test('reopened: B, once, last callback basically satisfied', async (t) => {
  t.equal(report.reopened.count, 1);
  t.match(report.reopened.cases, [{ caseId: ctx.ids.b, reopenCount: 1, callbackSatisfaction: 'basically_satisfied', status: 'replied', matter: { code: 'construction-dust' } }]);
});

t.test('supervision orders: the supervisor\'s on D and the scheduler\'s on F; the one on E (held by ecology-environment) is not the department\'s', async (t) => {
  t.match(report.supervisionOrders, { count: 2, automatic: 1, manual: 1 });
  t.match(report.supervisionOrders.orders, [
    { caseId: ctx.ids.d, automatic: false, content: '请于三日内反馈整改情况', at: '2026-06-10T10:00:00+08:00', office: '重庆市渝中区住房和城乡建设委员会' },
    { caseId: ctx.ids.f, automatic: true, content: null, at: '2026-12-01T10:00:00+08:00', overdueWorkingDays: 6 },
  ]);
  const ecology = (await get('jurisdiction=chongqing&year=2026', {}, 'supervisor', '/api/v1/reports/departments/ecology-environment/annual')).json() as AnnualReport;
  t.match(ecology.supervisionOrders, { count: 1, automatic: 1 }, 'E\'s order counts for the office that held it');
  t.equal(ecology.received.cases, 1);
});

t.test('previous year: 2025 figures (P1, P2) and the change', async (t) => {
  const p = report.previousYear;
  t.equal(p.year, 2025);
  t.same(p.period, { from: '2025-01-01T00:00:00+08:00', to: '2026-01-01T00:00:00+08:00' });
  t.same(p.figures, {
    received: 2, cases: 2,
    timelySign: rate(2, 2), onTimeCompletion: rate(1, 2), response: rate(2, 2), resolution: rate(2, 2), satisfaction: rate(2, 2), reopen: rate(1, 2),
    averageHandlingWorkingDays: 18, score: 100, overdue: 1, reopened: 1, supervisionOrders: 0,
  });
  t.same(p.change, {
    received: 5, cases: 4, overdue: 2, reopened: 0, supervisionOrders: 2,
    timelySign: -0.4286, onTimeCompletion: 0, response: -0.3333, resolution: -0.25, satisfaction: 0, reopen: -0.25,
    averageHandlingWorkingDays: -7.75, score: -18.7,
  });
  t.match(report.headline, { received: 7, cases: 6, overdue: 3, reopened: 1, supervisionOrders: 2, score: 81.3 });
});

t.test('the report for 2025 compares with an empty 2024', async (t) => {
  const earlier = (await get('jurisdiction=chongqing&year=2025')).json() as AnnualReport;
  t.same(earlier.headline, report.previousYear.figures, 'the same figures whichever report they appear in');
  t.match(earlier.previousYear.figures, { received: 0, cases: 0, score: null, response: { value: null } });
  t.match(earlier.previousYear.change, { received: 2, response: null, score: null });
});

t.test('the handling figures are the statistics\' own', async (t) => {
  const stats = (await get('jurisdiction=chongqing&from=2026-01-01&to=2026-12-31', {}, 'supervisor', '/api/v1/stats/departments')).json() as { departments: Array<{ department: string; rates: unknown; score: number | null }> };
  const row = stats.departments.find((d) => d.department === 'housing-construction')!;
  t.same(report.handling.rates, row.rates);
  t.equal(report.handling.score, row.score);
});

t.test('a department with nothing in the year gets a report of zeros', async (t) => {
  const res = await get('jurisdiction=chongqing&year=2026', {}, 'admin', '/api/v1/reports/departments/forestry/annual');
  t.equal(res.statusCode, 200);
  t.match(res.json(), { department: { code: 'forestry' }, received: { assignments: 0, cases: 0, byMatter: [] }, handling: { received: 0, score: null, rates: { response: { value: null } } }, overdue: { count: 0 } });
});

t.test('HTML: a printable Chinese page with the six sections, no scripts or external resources', async (t) => {
  for (const [query, headers] of [['jurisdiction=chongqing&year=2026&format=html', {}], ['jurisdiction=chongqing&year=2026', { accept: 'text/html' }]] as const) {
    const res = await get(query, headers);
    t.equal(res.statusCode, 200, `${query} ${JSON.stringify(headers)}`);
    t.match(res.headers['content-type'], /^text\/html; charset=utf-8/);
    const page = res.body;
    t.match(page, /<title>重庆市住房和城乡建设委员会 2026年度生态环境保护职责履行情况报告<\/title>/);
    for (const section of ['一、职责事项', '二、受理情况', '三、办理情况（三率）', '四、超期与重办', '五、督办情况', '六、与上年对比']) t.ok(page.includes(`<h2>${section}</h2>`), section);
    t.match(page, /@page \{ size: A4/);
    t.ok(page.includes('建筑施工噪声扰民（昼间）') && page.includes('66.67%') && page.includes('81.3'), 'matters and figures are on the page');
    t.notMatch(page, /<script|<link|<img|<iframe|src=|@import|url\(|https?:\/\//i, 'nothing runs and nothing is fetched');
    t.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;某建筑公司'), 'the reported entity is escaped');
  }
});

t.test('HTML escapes markup in a matter title too', async (t) => {
  const tampered = structuredClone(report);
  tampered.matters.lead[0]!.title = '<script>alert("x")</script>&事项';
  tampered.department.name = '<b>某局</b>';
  const page = renderAnnualReportHtml(tampered);
  t.notMatch(page, /<script|<b>/);
  t.ok(page.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;事项'));
  t.ok(page.includes('<title>&lt;b&gt;某局&lt;/b&gt; 2026年度'));
});

t.test('who may ask: supervisors of the jurisdiction and admins', async (t) => {
  t.equal((await get('jurisdiction=chongqing&year=2026', {}, 'housingYuzhong')).statusCode, 403, 'a handler key, even of the department');
  t.equal((await get('jurisdiction=chongqing&year=2026', {}, 'operator')).statusCode, 403);
  const other = await get('jurisdiction=chongqing&year=2026', {}, 'shanghaiSupervisor');
  t.equal(other.statusCode, 403, 'a supervisor of another jurisdiction');
  t.equal(other.json().code, 'FORBIDDEN');
  t.equal((await get('year=2026', {}, 'supervisor')).statusCode, 200, "a supervisor's own jurisdiction by default");
  t.equal((await get('jurisdiction=chongqing&year=2026', {}, 'admin')).statusCode, 200);
  t.equal((await ctx.app.inject({ method: 'GET', url: `${URL}?jurisdiction=chongqing&year=2026` })).statusCode, 401);
});

t.test('refusals: unknown department 404, year required and within 2000–2100', async (t) => {
  const unknown = await get('jurisdiction=chongqing&year=2026', {}, 'supervisor', '/api/v1/reports/departments/ministry-of-magic/annual');
  t.equal(unknown.statusCode, 404);
  t.equal(unknown.json().code, 'DEPARTMENT_NOT_FOUND');
  for (const query of ['jurisdiction=chongqing', 'jurisdiction=chongqing&year=1999', 'jurisdiction=chongqing&year=2101', 'jurisdiction=chongqing&year=twenty', 'jurisdiction=chongqing&year=2026&format=pdf']) {
    t.equal((await get(query)).statusCode, 400, query);
  }
});
