import t from 'tap';
import { renderMail } from '../../src/notify/templates.js';
import { ENDPOINTS, startLifecycleApp, TEXTS } from './fixtures/harness.js';

const ctx = await startLifecycleApp();
t.teardown(ctx.close);
const GUIDANCE = '您反映的是小区内部管理问题，请向物业服务企业或所在社区居委会反映。';

const rejectNew = async (reporter: Record<string, unknown>) => {
  const c = await ctx.intake(TEXTS.vague, { reporter });
  t.equal(c.status, 'triage');
  const res = await ctx.act(c.id, ENDPOINTS.reject.path, 'operator', { reason: 'out_of_scope', guidance: GUIDANCE });
  if (res.statusCode !== 200) throw new Error(res.body);
  return c;
};

t.test('不予受理: the reporter who gave an address gets the reason and the guidance by mail', async (t) => {
  const c = await rejectNew({ name: '周八', email: 'zhouba@example.com' });
  const mails = ctx.mails(c.id).filter((m) => m.template === 'rejection-to-reporter');
  t.equal(mails.length, 1);
  t.match(mails[0], { recipient: 'zhouba@example.com', state: 'pending' });
  t.same(Object.keys(mails[0]!.payload as object).sort(), ['caseId', 'guidance', 'reason', 'trackingCode'], 'what the reporter may read, nothing else');
  const mail = renderMail(mails[0]!.template, mails[0]!.payload);
  t.equal(mail.subject, `【不予受理告知】您反映的问题（${c.trackingCode}）`);
  t.match(mail.text, '原因：不属于本热线受理范围。');
  t.match(mail.text, GUIDANCE);
});

t.test('a confidential reporter or one without an address gets no mail', async (t) => {
  for (const reporter of [{ name: '吴九', email: 'wujiu@example.com', confidential: true }, { name: '郑十', phone: '13600000000' }]) {
    const c = await rejectNew(reporter);
    t.same(ctx.mails(c.id).filter((m) => m.template === 'rejection-to-reporter'), [], JSON.stringify(reporter));
  }
});

t.test('the citizen lookup of a rejected case says why and where to turn', async (t) => {
  const c = await rejectNew({ phone: '13500000000' });
  const res = await ctx.app.inject({ method: 'POST', url: '/public/complaints/lookup', payload: { trackingCode: c.trackingCode, accessCode: c.accessCode } });
  t.equal(res.statusCode, 200);
  t.match(res.json(), { status: 'rejected', rejection: { reason: '不属于本热线受理范围', guidance: GUIDANCE } });
  const open = await ctx.intake(TEXTS.construction);
  const view = await ctx.app.inject({ method: 'POST', url: '/public/complaints/lookup', payload: { trackingCode: open.trackingCode, accessCode: open.accessCode } });
  t.equal(view.json().rejection, null, 'a case that was taken has no rejection');
});

t.test('延期: an approved extension tells the reporter why and until when; a refused one tells nothing', async (t) => {
  ctx.clock.set('2026-11-16T10:00:00+08:00');
  const c = await ctx.intake(TEXTS.construction, { reporter: { name: '冯十一', email: 'feng@example.com' } });
  await ctx.act(c.id, 'sign', 'housingYuzhong');
  const ask = async (reason: string) => (await ctx.act(c.id, ENDPOINTS['request-extension'].path, 'housingYuzhong', { days: 3, reason })).json();
  const refused = await ask('想多等几天');
  await ctx.act(c.id, `extensions/${refused.extension.id}/decision`, 'supervisor', { approve: false });
  t.same(ctx.mails(c.id).filter((m) => m.template === 'extension-to-reporter'), [], 'a refused extension is not told');

  const asked = await ask('需等待第三方监测机构出具噪声监测报告');
  const res = await ctx.act(c.id, `extensions/${asked.extension.id}/decision`, 'supervisor', { approve: true });
  t.equal(res.statusCode, 200, res.body);
  const newDue = ctx.caseRow(c.id).replyDueAt!;
  const mails = ctx.mails(c.id).filter((m) => m.template === 'extension-to-reporter');
  t.equal(mails.length, 1);
  t.match(mails[0], { recipient: 'feng@example.com' });
  t.same(Object.keys(mails[0]!.payload as object).sort(), ['caseId', 'reason', 'replyDueAt', 'trackingCode']);
  const mail = renderMail(mails[0]!.template, mails[0]!.payload);
  t.equal(mail.subject, `【延期办理告知】您反映的问题（${c.trackingCode}）`);
  t.match(mail.text, '因需等待第三方监测机构出具噪声监测报告，经批准延期办理，答复时限延长至');
  t.match(renderMail('extension-to-reporter', { ...mails[0]!.payload as object, reason: '需夜间监测。' }).text, '因需夜间监测，经批准延期办理', 'a reason ending in 。 reads as one sentence');

  const view = (await ctx.app.inject({ method: 'POST', url: '/public/complaints/lookup', payload: { trackingCode: c.trackingCode, accessCode: c.accessCode } })).json();
  t.same(view.extension, { reason: '需等待第三方监测机构出具噪声监测报告', replyDueAt: view.replyDueAt });
  t.equal(new Date(view.replyDueAt).getTime(), newDue.getTime(), 'the lookup shows the moved due time');
  t.same(view.milestones.map((m: { label: string }) => m.label), ['诉求已受理', '已交办承办单位', '承办单位已签收', '经批准延期办理'], 'only the approved decision is a milestone');
});

t.test('受理告知: a reporter with an address is told the case was taken and by whom, at intake or from triage', async (t) => {
  const acceptances = (id: string) => ctx.mails(id).filter((m) => m.template === 'acceptance-to-reporter');
  const routed = await ctx.intake(TEXTS.construction, { reporter: { name: '陈十二', email: 'chen@example.com' } });
  const [mail] = acceptances(routed.id);
  t.match(mail, { recipient: 'chen@example.com', state: 'pending' });
  t.same(Object.keys(mail!.payload as object).sort(), ['caseId', 'office', 'trackingCode'], 'no access code: it is stored only hashed');
  const text = renderMail('acceptance-to-reporter', { ...mail!.payload as object, replyDueAt: ctx.caseRow(routed.id).replyDueAt!.toISOString() });
  t.equal(text.subject, `【受理告知】您反映的问题（${routed.trackingCode}）已受理`);
  t.match(text.text, '已交由重庆市渝中区住房和城乡建设委员会办理，答复期限：');

  const waiting = await ctx.intake(TEXTS.vague, { reporter: { email: 'chen@example.com' } });
  t.same(acceptances(waiting.id), [], 'not while it waits in triage');
  const assigned = await ctx.act(waiting.id, ENDPOINTS.assign.path, 'operator', { lead: 'ecology-environment' });
  t.equal(assigned.statusCode, 200, assigned.body);
  t.equal(acceptances(waiting.id).length, 1, 'told once a dispatcher gives it to an office');

  const confidential = await ctx.intake(TEXTS.construction, { reporter: { email: 'secret@example.com', confidential: true } });
  t.same(acceptances(confidential.id), [], 'a confidential reporter gets no mail');
});
