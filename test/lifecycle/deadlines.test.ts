import t from 'tap';
import { TestClock } from '../helpers/app.js';
import { ENDPOINTS, startLifecycleApp, TEXTS } from './fixtures/harness.js';

// 2026 official calendar: National Day 10-01..10-07 with make-up working days Sunday 09-20 and
// Saturday 10-10; Spring Festival 02-15..02-23 with make-up working days Saturdays 02-14 and 02-28.
const ctx = await startLifecycleApp({ clock: new TestClock() });
t.teardown(ctx.close);

const at = (iso: string) => ctx.clock.set(iso);
const dueOf = (id: string) => {
  const row = ctx.caseRow(id);
  return { sign: row.signDueAt?.toISOString(), reply: row.replyDueAt?.toISOString() };
};
const iso = (local: string) => new Date(local).toISOString();

t.test('National Day: sign, return window and reply skip the holiday and count make-up Saturday 10-10', async (t) => {
  at('2026-09-30T10:00:00+08:00');
  const a = await ctx.intake(TEXTS.construction);
  const b = await ctx.intake(TEXTS.construction);
  t.equal(a.routing.signDueAt, '2026-10-08T23:59:59+08:00', 'the next working day after 09-30 is 10-08');
  t.equal(a.routing.replyDueAt, '2026-10-27T23:59:59+08:00', '15 working days, 10-10 counted');

  // Return window: two working days from the assignment (10-08, 10-09), to the last second of 10-09.
  at('2026-10-09T23:59:59+08:00');
  let res = await ctx.act(a.id, 'return', 'housingYuzhong', { reason: '不属于本部门职责' });
  t.equal(res.statusCode, 200, 'a return at 23:59:59 of the last day of the window is accepted');
  at('2026-10-10T00:00:00+08:00');
  const before = ctx.snapshot(b.id);
  res = await ctx.act(b.id, 'return', 'housingYuzhong', { reason: '不属于本部门职责' });
  t.equal(res.statusCode, 409, 'one second later it is refused');
  t.match(res.json(), { code: 'RETURN_WINDOW_CLOSED', message: /2026-10-09T23:59:59\+08:00/ });
  t.same(ctx.snapshot(b.id), before);
});

t.test('make-up Sunday 09-20 is a working day for the sign limit and the return window', async (t) => {
  at('2026-09-19T10:00:00+08:00');
  const c = await ctx.intake(TEXTS.construction);
  t.equal(c.routing.signDueAt, '2026-09-20T23:59:59+08:00');
  at('2026-09-21T23:59:59+08:00');
  t.equal((await ctx.act(c.id, 'return', 'housingYuzhong', { reason: '不属于本部门职责' })).statusCode, 200, 'window: 09-20 and 09-21');
});

t.test('an extension approved over National Day moves the reply due time by working days', async (t) => {
  at('2026-09-11T10:00:00+08:00');
  const { id, routing } = await ctx.intake(TEXTS.construction);
  t.equal(routing.replyDueAt, '2026-10-09T23:59:59+08:00', '15 working days from Friday 09-11: Sunday 09-20 counted, Mid-Autumn 09-25 and National Day not');
  await ctx.act(id, 'sign', 'housingYuzhong');
  at('2026-09-29T09:00:00+08:00');
  const asked = await ctx.act(id, 'extensions', 'housingYuzhong', { days: 5, reason: '节后需复测' });
  t.equal(asked.statusCode, 201, asked.body);
  const decided = await ctx.act(id, `extensions/${asked.json().extension.id}/decision`, 'supervisor', { approve: true });
  t.equal(decided.json().complaint.routing.replyDueAt, '2026-10-15T23:59:59+08:00', 'five working days on from 10-09: Saturday 10-10, 10-12, 10-13, 10-14, 10-15');
  t.match(decided.json().events[0].payload, { previousDueAt: '2026-10-09T23:59:59+08:00', newDueAt: '2026-10-15T23:59:59+08:00' });
  t.equal(dueOf(id).reply, iso('2026-10-15T23:59:59+08:00'));
});

t.test('Spring Festival: sign on make-up Saturday 02-14, return window across the holiday, boundary second', async (t) => {
  at('2026-02-13T16:00:00+08:00');
  const a = await ctx.intake(TEXTS.construction);
  const b = await ctx.intake(TEXTS.construction);
  t.equal(a.routing.signDueAt, '2026-02-14T23:59:59+08:00', 'Saturday 02-14 is a make-up working day');
  at('2026-02-24T23:59:59+08:00');
  t.equal((await ctx.act(a.id, 'return', 'housingYuzhong', { reason: '不属于本部门职责' })).statusCode, 200, 'window: 02-14 and 02-24, to its last second');
  at('2026-02-25T00:00:00+08:00');
  const res = await ctx.act(b.id, 'return', 'housingYuzhong', { reason: '不属于本部门职责' });
  t.equal(res.json().code, 'RETURN_WINDOW_CLOSED', 'one second later');
});

t.test('a reopen before Spring Festival gets five working days: 02-13, Saturday 02-14, 02-24, 02-25, 02-26', async (t) => {
  at('2026-02-02T09:00:00+08:00');
  const { id } = await ctx.intake(TEXTS.construction, { reporter: { phone: '13800001111' } });
  await ctx.act(id, 'sign', 'housingYuzhong');
  at('2026-02-11T15:00:00+08:00');
  await ctx.act(id, 'reply', 'housingYuzhong', ENDPOINTS.reply.body);
  at('2026-02-12T10:00:00+08:00');
  const res = await ctx.act(id, 'callback', 'operator', { resolved: false, satisfaction: 'unsatisfied' });
  t.equal(res.json().complaint.status, 'reopened');
  t.equal(res.json().complaint.routing.replyDueAt, '2026-02-26T23:59:59+08:00');
  t.equal(res.json().events[1].payload.replyDueAt, '2026-02-26T23:59:59+08:00', 'the reopen event says the new due time');
});

t.test('make-up Saturday 02-28 is the sign day of a Friday assignment', async (t) => {
  at('2026-02-27T11:00:00+08:00');
  t.equal((await ctx.intake(TEXTS.construction)).routing.signDueAt, '2026-02-28T23:59:59+08:00');
});

t.test('12369 counts calendar days, a last day on a holiday moving to the next working day', async (t) => {
  at('2026-09-16T10:00:00+08:00');
  const c = await ctx.intake(TEXTS.construction, { channel: '12369' });
  t.equal(c.routing.acceptDueAt, '2026-10-08T23:59:59+08:00', '15 days end on 10-01, a holiday: moved to 10-08');
  t.equal(c.routing.replyDueAt, '2026-11-16T23:59:59+08:00', '60 days end on Sunday 11-15: moved to Monday');
  await ctx.act(c.id, 'sign', 'housingYuzhong');
  const asked = await ctx.act(c.id, 'extensions', 'housingYuzhong', { days: 30, reason: '需要补充调查' });
  t.match(asked.json().extension, { days: 30, unit: 'calendarDays' });
  const decided = await ctx.act(c.id, `extensions/${asked.json().extension.id}/decision`, 'supervisor', { approve: true });
  t.equal(decided.json().complaint.routing.replyDueAt, '2026-12-16T23:59:59+08:00', '30 calendar days after 11-16');
});

t.test('urgent cases count clock hours, holidays included', async (t) => {
  at('2026-10-01T10:00:00+08:00');
  const c = await ctx.intake(TEXTS.construction, { urgency: 'urgent' });
  t.equal(c.routing.signDueAt, '2026-10-01T12:00:00+08:00');
  t.equal(c.routing.replyDueAt, '2026-10-02T10:00:00+08:00');
});

t.test('overdue and due soon are computed at the request from the due times, never stored', async (t) => {
  at('2026-09-30T10:00:00+08:00');
  const { id } = await ctx.intake(TEXTS.construction);
  at('2026-10-08T09:00:00+08:00');
  let queue = (await ctx.call('GET', '/api/v1/queue', 'housingYuzhong')).json();
  t.match(queue.items.find((i: { id: string }) => i.id === id), { bucket: 'to_sign', dueAt: '2026-10-08T23:59:59+08:00', dueSoon: true, overdue: false });

  at('2026-10-09T12:00:00+08:00');
  const view = (await ctx.call('GET', `/api/v1/complaints/${id}`, 'housingYuzhong')).json();
  t.same(view.overdue, { sign: true, reply: false, byHours: 12 }, '12 hours past the sign due time');
  queue = (await ctx.call('GET', '/api/v1/queue', 'housingYuzhong')).json();
  const item = queue.items.find((i: { id: string }) => i.id === id);
  t.match(item, { overdue: true, dueSoon: false, overdueByHours: 12 });
  t.ok(queue.counts.overdue >= 1);
  const overdueOnly = (await ctx.call('GET', '/api/v1/queue?bucket=overdue', 'housingYuzhong')).json();
  t.ok(overdueOnly.items.every((i: { overdue: boolean }) => i.overdue));
  const sorted = queue.items.map((i: { dueAt: string }) => Date.parse(i.dueAt));
  t.same(sorted, [...sorted].sort((x: number, y: number) => x - y), 'sorted by due time');

  const signed = await ctx.act(id, 'sign', 'housingYuzhong');
  t.equal(signed.json().events[0].payload.late, true, 'a late sign is on the record');
  t.same(signed.json().complaint.overdue, { sign: false, reply: false, byHours: null }, 'signed: the sign limit no longer runs');
  t.equal(ctx.caseRow(id).status, 'signed');

  at('2026-10-28T08:00:00+08:00');
  t.same((await ctx.call('GET', `/api/v1/complaints/${id}`, 'housingYuzhong')).json().overdue, { sign: false, reply: true, byHours: 8 });
});

t.test('the queue belongs to an office: handlers see their own, supervisors name one', async (t) => {
  let res = await ctx.call('GET', '/api/v1/queue?department=water', 'housingYuzhong');
  t.equal(res.statusCode, 403);
  res = await ctx.call('GET', '/api/v1/queue', 'supervisor');
  t.equal(res.statusCode, 400);
  t.equal(res.json().field, 'department');
  res = await ctx.call('GET', '/api/v1/queue?department=housing-construction&district=500103', 'supervisor');
  t.equal(res.statusCode, 200);
  t.ok(res.json().items.length > 0);
  const byCode = res.json().items.map((i: { id: string }) => i.id);
  res = await ctx.call('GET', `/api/v1/queue?department=housing-construction&district=${encodeURIComponent('渝中')}`, 'supervisor');
  t.same([res.json().office.district, res.json().items.map((i: { id: string }) => i.id)], ['500103', byCode], 'the office\'s district by name is the office by code');
  res = await ctx.call('GET', `/api/v1/queue?district=${encodeURIComponent('渝中区')}`, 'housingYuzhong');
  t.equal(res.statusCode, 200, 'a handler may name its own district as a name');
  res = await ctx.call('GET', `/api/v1/queue?department=housing-construction&district=${encodeURIComponent('火星区')}`, 'supervisor');
  t.same([res.statusCode, res.json().field], [400, 'district'], 'an unknown district is refused, not an empty queue');
  res = await ctx.call('GET', '/api/v1/queue', 'ecologyYuzhong');
  t.ok(res.json().items.every((i: { role: string; bucket: string }) => i.role === 'cooperating' && i.bucket === 'in_progress'), 'cooperating offices have nothing to sign');
  res = await ctx.call('GET', '/api/v1/queue', 'operator');
  t.equal(res.statusCode, 403);
});
