import t from 'tap';
import { TestClock } from '../helpers/app.js';
import { startLifecycleApp, TEXTS } from './fixtures/harness.js';

const ctx = await startLifecycleApp({ clock: new TestClock(new Date('2026-11-02T09:00:00+08:00')) });
t.teardown(ctx.close);

t.test('a stale If-Match gets 412 VERSION_MISMATCH and changes nothing; the current one goes through', async (t) => {
  const { id } = await ctx.intake(TEXTS.construction);
  let res = await ctx.call('GET', `/api/v1/complaints/${id}`, 'housingYuzhong');
  t.match(res.headers.etag, /^"1-/, 'the version the case is at, before the digest of the body');
  await ctx.act(id, 'notes', 'supervisor', { content: '先补充一条备注' });

  const before = ctx.snapshot(id);
  res = await ctx.act(id, 'sign', 'housingYuzhong', {}, { 'if-match': '"1"' });
  t.equal(res.statusCode, 412);
  t.match(res.json(), { code: 'VERSION_MISMATCH', message: /version 2/ });
  t.same(ctx.snapshot(id), before);

  res = await ctx.act(id, 'sign', 'housingYuzhong', {}, { 'if-match': '"2"' });
  t.equal(res.statusCode, 200, res.body);
  t.equal(res.headers.etag, '"3"');
  res = await ctx.act(id, 'notes', 'housingYuzhong', { content: '已安排人员现场核查' }, { 'if-match': 'W/"3"' });
  t.equal(res.statusCode, 201, 'a weak ETag names the same version');
  res = await ctx.act(id, 'notes', 'housingYuzhong', { content: '任意版本' }, { 'if-match': '*' });
  t.equal(res.statusCode, 201, '* matches any version');
  res = await ctx.act(id, 'notes', 'housingYuzhong', { content: '无版本' });
  t.equal(res.statusCode, 201, 'without If-Match the action applies to the current version');
});

t.test('two signs fired together: one 200, one 409, one sign on the record', async (t) => {
  const { id } = await ctx.intake(TEXTS.construction);
  const results = await Promise.all([ctx.act(id, 'sign', 'housingYuzhong'), ctx.act(id, 'sign', 'housingYuzhong')]);
  t.same(results.map((r) => r.statusCode).sort(), [200, 409]);
  t.equal(results.find((r) => r.statusCode === 409)!.json().code, 'INVALID_TRANSITION');
  t.equal(ctx.trail(id).filter((e) => e.action === 'sign').length, 1);
  t.equal(ctx.caseRow(id).version, 2);
});

t.test('sign and return racing: exactly one wins, the loser is refused and changes nothing', async (t) => {
  for (const first of ['sign', 'return'] as const) {
    const { id } = await ctx.intake(TEXTS.construction);
    const sign = () => ctx.act(id, 'sign', 'housingYuzhong');
    const giveBack = () => ctx.act(id, 'return', 'housingYuzhong', { reason: '不属于本部门职责' });
    const [winner, loser] = await Promise.all(first === 'sign' ? [sign(), giveBack()] : [giveBack(), sign()]);
    t.equal(winner!.statusCode, 200, `${first} wins`);
    // A lost sign finds the case returned, and its office no longer holding it; a lost return finds it signed.
    t.match(loser!.json(), first === 'sign' ? { statusCode: 409, code: 'INVALID_TRANSITION' } : { statusCode: 403, code: 'NOT_CASE_HOLDER' });
    t.equal(ctx.caseRow(id).status, first === 'sign' ? 'signed' : 'triage');
    t.equal(ctx.trail(id).filter((e) => e.action === 'sign' || e.action === 'return').length, 1);
    t.equal(ctx.caseRow(id).version, 2);
  }
});

t.test('two actions sent with the same If-Match: the second is told the case moved', async (t) => {
  const { id } = await ctx.intake(TEXTS.construction);
  const results = await Promise.all([
    ctx.act(id, 'notes', 'supervisor', { content: '第一条' }, { 'if-match': '"1"' }),
    ctx.act(id, 'sign', 'housingYuzhong', {}, { 'if-match': '"1"' }),
  ]);
  t.same(results.map((r) => r.statusCode).sort(), [201, 412]);
  t.equal(ctx.caseRow(id).version, 2);
});
