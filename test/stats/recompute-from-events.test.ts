import t from 'tap';
import { asc } from 'drizzle-orm';
import { cases, events } from '../../db/schema.js';
import { parsePeriod } from '../../src/stats/period.js';
import { BREAKDOWNS, breakdownCounts, breakdownCountsLive, departmentCounts, departmentCountsLive, type Scope } from '../../src/stats/queries.js';
import { countDepartments, type LoggedEvent, replayCase } from '../../src/stats/replay.js';
import { rebuildStatistics } from '../../src/stats/rebuild.js';
import type { StoredDecision } from '../../src/cases/view.js';
import { bearer, startTestApp } from '../helpers/app.js';

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

const TEXTS = [
  '渝中区某工地白天打桩噪音很大，窗户都在震',
  '江北区观音桥一家火锅店油烟直排进居民楼',
  '渝中区一家化工厂排放刺鼻废气',
  '小区门口有人说话声音大，不知道该找谁',
];

const ctx = await startTestApp();
t.teardown(ctx.close);
const next = random(20261122);
const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
const operator = ctx.key({ role: 'operator', jurisdiction: 'chongqing' });
const supervisor = ctx.key({ role: 'supervisor', jurisdiction: 'chongqing' });
const handlers = new Map<string, string>();
const handlerFor = (department: string, district: string | null) => {
  const id = `${department}@${district}`;
  if (!handlers.has(id)) handlers.set(id, ctx.key({ role: 'handler', jurisdiction: 'chongqing', department, district }));
  return handlers.get(id)!;
};
const failures: string[] = [];
/** Cases in creation order, and those that take no more reports (closed or merged). */
const opened: string[] = [];
const ended = new Set<string>();
const hours = (h: number) => { ctx.clock.now = new Date(ctx.clock.now.getTime() + h * 3600_000); };
const act = async (key: string, id: string, path: string, payload: object = {}) => {
  const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/complaints/${id}/${path}`, headers: bearer(key), payload });
  if (res.statusCode >= 400) failures.push(`${path} ${res.statusCode} ${res.json().code}`);
  return res.json() as { complaint?: { routing: { lead: { department: string; district: string | null } | null } }; extension?: { id: string } };
};
const reply = (key: string, id: string) => act(key, id, 'reply', { result: '已处理', substantiated: pick(['yes', 'partly', 'no']), measures: '现场检查', publicReply: '已核查处理。' });

t.test('a generated history: every department figure recomputed from the event log equals the SQL figures', async (t) => {
  ctx.clock.set('2026-03-02T09:00:00+08:00');
  for (let i = 0; i < 90; i++) {
    hours(1 + next() * 30);
    const created = (await ctx.app.inject({ method: 'POST', url: '/api/v1/complaints', headers: bearer(operator), payload: { jurisdiction: 'chongqing', channel: '12345', content: `${pick(TEXTS)}（${i}）`, reporter: { phone: '13800000000' } } })).json();
    const id = created.id as string;
    let lead = created.routing.lead as { department: string; district: string | null } | null;
    let arbitrated = false;
    const into = [...opened].reverse().find((other) => !ended.has(other));
    opened.push(id);
    if (into && next() < 0.1) {
      // 并单, from triage or from an office that has not signed yet: that office's hold leaves its figures.
      hours(next() * 5);
      await act(operator, id, 'merge', { into });
      ended.add(id);
      continue;
    }
    if (!lead) {
      if (next() < 0.3) continue; // stays in triage
      // 会商 for some: the lead it fixes is placed as an assignment is.
      arbitrated = next() < 0.3;
      if (arbitrated) await act(operator, id, 'refer-arbitration', { reason: '职责不明' });
      const assigned = arbitrated
        ? await act(supervisor, id, 'arbitrate', { lead: pick(['ecology-environment', 'urban-management']), opinion: '经会商明确牵头部门' })
        : await act(supervisor, id, 'assign', { lead: pick(['ecology-environment', 'urban-management']) });
      lead = assigned.complaint!.routing.lead;
    }
    const path = next();
    let handler = handlerFor(lead!.department, lead!.district);
    // A lead fixed by 会商 may not return the case.
    if (path < 0.15 && !arbitrated) {
      hours(next() * 60);
      await act(handler, id, 'return', { reason: '不属于本部门职责' });
      if (next() < 0.7) {
        const moved = await act(supervisor, id, 'reassign', { lead: lead!.department === 'ecology-environment' ? 'urban-management' : 'ecology-environment', reason: '职责调整' });
        lead = moved.complaint!.routing.lead;
        handler = handlerFor(lead!.department, lead!.district);
      } else continue;
    }
    if (path > 0.85) {
      // 改派 straight away: the first office's hold ends as a reassignment.
      const moved = await act(supervisor, id, 'reassign', { lead: lead!.department === 'ecology-environment' ? 'urban-management' : 'ecology-environment', reason: '派错部门' });
      lead = moved.complaint!.routing.lead;
      handler = handlerFor(lead!.department, lead!.district);
    }
    if (next() < 0.1) continue; // never signed
    hours(next() < 0.7 ? next() * 20 : 30 + next() * 80);
    await act(handler, id, 'sign');
    if (next() < 0.12) {
      // 移交: the signed office passes the lead on; its hold ends as transferred, and the receiver signs anew.
      const moved = await act(handler, id, 'transfer', { to: lead!.department === 'ecology-environment' ? 'urban-management' : 'ecology-environment', kind: 'handover', reason: '无相应执法职能' });
      lead = moved.complaint!.routing.lead;
      handler = handlerFor(lead!.department, lead!.district);
      hours(next() * 30);
      await act(handler, id, 'sign');
    }
    if (next() < 0.15) continue; // signed, not replied
    if (next() < 0.25) {
      const asked = await act(handler, id, 'extensions', { days: 3, reason: '需要监测' });
      hours(next() * 10);
      if (asked.extension) await act(supervisor, id, `extensions/${asked.extension.id}/decision`, { approve: next() < 0.7 });
    }
    hours(next() < 0.7 ? 24 + next() * 200 : 400 + next() * 300);
    await reply(handler, id);
    if (next() < 0.2) continue; // no callback yet
    hours(next() * 30);
    const satisfaction = pick(['satisfied', 'basically_satisfied', 'unsatisfied']);
    await act(operator, id, 'callback', { resolved: satisfaction !== 'unsatisfied', satisfaction });
    if (satisfaction === 'unsatisfied') {
      hours(24 + next() * 100);
      await reply(handler, id);
      hours(10);
      await act(operator, id, 'callback', { resolved: true, satisfaction: 'basically_satisfied' });
    }
    if (next() < 0.6) {
      await act(supervisor, id, 'close', { note: '核查销号' });
      ended.add(id);
    }
  }
  hours(24 * 30);
  const now = ctx.clock.read();
  // Ninety cases with their waits run from March 2026 into 2027.
  const scope: Scope = { jurisdiction: 'chongqing', period: parsePeriod('2026-01-01', '2027-12-31') };

  const db = ctx.services.db;
  const logged = new Map<number, LoggedEvent[]>();
  for (const e of db.select().from(events).orderBy(asc(events.id)).all()) {
    const list = logged.get(e.caseId) ?? [];
    list.push({ action: e.action, at: e.at, toState: e.toState, payload: e.payload });
    logged.set(e.caseId, list);
  }
  const replayed = db.select().from(cases).all().map((row) => replayCase(ctx.services.calendar, {
    id: row.id, jurisdiction: row.jurisdiction, receivedAt: row.receivedAt, districtCode: row.districtCode, decision: row.decision as StoredDecision,
  }, logged.get(row.id) ?? []));

  const sorted = <T extends { department: string }>(rows: T[]) => [...rows].sort((a, b) => a.department.localeCompare(b.department));
  const fromSql = sorted(departmentCounts(db, scope, now));
  const fromEvents = sorted(countDepartments(replayed, scope, now));
  t.ok(fromSql.length >= 3, `${fromSql.length} departments`);
  // Refusals by the clock are the script's random waits meeting the rules (a late extension request, a return after its window).
  t.same(failures.filter((f) => !f.includes('EXTENSION_TOO_LATE') && !f.includes('RETURN_WINDOW_CLOSED')), [], 'every scripted action was accepted');
  t.same(fromEvents, fromSql, 'the replay of the event log gives the same counts');
  const total = (k: 'received' | 'returned' | 'reassigned' | 'transferred' | 'callbacks' | 'reopened' | 'overdueOpen' | 'replied') => fromSql.reduce((n, c) => n + c[k], 0);
  t.ok(total('transferred') > 0, `the figures count transfers (${total('transferred')})`);
  t.ok(total('returned') > 0 && total('reassigned') > 0 && total('reopened') > 0 && total('callbacks') > 0 && total('replied') > 0, `the history exercises returns, reassignments, reopens, callbacks and replies: ${JSON.stringify(['returned', 'reassigned', 'reopened', 'callbacks', 'replied'].map((k) => total(k as 'returned')))}`);
  t.ok(fromSql.some((c) => c.repliedOnTime < c.replied), 'some replies were late');
  const arbitrations = db.$client.prepare("SELECT count(*) AS n FROM events WHERE action = 'arbitrate'").get() as { n: number };
  t.ok(arbitrations.n > 0, `the history fixes leads by 会商 (${arbitrations.n})`);
  const transferred = db.$client.prepare("SELECT count(*) AS n FROM stat_lead_terms WHERE end_reason = 'transferred'").get() as { n: number };
  t.ok(transferred.n > 0, `the history transfers cases (${transferred.n} holds ended as transferred)`);
  const merged = db.$client.prepare("SELECT count(*) AS n, sum(a.id IS NOT NULL) AS held FROM cases c LEFT JOIN assignments a ON a.case_id = c.id AND a.role = 'lead' WHERE c.status = 'merged'").get() as { n: number; held: number };
  t.ok(merged.n > 0 && merged.held > 0, `the history merges reports, some of them held by an office (${merged.n} merged, ${merged.held} held)`);

  // The daily rollups (whole-day periods) and a scan of the projection give the same figures.
  t.same(sorted(departmentCountsLive(db, scope, now)), fromSql, 'rollup and scan agree on departments');
  const byKey = (r: { groups: Array<{ key: string | null }> }) => ({ ...r, groups: [...r.groups].sort((a, b) => String(a.key).localeCompare(String(b.key))) });
  for (const by of BREAKDOWNS) t.same(byKey(breakdownCounts(db, scope, by, now)), byKey(breakdownCountsLive(db, scope, by, now)), `rollup and scan agree by ${by}`);
  const district: Scope = { ...scope, district: '500103' };
  t.same(sorted(departmentCounts(db, district, now)), sorted(departmentCountsLive(db, district, now)), 'and within a district');

  // Rebuilding the projection and rollups from scratch gives what the incremental upkeep gave.
  const rollupRows = () => db.$client.prepare("SELECT * FROM stat_department_daily WHERE received > 0 OR cases > 0 ORDER BY jurisdiction, day, department").all();
  const kept = rollupRows();
  rebuildStatistics(db, ctx.services.calendar);
  t.same(rollupRows(), kept, 'the rebuilt rollup rows equal the incrementally kept ones');
  t.same(sorted(departmentCounts(db, scope, now)), fromSql, 'and so do the figures');

  // A wrong projection must be caught: change one stored fact and the comparison fails.
  db.$client.prepare("UPDATE stat_department_daily SET resolved = resolved + 1 WHERE rowid = (SELECT min(rowid) FROM stat_department_daily WHERE department <> '' AND callbacks > 0)").run();
  t.notSame(sorted(departmentCounts(db, scope, now)), fromEvents, 'a tampered rollup no longer matches the log');
  db.$client.prepare('UPDATE stat_cases SET callback_resolved = 1 - callback_resolved WHERE callback_resolved IS NOT NULL AND case_id = (SELECT min(case_id) FROM stat_cases WHERE callback_resolved IS NOT NULL)').run();
  t.notSame(sorted(departmentCountsLive(db, scope, now)), fromEvents, 'a tampered projection no longer matches the log');
});
