import fc from 'fast-check';
import t from 'tap';
import { count } from 'drizzle-orm';
import { cases, events } from '../../db/schema.js';
import { bearer, startTestApp } from '../helpers/app.js';

const ctx = await startTestApp();
t.teardown(ctx.close);
const operator = ctx.key({ role: 'operator', jurisdiction: 'chongqing' });
const valid = { jurisdiction: 'chongqing', channel: '12345', content: '工地夜间施工噪音扰民' };
const post = (payload: unknown, headers: Record<string, string> = {}) => ctx.app.inject({
  method: 'POST', url: '/api/v1/complaints', headers: { ...bearer(operator), 'content-type': 'application/json', ...headers },
  payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
});
const stored = () => ({
  cases: ctx.services.db.select({ n: count() }).from(cases).get()!.n,
  events: ctx.services.db.select({ n: count() }).from(events).get()!.n,
});

// Before any test: a case that the bad input must leave untouched.
const accepted = await post({ ...valid, externalId: 'kept-1' });
if (accepted.statusCode !== 201) throw new Error(accepted.body);
const before = stored();

const cases400: Array<[string, unknown, string]> = [
  ['missing content', { jurisdiction: 'chongqing', channel: '12345' }, 'content'],
  ['empty content', { ...valid, content: '' }, 'content'],
  ['whitespace-only content', { ...valid, content: ' \u3000\n ' }, 'content'],
  ['content over 5,000 characters', { ...valid, content: '噪'.repeat(5001) }, 'content'],
  ['content of the wrong type', { ...valid, content: 12345 }, 'content'],
  ['content as an array', { ...valid, content: ['噪音'] }, 'content'],
  ['content with control characters', { ...valid, content: '噪音\u0000扰民' }, 'content'],
  ['unknown channel', { ...valid, channel: '110' }, 'channel'],
  ['channel as a number', { ...valid, channel: 12345 }, 'channel'],
  ['unknown jurisdiction', { ...valid, jurisdiction: 'beijing' }, 'jurisdiction'],
  ['unknown kind', { ...valid, kind: 'praise' }, 'kind'],
  ['unknown urgency', { ...valid, urgency: 'asap' }, 'urgency'],
  ['receivedAt not a date', { ...valid, receivedAt: 'yesterday' }, 'receivedAt'],
  ['receivedAt in the future', { ...valid, receivedAt: '2099-01-01T00:00:00+08:00' }, 'receivedAt'],
  ['receivedAt before 2000', { ...valid, receivedAt: '1900-01-01T00:00:00+08:00' }, 'receivedAt'],
  ['unknown district', { ...valid, district: '东城区' }, 'district'],
  ['full-width digits in the phone', { ...valid, reporter: { phone: '１３８１２３４５６７８' } }, 'reporter.phone'],
  ['letters in the phone', { ...valid, reporter: { phone: "13812345678' OR 1=1" } }, 'reporter.phone'],
  ['malformed e-mail', { ...valid, reporter: { email: 'not-an-email' } }, 'reporter.email'],
  ['confidential as a string', { ...valid, reporter: { confidential: 'yes' } }, 'reporter.confidential'],
  ['unknown field', { ...valid, priority: 'high' }, 'priority'],
  ['unknown reporter field', { ...valid, reporter: { idCard: '500101199001011234' } }, 'reporter.idCard'],
  ['externalId too long', { ...valid, externalId: 'x'.repeat(101) }, 'externalId'],
  ['address too long', { ...valid, address: '路'.repeat(501) }, 'address'],
  ['purpose too long', { ...valid, purpose: '查'.repeat(501) }, 'purpose'],
  ['purpose as a number', { ...valid, purpose: 110 }, 'purpose'],
  ['purpose with control characters', { ...valid, purpose: '要求\u0007查处' }, 'purpose'],
  ['reporter address too long', { ...valid, reporter: { address: '楼'.repeat(201) } }, 'reporter.address'],
  ['reporter address as an object', { ...valid, reporter: { address: { street: '解放碑' } } }, 'reporter.address'],
];

for (const [name, body, field] of cases400) {
  t.test(`${name} → 400 naming ${field}`, async (t) => {
    const res = await post(body);
    t.equal(res.statusCode, 400, res.body);
    t.equal(res.json().field, field);
    t.match(res.json().message, field);
    t.match(res.json().code, /^INVALID_/);
  });
}

t.test('malformed JSON, an empty body and a JSON array get 400 with a code', async (t) => {
  for (const payload of ['{"content": "噪音"', '', '[]', 'null', '"just a string"']) {
    const res = await post(payload);
    t.equal(res.statusCode, 400, `${JSON.stringify(payload)} → ${res.body}`);
    t.ok(res.json().code, 'a stable code');
  }
});

t.test('a body over 64 KB gets 413', async (t) => {
  const res = await post({ ...valid, content: '噪'.repeat(30_000) });
  t.equal(res.statusCode, 413);
  t.equal(res.json().code, 'BODY_TOO_LARGE');
});

t.test('a body that is not JSON gets 415', async (t) => {
  const res = await post('content=噪音', { 'content-type': 'application/x-www-form-urlencoded' });
  t.equal(res.statusCode, 415);
});

t.test('injection strings and mixed scripts are stored as text, not executed', async (t) => {
  const content = "工厂废气'); DROP TABLE cases; -- <script>alert(1)</script> ＰＭ２.５ 廢氣 ﾊﾝｶｸ 🙂";
  const res = await post({ ...valid, content, address: "渝中区' OR '1'='1" });
  t.equal(res.statusCode, 201);
  const back = await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints/${res.json().id}`, headers: bearer(operator) });
  t.equal(back.json().content, content, 'stored exactly as sent');
  t.equal(stored().cases, before.cases + 1);
});

t.test('random bodies never crash the service nor store anything unless valid', async (t) => {
  const start = stored();
  let created = 0;
  const body = fc.record({
    jurisdiction: fc.oneof(fc.constant('chongqing'), fc.string(), fc.integer()),
    channel: fc.oneof(fc.constantFrom('12345', '12369'), fc.string(), fc.boolean()),
    content: fc.oneof(fc.string({ maxLength: 50 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.integer(), fc.constant(null)),
    reporter: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }))),
  }, { requiredKeys: [] });
  await fc.assert(fc.asyncProperty(body, async (b) => {
    const res = await post(b);
    if (res.statusCode === 201) created++;
    return res.statusCode < 500 && [201, 400, 403].includes(res.statusCode) && typeof res.json().statusCode !== 'undefined' === (res.statusCode !== 201);
  }), { numRuns: 300 });
  t.equal(stored().cases, start.cases + created, 'only the 201s stored a case');
});

t.test('nothing accepted earlier was lost or changed by the bad input', async (t) => {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/complaints/${accepted.json().id}`, headers: bearer(operator) });
  t.equal(res.statusCode, 200);
  const { merge, attachments, ...read } = res.json();
  t.same({ ...read, accessCode: accepted.json().accessCode }, accepted.json());
  t.same([merge, attachments], [{ into: null, reports: [] }, []], 'the read adds only the 并单 facts and the (no) attachments');
});
