import t from 'tap';
import { ENDPOINTS, startLifecycleApp, TEXTS } from '../lifecycle/fixtures/harness.js';

// Personal data is never left in a cache; what is published may be.
const ctx = await startLifecycleApp();
t.teardown(ctx.close);
const c = await ctx.intake(TEXTS.construction, { reporter: { name: '李四', phone: '13800002222' } });

t.test('answers about cases say no-store; the single-case read keeps its revalidation; the catalogue is cacheable', async (t) => {
  const intake = await ctx.call('POST', '/api/v1/complaints', 'operator', { jurisdiction: 'chongqing', channel: '12345', content: TEXTS.fumes });
  t.equal(intake.headers['cache-control'], 'no-store', 'intake (the access code is in it)');
  t.equal((await ctx.call('GET', '/api/v1/complaints', 'operator')).headers['cache-control'], 'no-store', 'lists');
  t.equal((await ctx.act(c.id, 'sign', 'housingYuzhong')).headers['cache-control'], 'no-store', 'action answers');
  t.equal((await ctx.call('GET', `/api/v1/complaints/${c.id}/events`, 'supervisor')).headers['cache-control'], 'no-store', 'the audit trail');
  t.equal((await ctx.call('GET', `/api/v1/complaints/${c.id}`, 'supervisor')).headers['cache-control'], 'private, no-cache', 'the case read, revalidated by ETag');
  t.equal((await ctx.call('GET', '/api/v1/complaints/999999', 'supervisor')).headers['cache-control'], 'no-store', 'errors too');
  const lookup = await ctx.app.inject({ method: 'POST', url: '/public/complaints/lookup', payload: { trackingCode: c.trackingCode, accessCode: c.accessCode } });
  t.equal(lookup.headers['cache-control'], 'no-store', 'the citizen lookup');
  t.equal((await ctx.app.inject({ method: 'GET', url: '/public/catalogue/chongqing' })).headers['cache-control'], undefined, 'the published catalogue');
});

t.test('the audit trail\'s ETag changes with the list, also when a read of the reporter adds an event without a new version', async (t) => {
  const events = () => ctx.call('GET', `/api/v1/complaints/${c.id}/events`, 'supervisor');
  const first = await events();
  const version = ctx.caseRow(c.id).version;
  t.match(first.headers.etag, new RegExp(`^"${version}-e\\d+"$`));
  await ctx.call('GET', `/api/v1/complaints/${c.id}`, 'operator'); // the operator sees the reporter: a reveal-reporter event
  const second = await events();
  t.equal(ctx.caseRow(c.id).version, version, 'no new version');
  t.equal(second.json().items.length, first.json().items.length + 1, 'one more event');
  t.not(second.headers.etag, first.headers.etag, 'so another tag');
  // Its version part still serves as If-Match on an action.
  const acted = await ctx.act(c.id, 'reply', 'housingYuzhong', ENDPOINTS.reply.body, { 'if-match': second.headers.etag as string });
  t.equal(acted.statusCode, 200, acted.body);
});
