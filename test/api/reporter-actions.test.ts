import fc from 'fast-check';
import t from 'tap';
import { ENDPOINTS, must, startLifecycleApp, TEXTS } from '../lifecycle/fixtures/harness.js';

// The reporter's own steps on the public pages: 满意度评价 (their verdict on the reply, recorded as its
// callback) and 复查 for a 12369 case, each with the tracking code and the access code.
const ctx = await startLifecycleApp();
t.teardown(ctx.close);
const at = (time: string) => ctx.clock.set(time);
const json = (url: string, payload: object) => ctx.app.inject({ method: 'POST', url, payload });
const lookup = async (c: { trackingCode: string; accessCode: string }) => (await json('/public/complaints/lookup', { trackingCode: c.trackingCode, accessCode: c.accessCode })).json();

async function replied(channel: '12345' | '12369' = '12345') {
  at('2026-11-02T09:00:00+08:00');
  const c = await ctx.intake(TEXTS.construction, { channel, reporter: { name: '褚十', phone: '13900001111' } });
  await must(ctx.act(c.id, 'sign', 'housingYuzhong'));
  at('2026-11-03T10:00:00+08:00');
  const document = channel === '12369' ? { documentId: await ctx.replyDocument(c.id) } : {};
  await must(ctx.act(c.id, 'reply', 'housingYuzhong', { ...ENDPOINTS.reply.body, ...document }));
  return c;
}

t.test('the reporter evaluates the reply: recorded as its callback, by the reporter, and the case leaves the callback list', async (t) => {
  const c = await replied();
  t.equal((await lookup(c)).canEvaluate, true);
  at('2026-11-04T10:00:00+08:00');
  const res = await json('/public/complaints/evaluation', { trackingCode: c.trackingCode.toLowerCase(), accessCode: c.accessCode, resolved: true, satisfaction: 'basically_satisfied', note: '噪声小了很多' });
  t.equal(res.statusCode, 200, res.body);
  t.same([res.json().canEvaluate, res.json().milestones.at(-1).label], [false, '已回访评价']);
  const trail = ctx.trail(c.id).at(-1)!;
  t.match(trail, { action: 'callback', actorRole: 'reporter', actorKeyId: `reporter:${c.trackingCode}`, payload: { resolved: true, satisfaction: 'basically_satisfied', note: '噪声小了很多' } });
  t.match(ctx.snapshot(c.id).replies[0], { resolved: true, satisfaction: 'basically_satisfied', callbackBy: `reporter:${c.trackingCode}` });
  const callbacks = (await ctx.call('GET', '/api/v1/callbacks', 'operator')).json();
  t.notOk(callbacks.items.some((i: { id: string }) => i.id === c.id), 'nothing left for the hotline to call back');
  const again = await json('/public/complaints/evaluation', { trackingCode: c.trackingCode, accessCode: c.accessCode, resolved: false, satisfaction: 'unsatisfied' });
  t.same([again.statusCode, again.json().code], [409, 'EVALUATION_NOT_OPEN']);
  t.match(again.json().message, /已经评价过/);
});

t.test('unsatisfied sends the case back to the office, as the hotline\'s callback does', async (t) => {
  const c = await replied();
  const res = await json('/public/complaints/evaluation', { trackingCode: c.trackingCode, accessCode: c.accessCode, resolved: false, satisfaction: 'unsatisfied' });
  t.equal(res.statusCode, 200);
  t.equal(ctx.caseRow(c.id).status, 'reopened');
  t.ok(ctx.mails(c.id).some((m) => m.template === 'reopen'), 'the office is told to handle it again');
  t.same((await lookup(c)).canEvaluate, false, 'nothing to evaluate until the next reply');
});

t.test('a 12369 reporter asks for 复查 within the window; a 12345 one is told why not', async (t) => {
  const c = await replied('12369');
  const view = await lookup(c);
  t.equal(view.reviewOpenUntil, '2026-12-03T23:59:59+08:00', '30 calendar days from the reply, to the end of the day');
  at('2026-11-10T10:00:00+08:00');
  const res = await json('/public/complaints/review', { trackingCode: c.trackingCode, accessCode: c.accessCode, reason: '施工单位晚上仍在施工' });
  t.equal(res.statusCode, 200, res.body);
  t.same([res.json().status, res.json().reviewOpenUntil, res.json().review.requestedAt], ['review', null, '2026-11-10T10:00:00+08:00']);
  t.match(ctx.trail(c.id).at(-1), { action: 'request-review', actorRole: 'reporter', payload: { reason: '施工单位晚上仍在施工' } });
  t.ok((await ctx.call('GET', '/api/v1/reviews', 'supervisor')).json().items.some((i: { id: string }) => i.id === c.id), 'the supervisors see it');
  const twice = await json('/public/complaints/review', { trackingCode: c.trackingCode, accessCode: c.accessCode, reason: '再次申请' });
  t.same([twice.statusCode, twice.json().code], [409, 'REVIEW_NOT_OPEN']);

  const hotline = await replied('12345');
  t.equal((await lookup(hotline)).reviewOpenUntil, null);
  const refused = await json('/public/complaints/review', { trackingCode: hotline.trackingCode, accessCode: hotline.accessCode, reason: '不服' });
  t.same([refused.statusCode, refused.json().code], [409, 'REVIEW_NOT_AVAILABLE']);
  t.match(refused.json().message, /12369/);

  const late = await replied('12369');
  at('2026-12-04T09:00:00+08:00');
  t.equal((await lookup(late)).reviewOpenUntil, null, 'the window closed');
  const closed = await json('/public/complaints/review', { trackingCode: late.trackingCode, accessCode: late.accessCode, reason: '不服' });
  t.same([closed.statusCode, closed.json().code], [409, 'REVIEW_WINDOW_CLOSED']);
});

t.test('wrong codes act on nothing, under the same lock as the lookup; bad bodies name their field', async (t) => {
  const c = await replied();
  const before = ctx.snapshot(c.id);
  const wrong = await json('/public/complaints/evaluation', { trackingCode: c.trackingCode, accessCode: 'AAAAAAAA', resolved: true, satisfaction: 'satisfied' });
  t.same([wrong.statusCode, wrong.json().code], [404, 'CASE_NOT_FOUND']);
  for (const [body, field] of [
    [{ trackingCode: c.trackingCode, accessCode: c.accessCode, resolved: 'yes', satisfaction: 'satisfied' }, 'resolved'],
    [{ trackingCode: c.trackingCode, accessCode: c.accessCode, resolved: true, satisfaction: 'happy' }, 'satisfaction'],
    [{ trackingCode: c.trackingCode, accessCode: c.accessCode, resolved: true, satisfaction: 'satisfied', note: '长'.repeat(501) }, 'note'],
    [{ trackingCode: c.trackingCode, resolved: true, satisfaction: 'satisfied' }, 'accessCode'],
  ] as const) {
    const res = await json('/public/complaints/evaluation', body);
    t.same([res.statusCode, res.json().field], [400, field], field);
  }
  for (let i = 0; i < 10; i++) await json('/public/complaints/review', { trackingCode: c.trackingCode, accessCode: `BBBBBBB${i}`, reason: '猜' });
  const locked = await json('/public/complaints/evaluation', { trackingCode: c.trackingCode, accessCode: c.accessCode, resolved: true, satisfaction: 'satisfied' });
  t.same([locked.statusCode, locked.json().code], [429, 'TOO_MANY_ATTEMPTS'], 'ten wrong codes lock the evaluation too, even with the right one now');
  t.same(ctx.snapshot(c.id), before, 'nothing changed');
});

t.test('the page: forms where the reporter may act, the access code typed again, a refusal shown with the case', async (t) => {
  const c = await replied('12369');
  at('2026-11-21T09:00:00+08:00');
  const page = (url: string, form: Record<string, string>) => ctx.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
  const shown = await page('/public/lookup', { trackingCode: c.trackingCode, accessCode: c.accessCode });
  t.match(shown.body, '<form method="post" action="/public/lookup/evaluation">');
  t.match(shown.body, '<form method="post" action="/public/lookup/review">');
  t.notOk(shown.body.includes(c.accessCode), 'the access code is not in the page, not even hidden');

  const missing = await page('/public/lookup/evaluation', { trackingCode: c.trackingCode, accessCode: c.accessCode });
  t.equal(missing.statusCode, 400);
  t.match(missing.body, '请选择问题是否解决以及您的满意程度。');
  t.match(missing.body, `<h2>${c.trackingCode}：已办结</h2>`, 'the case is shown with the refusal, its codes being right');
  const guessed = await page('/public/lookup/evaluation', { trackingCode: c.trackingCode, accessCode: 'CCCCCCCC' });
  t.equal(guessed.statusCode, 404);
  t.notOk(guessed.body.includes('<h2>'), 'a wrong code shows no case, whatever else the form lacks');

  const done = await page('/public/lookup/evaluation', { trackingCode: c.trackingCode.toLowerCase(), accessCode: c.accessCode, resolved: 'yes', satisfaction: 'satisfied' });
  t.equal(done.statusCode, 200);
  t.match(done.body, '<p class="notice" role="status">感谢您的评价。</p>');
  t.notOk(done.body.includes('action="/public/lookup/evaluation"'), 'evaluated: the form is gone');
  const review = await page('/public/lookup/review', { trackingCode: c.trackingCode, accessCode: c.accessCode, reason: '<b>噪声仍在</b>' });
  t.equal(review.statusCode, 200);
  t.match(review.body, '复查申请已提交，应于 2026年12月21日');
  t.equal(ctx.caseRow(c.id).status, 'review');
});

t.test('random bodies to the reporter\'s endpoints: always a 4xx with a code, never a change', async (t) => {
  const c = await replied('12369');
  const before = ctx.snapshot(c.id);
  const codes = fc.oneof(
    fc.constant({ trackingCode: c.trackingCode, accessCode: c.accessCode }),
    fc.record({ trackingCode: fc.oneof(fc.string({ maxLength: 40 }), fc.constant(c.trackingCode.replace(/-/g, '－'))), accessCode: fc.oneof(fc.string({ maxLength: 12 }), fc.integer()) }),
  );
  const junk = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant("' OR 1=1 --"), fc.constant('长'.repeat(1001)));
  const evaluation = fc.record({ resolved: junk, satisfaction: fc.oneof(junk, fc.constant('satisfied')), note: junk }, { requiredKeys: [] });
  const review = fc.record({ reason: fc.oneof(junk, fc.constant('')) }, { requiredKeys: [] });
  const seen = new Set<number>();
  await fc.assert(fc.asyncProperty(codes, fc.boolean(), evaluation, review, async (who, toEvaluation, e, r) => {
    // Valid codes with junk fields: a 400 before anything runs; the valid satisfaction alone lacks resolved.
    const payload = toEvaluation ? { ...who, ...e } : { ...who, ...r };
    if (toEvaluation && typeof e.resolved === 'boolean' && e.satisfaction === 'satisfied' && (e.note === undefined || (typeof e.note === 'string' && e.note.length >= 1 && e.note.length <= 500))) return;
    if (!toEvaluation && typeof r.reason === 'string' && r.reason.length >= 1 && r.reason.length <= 1000) return;
    const res = await json(toEvaluation ? '/public/complaints/evaluation' : '/public/complaints/review', payload);
    seen.add(res.statusCode);
    return res.statusCode >= 400 && res.statusCode < 500 && typeof res.json().code === 'string';
  }), { numRuns: 200 });
  t.ok(seen.has(400), `the junk reached validation (${[...seen].sort().join(', ')})`);
  t.same(ctx.snapshot(c.id), before, 'the case is as it was');
});
