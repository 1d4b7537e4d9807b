import t from 'tap';
import { TestClock } from '../helpers/app.js';
import { startLifecycleApp, TEXTS } from './fixtures/harness.js';

const ctx = await startLifecycleApp({ clock: new TestClock(new Date('2026-11-02T09:00:00+08:00')) });
t.teardown(ctx.close);

t.test('the audit trail records who, when, what, from and to, for every action', async (t) => {
  const { id } = await ctx.intake(TEXTS.construction);
  ctx.clock.set('2026-11-02T10:30:00+08:00');
  await ctx.act(id, 'notes', 'supervisor', { content: '请关注夜间施工情况' });
  await ctx.act(id, 'supervision-orders', 'supervisor', { content: '请于三日内反馈整改情况' });
  const res = await ctx.call('GET', `/api/v1/complaints/${id}/events`, 'housingYuzhong');
  t.equal(res.statusCode, 200, res.body);
  const items = res.json().items;
  t.equal(res.headers.etag, `"3-e${items.at(-1).id}"`, 'the case version and the last event');
  t.match(items.at(-2), { action: 'add-note', fromState: 'assigned', toState: 'assigned', at: '2026-11-02T10:30:00+08:00', actor: { role: 'supervisor', keyId: /^[0-9a-f]{12}$/ }, payload: { content: '请关注夜间施工情况' } });
  t.match(items.at(-1), { action: 'supervision-order', payload: { content: '请于三日内反馈整改情况', offices: ['重庆市渝中区住房和城乡建设委员会', '重庆市渝中区生态环境局', '重庆市渝中区城市管理局'] } });
  t.equal(ctx.mails(id).filter((m) => m.template === 'supervision-order').length, 3, 'every office holding the case is told of the 督办');
  t.equal(items[0].actor.role, 'operator', 'the intake is on the record with the operator who made it');

  const foreign = await ctx.call('GET', `/api/v1/complaints/${id}/events`, 'waterYuzhong');
  t.equal(foreign.statusCode, 403, 'an office that does not hold the case cannot read its trail');
  const missing = await ctx.call('GET', '/api/v1/complaints/999999/events', 'admin');
  t.equal(missing.json().code, 'CASE_NOT_FOUND');
});

t.test('no route updates or deletes an event', async (t) => {
  const { id } = await ctx.intake(TEXTS.construction);
  const eventId = ctx.trail(id)[0]!.id;
  for (const method of ['PUT', 'PATCH', 'DELETE', 'POST'] as const) {
    for (const url of [`/api/v1/complaints/${id}/events`, `/api/v1/complaints/${id}/events/${eventId}`, `/api/v1/events/${eventId}`]) {
      const res = await ctx.call(method, url, 'admin', method === 'DELETE' ? undefined : { action: 'forged' });
      t.equal(res.statusCode, 404, `${method} ${url}`);
      t.equal(res.json().code, 'ROUTE_NOT_FOUND');
      t.notOk(ctx.app.hasRoute({ method, url: url.replace(String(id), ':id').replace(`/${eventId}`, '/:eventId') }), `${method} ${url} is not a route`);
    }
  }
  t.same(ctx.trail(id).map((e) => e.action), ['receive', 'assign']);
});

t.test('nor does SQL: the database refuses to change or remove an event', async (t) => {
  const { id } = await ctx.intake(TEXTS.construction);
  const before = ctx.trail(id);
  const client = ctx.services.db.$client;
  t.throws(() => client.prepare("UPDATE events SET action = 'forged' WHERE case_id = ?").run(Number(id)), /events are append-only/);
  t.throws(() => client.prepare('UPDATE events SET payload = ? WHERE id = ?').run('{}', before[0]!.id), /events are append-only/);
  t.throws(() => client.prepare('DELETE FROM events WHERE case_id = ?').run(Number(id)), /events are append-only/);
  t.same(ctx.trail(id), before);
});

t.test('reading an unmasked reporter is itself an event; masked reads and lifecycle answers are not', async (t) => {
  const reporter = { name: '赵六', phone: '13812345678' };
  const plain = await ctx.intake(TEXTS.construction, { reporter });
  const reveals = (id: string) => ctx.trail(id).filter((e) => e.action === 'reveal-reporter');

  let res = await ctx.call('GET', `/api/v1/complaints/${plain.id}`, 'operator');
  t.same(res.json().reporter, { name: '赵六', phone: '13812345678', email: null, address: null, confidential: false, allowContact: false, masked: false });
  t.equal(reveals(plain.id).length, 1);
  t.match(reveals(plain.id)[0], { actorRole: 'operator', payload: { fields: ['name', 'phone'] } });
  t.notOk(JSON.stringify(reveals(plain.id)[0]!.payload).includes('13812345678'), 'the event names the fields, not their values');
  t.equal(ctx.caseRow(plain.id).version, 1, 'a read does not change the case version');

  res = await ctx.call('GET', `/api/v1/complaints/${plain.id}`, 'housingYuzhong');
  t.same(res.json().reporter, { name: '赵*', phone: '138****5678', email: null, address: null, confidential: false, allowContact: false, masked: true });
  t.equal(reveals(plain.id).length, 1, 'a masked read is not recorded');

  res = await ctx.act(plain.id, 'notes', 'operator', { content: '已与报告人沟通' });
  t.equal(res.json().complaint.reporter.masked, true, 'lifecycle answers never carry identity, so they need no record');
  t.equal(reveals(plain.id).length, 1);

  const contact = await ctx.intake(TEXTS.construction, { reporter: { ...reporter, allowContact: true }, externalId: 'allow-contact-1' });
  res = await ctx.call('GET', `/api/v1/complaints/${contact.id}`, 'housingYuzhong');
  t.same(res.json().reporter, { name: '赵六', phone: '13812345678', email: null, address: null, confidential: false, allowContact: true, masked: false }, 'the reporter allowed the department to call');
  t.match(reveals(contact.id), [{ actorRole: 'handler' }]);

  const secret = await ctx.intake(TEXTS.construction, { reporter: { ...reporter, confidential: true, allowContact: true }, externalId: 'confidential-1' });
  res = await ctx.call('GET', `/api/v1/complaints/${secret.id}`, 'housingYuzhong');
  t.same(res.json().reporter, { name: null, phone: null, email: null, address: null, confidential: true, allowContact: true, masked: true }, 'confidential is never shown to departments');
  t.equal(reveals(secret.id).length, 0);
  res = await ctx.call('GET', `/api/v1/complaints/${secret.id}`, 'supervisor');
  t.equal(res.json().reporter.name, '赵六', 'supervisors see it, on the record');
  t.match(reveals(secret.id), [{ actorRole: 'supervisor', payload: { confidential: true } }]);

  const anonymous = await ctx.intake(TEXTS.construction);
  await ctx.call('GET', `/api/v1/complaints/${anonymous.id}`, 'operator');
  t.equal(reveals(anonymous.id).length, 0, 'nothing to reveal, nothing recorded');
});

t.test('诉求目的 and the reporter\'s address or unit: stored as given, the address shown, masked and hidden as the rest of the identity', async (t) => {
  const reporter = { name: '孙十一', phone: '13712348888', address: '重庆市渝中区解放碑街道某小区3栋2单元' };
  const purpose = '要求依法查处，停止夜间施工';
  const c = await ctx.intake(TEXTS.construction, { reporter, purpose, externalId: 'purpose-1' });
  const read = async (key: 'operator' | 'housingYuzhong') => (await ctx.call('GET', `/api/v1/complaints/${c.id}`, key)).json();
  const byOperator = await read('operator');
  t.equal(byOperator.purpose, purpose);
  t.equal(byOperator.reporter.address, reporter.address);
  t.match(ctx.trail(c.id).at(-1), { action: 'reveal-reporter', payload: { fields: ['name', 'phone', 'address'] } }, 'showing the address is recorded with the rest');
  const byHandler = await read('housingYuzhong');
  t.equal(byHandler.purpose, purpose, 'the department reads what the reporter asks for');
  t.equal(byHandler.reporter.address, '重庆市渝中区***', 'the district, not the door');
  const secret = await ctx.intake(TEXTS.construction, { reporter: { ...reporter, confidential: true }, externalId: 'purpose-2' });
  t.equal((await ctx.call('GET', `/api/v1/complaints/${secret.id}`, 'housingYuzhong')).json().reporter.address, null);
  // A retry must repeat them: the same work order with another purpose is another submission.
  const again = await ctx.call('POST', '/api/v1/complaints', 'operator', { jurisdiction: 'chongqing', channel: '12345', externalId: 'purpose-1', content: TEXTS.construction, reporter, purpose });
  t.equal(again.statusCode, 200, 'the same submission: replayed');
  const changed = await ctx.call('POST', '/api/v1/complaints', 'operator', { jurisdiction: 'chongqing', channel: '12345', externalId: 'purpose-1', content: TEXTS.construction, reporter, purpose: '要求赔偿' });
  t.same([changed.statusCode, changed.json().code], [409, 'EXTERNAL_ID_CONFLICT']);
  const tooLong = await ctx.call('POST', '/api/v1/complaints', 'operator', { jurisdiction: 'chongqing', channel: '12345', content: TEXTS.construction, purpose: '查'.repeat(501) });
  t.same([tooLong.statusCode, tooLong.json().field], [400, 'purpose']);
});
