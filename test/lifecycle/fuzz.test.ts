import fc from 'fast-check';
import t from 'tap';
import { TestClock } from '../helpers/app.js';
import { ENDPOINTS, type EndpointAction, must, startLifecycleApp, TEXTS } from './fixtures/harness.js';

// Bad input on every lifecycle action: random bodies, each field of a valid body replaced by junk
// (wrong types, huge, empty, injection strings, mixed and full-width scripts). The service must answer
// 4xx naming the field, never 5xx, and a refused request must leave the case exactly as it was.
const ctx = await startLifecycleApp({ clock: new TestClock(new Date('2026-11-02T09:00:00+08:00')) });
t.teardown(ctx.close);

const JUNK = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.constant(''), fc.constant('   '),
  fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constant('x'.repeat(6000)), fc.constant("'; DROP TABLE cases; --"), fc.constant('<script>alert(1)</script>'),
  fc.constant('ＥＣＯＬＯＧＹ－ＥＮＶＩＲＯＮＭＥＮＴ'), fc.constant('生态环境\u0000局'),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

t.test('every action: a valid body with one field made junk, or a random body, is a 4xx that changes nothing', async (t) => {
  // A case in each state the actions start from; the admin may take every action, so only the body decides.
  const triage = (await ctx.intake(TEXTS.vague)).id;
  const assigned = (await ctx.intake(TEXTS.construction)).id;
  const signed = (await ctx.intake(TEXTS.construction)).id;
  await must(ctx.act(signed, 'sign', 'housingYuzhong'));
  const targets = [triage, assigned, signed];
  const namedFields = new Map<string, number>();
  for (const action of Object.keys(ENDPOINTS) as EndpointAction[]) {
    const { path, body } = ENDPOINTS[action];
    const fields = Object.keys(body);
    const mutated = fields.length === 0
      ? fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), JUNK, { minKeys: 1, maxKeys: 3 })
      : fc.tuple(fc.constantFrom(...fields), JUNK).map(([field, junk]) => ({ ...body, [field]: junk }));
    const random = fc.oneof(mutated, fc.jsonValue({ maxDepth: 2 }));
    await fc.assert(fc.asyncProperty(random, fc.constantFrom(...targets), async (payload, id) => {
      const before = ctx.snapshot(id);
      const res = await ctx.act(id, path, 'admin', payload as object);
      if (res.statusCode >= 500) throw new Error(`${action} ${JSON.stringify(payload).slice(0, 200)} → ${res.statusCode} ${res.body}`);
      if (res.statusCode < 300) return true; // the junk happened to be valid (an empty note, a number that is an id, …)
      const error = res.json();
      if (typeof error.code !== 'string' || typeof error.message !== 'string') throw new Error(`${action}: no error code in ${res.body}`);
      if (res.statusCode === 400 && error.code === 'INVALID_FIELD') {
        if (typeof error.field !== 'string') throw new Error(`${action}: 400 names no field: ${res.body}`);
        namedFields.set(action, (namedFields.get(action) ?? 0) + 1);
      }
      t.same(ctx.snapshot(id), before, `${action} refused with ${res.statusCode} ${error.code}: nothing changed`);
      return true;
    }), { numRuns: 25, seed: 20261122 });
  }
  // The junk reached the validation of every action, not only its state check: each had 400s naming a field.
  t.same((Object.keys(ENDPOINTS) as EndpointAction[]).filter((a) => !namedFields.has(a)), [], `400s naming a field: ${JSON.stringify(Object.fromEntries(namedFields))}`);
  // The service is still up and serves the cases as they were.
  for (const id of targets) t.equal((await ctx.call('GET', `/api/v1/complaints/${id}`, 'supervisor')).statusCode, 200);
});
