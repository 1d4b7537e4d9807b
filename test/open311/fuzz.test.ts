import fc from 'fast-check';
import t from 'tap';
import { bearer, startTestApp } from '../helpers/app.js';
import { childrenNamed, field, parseXml } from '../helpers/xml.js';

const ctx = await startTestApp();
t.teardown(ctx.close);
const web = ctx.key({ role: 'operator', jurisdiction: 'chongqing', channel: 'web' });
const caseCount = () => (ctx.services.db.$client.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;

const accepted = (await ctx.app.inject({
  method: 'POST', url: '/open311/v2/requests.json', headers: bearer(web),
  payload: { service_code: 'general', description: '南岸区某厂晚上排放黑烟，气味刺鼻', address_string: '南岸区' },
})).json()[0];
const before = (await ctx.app.inject({ url: `/open311/v2/requests/${accepted.service_request_id}.json`, headers: bearer(web) })).json();

/** Text as people and scripts send it: CJK, full-width, emoji, markup, SQL, control characters. */
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('工厂废气\'); DROP TABLE cases; --', '<script>alert(1)</script>', 'ＰＭ２.５ 廢氣 ﾊﾝｶｸ', ']]><!--', '&amp;&#0;', '渝中区', '500103', 'true', 'general', '29.5', ''),
);
const FIELDS = ['api_key', 'service_code', 'description', 'lat', 'long', 'address_string', 'email', 'first_name', 'last_name', 'phone', 'media_url',
  'jurisdiction_id', 'attribute[district]', 'attribute[confidential]', 'attribute[purpose]', 'attribute[x]', 'attribute', '__proto__'];

t.test('random form bodies get 201 or an Open311 error in well-formed XML; only the 201s store a case', async (t) => {
  const start = caseCount();
  let created = 0;
  // A whole report with each field kept, dropped or replaced, and random fields added.
  const VALID: Record<string, string> = { service_code: 'general', description: '渝中区工地夜间施工噪音扰民', address_string: '渝中区', phone: '13800000000', 'attribute[confidential]': 'true' };
  const mutated = fc.record(Object.fromEntries(Object.entries(VALID).map(([name, value]) => [name, fc.oneof(
    { weight: 3, arbitrary: fc.constant(value) }, fc.constant(undefined), text)])));
  const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 10 })), text), { maxLength: 3 });
  await fc.assert(fc.asyncProperty(mutated, extra, fc.boolean(), async (fields, pairs, withKey) => {
    const kept = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const body = new URLSearchParams([...(withKey ? [['api_key', web]] : []), ...kept, ...pairs]).toString();
    const res = await ctx.app.inject({ method: 'POST', url: '/open311/v2/requests.xml', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body });
    const doc = parseXml(res.body);
    if (res.statusCode === 201) {
      created++;
      return doc.name === 'service_requests' && field(childrenNamed(doc, 'request')[0]!, 'service_request_id') !== undefined;
    }
    const error = childrenNamed(doc, 'error')[0];
    return [400, 401, 403, 404].includes(res.statusCode) && doc.name === 'errors' && field(error!, 'code') === String(res.statusCode) && (field(error!, 'description') ?? '').length > 0;
  }), { numRuns: 300 });
  t.comment(`${created} of 300 random forms were whole reports`);
  t.ok(created > 0, 'some were');
  t.equal(caseCount(), start + created, 'only the 201s stored a case');
});

t.test('random JSON bodies of any types never crash the service', async (t) => {
  const start = caseCount();
  let created = 0;
  const body = fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 6 })), fc.jsonValue({ maxDepth: 2 }));
  await fc.assert(fc.asyncProperty(body, async (b) => {
    const res = await ctx.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: bearer(web), payload: b });
    if (res.statusCode === 201) created++;
    const answer = res.json();
    return res.statusCode < 500 && Array.isArray(answer) && (res.statusCode === 201 || typeof answer[0].description === 'string');
  }), { numRuns: 300 });
  t.equal(caseCount(), start + created);
});

t.test('random query strings on GET /requests get an answer or an Open311 error, never a 500', async (t) => {
  const query = fc.array(fc.tuple(fc.constantFrom('status', 'service_code', 'start_date', 'end_date', 'service_request_id', 'jurisdiction_id', 'api_key', 'page'), text), { maxLength: 4 });
  await fc.assert(fc.asyncProperty(query, async (pairs) => {
    const res = await ctx.app.inject({ url: `/open311/v2/requests.json?${new URLSearchParams(pairs)}`, headers: bearer(web) });
    return [200, 400, 401, 403, 404].includes(res.statusCode) && Array.isArray(res.json());
  }), { numRuns: 200 });
});

t.test('the report accepted first reads the same after all of it', async (t) => {
  const after = (await ctx.app.inject({ url: `/open311/v2/requests/${accepted.service_request_id}.json`, headers: bearer(web) })).json();
  t.same(after, before);
});
