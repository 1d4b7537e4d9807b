import t from 'tap';
import { TestClock } from '../helpers/app.js';
import { startLifecycleApp, TEXTS } from './fixtures/harness.js';

const ctx = await startLifecycleApp({ clock: new TestClock(new Date('2026-11-02T09:00:00+08:00')) });
t.teardown(ctx.close);

const actions = (id: string) => ctx.trail(id).map((e) => `${e.action}:${e.fromState ?? '-'}>${e.toState ?? '-'}`);

t.test('intake → sign → cooperation → extension → reply → unsatisfied callback → reopen → reply → satisfied callback → close', async (t) => {
  // Monday 2026-11-02 09:00: an operator takes the complaint in; the catalogue routes it.
  const created = await ctx.intake(TEXTS.construction, { reporter: { name: '张三', phone: '13812345678' } });
  const id = created.id;
  t.equal(created.status, 'assigned');
  t.equal(created.routing.signDueAt, '2026-11-03T23:59:59+08:00', 'sign: one working day');
  t.equal(created.routing.replyDueAt, '2026-11-23T23:59:59+08:00', 'reply: fifteen working days');
  t.same(ctx.mails(id).map((m) => m.template), ['assignment', 'assignment', 'assignment'], 'lead and both cooperating offices are told');

  // 签收 by the lead office (housing-construction, 渝中区).
  ctx.clock.set('2026-11-02T14:00:00+08:00');
  let res = await ctx.call('POST', `/api/v1/complaints/${id}/sign`, 'housingYuzhong');
  t.equal(res.statusCode, 200, 'signing needs no body');
  t.equal(res.headers.etag, '"2"');
  let body = res.json();
  t.equal(body.complaint.status, 'signed');
  t.equal(body.complaint.handling.signedAt, '2026-11-02T14:00:00+08:00');
  t.same(body.events.map((e: { action: string }) => e.action), ['sign']);
  t.equal(body.events[0].actor.role, 'handler');
  t.same(body.complaint.reporter, { name: '张*', phone: '138****5678', email: null, address: null, confidential: false, allowContact: false, masked: true }, 'the department sees the reporter masked');

  // 配合意见 from the cooperating ecology-environment office.
  ctx.clock.set('2026-11-04T10:00:00+08:00');
  res = await ctx.act(id, 'cooperation-replies', 'ecologyYuzhong', { content: '已配合开展夜间噪声监测，超标5分贝' });
  t.equal(res.statusCode, 201, res.body);
  t.equal(res.json().complaint.status, 'signed', 'cooperation does not move the case');
  t.equal(res.json().events[0].payload.office.name, '重庆市渝中区生态环境局');

  // 延期: asked before the due time, approved by a supervisor, five working days on from 11-23.
  ctx.clock.set('2026-11-20T09:00:00+08:00');
  res = await ctx.act(id, 'extensions', 'housingYuzhong', { days: 5, reason: '需等待第三方监测报告' });
  t.equal(res.statusCode, 201, res.body);
  const extension = res.json().extension;
  t.match(extension, { state: 'pending', days: 5, unit: 'workingDays', previousDueAt: '2026-11-23T23:59:59+08:00' });
  t.equal(res.json().complaint.routing.replyDueAt, '2026-11-23T23:59:59+08:00', 'asking moves nothing');

  ctx.clock.set('2026-11-20T15:00:00+08:00');
  res = await ctx.act(id, `extensions/${extension.id}/decision`, 'supervisor', { approve: true, note: '同意延期' });
  t.equal(res.statusCode, 200, res.body);
  body = res.json();
  t.equal(body.complaint.routing.replyDueAt, '2026-11-30T23:59:59+08:00', 'approval moves the reply due time by five working days');
  t.match(body.events[0].payload, { approved: true, previousDueAt: '2026-11-23T23:59:59+08:00', newDueAt: '2026-11-30T23:59:59+08:00' });

  // 办结答复 by the lead, public reply apart from internal notes.
  ctx.clock.set('2026-11-27T10:00:00+08:00');
  res = await ctx.act(id, 'reply', 'housingYuzhong', {
    result: '已责令施工单位调整作业时间', substantiated: 'yes', measures: '下达整改通知书，限定打桩作业时段',
    publicReply: '经核查，反映问题属实，已责令施工单位整改。', internalNotes: '施工单位负责人态度配合',
  });
  t.equal(res.statusCode, 200, res.body);
  t.equal(res.json().complaint.status, 'replied');
  t.match(res.json().events[0].payload, { round: 1, substantiated: 'yes', publicReply: '经核查，反映问题属实，已责令施工单位整改。', internalNotes: '施工单位负责人态度配合', late: false });

  // 回访, unsatisfied: the case is reopened with five working days from the callback (Saturday).
  ctx.clock.set('2026-11-28T10:00:00+08:00');
  res = await ctx.act(id, 'callback', 'operator', { resolved: false, satisfaction: 'unsatisfied', note: '仍在夜间施工' });
  t.equal(res.statusCode, 200, res.body);
  body = res.json();
  t.equal(body.complaint.status, 'reopened');
  t.equal(body.complaint.handling.reopenCount, 1);
  t.equal(body.complaint.routing.replyDueAt, '2026-12-04T23:59:59+08:00', 're-handling: five working days from the callback');
  t.same(body.events.map((e: { action: string; fromState: string; toState: string }) => [e.action, e.fromState, e.toState]),
    [['callback', 'replied', 'replied'], ['reopen', 'replied', 'reopened']], 'both the callback and the reopen are recorded');
  t.equal(ctx.mails(id).at(-1)!.template, 'reopen', 'the lead office is told to handle it again');

  // Second reply, satisfied callback, then the supervisor closes.
  ctx.clock.set('2026-12-03T16:00:00+08:00');
  res = await ctx.act(id, 'reply', 'housingYuzhong', { result: '已暂停夜间施工', substantiated: 'yes', measures: '联合执法检查', publicReply: '已督促施工单位停止夜间施工。' });
  t.equal(res.statusCode, 200, res.body);
  t.match(res.json().events[0].payload, { round: 2 });

  ctx.clock.set('2026-12-04T10:00:00+08:00');
  res = await ctx.act(id, 'close', 'supervisor', {});
  t.equal(res.statusCode, 409, 'no close before the callback');
  t.equal(res.json().code, 'CALLBACK_REQUIRED');
  res = await ctx.act(id, 'callback', 'operator', { resolved: true, satisfaction: 'satisfied' });
  t.equal(res.statusCode, 200, res.body);
  t.equal(res.json().complaint.status, 'replied');

  ctx.clock.set('2026-12-07T09:00:00+08:00');
  res = await ctx.act(id, 'close', 'supervisor', { note: '核查属实，同意销号' });
  t.equal(res.statusCode, 200, res.body);
  body = res.json();
  t.equal(body.complaint.status, 'closed');
  t.equal(body.complaint.handling.closedAt, '2026-12-07T09:00:00+08:00');
  t.same(body.complaint.overdue, { sign: false, reply: false, byHours: null });

  res = await ctx.call('GET', `/api/v1/complaints/${id}/events`, 'supervisor');
  t.equal(res.statusCode, 200);
  t.same(res.json().items.map((e: { action: string }) => e.action), [
    'receive', 'assign', 'sign', 'cooperation-reply', 'request-extension', 'decide-extension', 'reply',
    'callback', 'reopen', 'reply', 'callback', 'close',
  ]);
  t.same(actions(id).slice(-3), ['reply:reopened>replied', 'callback:replied>replied', 'close:replied>closed']);
  t.equal(ctx.caseRow(id).version, 10, 'intake made version 1; each of the nine accepted actions added one, the refused close none');
});

t.test('return → triage → reassign, with the offices told and the clocks restarted', async (t) => {
  ctx.clock.set('2026-11-02T09:00:00+08:00');
  const created = await ctx.intake(TEXTS.fumes);
  const id = created.id;
  t.equal(created.status, 'assigned');

  ctx.clock.set('2026-11-03T10:00:00+08:00');
  let res = await ctx.act(id, 'return', 'urbanJiangbei', { reason: '该店位于商住综合体内，油烟净化设施归生态环境部门监管' });
  t.equal(res.statusCode, 200, res.body);
  let body = res.json();
  t.equal(body.complaint.status, 'triage');
  t.same(body.events.map((e: { action: string; fromState: string; toState: string }) => [e.action, e.fromState, e.toState]),
    [['return', 'assigned', 'returned'], ['triage', 'returned', 'triage']]);
  t.same(body.complaint.routing.lead, null, 'no office holds a returned case');
  t.equal(body.complaint.routing.signDueAt, null);
  t.ok(ctx.holders(id).every((a) => a.state === 'ended'));

  res = await ctx.call('GET', '/api/v1/triage', 'operator');
  t.equal(res.statusCode, 200, res.body);
  const item = res.json().items.find((i: { id: string }) => i.id === id);
  t.match(item.lastReturn, { reason: '该店位于商住综合体内，油烟净化设施归生态环境部门监管', office: { department: 'urban-management', district: '500105' } });

  ctx.clock.set('2026-11-03T11:00:00+08:00');
  res = await ctx.act(id, 'reassign', 'operator', { lead: 'ecology-environment', cooperating: ['urban-management'], reason: '按退单理由改派生态环境局' });
  t.equal(res.statusCode, 200, res.body);
  body = res.json();
  t.equal(body.complaint.status, 'assigned');
  t.same(body.complaint.routing.lead, { department: 'ecology-environment', name: '重庆市江北区生态环境局', district: '500105' });
  t.equal(body.complaint.routing.signDueAt, '2026-11-04T23:59:59+08:00', 'the sign clock restarts at the reassignment');
  t.equal(body.complaint.routing.replyDueAt, '2026-11-24T23:59:59+08:00', 'so does the reply clock');
  t.match(body.events[0], { action: 'reassign', fromState: 'triage', toState: 'assigned', payload: { reason: '按退单理由改派生态环境局' } });

  const mails = ctx.mails(id).map((m) => m.template);
  t.same(mails, ['assignment', 'assignment', 'assignment', 'assignment-withdrawn', 'assignment-withdrawn', 'assignment', 'assignment'],
    'intake notices, withdrawals to the cooperating offices at the return, notices to the new offices');

  res = await ctx.act(id, 'sign', 'urbanJiangbei', {});
  t.equal(res.statusCode, 403, 'the office that returned it no longer leads');
  t.equal(res.json().code, 'NOT_CASE_HOLDER');
  res = await ctx.act(id, 'sign', 'ecologyJiangbei', {});
  t.equal(res.statusCode, 200, res.body);
  t.same(actions(id), [
    'receive:->received', 'assign:received>assigned', 'return:assigned>returned', 'triage:returned>triage',
    'reassign:triage>assigned', 'sign:assigned>signed',
  ]);
});

t.test('a triage case is assigned by a dispatcher to a city-level office, which sees it in its queue', async (t) => {
  ctx.clock.set('2026-11-05T09:00:00+08:00');
  const created = await ctx.intake(TEXTS.vague);
  t.equal(created.status, 'triage');
  let res = await ctx.act(created.id, 'reassign', 'operator', { lead: 'public-security', reason: '改派' });
  t.equal(res.statusCode, 409, 'a case no office ever held is assigned, not reassigned');
  t.equal(res.json().code, 'INVALID_TRANSITION');
  res = await ctx.act(created.id, 'assign', 'operator', { lead: 'public-security' });
  t.equal(res.statusCode, 200, res.body);
  t.same(res.json().complaint.routing.lead, { department: 'public-security', name: '重庆市公安局', district: null });
  res = await ctx.call('GET', '/api/v1/queue', 'policeCity');
  t.equal(res.statusCode, 200, res.body);
  t.match(res.json().items, [{ id: created.id, bucket: 'to_sign', role: 'lead', dueAt: '2026-11-06T23:59:59+08:00' }]);
});
