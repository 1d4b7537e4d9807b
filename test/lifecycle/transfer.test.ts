import t from 'tap';
import { yearPeriod } from '../../src/stats/period.js';
import { departmentCounts } from '../../src/stats/queries.js';
import { renderMail } from '../../src/notify/templates.js';
import { TestClock } from '../helpers/app.js';
import { ENDPOINTS, must, startLifecycleApp, TEXTS } from './fixtures/harness.js';

// 移交 / 移送 (DOMAIN.md; seed 002 (十八)): a department without the enforcement power a case needs
// hands it to the regulator that has it; a suspected crime is referred to the police.
const ctx = await startLifecycleApp({ clock: new TestClock(new Date('2026-11-16T09:00:00+08:00')) });
t.teardown(ctx.close);
const { db } = ctx.services;

const signed = async () => {
  const c = await ctx.intake(TEXTS.construction, { reporter: { phone: '13800001111' } });
  await must(await ctx.act(c.id, 'sign', 'housingYuzhong'));
  return c;
};
const active = (id: string) => ctx.holders(id).filter((h) => h.state === 'active').map((h) => `${h.role}:${h.department}`).sort();

t.test('移交: the signed lead office hands the case to the regulator; the receiver leads and signs anew', async (t) => {
  const c = await signed();
  t.same(active(c.id), ['cooperating:ecology-environment', 'cooperating:urban-management', 'lead:housing-construction']);
  ctx.clock.set('2026-11-17T15:00:00+08:00');
  const res = await ctx.act(c.id, 'transfer', 'housingYuzhong', { to: 'ecology-environment', kind: 'handover', reason: '排放废气属工业污染，本部门无相应执法职能' });
  t.equal(res.statusCode, 200, res.body);
  const body = res.json();
  t.equal(body.complaint.status, 'assigned', 'the receiving office must sign for it');
  t.same(body.complaint.routing.lead, { department: 'ecology-environment', name: '重庆市渝中区生态环境局', district: '500103' });
  t.same(active(c.id), ['cooperating:urban-management', 'lead:ecology-environment'], 'the receiver\'s cooperating hold became the lead; the other stays');
  t.match(body.events, [{ action: 'transfer', fromState: 'signed', toState: 'assigned', payload: { kind: 'handover', from: { department: 'housing-construction' }, lead: { department: 'ecology-environment' } } }]);
  t.equal(body.complaint.routing.signDueAt, '2026-11-18T23:59:59+08:00', 'the sign-for clock runs from the transfer (end of the next working day), not from 11-16');
  t.equal(body.complaint.handling.signedAt, null);

  const mail = ctx.mails(c.id).filter((m) => m.template === 'transfer');
  t.equal(mail.length, 1, 'the receiving office is told');
  const rendered = renderMail('transfer', mail[0]!.payload);
  t.match(rendered.subject, '【移交通知】');
  t.match(rendered.text, '重庆市渝中区住房和城乡建设委员会经核查，本部门无相应执法职能');
  t.match(rendered.text, '移交理由：排放废气属工业污染');

  // The former lead can no longer act on it; the new lead can, and answers it.
  t.equal((await ctx.act(c.id, 'reply', 'housingYuzhong', ENDPOINTS.reply.body)).json().code, 'NOT_CASE_HOLDER');
  await must(await ctx.act(c.id, 'sign', 'ecologyYuzhong'));
  await must(await ctx.act(c.id, 'reply', 'ecologyYuzhong', ENDPOINTS.reply.body));

  // Statistics: the transferring office's hold is neither a return nor a reassignment; the reply is the receiver's.
  const terms = db.$client.prepare('SELECT department, end_reason, signed_at IS NOT NULL AS signed FROM stat_lead_terms WHERE case_id = ? ORDER BY assignment_id').all(Number(c.id));
  t.same(terms, [{ department: 'housing-construction', end_reason: 'transferred', signed: 1 }, { department: 'ecology-environment', end_reason: null, signed: 1 }]);
  const counts = departmentCounts(db, { jurisdiction: 'chongqing', period: yearPeriod(2026) }, ctx.clock.read());
  const housing = counts.find((d) => d.department === 'housing-construction')!;
  t.match(housing, { received: 1, returned: 0, reassigned: 0, transferred: 1, signedOnTime: 1, cases: 0 }, 'received and signed in time; not charged with the case');
  // 移交率 in the figures supervisors read, from the daily rollup and from a scan of the projection alike.
  const figures = (await ctx.call('GET', '/api/v1/stats/departments?jurisdiction=chongqing&from=2026-01-01&to=2026-12-31', 'supervisor')).json();
  t.match(figures.departments.find((d: { department: string }) => d.department === 'housing-construction').rates.transfer, { numerator: 1, denominator: 1, value: 1 });
  const scanned = (await ctx.call('GET', '/api/v1/stats/departments?jurisdiction=chongqing&from=2026-01-01&to=2026-12-31&district=500103', 'supervisor')).json();
  t.match(scanned.departments.find((d: { department: string }) => d.department === 'housing-construction').rates.transfer, { numerator: 1, denominator: 1 });
  t.match(counts.find((d) => d.department === 'ecology-environment')!, { received: 1, cases: 1, replied: 1 });

  const view = (await ctx.app.inject({ method: 'POST', url: '/public/complaints/lookup', payload: { trackingCode: c.trackingCode, accessCode: c.accessCode } })).json();
  t.ok(view.milestones.some((m: { label: string }) => m.label === '已移交有执法职能的部门办理'), 'the reporter sees the handover');
});

t.test('移送: a suspected crime goes to the police, and the reporter is told so', async (t) => {
  const c = await signed();
  // An extension the transferring office asked for lapses with its hold.
  const asked = (await must(ctx.act(c.id, 'extensions', 'housingYuzhong', { days: 3, reason: '需要夜间监测' }))).json();
  const wrong = await ctx.act(c.id, 'transfer', 'housingYuzhong', { to: 'ecology-environment', kind: 'criminal', reason: '涉嫌非法倾倒危险废物' });
  t.equal(wrong.statusCode, 400);
  t.match(wrong.json(), { code: 'INVALID_FIELD', field: 'to' });
  t.match(wrong.json().message, 'public-security');

  const res = await ctx.act(c.id, 'transfer', 'housingYuzhong', { to: 'public-security', kind: 'criminal', reason: '涉嫌非法倾倒危险废物' });
  t.equal(res.statusCode, 200, res.body);
  t.equal(res.json().complaint.routing.lead.department, 'public-security');
  t.same(res.json().events[0].payload.lapsedExtensions, [asked.extension.id]);
  t.match(ctx.snapshot(c.id).extensions, [{ state: 'rejected', note: '已移交，延期申请失效' }], 'closed, so no one approves it for the new office');
  const mail = ctx.mails(c.id).filter((m) => m.template === 'transfer');
  t.match(renderMail('transfer', mail[0]!.payload).subject, '【移送通知】');
  const view = (await ctx.app.inject({ method: 'POST', url: '/public/complaints/lookup', payload: { trackingCode: c.trackingCode, accessCode: c.accessCode } })).json();
  t.equal(view.milestones.at(-1).label, '涉嫌环境违法犯罪，已移送公安机关办理');
  t.equal(view.office, res.json().complaint.routing.lead.name, 'the lookup names the office that now handles it');
});

t.test('transfers that cannot be are refused and change nothing', async (t) => {
  const refused = async (id: string, key: Parameters<typeof ctx.act>[2], body: object, status: number, code: string, field?: string) => {
    const before = ctx.snapshot(id);
    const res = await ctx.act(id, 'transfer', key, body);
    t.equal(res.statusCode, status, `${key} ${JSON.stringify(body)}: ${res.body}`);
    t.equal(res.json().code, code);
    if (field) t.equal(res.json().field, field);
    t.same(ctx.snapshot(id), before, 'nothing changed');
  };
  const body = ENDPOINTS.transfer.body;
  // Not yet signed: an office that never took the case returns it (退单) to the dispatchers instead.
  const unsigned = await ctx.intake(TEXTS.construction);
  await refused(unsigned.id, 'housingYuzhong', body, 409, 'INVALID_TRANSITION');
  const c = await signed();
  await refused(c.id, 'ecologyYuzhong', body, 403, 'NOT_CASE_HOLDER');
  await refused(c.id, 'operator', body, 403, 'FORBIDDEN');
  await refused(c.id, 'housingYuzhong', { ...body, to: 'housing-construction' }, 400, 'INVALID_FIELD', 'to');
  await refused(c.id, 'housingYuzhong', { ...body, to: 'no-such-department' }, 400, 'INVALID_FIELD', 'to');
  await refused(c.id, 'housingYuzhong', { ...body, kind: 'other' }, 400, 'INVALID_FIELD', 'kind');
  await refused(c.id, 'housingYuzhong', { to: 'ecology-environment', kind: 'handover' }, 400, 'INVALID_FIELD', 'reason');
});
