import t from 'tap';
import { renderMail } from '../../src/notify/templates.js';
import { TestClock } from '../helpers/app.js';
import { ENDPOINTS, must, startLifecycleApp, TEXTS } from './fixtures/harness.js';

// 会商 (DOMAIN.md; seeds 000 §二(三), 002 (七)): a lead no department will take is fixed by a consultation
// the ecology-environment department organises.
const ctx = await startLifecycleApp({ clock: new TestClock(new Date('2026-11-16T09:00:00+08:00')) });
t.teardown(ctx.close);

const arbitrationList = async (key: Parameters<typeof ctx.call>[2]) => ctx.call('GET', '/api/v1/arbitration', key);

/** A 渝中 construction-noise case returned by housing-construction, then by ecology-environment: nobody leads it. */
async function disputed() {
  const c = await ctx.intake(TEXTS.construction, { reporter: { name: '孙四', email: 'sunsi@example.com' } });
  await must(await ctx.act(c.id, 'return', 'housingYuzhong', { reason: '噪声来自市政道路施工，非房建工地' }));
  await must(await ctx.act(c.id, 'reassign', 'operator', { lead: 'ecology-environment', reason: '改派生态环境部门' }));
  await must(await ctx.act(c.id, 'return', 'ecologyYuzhong', { reason: '施工噪声不属本部门职责' }));
  return c;
}

t.test('a case offices keep returning goes to 会商, which fixes a lead that may not return it', async (t) => {
  const c = await disputed();
  const triage = (await ctx.call('GET', '/api/v1/triage', 'operator')).json();
  t.equal(triage.items.find((i: { id: string }) => i.id === c.id).returnCount, 2, 'the triage list shows the dispute');

  const referred = await ctx.act(c.id, 'refer-arbitration', 'operator', { reason: '住建、生态环境均已退单，职责不明' });
  t.equal(referred.statusCode, 200, referred.body);
  t.equal(referred.json().complaint.status, 'arbitration');
  const request = ctx.mails(c.id).filter((m) => m.template === 'arbitration-request');
  t.equal(request.length, 1, 'the organising office is told');
  t.equal(request[0]!.payload && (request[0]!.payload as { office: string }).office, '重庆市渝中区生态环境局');
  t.match(renderMail('arbitration-request', request[0]!.payload).text, '提请理由：住建、生态环境均已退单');

  // The queue: supervisors, the district's ecology office and the city's; not other offices.
  for (const key of ['supervisor', 'ecologyYuzhong', 'ecologyCity'] as const) {
    const res = await arbitrationList(key);
    t.equal(res.statusCode, 200, key);
    const item = res.json().items.find((i: { id: string }) => i.id === c.id);
    t.ok(item, `${key} sees it`);
    if (key === 'supervisor') {
      t.equal(item.reason, '住建、生态环境均已退单，职责不明');
      t.same(item.returns.map((r: { office: { department: string }; reason: string }) => [r.office.department, r.reason]),
        [['housing-construction', '噪声来自市政道路施工，非房建工地'], ['ecology-environment', '施工噪声不属本部门职责']], 'who refused it and why');
    }
  }
  t.notOk((await arbitrationList('ecologyJiangbei')).json().items.some((i: { id: string }) => i.id === c.id), 'another district\'s office does not see it');
  t.equal((await arbitrationList('housingYuzhong')).statusCode, 403);
  t.equal((await ctx.call('GET', `/api/v1/complaints/${c.id}`, 'ecologyYuzhong')).statusCode, 200, 'the organising office may read the case');
  t.equal((await ctx.call('GET', `/api/v1/complaints/${c.id}`, 'ecologyJiangbei')).statusCode, 403);

  // Only the organising offices (and supervisors) fix the lead.
  for (const key of ['ecologyJiangbei', 'housingYuzhong', 'operator'] as const) {
    const before = ctx.snapshot(c.id);
    const res = await ctx.act(c.id, 'arbitrate', key, ENDPOINTS.arbitrate.body);
    t.equal(res.statusCode, 403, `${key}: ${res.body}`);
    t.same(ctx.snapshot(c.id), before);
  }
  ctx.clock.set('2026-11-18T10:00:00+08:00');
  const fixed = await ctx.act(c.id, 'arbitrate', 'ecologyYuzhong', { lead: 'urban-management', cooperating: ['housing-construction'], opinion: '经会商，市政道路施工噪声由城市管理部门牵头，住建配合' });
  t.equal(fixed.statusCode, 200, fixed.body);
  const body = fixed.json();
  t.equal(body.complaint.status, 'assigned');
  t.same(body.complaint.routing.lead, { department: 'urban-management', name: '重庆市渝中区城市管理局', district: '500103' });
  t.equal(body.complaint.routing.signDueAt, '2026-11-19T23:59:59+08:00', 'clocks start at the decision');
  t.match(body.events, [{ action: 'arbitrate', fromState: 'arbitration', toState: 'assigned', payload: { opinion: '经会商，市政道路施工噪声由城市管理部门牵头，住建配合' } }]);
  t.equal(ctx.mails(c.id).filter((m) => m.template === 'acceptance-to-reporter').length, 1, 'the reporter was told at intake; not told twice');

  // The lead fixed by 会商 may not return it; it may sign, and hand it on by transfer if the law says so.
  const before = ctx.snapshot(c.id);
  const refused = await ctx.act(c.id, 'return', 'urbanYuzhong', { reason: '不属本部门职责' });
  t.equal(refused.statusCode, 409);
  t.equal(refused.json().code, 'LEAD_FIXED_BY_ARBITRATION');
  t.same(ctx.snapshot(c.id), before, 'nothing changed');
  await must(await ctx.act(c.id, 'sign', 'urbanYuzhong'));

  const view = (await ctx.app.inject({ method: 'POST', url: '/public/complaints/lookup', payload: { trackingCode: c.trackingCode, accessCode: c.accessCode } })).json();
  t.same(view.milestones.slice(-3).map((m: { label: string }) => m.label), ['承办职责待会商明确', '经会商明确承办单位', '承办单位已签收']);
});

t.test('a supervisor may fix the lead too, and a reporter never told the case was taken is told then', async (t) => {
  const c = await ctx.intake(TEXTS.vague, { reporter: { email: 'wang@example.com' } });
  await must(await ctx.act(c.id, 'refer-arbitration', 'operator', { reason: '清单未涵盖此类事项' }));
  t.equal(ctx.mails(c.id).filter((m) => m.template === 'acceptance-to-reporter').length, 0);
  await must(await ctx.act(c.id, 'arbitrate', 'supervisor', { lead: 'public-security', opinion: '社会生活噪声由公安机关牵头' }));
  t.equal(ctx.mails(c.id).filter((m) => m.template === 'acceptance-to-reporter').length, 1);
  // A later reassignment by a dispatcher lifts the bar: the new lead was not fixed by 会商.
  await must(await ctx.act(c.id, 'reassign', 'supervisor', { lead: 'urban-management', reason: '职责调整' }));
  const back = await ctx.act(c.id, 'return', 'urbanYuzhong', { reason: '不属本部门职责' });
  t.not(back.json().code, 'LEAD_FIXED_BY_ARBITRATION');
});

t.test('会商 may also conclude the case is not for the hotline', async (t) => {
  const c = await ctx.intake(TEXTS.vague);
  await must(await ctx.act(c.id, 'refer-arbitration', 'supervisor', { reason: '职责不明' }));
  const res = await ctx.act(c.id, 'reject', 'supervisor', ENDPOINTS.reject.body);
  t.equal(res.statusCode, 200);
  t.equal(res.json().complaint.status, 'rejected');
  t.equal((await ctx.act(c.id, 'refer-arbitration', 'operator', { reason: 'x' })).json().code, 'INVALID_TRANSITION');
  const missing = await ctx.act((await ctx.intake(TEXTS.vague)).id, 'refer-arbitration', 'operator', {});
  t.match(missing.json(), { statusCode: 400, field: 'reason' });
});
