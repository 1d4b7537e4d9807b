import t from 'tap';
import { bearer, startTestApp } from '../helpers/app.js';

const ctx = await startTestApp();
t.teardown(ctx.close);
const operator = ctx.key({ role: 'operator', jurisdiction: 'chongqing' });
const handler = ctx.key({ role: 'handler', jurisdiction: 'chongqing', department: 'housing-construction', district: '500103' });
const lookup = (trackingCode: string, accessCode: string) =>
  ctx.app.inject({ method: 'POST', url: '/public/complaints/lookup', payload: { trackingCode, accessCode } });
const intake = async (content: string) => (await ctx.app.inject({
  method: 'POST', url: '/api/v1/complaints', headers: bearer(operator),
  payload: { jurisdiction: 'chongqing', channel: '12345', content, reporter: { name: '钱七', phone: '13611112222' } },
})).json();

t.test('a citizen with both codes sees the status, the office and the milestones, and nothing private', async (t) => {
  const c = await intake('渝中区某工地白天打桩噪音很大');
  const res = await lookup(c.trackingCode, c.accessCode);
  t.equal(res.statusCode, 200);
  const view = res.json();
  t.match(view, { trackingCode: c.trackingCode, status: 'assigned', statusLabel: '已交办', office: '重庆市渝中区住房和城乡建设委员会', district: '渝中区', reply: null });
  t.same(view.milestones.map((m: { label: string }) => m.label), ['诉求已受理', '已交办承办单位']);
  t.notOk(/钱七|13611112222/.test(res.body), 'no reporter identity');
  t.equal((await lookup(c.trackingCode.toLowerCase(), c.accessCode.toLowerCase())).statusCode, 200, 'codes are not case-sensitive');
  const fullWidth = (code: string) => [...code].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
  const typed = await lookup(` ${fullWidth(c.trackingCode.toLowerCase())} `, `${c.accessCode.slice(0, 4)} ${c.accessCode.slice(4).replace(/0/g, 'O').replace(/1/g, 'l')}`);
  t.equal(typed.statusCode, 200, 'codes typed in full-width, with spaces or with O for 0 are found');
});

t.test('after the reply the citizen reads the public reply, never the internal notes', async (t) => {
  const c = await intake('渝中区某工地白天打桩噪音很大，还在继续');
  await ctx.app.inject({ method: 'POST', url: `/api/v1/complaints/${c.id}/sign`, headers: bearer(handler) });
  await ctx.app.inject({ method: 'POST', url: `/api/v1/complaints/${c.id}/reply`, headers: bearer(handler), payload: {
    result: '已责令整改', substantiated: 'yes', measures: '立案查处', publicReply: '经核查属实，已责令施工单位调整作业时间。', internalNotes: '项目经理拒不配合',
  } });
  const res = await lookup(c.trackingCode, c.accessCode);
  t.equal(res.json().statusLabel, '已办结');
  t.equal(res.json().reply.publicReply, '经核查属实，已责令施工单位调整作业时间。');
  t.notOk(/拒不配合|立案查处/.test(res.body), 'internal notes and measures stay internal');
  t.same(res.json().milestones.map((m: { label: string }) => m.label), ['诉求已受理', '已交办承办单位', '承办单位已签收', '承办单位已答复']);
});

t.test('a wrong access code, another case\'s code and an unknown tracking code get the same 404', async (t) => {
  const a = await intake('渝中区某工地白天打桩噪音很大（一）');
  const b = await intake('渝中区某工地白天打桩噪音很大（二）');
  for (const [code, access] of [[a.trackingCode, b.accessCode], [a.trackingCode, 'ZZZZZZZZ'], ['CQ-20991231-AAAAAA', a.accessCode]]) {
    const res = await lookup(code, access);
    t.equal(res.statusCode, 404);
    t.equal(res.json().code, 'CASE_NOT_FOUND');
  }
  t.equal((await lookup(a.trackingCode, '12')).statusCode, 400, 'malformed codes are a 400 naming the field');
});

t.test('ten wrong guesses lock the tracking code, even for the right access code', async (t) => {
  const c = await intake('渝中区某工地白天打桩噪音很大（三）');
  for (let i = 0; i < 10; i++) t.equal((await lookup(c.trackingCode, `WRONG${String(i).padStart(3, '0')}`)).statusCode, 404);
  const locked = await lookup(c.trackingCode, c.accessCode);
  t.equal(locked.statusCode, 429);
  t.equal(locked.json().code, 'TOO_MANY_ATTEMPTS');
});
