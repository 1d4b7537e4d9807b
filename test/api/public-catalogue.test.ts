import t from 'tap';
import { startTestApp } from '../helpers/app.js';

// The seeds require the responsibility catalogue to be published: matters, lead and cooperating
// departments and the time limits, without the service's keyword rules.
const ctx = await startTestApp();
t.teardown(ctx.close);

t.test('GET /public/catalogue/:jurisdiction publishes the catalogue without a key', async (t) => {
  const res = await ctx.app.inject({ method: 'GET', url: '/public/catalogue/chongqing' });
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.equal(body.title, '重庆市生态环境保护责任清单');
  const compiled = ctx.services.catalogues.get('chongqing')!.catalogue;
  t.equal(body.matters.length, compiled.matters.length, 'every matter');
  const dust = body.matters.find((m: { code: string }) => m.code === 'construction-dust');
  t.same(dust.lead, { code: 'housing-construction', name: compiled.departments.get('housing-construction')!.name });
  t.notOk(JSON.stringify(body).includes('"rules"'), 'keyword rules stay internal');
  t.match(body.timeLimits.defaults.reply.label, /^办结答复：15个工作日$/);
  const statutory = body.timeLimits.overrides.find((o: { when: string }) => o.when === 'channel=12369');
  t.ok(statutory, 'the 12369 limits');
  t.equal(statutory.limits.review.label, '申请复查：30日', '复查 window, in the public\'s words');
  t.equal(statutory.limits.reviewReply.label, '复查答复：30日');
});

t.test('an unknown jurisdiction is a 404 naming the ones there are', async (t) => {
  const res = await ctx.app.inject({ method: 'GET', url: '/public/catalogue/beijing' });
  t.equal(res.statusCode, 404);
  t.equal(res.json().code, 'JURISDICTION_NOT_FOUND');
  t.match(res.json().message, 'chongqing');
});
