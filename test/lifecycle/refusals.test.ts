import t, { type Test } from 'tap';
import { nextState, type State } from '../../src/cases/transitions.js';
import { TestClock } from '../helpers/app.js';
import { ENDPOINTS, type EndpointAction, type KeyName, startLifecycleApp, TEXTS } from './fixtures/harness.js';

const ctx = await startLifecycleApp({ clock: new TestClock(new Date('2026-11-02T09:00:00+08:00')) });
t.teardown(ctx.close);

const ok = async (res: Awaited<ReturnType<typeof ctx.act>>) => {
  if (res.statusCode >= 300) throw new Error(`setup step failed: ${res.statusCode} ${res.body}`);
  return res;
};

/** A construction-noise case brought to a state through the API, with the roles that take each step. */
async function caseIn(state: State): Promise<string> {
  if (state === 'triage' || state === 'rejected' || state === 'arbitration') {
    const { id } = await ctx.intake(TEXTS.vague);
    if (state === 'arbitration') await ok(await ctx.act(id, 'refer-arbitration', 'operator', ENDPOINTS['refer-arbitration'].body));
    if (state === 'rejected') await ok(await ctx.act(id, 'reject', 'operator', ENDPOINTS.reject.body));
    return id;
  }
  const { id } = await ctx.intake(TEXTS.construction, { reporter: { name: '王五', phone: '13700001111' } });
  if (state === 'assigned') return id;
  if (state === 'review') {
    const { id: reviewed } = await ctx.intake(TEXTS.construction, { channel: '12369' });
    await ok(await ctx.act(reviewed, 'sign', 'housingYuzhong'));
    await ok(await ctx.act(reviewed, 'reply', 'housingYuzhong', { ...ENDPOINTS.reply.body, documentId: await ctx.replyDocument(reviewed) }));
    await ok(await ctx.act(reviewed, 'review', 'operator', ENDPOINTS['request-review'].body));
    return reviewed;
  }
  if (state === 'merged') {
    const { id: into } = await ctx.intake(TEXTS.construction);
    await ok(await ctx.act(id, 'merge', 'operator', { into }));
    return id;
  }
  await ok(await ctx.act(id, 'sign', 'housingYuzhong'));
  if (state === 'signed') return id;
  await ok(await ctx.act(id, 'reply', 'housingYuzhong', ENDPOINTS.reply.body));
  if (state === 'replied') return id;
  if (state === 'reopened') {
    await ok(await ctx.act(id, 'callback', 'operator', { resolved: false, satisfaction: 'unsatisfied' }));
    return id;
  }
  await ok(await ctx.act(id, 'callback', 'operator', ENDPOINTS.callback.body));
  await ok(await ctx.act(id, 'close', 'supervisor', ENDPOINTS.close.body));
  return id;
}

/** Sends a request that must be refused, and proves the case, its assignments, events, mails, extensions and replies unchanged. */
async function refused(t: Test, id: string, action: EndpointAction, key: KeyName, status: number, code: string) {
  const before = ctx.snapshot(id);
  const res = await ctx.act(id, ENDPOINTS[action].path, key, ENDPOINTS[action].body);
  t.equal(res.statusCode, status, `${key} ${action}: ${res.body}`);
  t.equal(res.json().code, code, `${key} ${action} → ${code}`);
  t.same(ctx.snapshot(id), before, `${key} ${action} left the case unchanged`);
}

const STATES_REACHABLE: State[] = ['triage', 'assigned', 'signed', 'replied', 'reopened', 'closed', 'rejected', 'merged', 'arbitration', 'review'];

t.test('every action the table forbids in a state is refused with INVALID_TRANSITION, even for an admin', async (t) => {
  for (const state of STATES_REACHABLE) {
    const id = await caseIn(state);
    t.equal(ctx.caseRow(id).status, state);
    for (const action of Object.keys(ENDPOINTS) as EndpointAction[]) {
      if (nextState(state, action) !== null) continue;
      await refused(t, id, action, 'admin', 409, 'INVALID_TRANSITION');
    }
  }
});

t.test('a second attempt at a one-time action is refused: the case moved on', async (t) => {
  const id = await caseIn('signed');
  await refused(t, id, 'sign', 'housingYuzhong', 409, 'INVALID_TRANSITION');
  const closed = await caseIn('closed');
  await refused(t, closed, 'close', 'supervisor', 409, 'INVALID_TRANSITION');
  await refused(t, closed, 'add-note', 'supervisor', 409, 'INVALID_TRANSITION');
});

t.test('foreign offices and foreign roles are refused with stable codes and change nothing', async (t) => {
  const id = await caseIn('signed');
  // Offices that do not hold the case: another department, the same department in another district, the city office.
  for (const key of ['waterYuzhong', 'housingJiangbei', 'policeCity'] as const) {
    for (const action of ['reply', 'request-extension', 'cooperation-reply', 'add-note'] as const) await refused(t, id, action, key, 403, 'NOT_CASE_HOLDER');
  }
  // A cooperating office may not do the lead's work, nor the lead the cooperating office's.
  for (const action of ['reply', 'request-extension'] as const) await refused(t, id, action, 'ecologyYuzhong', 403, 'NOT_CASE_HOLDER');
  await refused(t, id, 'cooperation-reply', 'housingYuzhong', 403, 'NOT_CASE_HOLDER');
  // Handlers may not take dispatchers' or supervisors' actions; operators not departments' or supervisors'.
  for (const action of ['assign', 'reject', 'reassign', 'callback', 'close', 'supervision-order', 'decide-extension'] as const) {
    await refused(t, id, action, 'housingYuzhong', 403, 'FORBIDDEN');
  }
  for (const action of ['sign', 'reply', 'return', 'request-extension', 'cooperation-reply', 'close', 'decide-extension', 'supervision-order'] as const) {
    await refused(t, id, action, 'operator', 403, 'FORBIDDEN');
  }
  // Other scopes: an operator of another channel, a supervisor of another city.
  await refused(t, id, 'add-note', 'operator12369', 403, 'FORBIDDEN');
  await refused(t, id, 'supervision-order', 'shanghaiSupervisor', 403, 'FORBIDDEN');
  await refused(t, id, 'add-note', 'shanghaiOperator', 403, 'FORBIDDEN');

  const assigned = await caseIn('assigned');
  for (const key of ['waterYuzhong', 'housingJiangbei', 'ecologyYuzhong'] as const) {
    await refused(t, assigned, 'sign', key, 403, 'NOT_CASE_HOLDER');
    await refused(t, assigned, 'return', key, 403, 'NOT_CASE_HOLDER');
  }
  const replied = await caseIn('replied');
  await refused(t, replied, 'callback', 'operator12369', 403, 'FORBIDDEN');
  await refused(t, replied, 'close', 'shanghaiSupervisor', 403, 'FORBIDDEN');
});

t.test('the lifecycle\'s own refusals have stable codes too', async (t) => {
  let res = await ctx.act(999999, 'sign', 'admin');
  t.equal(res.statusCode, 404);
  t.equal(res.json().code, 'CASE_NOT_FOUND');

  const triage = await caseIn('triage');
  for (const [body, field] of [
    [{ lead: 'greening-cityscape' }, 'lead'],
    [{ lead: 'ecology-environment', cooperating: ['ecology-environment'] }, 'cooperating'],
  ] as const) {
    const before = ctx.snapshot(triage);
    res = await ctx.act(triage, 'assign', 'operator', body);
    t.equal(res.statusCode, 400);
    t.match(res.json(), { code: 'INVALID_FIELD', field });
    t.same(ctx.snapshot(triage), before);
  }

  const id = await caseIn('signed');
  const before = ctx.snapshot(id);
  res = await ctx.act(id, 'extensions', 'housingYuzhong', { days: 11, reason: '超过上限' });
  t.equal(res.statusCode, 400, 'Chongqing allows at most 10 working days per extension');
  t.match(res.json(), { code: 'INVALID_FIELD', field: 'days' });
  t.same(ctx.snapshot(id), before);

  res = await ctx.act(id, `extensions/424242/decision`, 'supervisor', { approve: true });
  t.equal(res.statusCode, 404);
  t.equal(res.json().code, 'EXTENSION_NOT_FOUND');

  res = await ok(await ctx.act(id, 'extensions', 'housingYuzhong', { days: 10, reason: '需要第三方检测' }));
  const extensionId = res.json().extension.id;
  await refused(t, id, 'request-extension', 'housingYuzhong', 409, 'EXTENSION_LIMIT_REACHED');
  await ok(await ctx.act(id, `extensions/${extensionId}/decision`, 'supervisor', { approve: false, note: '理由不充分' }));
  t.equal(ctx.caseRow(id).replyDueAt?.getTime(), before.row!.replyDueAt?.getTime(), 'a refused extension moves nothing');
  const decided = ctx.snapshot(id);
  res = await ctx.act(id, `extensions/${extensionId}/decision`, 'supervisor', { approve: true });
  t.equal(res.statusCode, 409);
  t.equal(res.json().code, 'EXTENSION_ALREADY_DECIDED');
  t.same(ctx.snapshot(id), decided);

  // A refused extension does not count: the lead may ask again, but not once the reply is due.
  res = await ctx.act(id, 'extensions', 'housingYuzhong', { days: 5, reason: '补充材料后再次申请' });
  t.equal(res.statusCode, 201, 'asking again after a refusal');
  ctx.clock.set('2026-12-30T09:00:00+08:00');
  await refused(t, id, 'request-extension', 'housingYuzhong', 409, 'EXTENSION_TOO_LATE');
  ctx.clock.set('2026-11-02T09:00:00+08:00');
});

t.test('a callback is taken once per reply; past the re-handling limit an unsatisfied one is recorded, not reopened', async (t) => {
  const id = await caseIn('replied');
  for (let round = 1; round <= 2; round++) {
    await ok(await ctx.act(id, 'callback', 'operator', { resolved: false, satisfaction: 'unsatisfied' }));
    t.equal(ctx.caseRow(id).status, 'reopened', `reopen ${round}`);
    await ok(await ctx.act(id, 'reply', 'housingYuzhong', ENDPOINTS.reply.body));
  }
  const res = await ok(await ctx.act(id, 'callback', 'operator', { resolved: false, satisfaction: 'unsatisfied', note: '仍不满意' }));
  const body = res.json();
  t.equal(body.complaint.status, 'replied', 'Chongqing allows two reopens: the third unsatisfied callback leaves the case for the supervisor');
  t.same(body.events.map((e: { action: string }) => e.action), ['callback']);
  t.match(body.events[0].payload, { satisfaction: 'unsatisfied', reopened: false, refusal: 'REHANDLE_LIMIT_REACHED', reopenCount: 2, maxCount: 2 });
  await refused(t, id, 'callback', 'operator', 409, 'CALLBACK_ALREADY_RECORDED');
  await ok(await ctx.act(id, 'close', 'supervisor', { note: '经核查已依法处理，群众诉求超出政策范围' }));
  t.equal(ctx.caseRow(id).status, 'closed');
});
