import t from 'tap';
import { must, startLifecycleApp, TEXTS } from './fixtures/harness.js';

const ctx = await startLifecycleApp();
t.teardown(ctx.close);
const lookup = (trackingCode: string, accessCode: string) =>
  ctx.app.inject({ method: 'POST', url: '/public/complaints/lookup', payload: { trackingCode, accessCode } });
const REASON = '来电人报出姓名和手机号，与登记一致';

t.test('补发提取码: a new code works, the old one no longer does, and the record keeps the reason but never the code', async (t) => {
  const c = await ctx.intake(TEXTS.construction, { reporter: { name: '张三', phone: '13812345678' } });
  t.equal((await lookup(c.trackingCode, c.accessCode)).statusCode, 200);
  const res = await ctx.act(c.id, 'access-code', 'operator', { reason: REASON });
  t.equal(res.statusCode, 200, res.body);
  const { accessCode, complaint, events } = res.json();
  t.match(accessCode, /^[0-9A-Z]{8}$/);
  t.not(accessCode, c.accessCode);
  t.equal(complaint.status, 'assigned', 'the state does not move');
  t.same(events.map((e: { action: string; payload: unknown }) => [e.action, e.payload]), [['reissue-access-code', { reason: REASON }]]);
  t.equal((await lookup(c.trackingCode, accessCode)).statusCode, 200, 'the new code opens the case');
  t.equal((await lookup(c.trackingCode, c.accessCode)).statusCode, 404, 'the old one no longer does');
  t.notOk(JSON.stringify(ctx.trail(c.id)).includes(accessCode), 'no event holds the code');
  t.notOk(JSON.stringify(ctx.caseRow(c.id)).includes(accessCode), 'the case holds only its hash');
  const milestones = (await lookup(c.trackingCode, accessCode)).json().milestones.map((m: { label: string }) => m.label);
  t.same(milestones, ['诉求已受理', '已交办承办单位'], 'an internal step: the reporter\'s milestones do not show it');
});

t.test('in a final state too, by operators and supervisors only, with a reason', async (t) => {
  const c = await ctx.intake(TEXTS.vague);
  await must(ctx.act(c.id, 'reject', 'operator', { reason: 'out_of_scope', guidance: '请向物业服务企业反映' }));
  const res = await ctx.act(c.id, 'access-code', 'supervisor', { reason: REASON });
  t.equal(res.statusCode, 200, 'a refused case\'s reporter still reads why');
  t.equal((await lookup(c.trackingCode, res.json().accessCode)).json().status, 'rejected');
  t.equal((await ctx.act(c.id, 'access-code', 'housingYuzhong', { reason: REASON })).statusCode, 403, 'offices do not give codes');
  t.equal((await ctx.act(c.id, 'access-code', 'shanghaiOperator', { reason: REASON })).statusCode, 403);
  t.equal((await ctx.act(c.id, 'access-code', 'operator', {})).statusCode, 400, 'the reason is required');
  t.equal((await ctx.act(c.id, 'access-code', 'operator', { reason: REASON }, { 'if-match': '"1"' })).statusCode, 412, 'If-Match holds as for every action');
});
