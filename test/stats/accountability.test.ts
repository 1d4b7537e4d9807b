import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import t from 'tap';
import { MIGRATIONS_DIR } from '../../db/connection.js';
import { cases, events } from '../../db/schema.js';
import type { StoredDecision } from '../../src/cases/view.js';
import { parsePeriod } from '../../src/stats/period.js';
import { departmentCounts, departmentCountsLive } from '../../src/stats/queries.js';
import { rebuildStatistics } from '../../src/stats/rebuild.js';
import { countDepartments, type LoggedEvent, replayCase } from '../../src/stats/replay.js';
import { ENDPOINTS, must, startLifecycleApp, TEXTS } from '../lifecycle/fixtures/harness.js';

// 复查纠错率 and 会商定责: how often a department's handling was corrected on review, and how many
// cases it leads because the consultation fixed it as the lead.
const ctx = await startLifecycleApp();
t.teardown(ctx.close);
const at = (time: string) => ctx.clock.set(time);

/** A 12369 construction case (housing-construction 渝中), replied with its document on 11-03. */
async function replied12369() {
  at('2026-11-02T09:00:00+08:00');
  const c = await ctx.intake(TEXTS.construction, { channel: '12369' });
  await must(ctx.act(c.id, 'sign', 'housingYuzhong'));
  at('2026-11-03T10:00:00+08:00');
  await must(ctx.act(c.id, 'reply', 'housingYuzhong', { ...ENDPOINTS.reply.body, documentId: await ctx.replyDocument(c.id) }));
  at('2026-11-05T10:00:00+08:00');
  await must(ctx.act(c.id, 'review', 'operator', ENDPOINTS['request-review'].body));
  return c;
}

t.before(async () => {
  const upheld = await replied12369();
  await must(ctx.act(upheld.id, 'review/decision', 'supervisor', { outcome: 'upheld', opinion: '维持原处理意见' }));
  const corrected = await replied12369();
  await must(ctx.act(corrected.id, 'review/decision', 'supervisor', { outcome: 'rehandle', opinion: '责令重新办理' }));
  await replied12369(); // asked, not yet decided: not counted
  // 会商 fixes urban-management as the lead of one case; another's fixed lead is later reassigned.
  for (const reassignAfter of [false, true]) {
    at('2026-11-06T09:00:00+08:00');
    const c = await ctx.intake(TEXTS.vague);
    await must(ctx.act(c.id, 'refer-arbitration', 'operator', ENDPOINTS['refer-arbitration'].body));
    await must(ctx.act(c.id, 'arbitrate', 'supervisor', { lead: 'urban-management', opinion: '经会商，由城市管理部门牵头' }));
    if (reassignAfter) await must(ctx.act(c.id, 'reassign', 'supervisor', { lead: 'ecology-environment', reason: '职责调整' }));
  }
  at('2026-11-20T09:00:00+08:00');
});

const departments = async (query: string) => {
  const res = await ctx.call('GET', `/api/v1/stats/departments?${query}`, 'supervisor');
  t.equal(res.statusCode, 200, res.body.slice(0, 200));
  return res.json().departments as Array<{ department: string; arbitrated: number; rates: { reviewCorrection: { numerator: number; denominator: number; value: number | null } } }>;
};
const figures = (rows: Awaited<ReturnType<typeof departments>>) =>
  Object.fromEntries(rows.map((d) => [d.department, { corrected: d.rates.reviewCorrection, arbitrated: d.arbitrated }]));

t.test('复查纠错率 counts decided reviews, 会商定责 the leads consultation fixed and still holds', async (t) => {
  const year = figures(await departments('from=2026-01-01&to=2026-12-31'));
  t.same(year['housing-construction'], { corrected: { numerator: 1, denominator: 2, value: 0.5 }, arbitrated: 0 }, 'one upheld, one sent back; the pending review waits');
  t.same(year['urban-management']!.arbitrated, 1);
  t.same(year['ecology-environment']!.arbitrated, 0, 'a lead reassigned after 会商 was not fixed by it');
  // Date-times go the projection scan's way, a district filter too: the same counts.
  t.same(figures(await departments('from=2026-01-01T00:00:00%2B08:00&to=2026-11-20T09:00:00%2B08:00')), year);
  t.same(figures(await departments(`from=2026-01-01&to=2026-12-31&district=${encodeURIComponent('渝中')}`))['housing-construction']!.corrected.denominator, 2);
  const before = figures(await departments('from=2026-01-01&to=2026-10-31'));
  t.same([before['housing-construction']?.corrected.denominator ?? 0, before['urban-management']?.arbitrated ?? 0], [0, 0], 'cases received outside the period are not counted');
});

t.test('the event log replayed, and the projection rebuilt, give the same counts', async (t) => {
  const { db, calendar } = ctx.services;
  const now = ctx.clock.read();
  const scope = { jurisdiction: 'chongqing', period: parsePeriod('2026-01-01', '2026-12-31') };
  const logged = new Map<number, LoggedEvent[]>();
  for (const e of db.select().from(events).orderBy(asc(events.id)).all()) logged.set(e.caseId, [...(logged.get(e.caseId) ?? []), { action: e.action, at: e.at, toState: e.toState, payload: e.payload }]);
  const replayed = db.select().from(cases).all().map((row) => replayCase(calendar, {
    id: row.id, jurisdiction: row.jurisdiction, receivedAt: row.receivedAt, districtCode: row.districtCode, decision: row.decision as StoredDecision,
  }, logged.get(row.id) ?? []));
  const sorted = <T extends { department: string }>(rows: T[]) => [...rows].sort((a, b) => a.department.localeCompare(b.department));
  const fromSql = sorted(departmentCounts(db, scope, now));
  t.same(sorted(countDepartments(replayed, scope, now)), fromSql);
  t.same(sorted(departmentCountsLive(db, scope, now)), fromSql);
  t.ok(fromSql.some((c) => c.reviewCorrected > 0) && fromSql.some((c) => c.arbitrated > 0), 'the history has both');
  rebuildStatistics(db, calendar);
  t.same(sorted(departmentCounts(db, scope, now)), fromSql, 'rebuilt from the cases\' own rows');
});

t.test('the spreadsheet has the columns', async (t) => {
  const csv = await ctx.call('GET', '/api/v1/stats/departments?from=2026-01-01&to=2026-12-31&format=csv', 'supervisor');
  const [header, ...rows] = csv.body.replace(/^\uFEFF/, '').trim().split('\n');
  const columns = header!.split(',');
  const housing = rows.map((r) => r.split(',')).find((r) => r.includes('housing-construction'))!;
  t.equal(housing[columns.indexOf('复查纠错率')], '50.00%');
  const urban = rows.map((r) => r.split(',')).find((r) => r.includes('urban-management'))!;
  t.equal(urban[columns.indexOf('会商定责件数')], '1');
});

t.test('migration 0012 fills the columns for cases projected before it as the projection does', async (t) => {
  const sql = ctx.services.db.$client;
  const columns = () => sql.prepare('SELECT case_id, review_outcome, arbitrated FROM stat_cases ORDER BY case_id').all();
  const projected = columns();
  t.ok(projected.some((r) => (r as { review_outcome: string | null }).review_outcome === 'rehandle'));
  // A previous build's rows: neither column known. The migration's backfill statements, as shipped.
  sql.prepare('UPDATE stat_cases SET review_outcome = NULL, arbitrated = 0').run();
  const file = readFileSync(join(MIGRATIONS_DIR, '0012_review_arbitration_figures.sql'), 'utf8');
  const updates = file.split('--> statement-breakpoint').map((s) => s.replace(/^--.*$/gm, '').trim()).filter((s) => s.startsWith('UPDATE'));
  t.equal(updates.length, 2);
  for (const statement of updates) sql.prepare(statement).run();
  t.same(columns(), projected);
});
