import t from 'tap';
import { renderMail } from '../../src/notify/templates.js';
import { TestClock } from '../helpers/app.js';
import { ENDPOINTS, must, startLifecycleApp, TEXTS } from './fixtures/harness.js';

// 并单 (DOMAIN.md: a repeat report joins an open case).
const ctx = await startLifecycleApp({ clock: new TestClock(new Date('2026-11-16T09:00:00+08:00')) });
t.teardown(ctx.close);
const { db } = ctx.services;

const lookup = async (c: { trackingCode: string; accessCode: string }) => {
  const res = await ctx.app.inject({ method: 'POST', url: '/public/complaints/lookup', payload: { trackingCode: c.trackingCode, accessCode: c.accessCode } });
  t.equal(res.statusCode, 200);
  return res.json();
};
const statCase = (id: string) => db.$client.prepare('SELECT status, lead_department, is_repeat FROM stat_cases WHERE case_id = ?').get(Number(id)) as { status: string; lead_department: string | null; is_repeat: number };
const leadTerms = (id: string) => db.$client.prepare('SELECT department, end_reason FROM stat_lead_terms WHERE case_id = ? ORDER BY assignment_id').all(Number(id));

t.test('a repeat held by an office, not yet signed, joins the open case of the same problem', async (t) => {
  const original = await ctx.intake(TEXTS.construction, { reporter: { name: '陈一', email: 'chenyi@example.com' } });
  ctx.clock.set('2026-11-16T10:00:00+08:00');
  const repeat = await ctx.intake(TEXTS.construction, { reporter: { name: '林二', email: 'liner@example.com' } });
  t.equal(repeat.status, 'assigned', 'intake routed the repeat to the same office');
  t.equal(leadTerms(repeat.id).length, 1, 'the office holds it: one lead term in the figures');
  const versionBefore = ctx.caseRow(original.id).version;

  // Typed as an operator copies it from an SMS: full-width, lower case, a space.
  const typed = ` ${original.trackingCode.toLowerCase().replace(/[a-z0-9-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0))}`;
  const res = await ctx.act(repeat.id, 'merge', 'operator', { into: typed, note: '同一工地同一时段的噪声' });
  t.equal(res.statusCode, 200, res.body);
  t.equal(res.headers.etag, `"${ctx.caseRow(repeat.id).version}"`);
  const body = res.json();
  t.equal(body.complaint.status, 'merged');
  t.equal(body.complaint.routing.lead, null, 'no office holds a merged report');
  t.match(body.events, [{ action: 'merge', fromState: 'assigned', toState: 'merged', payload: { into: { id: original.id, trackingCode: original.trackingCode }, note: '同一工地同一时段的噪声' } }]);
  t.same(ctx.holders(repeat.id).map((h) => h.state), ['ended', 'ended', 'ended'], 'lead and cooperating holds withdrawn');
  t.equal(ctx.caseRow(repeat.id).replyDueAt, null, 'nothing is due on it any more');

  // The offices that held the report are told it joined another case, not that it moved elsewhere.
  const withdrawn = ctx.mails(repeat.id).filter((m) => m.template === 'assignment-withdrawn');
  t.equal(withdrawn.length, 3, 'every office that held it');
  t.match(renderMail('assignment-withdrawn', withdrawn[0]!.payload).text, `已并入该工单一并办理`);
  t.match(renderMail('assignment-withdrawn', withdrawn[0]!.payload).text, original.trackingCode);

  // The reporter is told which case carries their report.
  const toReporter = ctx.mails(repeat.id).filter((m) => m.template === 'merge-to-reporter');
  t.equal(toReporter.length, 1);
  t.equal(toReporter[0]!.recipient, 'liner@example.com');
  t.same(Object.keys(toReporter[0]!.payload as object).sort(), ['caseId', 'into', 'trackingCode'], 'tracking codes only: nothing of the other reporter');
  const mail = renderMail('merge-to-reporter', toReporter[0]!.payload);
  t.match(mail.subject, repeat.trackingCode);
  t.match(mail.text, `与正在办理的工单 ${original.trackingCode} 反映的是同一问题`);

  // The case joined records the report, changes version (its ETag), and its lead office is told.
  const joinedRow = ctx.caseRow(original.id);
  t.equal(joinedRow.version, versionBefore + 1);
  t.equal(joinedRow.status, 'assigned', 'the case joined keeps its state');
  t.match(ctx.trail(original.id).at(-1), { action: 'merge-in', fromState: 'assigned', toState: 'assigned', payload: { joined: { id: repeat.id, trackingCode: repeat.trackingCode } } });
  const told = ctx.mails(original.id).filter((m) => m.template === 'merged-report');
  t.equal(told.length, 1, 'the lead office only');
  t.match(renderMail('merged-report', told[0]!.payload).subject, '【并单通知】');

  // Statistics: received, a repeat, led by nobody; the withdrawn hold is not the office's to answer for.
  t.same(statCase(repeat.id), { status: 'merged', lead_department: null, is_repeat: 1 });
  t.same(leadTerms(repeat.id), [], 'the unsigned hold left the sign-for and reassignment figures');

  // The single-case read says where the report went, and the joined case which reports it carries.
  t.same((await ctx.call('GET', `/api/v1/complaints/${repeat.id}`, 'supervisor')).json().merge, { into: { id: original.id, trackingCode: original.trackingCode }, reports: [] });
  t.same((await ctx.call('GET', `/api/v1/complaints/${original.id}`, 'supervisor')).json().merge, { into: null, reports: [{ id: repeat.id, trackingCode: repeat.trackingCode }] });

  // Listed under its own status.
  const list = await ctx.call('GET', '/api/v1/complaints?status=merged', 'supervisor');
  t.equal(list.statusCode, 200);
  t.same(list.json().items.map((c: { id: string }) => c.id), [repeat.id]);

  // Intake no longer points a new repeat at the merged report (the more recent of the two): only at the case that carries it.
  ctx.clock.set('2026-11-16T11:00:00+08:00');
  const third = await ctx.call('POST', '/api/v1/complaints', 'operator', { jurisdiction: 'chongqing', channel: '12345', content: TEXTS.construction });
  t.equal(third.json().repeatOf?.id, original.id);
});

t.test('the reporter of a merged report follows the case it joined, and hears its reply', async (t) => {
  const original = await ctx.intake(TEXTS.fumes, { reporter: { phone: '13900000001' } });
  const repeat = await ctx.intake(TEXTS.vague, { reporter: { name: '赵三', email: 'zhaosan@example.com' } });
  t.equal(repeat.status, 'triage');
  await must(await ctx.act(repeat.id, 'merge', 'supervisor', { into: original.id }));

  let view = await lookup(repeat);
  t.equal(view.status, 'merged');
  t.equal(view.statusLabel, '已并案办理');
  t.same(view.mergedInto, { trackingCode: original.trackingCode, status: 'assigned', statusLabel: '已交办' });
  t.equal(view.office, '重庆市江北区城市管理局', 'the office handling the case it joined');
  t.equal(view.replyDueAt, (await lookup(original)).replyDueAt, 'and its due time');
  t.equal(view.milestones.at(-1).label, '与正在办理的同一问题工单并案办理');
  t.notOk(JSON.stringify(view).includes('13900000001'), 'nothing of the other reporter');

  await must(await ctx.act(original.id, 'sign', 'urbanJiangbei'));
  await must(await ctx.act(original.id, 'reply', 'urbanJiangbei', ENDPOINTS.reply.body));
  view = await lookup(repeat);
  t.match(view.reply, { office: '重庆市江北区城市管理局', publicReply: ENDPOINTS.reply.body.publicReply });
  t.equal(view.mergedInto.statusLabel, '已办结');
  t.equal(view.replyDueAt, null, 'answered: nothing due');

  const answered = ctx.mails(repeat.id).filter((m) => m.template === 'reply-to-reporter');
  t.equal(answered.length, 1, 'the merged reporter gets the reply mail');
  t.equal(answered[0]!.recipient, 'zhaosan@example.com');
  t.match(renderMail('reply-to-reporter', answered[0]!.payload).text, repeat.trackingCode, 'under their own tracking code');
  t.match(renderMail('reply-to-reporter', answered[0]!.payload).text, ENDPOINTS.reply.body.publicReply);
  t.same(statCase(repeat.id), { status: 'merged', lead_department: null, is_repeat: 1 }, 'a triage report merged counts as a repeat too');
});

t.test('a chain of merges: the first report follows the case that carries them all, and hears its reply', async (t) => {
  ctx.clock.set('2026-11-17T09:00:00+08:00');
  const first = await ctx.intake(TEXTS.vague, { reporter: { email: 'first@example.com' } });
  const middle = await ctx.intake(TEXTS.vague);
  const last = await ctx.intake(TEXTS.fumes);
  await must(ctx.act(first.id, 'merge', 'operator', { into: middle.id }));
  await must(ctx.act(middle.id, 'merge', 'operator', { into: last.id }));
  const view = await lookup(first);
  t.equal(view.mergedInto.trackingCode, last.trackingCode, 'the end of the chain, not the merged middle');
  t.equal(view.office, '重庆市江北区城市管理局');
  await must(ctx.act(last.id, 'sign', 'urbanJiangbei'));
  await must(ctx.act(last.id, 'reply', 'urbanJiangbei', ENDPOINTS.reply.body));
  t.equal(ctx.mails(first.id).filter((m) => m.template === 'reply-to-reporter').length, 1, 'the first reporter is answered too');
  t.match((await lookup(first)).reply, { publicReply: ENDPOINTS.reply.body.publicReply });
});

t.test('merges that cannot be are refused, naming why, and change neither case', async (t) => {
  const open = await ctx.intake(TEXTS.construction);
  const refusedMerge = async (id: string, key: Parameters<typeof ctx.act>[2], into: string, status: number, code: string, field?: string) => {
    const before = [ctx.snapshot(id), ctx.snapshot(open.id)];
    const res = await ctx.act(id, 'merge', key, { into });
    t.equal(res.statusCode, status, `${key} into ${into}: ${res.body}`);
    t.equal(res.json().code, code);
    if (field) t.equal(res.json().field, field);
    t.same([ctx.snapshot(id), ctx.snapshot(open.id)], before, 'nothing changed');
    return res.json().message as string;
  };
  const report = await ctx.intake(TEXTS.vague);
  await refusedMerge(report.id, 'operator', report.id, 400, 'INVALID_FIELD', 'into');
  await refusedMerge(report.id, 'operator', '99999999', 400, 'INVALID_FIELD', 'into');
  await refusedMerge(report.id, 'operator', 'CQ-20261116-ZZZZZZ', 400, 'INVALID_FIELD', 'into');
  // A case of another channel is out of a channel-bound operator's sight: it reads as absent.
  const by12369 = await ctx.intake(TEXTS.vague, { channel: '12369' }, 'operator12369');
  const message = await refusedMerge(by12369.id, 'operator12369', open.id, 400, 'INVALID_FIELD', 'into');
  t.match(message, 'that this key may see');
  // Another city, even for an admin.
  const shanghai = (await ctx.call('POST', '/api/v1/complaints', 'shanghaiOperator', { jurisdiction: 'shanghai', channel: '12345', content: '浦东新区某工地夜间施工噪声扰民' })).json();
  await refusedMerge(report.id, 'admin', shanghai.id, 400, 'INVALID_FIELD', 'into');
  // Departments do not merge.
  await refusedMerge(report.id, 'housingYuzhong', open.id, 403, 'FORBIDDEN');

  // Signed: the office is working on it, so it answers it.
  const signed = await ctx.intake(TEXTS.construction);
  await must(await ctx.act(signed.id, 'sign', 'housingYuzhong'));
  await refusedMerge(signed.id, 'operator', open.id, 409, 'INVALID_TRANSITION');

  // Into a case that takes no more reports.
  const rejected = await ctx.intake(TEXTS.vague);
  await must(await ctx.act(rejected.id, 'reject', 'operator', ENDPOINTS.reject.body));
  t.match(await refusedMerge(report.id, 'operator', rejected.id, 409, 'MERGE_TARGET_CLOSED'), 'rejected');
  const merged = await ctx.intake(TEXTS.vague);
  await must(await ctx.act(merged.id, 'merge', 'operator', { into: open.id }));
  t.match(await refusedMerge(report.id, 'operator', merged.id, 409, 'MERGE_TARGET_CLOSED'), `merge into that case`, 'points to the case that carries it');

  // Malformed `into`: the schema names the field.
  const res = await ctx.act(report.id, 'merge', 'operator', { into: "1; DROP TABLE cases" });
  t.equal(res.statusCode, 400);
  t.match(res.json(), { field: 'into', message: /no case/ }, 'an injection string is a case not found');
  t.equal(ctx.caseRow(report.id).status, 'triage');
  t.match((await ctx.act(report.id, 'merge', 'operator', { into: 'x'.repeat(41) })).json(), { statusCode: 400, field: 'into' }, 'too long');
  t.match((await ctx.act(report.id, 'merge', 'operator', { into: 42 })).json(), { statusCode: 400, field: 'into' }, 'a number is not a string');
  t.equal((await ctx.act(report.id, 'merge', 'operator', {})).statusCode, 400, 'into is required');
});

t.test('撤销并单: a report merged by mistake goes back to triage, the case it left stops carrying it', async (t) => {
  ctx.clock.set('2026-11-18T09:00:00+08:00');
  const original = await ctx.intake(TEXTS.construction, { reporter: { name: '郑七', email: 'zhengqi@example.com' } });
  // Another problem altogether (a restaurant's fumes), merged by mistake: intake found it no repeat.
  const report = await ctx.intake('南岸区南坪一家烧烤店的油烟熏得整栋楼都是味道', { reporter: { name: '冯八', email: 'fengba@example.com' } });
  t.equal((ctx.caseRow(report.id).decision as { repeatOf?: unknown }).repeatOf, null);
  await must(ctx.act(report.id, 'merge', 'operator', { into: original.id }));
  t.same((await ctx.call('GET', `/api/v1/complaints/${original.id}`, 'supervisor')).json().merge.reports.map((r: { id: string }) => r.id), [report.id]);
  t.equal(statCase(report.id).is_repeat, 1, 'merged, it counts as a repeat');
  const versionBefore = ctx.caseRow(original.id).version;

  ctx.clock.set('2026-11-18T11:00:00+08:00');
  const res = await ctx.act(report.id, 'unmerge', 'operator', ENDPOINTS.unmerge.body);
  t.equal(res.statusCode, 200, res.body);
  t.match(res.json().events, [{ action: 'unmerge', fromState: 'merged', toState: 'triage', payload: { from: { id: original.id, trackingCode: original.trackingCode }, reason: ENDPOINTS.unmerge.body.reason } }]);
  t.equal(ctx.caseRow(report.id).status, 'triage', 'back with the dispatchers');
  t.ok((await ctx.call('GET', '/api/v1/triage', 'operator')).json().items.some((i: { id: string }) => i.id === report.id), 'in the triage list');
  t.same(ctx.holders(report.id).filter((h) => h.state === 'active'), [], 'no office is given its withdrawn hold back');

  // The case left: records it, moves its version, no longer carries the report; its lead office is told.
  t.equal(ctx.caseRow(original.id).version, versionBefore + 1);
  t.match(ctx.trail(original.id).at(-1), { action: 'merge-out', payload: { report: { id: report.id, trackingCode: report.trackingCode }, reason: ENDPOINTS.unmerge.body.reason } });
  t.same((await ctx.call('GET', `/api/v1/complaints/${original.id}`, 'supervisor')).json().merge, { into: null, reports: [] });
  t.same((await ctx.call('GET', `/api/v1/complaints/${report.id}`, 'supervisor')).json().merge, { into: null, reports: [] });
  const told = ctx.mails(original.id).filter((m) => m.template === 'merged-report-withdrawn');
  t.equal(told.length, 1);
  t.match(renderMail('merged-report-withdrawn', told[0]!.payload).text, `工单 ${report.trackingCode} 此前并入贵单位主办的以下工单，经核实反映的并非同一问题`);
  const toReporter = ctx.mails(report.id).filter((m) => m.template === 'unmerge-to-reporter');
  t.same(toReporter.map((m) => m.recipient), ['fengba@example.com']);
  t.match(renderMail('unmerge-to-reporter', toReporter[0]!.payload).text, `此前并入工单 ${original.trackingCode} 办理`);

  // The reporter follows their own case again, not the one it left.
  const view = await lookup(report);
  t.same([view.status, view.mergedInto, view.milestones.at(-1).label], ['triage', null, '已撤销并案，单独办理']);
  // Its statistics: no longer a repeat by merge; the hold the merge withdrew stays out of the figures.
  t.same(statCase(report.id), { status: 'triage', lead_department: null, is_repeat: 0 }, 'unmerged, it is no repeat: intake found none');
  t.same(leadTerms(report.id), [], 'the withdrawn hold is not counted against the office');

  // The original's reply no longer goes to the report's reporter.
  await must(ctx.act(original.id, 'sign', 'housingYuzhong'));
  await must(ctx.act(original.id, 'reply', 'housingYuzhong', ENDPOINTS.reply.body));
  t.same(ctx.mails(report.id).filter((m) => m.template === 'reply-to-reporter'), [], 'the report left: its reporter is not answered with this case');
  // It can be handled on its own: assigned anew, or merged again where it belongs.
  t.equal((await ctx.act(report.id, 'assign', 'operator', { lead: 'housing-construction' })).statusCode, 200);
});

t.test('only a merged case can be unmerged, by dispatchers, with a reason', async (t) => {
  ctx.clock.set('2026-11-18T14:00:00+08:00');
  const open = await ctx.intake(TEXTS.construction);
  const refused = await ctx.act(open.id, 'unmerge', 'operator', ENDPOINTS.unmerge.body);
  t.same([refused.statusCode, refused.json().code], [409, 'INVALID_TRANSITION']);
  const report = await ctx.intake(TEXTS.construction);
  await must(ctx.act(report.id, 'merge', 'operator', { into: open.id }));
  const before = ctx.snapshot(report.id);
  t.same((await ctx.act(report.id, 'unmerge', 'housingYuzhong', ENDPOINTS.unmerge.body)).statusCode, 403, 'not a department\'s call');
  const noReason = await ctx.act(report.id, 'unmerge', 'operator', {});
  t.same([noReason.statusCode, noReason.json().field], [400, 'reason']);
  t.same(ctx.snapshot(report.id), before, 'refusals change nothing');
});

t.test('undoing the middle of a chain: its own report stays with it, and both leave the case at the end', async (t) => {
  ctx.clock.set('2026-11-19T09:00:00+08:00');
  const first = await ctx.intake(TEXTS.vague);
  const middle = await ctx.intake(TEXTS.vague);
  const last = await ctx.intake(TEXTS.fumes);
  await must(ctx.act(first.id, 'merge', 'operator', { into: middle.id }));
  await must(ctx.act(middle.id, 'merge', 'operator', { into: last.id }));
  const carried = async (id: string) => (await ctx.call('GET', `/api/v1/complaints/${id}`, 'supervisor')).json().merge;
  t.same((await carried(last.id)).reports.map((r: { id: string }) => r.id), [middle.id, first.id]);
  await must(ctx.act(middle.id, 'unmerge', 'supervisor', ENDPOINTS.unmerge.body));
  t.same((await carried(last.id)).reports, [], 'the end of the chain carries neither');
  t.same((await carried(middle.id)).reports.map((r: { id: string }) => r.id), [first.id], 'the middle keeps the report merged into it');
  t.equal((await lookup(first)).mergedInto.trackingCode, middle.trackingCode, 'the first report follows the middle case now');
  // Merged again, where it belongs: carried once more.
  await must(ctx.act(middle.id, 'merge', 'operator', { into: last.id }));
  t.same((await carried(last.id)).reports.map((r: { id: string }) => r.id), [middle.id, first.id]);
});
