import type Database from 'better-sqlite3';
import t from 'tap';
import { join } from 'node:path';
import { recomputeProvisionalDeadlines } from '../../src/cases/commands/recompute-deadlines.js';
import { EscalationScheduler } from '../../src/escalation/scheduler.js';
import { EmlFileMailer } from '../../src/notify/mailer.js';
import { OutboxWorker } from '../../src/notify/outbox-worker.js';
import { startLifecycleApp, TEXTS } from '../lifecycle/fixtures/harness.js';

/**
 * The plans SQLite picks for the statements the service prepares, as the service runs them: no
 * ANALYZE statistics, so the planner goes by the schema alone. A walk through intake, the
 * lifecycle, work queues, lists and statistics records every statement; none may read a whole
 * case-sized table, and the statements that lean on an index chosen for intake's sake must use it.
 */
const ctx = await startLifecycleApp();
t.teardown(ctx.close);
const client = ctx.services.db.$client;

const prepared = new Set<string>();
const prepare = client.prepare.bind(client);
(client as { prepare: (sql: string) => Database.Statement }).prepare = (sql: string) => {
  prepared.add(sql);
  return prepare(sql);
};

/** EXPLAIN QUERY PLAN with every parameter bound to null: the plan does not depend on the values. */
function planOf(sql: string): string[] {
  const named = [...new Set([...sql.matchAll(/[@:$]([A-Za-z_]\w*)/g)].map((m) => m[1]!))];
  const positional = (sql.match(/\?/g) ?? []).length;
  const args: unknown[] = named.length > 0 ? [Object.fromEntries(named.map((n) => [n, null]))] : Array<null>(positional).fill(null);
  return (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((row) => row.detail);
}

const CASE_SIZED = ['cases', 'assignments', 'events', 'stat_cases', 'stat_lead_terms', 'outbox'];
/** A scan of a partial index reads only its entries: the cases waiting for a calendar year. */
const SMALL_PARTIAL = /USING (COVERING )?INDEX cases_provisional$/;

t.test('no statement of the walk scans a table that grows with the cases', async (t) => {
  const first = await ctx.intake(TEXTS.construction);
  await ctx.intake(TEXTS.construction, { externalId: 'plan-1' });
  const replayed = await ctx.call('POST', '/api/v1/complaints', 'operator', { jurisdiction: 'chongqing', channel: '12345', externalId: 'plan-1', content: TEXTS.construction });
  t.equal(replayed.statusCode, 200, 'the same work order again is replayed');
  await ctx.intake(TEXTS.fumes);
  await ctx.intake(TEXTS.vague);
  t.equal((await ctx.act(first.id, 'sign', 'housingYuzhong')).statusCode, 200);
  t.equal((await ctx.act(first.id, 'reply', 'housingYuzhong', { result: '已责令整改', substantiated: 'yes', measures: '现场检查', publicReply: '已整改。' })).statusCode, 200);
  for (const url of [
    '/api/v1/stats/departments?from=2026-01-01&to=2026-12-31',
    '/api/v1/stats/breakdown?by=month&from=2026-01-01&to=2026-12-31',
    '/api/v1/complaints?matter=construction-noise', '/api/v1/complaints?district=500103', '/api/v1/complaints?status=triage',
    `/api/v1/complaints?trackingCode=${first.trackingCode}`, '/api/v1/complaints?externalId=plan-1', '/api/v1/complaints?externalId=plan-1&channel=12345',
    `/api/v1/complaints/${first.id}`,
  ]) t.equal((await ctx.call('GET', url, 'supervisor')).statusCode, 200, url);
  t.equal((await ctx.call('GET', '/api/v1/queue', 'housingYuzhong')).statusCode, 200);
  const callbacks = await ctx.call('GET', '/api/v1/callbacks', 'operator');
  t.same(callbacks.json().items.map((i: { id: string }) => i.id), [first.id], 'the replied case awaits its callback');
  recomputeProvisionalDeadlines(ctx.services, ctx.clock.read());

  // This session's lifecycle: 并单, 移交, 会商, 复查, their work lists and the citizen lookup of a merged report.
  const ok = async (res: Promise<{ statusCode: number; body: string }>) => t.ok((await res).statusCode < 300, (await res).body.slice(0, 120));
  const repeat = await ctx.intake(TEXTS.construction, { reporter: { email: 'plan@example.com' } });
  await ok(ctx.act(repeat.id, 'merge', 'operator', { into: first.trackingCode }));
  await ok(ctx.app.inject({ method: 'POST', url: '/public/complaints/lookup', payload: { trackingCode: repeat.trackingCode, accessCode: repeat.accessCode } }));
  const moved = await ctx.intake(TEXTS.construction);
  await ok(ctx.act(moved.id, 'sign', 'housingYuzhong'));
  await ok(ctx.act(moved.id, 'transfer', 'housingYuzhong', { to: 'ecology-environment', kind: 'handover', reason: '无执法职能' }));
  const disputed = await ctx.intake(TEXTS.vague);
  await ok(ctx.act(disputed.id, 'refer-arbitration', 'operator', { reason: '职责不明' }));
  await ok(ctx.call('GET', '/api/v1/arbitration', 'supervisor'));
  await ok(ctx.act(disputed.id, 'arbitrate', 'supervisor', { lead: 'ecology-environment', opinion: '经会商明确' }));
  await ok(ctx.call('GET', '/api/v1/triage', 'operator'));
  const reviewed = await ctx.intake(TEXTS.construction, { channel: '12369' });
  await ok(ctx.act(reviewed.id, 'sign', 'housingYuzhong'));
  const document = await ctx.replyDocument(reviewed.id);
  await ok(ctx.call('GET', `/api/v1/complaints/${reviewed.id}/attachments`, 'housingYuzhong'));
  await ok(ctx.call('GET', `/api/v1/complaints/${reviewed.id}/attachments/${document}`, 'housingYuzhong'));
  await ok(ctx.act(reviewed.id, 'reply', 'housingYuzhong', { result: '已责令整改', substantiated: 'yes', measures: '现场检查', publicReply: '已整改。', documentId: document }));
  await ok(ctx.act(reviewed.id, 'review', 'operator', { reason: '不服' }));
  await ok(ctx.call('GET', '/api/v1/reviews', 'supervisor'));
  await ok(ctx.act(reviewed.id, 'review/decision', 'supervisor', { outcome: 'upheld', opinion: '维持' }));
  // The workers' statements: the outbox pass (into .eml files) and an escalation tick a month on.
  const sent = await new OutboxWorker(ctx.services, { mailer: new EmlFileMailer(join(ctx.dir, 'mail'), 'hotline@12345.example.cn') }).drainOnce();
  t.ok(sent.sent > 0, `the outbox pass sent ${sent.sent} mails`);
  await new EscalationScheduler(ctx.services).tick(new Date(ctx.clock.read().getTime() + 30 * 86_400_000));

  t.ok(prepared.size > 20, `the walk prepared ${prepared.size} statements`);
  for (const sql of prepared) {
    if (!/^\s*(SELECT|UPDATE|DELETE|WITH)\b/i.test(sql)) continue;
    const scans = planOf(sql).filter((detail) => CASE_SIZED.some((table) => new RegExp(`^SCAN ${table}\\b`).test(detail)) && !SMALL_PARTIAL.test(detail));
    t.same(scans, [], sql.replace(/\s+/g, ' ').slice(0, 160));
  }
});

t.test('statements that rely on an index kept for their sake use it', async (t) => {
  const find = (pattern: RegExp) => {
    const sql = [...prepared].find((s) => pattern.test(s));
    if (!sql) throw new Error(`no statement matched ${pattern}`);
    return planOf(sql).join(' | ');
  };
  t.match(find(/overdueOpen/), /SEARCH stat_cases USING COVERING INDEX stat_cases_open_due \(jurisdiction=\? AND status=\? AND reply_due_at<\?\)/,
    'overdue count: only the overdue open cases, from the index alone');
  t.match(find(/DELETE FROM stat_lead_terms WHERE assignment_id IN/), /assignments_case.*stat_lead_terms USING INTEGER PRIMARY KEY|stat_lead_terms USING INTEGER PRIMARY KEY.*assignments_case/,
    'a case\'s statistics terms: through its assignments');
  t.match(find(/deadlines_provisional" = 1/), /cases_provisional/, 'provisional due times: the partial index');
  t.match(find(/SELECT id, tracking_code FROM cases/), /COVERING INDEX cases_repeat_lookup/, 'repeat candidates: the covering index');
});
