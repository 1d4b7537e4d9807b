import { join } from 'node:path';
import t from 'tap';
import { openServices } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { leaseHolder } from '../../src/escalation/lock.js';
import { EscalationScheduler, SCHEDULER_LOCK } from '../../src/escalation/scheduler.js';
import { renderMail } from '../../src/notify/templates.js';
import { RULES_DIR, TestClock } from '../helpers/app.js';
import { type LifecycleApp, must, startLifecycleApp, TEXTS } from '../lifecycle/fixtures/harness.js';

// TEXTS.construction (渝中区某工地白天打桩噪音很大…) routes to housing-construction in 渝中区. Taken in on
// Wednesday 2026-11-18 10:00, it must be signed by 11-19 23:59:59 and replied by 12-09 23:59:59
// (15 working days; no holiday in between).
const LEAD_EMAIL = 'zfcxjw-500103@example.cq.gov.cn';
const ESCALATION_ACTIONS = ['remind', 'supervision-order', 'public-notice'];

async function start(t: { teardown(fn: () => unknown): void }): Promise<LifecycleApp> {
  const ctx = await startLifecycleApp({ clock: new TestClock() });
  t.teardown(ctx.close);
  return ctx;
}

/** The scheduler's events on a case, and the mail it queued (intake's assignment mail left out). */
const escalationsOf = (ctx: LifecycleApp, id: string) => ctx.trail(id).filter((e) => ESCALATION_ACTIONS.includes(e.action));
const mailsOf = (ctx: LifecycleApp, id: string, template: string) => ctx.mails(id).filter((m) => m.template === template);
const supervisorsOf = (ctx: LifecycleApp) => ctx.services.catalogues.get('chongqing')!.catalogue.supervisors;
const tickAt = async (ctx: LifecycleApp, scheduler: EscalationScheduler, iso: string) => {
  ctx.clock.set(iso);
  return scheduler.tick(ctx.clock.read());
};

t.test('an assigned case not signed past its limit gets one reminder, to its lead office, once', async (t) => {
  const ctx = await start(t);
  const { id } = await ctx.intake(TEXTS.construction);
  const scheduler = new EscalationScheduler(ctx.services, { holder: 'process-a' });
  const before = ctx.caseRow(id);

  t.same((await tickAt(ctx, scheduler, '2026-11-19T23:59:59+08:00')).fired['sign-reminder'], 0, 'not at the last second of the sign day');
  const report = await tickAt(ctx, scheduler, '2026-11-20T00:00:00+08:00');
  t.same(report, { held: true, fired: { 'sign-reminder': 1, 'reply-reminder': 0, 'supervision-order': 0, 'public-notice': 0, 'review-reminder': 0, 'review-overdue': 0 } });

  const events = escalationsOf(ctx, id);
  t.equal(events.length, 1);
  t.match(events[0], {
    action: 'remind', actorRole: 'system', actorKeyId: null, fromState: 'assigned', toState: 'assigned',
    payload: { kind: 'sign-reminder', dueAt: '2026-11-19T23:59:59+08:00', office: '重庆市渝中区住房和城乡建设委员会' },
  });
  const mails = mailsOf(ctx, id, 'reminder');
  t.equal(mails.length, 1);
  t.match(mails[0], { recipient: LEAD_EMAIL, state: 'pending', payload: { kind: 'sign-reminder', role: 'lead' } });
  t.match(renderMail('reminder', mails[0]!.payload).text, '签收时限（2026年11月19日 23:59（北京时间））已过');
  const after = ctx.caseRow(id);
  t.same({ status: after.status, version: after.version, updatedAt: after.updatedAt }, { status: before.status, version: before.version, updatedAt: before.updatedAt },
    'an escalation is an event, not a change of state or version');

  t.same((await tickAt(ctx, scheduler, '2026-11-20T09:00:00+08:00')).fired['sign-reminder'], 0, 'ticking again adds nothing');
  scheduler.stop();
  const restarted = new EscalationScheduler(ctx.services, { holder: 'process-a-restarted' });
  t.same(await tickAt(ctx, restarted, '2026-11-20T10:00:00+08:00'), { held: true, fired: { 'sign-reminder': 0, 'reply-reminder': 0, 'supervision-order': 0, 'public-notice': 0, 'review-reminder': 0, 'review-overdue': 0 } },
    'a new scheduler, as after a restart, holds the lock and adds nothing');
  t.equal(escalationsOf(ctx, id).length, 1);
  t.equal(mailsOf(ctx, id, 'reminder').length, 1);

  await ctx.act(id, 'sign', 'housingYuzhong');
  t.same((await tickAt(ctx, restarted, '2026-11-23T10:00:00+08:00')).fired['sign-reminder'], 0, 'a signed case is no longer reminded to sign');
});

t.test('a late reply: reminder the working day before, supervision order after, public notice after five more working days', async (t) => {
  const ctx = await start(t);
  const { id } = await ctx.intake(TEXTS.construction);
  await ctx.act(id, 'sign', 'housingYuzhong');
  const scheduler = new EscalationScheduler(ctx.services, { holder: 'process-a' });
  const supervisors = supervisorsOf(ctx);
  t.ok(supervisors.length >= 1, 'the Chongqing catalogue names its supervisors');

  t.equal((await tickAt(ctx, scheduler, '2026-12-07T10:00:00+08:00')).fired['reply-reminder'], 0, 'two working days left: nothing');
  t.equal((await tickAt(ctx, scheduler, '2026-12-08T10:00:00+08:00')).fired['reply-reminder'], 1, 'due by the end of the next working day: reminded');
  t.match(mailsOf(ctx, id, 'reminder'), [{ recipient: LEAD_EMAIL, payload: { kind: 'reply-reminder', replyDueAt: new Date('2026-12-09T23:59:59+08:00').toISOString() } }]);

  t.equal((await tickAt(ctx, scheduler, '2026-12-09T23:59:59+08:00')).fired['supervision-order'], 0, 'not overdue at the last second');
  t.equal((await tickAt(ctx, scheduler, '2026-12-10T09:00:00+08:00')).fired['supervision-order'], 1);
  const order = escalationsOf(ctx, id).filter((e) => e.action === 'supervision-order');
  t.equal(order.length, 1);
  t.match(order[0], {
    actorRole: 'system', fromState: 'signed', toState: 'signed',
    payload: { automatic: true, kind: 'supervision-order', dueAt: '2026-12-09T23:59:59+08:00', overdueWorkingDays: 1 },
  });
  const orders = mailsOf(ctx, id, 'supervision-order');
  t.same(orders.map((m) => m.recipient).sort(), [LEAD_EMAIL, ...supervisors.map((s) => s.email)].sort(), 'the lead office and every supervisor');
  const toSupervisor = orders.find((m) => m.recipient === supervisors[0]!.email)!;
  t.equal(toSupervisor.payload.office, supervisors[0]!.name, 'a supervisor is addressed by name');
  t.notOk('role' in toSupervisor.payload, 'a supervisor has no role on the case');
  t.match(renderMail('supervision-order', orders[0]!.payload).text, '超过答复时限（2026年12月9日 23:59（北京时间））1个工作日');

  t.equal((await tickAt(ctx, scheduler, '2026-12-10T10:00:00+08:00')).fired['supervision-order'], 0, 'ordered once per due time');
  // Five working days after 12-09: 12-10, 12-11, 12-14, 12-15, 12-16 → listed from 12-17.
  t.equal((await tickAt(ctx, scheduler, '2026-12-16T23:59:59+08:00')).fired['public-notice'], 0);
  t.equal((await tickAt(ctx, scheduler, '2026-12-17T09:00:00+08:00')).fired['public-notice'], 1);
  t.match(escalationsOf(ctx, id).at(-1), { action: 'public-notice', fromState: 'signed', toState: 'signed', payload: { kind: 'public-notice', overdueWorkingDays: 6 } });
  t.same(mailsOf(ctx, id, 'public-notice').map((m) => m.recipient).sort(), supervisors.map((s) => s.email).sort(), 'the notice goes to the supervisors only');
  t.same((await tickAt(ctx, scheduler, '2026-12-18T09:00:00+08:00')).fired, { 'sign-reminder': 0, 'reply-reminder': 0, 'supervision-order': 0, 'public-notice': 0, 'review-reminder': 0, 'review-overdue': 0 });
  t.same(escalationsOf(ctx, id).map((e) => e.action), ['remind', 'supervision-order', 'public-notice']);

  const list = await ctx.call('GET', '/api/v1/supervision/public-notices?jurisdiction=chongqing', 'supervisor');
  t.equal(list.statusCode, 200, list.body);
  t.match(list.json(), {
    jurisdiction: 'chongqing', asOf: '2026-12-18T09:00:00+08:00',
    items: [{
      id, trackingCode: ctx.caseRow(id).trackingCode, status: 'signed',
      leadOffice: { department: 'housing-construction', name: '重庆市渝中区住房和城乡建设委员会', district: '500103' },
      matter: { code: String, title: String }, district: '渝中区',
      replyDueAt: '2026-12-09T23:59:59+08:00', overdueWorkingDays: 7, listedAt: '2026-12-17T09:00:00+08:00',
    }],
  });
  t.equal(list.json().items.length, 1);
  t.equal((await ctx.call('GET', '/api/v1/supervision/public-notices', 'supervisor')).json().items.length, 1, 'a supervisor\'s own jurisdiction by default');
  t.equal((await ctx.call('GET', '/api/v1/supervision/public-notices?jurisdiction=chongqing', 'admin')).statusCode, 200);
  t.match((await ctx.call('GET', '/api/v1/supervision/public-notices', 'admin')).json(), { statusCode: 400, field: 'jurisdiction' }, 'an admin names the jurisdiction');
  t.equal((await ctx.call('GET', '/api/v1/supervision/public-notices?jurisdiction=chongqing', 'housingYuzhong')).statusCode, 403, 'not for a handler');
  t.equal((await ctx.call('GET', '/api/v1/supervision/public-notices?jurisdiction=chongqing', 'shanghaiSupervisor')).statusCode, 403, 'not another jurisdiction\'s supervisor');
  t.same((await ctx.call('GET', '/api/v1/supervision/public-notices?jurisdiction=shanghai', 'shanghaiSupervisor')).json().items, []);

  ctx.clock.set('2026-12-18T10:00:00+08:00');
  t.equal((await ctx.act(id, 'reply', 'housingYuzhong', {
    result: '已责令停止违规施工', substantiated: 'yes', measures: '现场检查', publicReply: '经核查，已责令施工单位整改。',
  })).statusCode, 200);
  t.same((await ctx.call('GET', '/api/v1/supervision/public-notices?jurisdiction=chongqing', 'supervisor')).json().items, [], 'a replied case leaves the list');
});

t.test('an approved extension moves the due time: the new overdue fires again, once', async (t) => {
  const ctx = await start(t);
  const { id } = await ctx.intake(TEXTS.construction);
  await ctx.act(id, 'sign', 'housingYuzhong');
  const scheduler = new EscalationScheduler(ctx.services, { holder: 'process-a' });

  ctx.clock.set('2026-12-09T10:00:00+08:00');
  const asked = await ctx.act(id, 'extensions', 'housingYuzhong', { days: 5, reason: '需要夜间复测' });
  t.equal(asked.statusCode, 201, asked.body);
  t.equal((await tickAt(ctx, scheduler, '2026-12-10T09:00:00+08:00')).fired['supervision-order'], 1, 'overdue while the extension waits for a decision');

  ctx.clock.set('2026-12-10T10:00:00+08:00');
  const decided = await ctx.act(id, `extensions/${asked.json().extension.id}/decision`, 'supervisor', { approve: true });
  t.equal(decided.json().complaint.routing.replyDueAt, '2026-12-16T23:59:59+08:00');
  t.equal((await tickAt(ctx, scheduler, '2026-12-10T11:00:00+08:00')).fired['supervision-order'], 0, 'no longer overdue');

  t.equal((await tickAt(ctx, scheduler, '2026-12-15T10:00:00+08:00')).fired['reply-reminder'], 1, 'the new due time is reminded');
  t.equal((await tickAt(ctx, scheduler, '2026-12-17T09:00:00+08:00')).fired['supervision-order'], 1, 'and ordered when it passes');
  t.equal((await tickAt(ctx, scheduler, '2026-12-17T10:00:00+08:00')).fired['supervision-order'], 0);
  t.same(escalationsOf(ctx, id).filter((e) => e.action === 'supervision-order').map((e) => e.payload.dueAt),
    ['2026-12-09T23:59:59+08:00', '2026-12-16T23:59:59+08:00'], 'one order per due time');
  t.equal(mailsOf(ctx, id, 'supervision-order').length, 2 * (1 + supervisorsOf(ctx).length));
  t.same((await ctx.call('GET', '/api/v1/supervision/public-notices', 'supervisor')).json().items, [], 'not yet five working days past the new due time');
});

t.test('two schedulers on one database (two connections, as two processes): only the lease holder fires', async (t) => {
  const ctx = await start(t);
  const config = loadConfig({ HOTLINE_DB: join(ctx.dir, 'hotline.db'), HOTLINE_RULES: RULES_DIR });
  const other = openServices(config, ctx.clock.read);
  t.teardown(() => other.db.$client.close());
  const a = new EscalationScheduler(ctx.services, { holder: 'process-a', leaseMs: 180_000 });
  const b = new EscalationScheduler(other, { holder: 'process-b', leaseMs: 180_000 });

  const { id } = await ctx.intake(TEXTS.construction);
  t.equal((await tickAt(ctx, a, '2026-11-19T23:59:00+08:00')).held, true, 'the first to ask takes the lease');
  const refused = await tickAt(ctx, b, '2026-11-20T00:01:00+08:00');
  t.same(refused, { held: false, fired: { 'sign-reminder': 0, 'reply-reminder': 0, 'supervision-order': 0, 'public-notice': 0, 'review-reminder': 0, 'review-overdue': 0 } },
    'the other finds an unexpired lease and does nothing, though a reminder is due');
  t.equal(escalationsOf(ctx, id).length, 0);
  t.equal((await tickAt(ctx, a, '2026-11-20T00:02:00+08:00')).fired['sign-reminder'], 1, 'the holder renews its lease and fires');
  t.equal((await tickAt(ctx, b, '2026-11-20T00:03:00+08:00')).held, false);
  t.equal(escalationsOf(ctx, id).length, 1, 'no doubled event');
  t.equal(mailsOf(ctx, id, 'reminder').length, 1, 'no doubled mail');
  t.equal(leaseHolder(ctx.services.db, SCHEDULER_LOCK, ctx.clock.read()), 'process-a');

  // process-a dies without giving the lease up: it expires three minutes after its last tick.
  // A second case, taken in on Friday 11-20 00:03, must be signed by Monday 11-23.
  const second = await ctx.intake(TEXTS.construction);
  t.equal((await tickAt(ctx, b, '2026-11-20T00:05:00+08:00')).held, false, 'at the expiry instant the lease still holds');
  const takeover = await tickAt(ctx, b, '2026-11-20T00:05:00.001+08:00');
  t.equal(takeover.held, true, 'an expired lease is taken over');
  t.equal(leaseHolder(ctx.services.db, SCHEDULER_LOCK, ctx.clock.read()), 'process-b');
  t.equal(takeover.fired['sign-reminder'], 0, 'what process-a fired is not fired again');
  t.equal((await tickAt(ctx, a, '2026-11-20T00:06:00+08:00')).held, false, 'the old holder, back, finds the lease taken');

  t.equal((await tickAt(ctx, b, '2026-11-24T00:00:00+08:00')).fired['sign-reminder'], 1, 'the new holder chases what comes due');
  t.equal(escalationsOf(ctx, second.id).length, 1);
  t.equal(escalationsOf(ctx, id).length, 1);
  t.equal(mailsOf(ctx, second.id, 'reminder').length, 1);

  b.stop();
  t.equal(leaseHolder(ctx.services.db, SCHEDULER_LOCK, ctx.clock.read()), null, 'stop() gives the lease up');
  t.equal((await tickAt(ctx, a, '2026-11-24T00:01:00+08:00')).held, true, 'so another takes it at once');
});

t.test('start() ticks on its interval with the service clock until stop(); nothing starts it by itself', async (t) => {
  const ctx = await start(t);
  const { id } = await ctx.intake(TEXTS.construction);
  ctx.clock.set('2026-11-20T10:00:00+08:00');
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.equal(escalationsOf(ctx, id).length, 0, 'the app alone runs no scheduler');

  const scheduler = new EscalationScheduler(ctx.services, { holder: 'process-a' });
  scheduler.start(10);
  for (let i = 0; i < 100 && escalationsOf(ctx, id).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  scheduler.stop();
  t.equal(escalationsOf(ctx, id).length, 1);
  t.equal(leaseHolder(ctx.services.db, SCHEDULER_LOCK, ctx.clock.read()), null);
});

/** Cases taken in on Wednesday 11-18 10:00, unsigned: each is due a sign reminder from 11-20 00:00. */
async function unsignedCases(ctx: LifecycleApp, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await ctx.intake(TEXTS.construction)).id);
  return ids;
}
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const SIGN_OVERDUE = new Date('2026-11-20T00:00:00+08:00');

t.test('a tick gives the event loop back between its write batches: an intake sent during it is answered before it ends', async (t) => {
  const ctx = await start(t);
  const ids = await unsignedCases(ctx, 10);
  const scheduler = new EscalationScheduler(ctx.services, { holder: 'process-a', batchSize: 1 });

  ctx.clock.set('2026-11-20T00:00:00+08:00');
  const order: string[] = [];
  // Promise.resolve: a tick that ran to its end at once (synchronously) is seen as ending first.
  const tick = Promise.resolve(scheduler.tick(SIGN_OVERDUE)).then((report) => { order.push('tick'); return report; });
  const intake = ctx.intake(TEXTS.fumes).then((created) => { order.push('intake'); return created; });
  const [report, created] = await Promise.all([tick, intake]);
  t.same(order, ['intake', 'tick'], 'the intake did not wait for the whole tick');
  t.equal(report.fired['sign-reminder'], 10, 'and the tick still chased every case');
  for (const id of ids) t.equal(escalationsOf(ctx, id).length, 1);
  const reminders = ids.flatMap((id) => escalationsOf(ctx, id).map((e) => Number(e.id)));
  const received = Number(ctx.trail(created.id)[0]!.id);
  t.ok(Math.min(...reminders) < received && received < Math.max(...reminders), 'its events were written between two of the tick\'s batches');
});

t.test('a tick with nothing to write still gives the event loop back between the pages of its search', async (t) => {
  const ctx = await start(t);
  await unsignedCases(ctx, 4);
  const scheduler = new EscalationScheduler(ctx.services, { holder: 'process-a', scanPageSize: 1 });
  t.equal((await scheduler.tick(SIGN_OVERDUE)).fired['sign-reminder'], 4);

  let ended = false;
  const tick = Promise.resolve(scheduler.tick(new Date('2026-11-20T00:01:00+08:00'))).then((report) => { ended = true; return report; });
  await turn();
  t.equal(ended, false, 'a callback queued after the tick began ran before it ended');
  t.same((await tick).fired, { 'sign-reminder': 0, 'reply-reminder': 0, 'supervision-order': 0, 'public-notice': 0, 'review-reminder': 0, 'review-overdue': 0 });
});

t.test('stop() during a tick: it ends at its next batch and keeps the lease given up; the next holder fires the rest, once each', async (t) => {
  const ctx = await start(t);
  const ids = await unsignedCases(ctx, 5);
  const a = new EscalationScheduler(ctx.services, { holder: 'process-a', batchSize: 1 });

  const stopped = Promise.resolve(a.tick(SIGN_OVERDUE));
  await turn();
  a.stop();
  const report = await stopped;
  t.equal(report.held, true);
  t.equal(report.fired['sign-reminder'], 1, 'the batch written before stop() is kept, nothing after it');
  t.equal(leaseHolder(ctx.services.db, SCHEDULER_LOCK, SIGN_OVERDUE), null, 'the lease is not taken again by the stopped tick');

  const b = new EscalationScheduler(ctx.services, { holder: 'process-b' });
  t.equal((await b.tick(new Date('2026-11-20T00:01:00+08:00'))).fired['sign-reminder'], 4, 'the next holder chases the rest');
  for (const id of ids) {
    t.equal(escalationsOf(ctx, id).length, 1);
    t.equal(mailsOf(ctx, id, 'reminder').length, 1);
  }
});

t.test('a lease taken over during a tick (two processes): the old holder stops at its next batch, every case is chased once', async (t) => {
  const ctx = await start(t);
  const config = loadConfig({ HOTLINE_DB: join(ctx.dir, 'hotline.db'), HOTLINE_RULES: RULES_DIR });
  const other = openServices(config, ctx.clock.read);
  t.teardown(() => other.db.$client.close());
  const ids = await unsignedCases(ctx, 6);
  const a = new EscalationScheduler(ctx.services, { holder: 'process-a', leaseMs: 60_000, batchSize: 1 });
  const b = new EscalationScheduler(other, { holder: 'process-b', leaseMs: 60_000, batchSize: 1 });

  const first = Promise.resolve(a.tick(SIGN_OVERDUE));
  await turn();
  // Two minutes on, as seen by process-b, process-a's lease has run out: b takes it over.
  const second = Promise.resolve(b.tick(new Date('2026-11-20T00:02:00+08:00')));
  const [ra, rb] = await Promise.all([first, second]);
  t.equal(ra.held, false, 'process-a found the lease taken at its next batch and stopped');
  t.equal(rb.held, true);
  t.equal(ra.fired['sign-reminder'] + rb.fired['sign-reminder'], 6);
  t.ok(ra.fired['sign-reminder'] < 6, 'process-a did not go on after losing the lease');
  t.equal(leaseHolder(ctx.services.db, SCHEDULER_LOCK, new Date('2026-11-20T00:02:00+08:00')), 'process-b');
  for (const id of ids) {
    t.equal(escalationsOf(ctx, id).length, 1, 'one reminder per case');
    t.equal(mailsOf(ctx, id, 'reminder').length, 1, 'one mail per case');
  }
});

t.test('a 复查 waiting for its answer: the supervisors are reminded a working day before, told once it is late, and nothing after the answer', async (t) => {
  const ctx = await start(t);
  const c = await ctx.intake(TEXTS.construction, { channel: '12369' });
  await must(ctx.act(c.id, 'sign', 'housingYuzhong'));
  ctx.clock.set('2026-11-19T10:00:00+08:00');
  await must(ctx.act(c.id, 'reply', 'housingYuzhong', { result: '已整改', substantiated: 'yes', measures: '现场检查', publicReply: '已整改。', documentId: await ctx.replyDocument(c.id) }));
  ctx.clock.set('2026-11-20T10:00:00+08:00');
  await must(ctx.act(c.id, 'review', 'operator', { reason: '夜间仍在施工' }));
  // 30 calendar days from 11-20 end on Sunday 12-20, so the answer is due Monday 12-21 23:59:59 (a last day
  // off work moves to the next working day); on Friday 12-18 it is due by the end of the next working day.
  const scheduler = new EscalationScheduler(ctx.services, { holder: 'process-a' });
  const supervisors = supervisorsOf(ctx).map((s) => s.email).sort();
  const review = (iso: string) => tickAt(ctx, scheduler, iso).then((r) => [r.fired['review-reminder'], r.fired['review-overdue']]);

  t.same(await review('2026-12-10T09:00:00+08:00'), [0, 0], 'ten days before: nothing');
  t.same(await review('2026-12-18T09:00:00+08:00'), [1, 0], 'within a working day of the answer time: reminded');
  t.same(await review('2026-12-19T09:00:00+08:00'), [0, 0], 'once');
  t.same(mailsOf(ctx, c.id, 'review-reminder').map((m) => m.recipient).sort(), supervisors, 'to the supervisors, who answer reviews');
  t.same(mailsOf(ctx, c.id, 'reminder'), [], 'not to the office that handled the case');
  t.same(await review('2026-12-21T23:59:59+08:00'), [0, 0], 'not at the last second of the answer day');
  t.same(await review('2026-12-22T00:00:00+08:00'), [0, 1], 'past the answer time: an overdue notice');
  t.same(await review('2026-12-23T09:00:00+08:00'), [0, 0], 'once');
  const overdue = mailsOf(ctx, c.id, 'review-overdue');
  t.equal(overdue.length, supervisors.length);
  t.match(renderMail('review-overdue', overdue[0]!.payload).text, '复查申请已超过答复期限（2026年12月21日');
  t.match(ctx.trail(c.id).filter((e) => e.action === 'remind' || e.action === 'review-overdue').map((e) => [e.action, e.payload.kind]),
    [['remind', 'review-reminder'], ['review-overdue', 'review-overdue']]);
  t.equal(ctx.caseRow(c.id).status, 'review', 'escalations are events, not states');

  await must(ctx.act(c.id, 'review/decision', 'supervisor', { outcome: 'upheld', opinion: '维持' }));
  const after = await tickAt(ctx, scheduler, '2027-01-05T09:00:00+08:00');
  t.same([after.fired['review-reminder'], after.fired['review-overdue']], [0, 0], 'answered: no more');
});
