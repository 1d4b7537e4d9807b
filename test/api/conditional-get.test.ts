import t from 'tap';
import { TestClock } from '../helpers/app.js';
import { startLifecycleApp, TEXTS, type KeyName } from '../lifecycle/fixtures/harness.js';

// Monday 09:00: the construction case is due to be signed by Tuesday 23:59:59.
const ctx = await startLifecycleApp({ clock: new TestClock(new Date('2026-11-02T09:00:00+08:00')) });
t.teardown(ctx.close);

const get = (id: string, key: KeyName, ifNoneMatch?: string) =>
  ctx.call('GET', `/api/v1/complaints/${id}`, key, undefined, ifNoneMatch === undefined ? {} : { 'if-none-match': ifNoneMatch });
const newCase = async () => (await ctx.intake(TEXTS.construction, { reporter: { name: '张三', phone: '13812345678' } })).id;

t.test('a case is sent with a strong ETag of its version and body, private and to be revalidated', async (t) => {
  const id = await newCase();
  const first = await get(id, 'housingYuzhong');
  t.equal(first.statusCode, 200, first.body);
  t.match(first.headers.etag, /^"1-[A-Za-z0-9_-]{16}"$/, 'strong (no W/), the version first');
  t.equal(first.headers['cache-control'], 'private, no-cache');
  t.equal(first.headers.vary, 'authorization');
  t.equal(first.json().version, 1);
  const again = await get(id, 'housingYuzhong');
  t.equal(again.headers.etag, first.headers.etag, 'the same case read again by the same office: the same tag');
  t.equal(again.body, first.body);
});

t.test('If-None-Match naming the current tag: 304 with no body, the tag and the cache rules', async (t) => {
  const id = await newCase();
  const etag = (await get(id, 'housingYuzhong')).headers.etag as string;
  const forms = {
    exact: etag,
    'in a list': `"0-stale", ${etag}`,
    'in a list without spaces, after an empty element': `"0-stale",,${etag}`,
    'weak (If-None-Match compares weakly)': `W/${etag}`,
    'any (*)': '*',
  };
  for (const [form, header] of Object.entries(forms)) {
    const res = await get(id, 'housingYuzhong', header);
    t.equal(res.statusCode, 304, form);
    t.equal(res.body, '', `${form}: no body`);
    t.equal(res.headers.etag, etag, `${form}: the tag is sent with the 304`);
    t.equal(res.headers['cache-control'], 'private, no-cache', form);
  }
  const other = await get(id, 'housingYuzhong', '"1-AAAAAAAAAAAAAAAA", "2"');
  t.equal(other.statusCode, 200, 'tags that are not the current one: the full case');
  t.equal(other.json().id, id);

  const head = await ctx.call('HEAD' as 'GET', `/api/v1/complaints/${id}`, 'housingYuzhong', undefined, { 'if-none-match': etag });
  t.equal(head.statusCode, 304, 'HEAD revalidates as GET does');
});

t.test('after an action changes the case: 200 with a new tag, which then revalidates', async (t) => {
  const id = await newCase();
  const before = (await get(id, 'housingYuzhong')).headers.etag as string;
  t.equal((await ctx.act(id, 'sign', 'housingYuzhong')).statusCode, 200);
  const after = await get(id, 'housingYuzhong', before);
  t.equal(after.statusCode, 200, 'the old tag no longer matches');
  t.equal(after.json().status, 'signed');
  t.match(after.headers.etag, /^"2-/);
  t.not(after.headers.etag, before);
  t.equal((await get(id, 'housingYuzhong', after.headers.etag as string)).statusCode, 304);
});

t.test('a due time passing changes the body but not the version: the tag changes with it', async (t) => {
  const id = await newCase();
  const monday = await get(id, 'housingYuzhong');
  t.same(monday.json().overdue, { sign: false, reply: false, byHours: null });
  ctx.clock.set('2026-11-04T10:00:00+08:00');
  const wednesday = await get(id, 'housingYuzhong', monday.headers.etag as string);
  t.equal(wednesday.statusCode, 200, 'a 304 would leave the poller believing the case is not overdue');
  t.equal(wednesday.json().version, 1);
  t.equal(wednesday.json().overdue.sign, true);
  t.not(wednesday.headers.etag, monday.headers.etag);
  t.match(wednesday.headers.etag, /^"1-/);
  ctx.clock.set('2026-11-02T09:00:00+08:00');
});

t.test('callers who see different bodies never share a tag', async (t) => {
  const id = await newCase();
  const office = await get(id, 'housingYuzhong');
  const operator = await get(id, 'operator');
  t.equal(office.json().reporter.masked, true, 'the department sees the reporter masked');
  t.equal(operator.json().reporter.masked, false, 'the operator sees the reporter');
  t.equal(office.json().version, operator.json().version, 'the same version of the case');
  t.not(office.headers.etag, operator.headers.etag);
  const crossed = await get(id, 'housingYuzhong', operator.headers.etag as string);
  t.equal(crossed.statusCode, 200, "the operator's tag does not revalidate the office's copy");
  t.equal(crossed.json().reporter.phone, '138****5678');
  t.equal((await get(id, 'operator', office.headers.etag as string)).statusCode, 200, 'nor the other way round');
});

t.test('a 304 of an unmasked case is on the record as an access, like a 200', async (t) => {
  const id = await newCase();
  const reveals = () => ctx.trail(id).filter((e) => e.action === 'reveal-reporter').length;
  const etag = (await get(id, 'operator')).headers.etag as string;
  t.equal(reveals(), 1);
  t.equal((await get(id, 'operator', etag)).statusCode, 304);
  t.equal(reveals(), 2, 'the operator is told its copy with the identity is current');
});

t.test('no 304 for a caller who may not see the case: 401, 403 and 404 as without the header', async (t) => {
  const id = await newCase();
  const etag = (await get(id, 'housingYuzhong')).headers.etag as string;
  for (const header of [etag, '*']) {
    for (const key of ['waterYuzhong', 'housingJiangbei', 'operator12369', 'shanghaiOperator'] as const) {
      const res = await get(id, key, header);
      t.equal(res.statusCode, 403, `${key} with ${header}`);
      t.notOk(res.headers.etag, `${key}: no tag`);
    }
    const anonymous = await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints/${id}`, headers: { 'if-none-match': header } });
    t.equal(anonymous.statusCode, 401, `no key with ${header}`);
    const missing = await get('999999', 'admin', header);
    t.equal(missing.statusCode, 404, `an unknown case with ${header}`);
    t.equal(missing.json().code, 'CASE_NOT_FOUND');
  }
});

t.test('a malformed If-None-Match is ignored: 200 with the case, never 400 or 304', async (t) => {
  const id = await newCase();
  const etag = (await get(id, 'housingYuzhong')).headers.etag as string;
  const bare = etag.slice(1, -1);
  for (const header of [bare, `"${bare}`, `${etag} ${etag}`, `${etag}; x`, 'W/', 'w/' + etag, `*, ${etag}`, ',', '', '"a"b', 'x'.repeat(4000)]) {
    const res = await get(id, 'housingYuzhong', header);
    t.equal(res.statusCode, 200, JSON.stringify(header.slice(0, 40)));
    t.equal(res.json().id, id);
  }
});

t.test('the tag from a GET serves as If-Match on an action: only its version is compared', async (t) => {
  const id = await newCase();
  const stale = (await get(id, 'housingYuzhong')).headers.etag as string;
  await ctx.act(id, 'notes', 'supervisor', { content: '先补充一条备注' });
  const refused = await ctx.act(id, 'sign', 'housingYuzhong', {}, { 'if-match': stale });
  t.equal(refused.statusCode, 412);
  t.match(refused.json(), { code: 'VERSION_MISMATCH', message: /version 2/ });
  const current = (await get(id, 'operator')).headers.etag as string;
  const signed = await ctx.act(id, 'sign', 'housingYuzhong', {}, { 'if-match': current });
  t.equal(signed.statusCode, 200, "the operator's tag names version 2 as the office's would");
});
