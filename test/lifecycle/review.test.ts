import t from 'tap';
import { renderMail } from '../../src/notify/templates.js';
import { TestClock } from '../helpers/app.js';
import { ENDPOINTS, must, startLifecycleApp, TEXTS } from './fixtures/harness.js';

// 复查 (DOMAIN.md: 12369 and 信访工作条例): the reporter may ask for review within 30 days of the reply,
// answered within 30 days.
const ctx = await startLifecycleApp({ clock: new TestClock(new Date('2026-11-02T09:00:00+08:00')) });
t.teardown(ctx.close);
const at = (iso: string) => ctx.clock.set(iso);

/** A 12369 construction-noise case, replied on 11-03 10:00 and, when asked, called back and closed. */
async function replied12369(close = false) {
  at('2026-11-02T09:00:00+08:00');
  const c = await ctx.intake(TEXTS.construction, { channel: '12369', reporter: { name: '周九', email: 'zhoujiu@example.com' } });
  await must(await ctx.act(c.id, 'sign', 'housingYuzhong'));
  at('2026-11-03T10:00:00+08:00');
  // A 12369 reply comes with its signed reply document.
  await must(await ctx.act(c.id, 'reply', 'housingYuzhong', { ...ENDPOINTS.reply.body, documentId: await ctx.replyDocument(c.id) }));
  if (close) {
    await must(await ctx.act(c.id, 'callback', 'operator', { resolved: false, satisfaction: 'basically_satisfied' }));
    await must(await ctx.act(c.id, 'close', 'supervisor', {}));
  }
  return c;
}
const lookup = async (c: { trackingCode: string; accessCode: string }) =>
  (await ctx.app.inject({ method: 'POST', url: '/public/complaints/lookup', payload: { trackingCode: c.trackingCode, accessCode: c.accessCode } })).json();

t.test('a closed 12369 case is reviewed within 30 days of its reply; upheld, it closes again and the reporter is told', async (t) => {
  const c = await replied12369(true);
  at('2026-11-30T15:00:00+08:00');
  const res = await ctx.act(c.id, 'review', 'operator', { reason: '夜间仍有打桩，不认可处理结果' });
  t.equal(res.statusCode, 200, res.body);
  t.equal(res.json().complaint.status, 'review');
  t.match(res.json().events, [{ action: 'request-review', fromState: 'closed', toState: 'review', payload: { reviewDueAt: '2026-12-30T23:59:59+08:00' } }], 'answered within 30 calendar days');

  const list = (await ctx.call('GET', '/api/v1/reviews', 'supervisor')).json();
  t.match(list.items.find((i: { id: string }) => i.id === c.id), { reason: '夜间仍有打桩，不认可处理结果', reviewDueAt: '2026-12-30T23:59:59+08:00', overdue: false });
  t.equal((await ctx.call('GET', '/api/v1/reviews', 'housingYuzhong')).statusCode, 403, 'offices do not answer reviews');
  t.equal((await ctx.act(c.id, 'review/decision', 'operator', ENDPOINTS['decide-review'].body)).statusCode, 403, 'operators take requests, supervisors answer');

  let view = await lookup(c);
  t.match(view, { status: 'review', statusLabel: '复查中', review: { reviewDueAt: '2026-12-30T23:59:59+08:00', outcome: null } });

  at('2026-12-10T10:00:00+08:00');
  const decided = await ctx.act(c.id, 'review/decision', 'supervisor', { outcome: 'upheld', opinion: '经复查，施工单位已停止夜间施工，原处理意见予以维持。' });
  t.equal(decided.statusCode, 200, decided.body);
  t.equal(decided.json().complaint.status, 'closed');
  t.same(decided.json().events.map((e: { action: string }) => e.action), ['decide-review', 'uphold']);
  t.equal(decided.json().events[0].payload.late, false, 'answered in time');
  const mail = ctx.mails(c.id).filter((m) => m.template === 'review-decision-to-reporter');
  t.equal(mail.length, 1);
  t.equal(mail[0]!.recipient, 'zhoujiu@example.com');
  const text = renderMail(mail[0]!.template, mail[0]!.payload).text;
  t.match(text, '复查结论：维持原办理意见。');
  t.match(text, '复查意见：经复查，施工单位已停止夜间施工');
  view = await lookup(c);
  t.match(view.review, { outcome: '维持原办理意见', opinion: '经复查，施工单位已停止夜间施工，原处理意见予以维持。' });
  t.same(view.milestones.slice(-2).map((m: { label: string }) => m.label), ['已申请复查', '复查意见已作出']);

  const again = await ctx.act(c.id, 'review', 'operator', { reason: '仍不服' });
  t.equal(again.statusCode, 409);
  t.equal(again.json().code, 'REVIEW_ALREADY_REQUESTED', '复查 once; 复核 is the next level\'s');
});

t.test('a review that orders the case handled again sends it back to the lead office for a new round', async (t) => {
  const c = await replied12369();
  at('2026-11-10T09:00:00+08:00');
  await must(await ctx.act(c.id, 'review', 'supervisor', { reason: '未核实夜间施工' }));
  // Past its answer time (30 days from 11-10: the end of 12-10) the review is listed as overdue.
  at('2026-12-11T09:00:00+08:00');
  const listed = async (query: string) => (await ctx.call('GET', `/api/v1/reviews${query}`, 'supervisor')).json().items.map((i: { id: string }) => i.id);
  t.match((await ctx.call('GET', '/api/v1/reviews', 'supervisor')).json().items.find((i: { id: string }) => i.id === c.id), { reviewDueAt: '2026-12-10T23:59:59+08:00', overdue: true });
  t.ok((await listed('?overdue=true')).includes(c.id), 'overdue=true lists it');
  t.notOk((await listed('?overdue=false')).includes(c.id), 'overdue=false leaves it out');
  const res = await ctx.act(c.id, 'review/decision', 'supervisor', { outcome: 'rehandle', opinion: '原处理未核实夜间施工情况，责令重新办理。' });
  t.equal(res.statusCode, 200, res.body);
  const body = res.json();
  t.equal(body.complaint.status, 'reopened');
  t.same(body.events.map((e: { action: string }) => e.action), ['decide-review', 'reopen']);
  t.equal(body.events[0].payload.late, true, 'answered after its due time, and recorded so');
  t.equal(body.complaint.handling.reopenCount, 1, 'counted as a reopen (重办率)');
  t.equal(body.complaint.routing.replyDueAt, '2026-12-18T23:59:59+08:00', 'the re-handling limit (5 working days) from the decision');
  const reopenMail = ctx.mails(c.id).filter((m) => m.template === 'reopen');
  t.match(renderMail('reopen', reopenMail.at(-1)!.payload).text, '经复查，原办理意见予以撤销');
  t.match(renderMail('review-decision-to-reporter', ctx.mails(c.id).filter((m) => m.template === 'review-decision-to-reporter')[0]!.payload).text, '责令承办单位重新办理');
  t.equal((await lookup(c)).milestones.at(-1).label, '经复查，已重新交办');
  // The office answers the new round as any round.
  await must(await ctx.act(c.id, 'reply', 'housingYuzhong', { ...ENDPOINTS.reply.body, documentId: await ctx.replyDocument(c.id) }));
  t.equal(ctx.caseRow(c.id).status, 'replied');
});

t.test('review is refused where the law gives none, after its window, and before any reply', async (t) => {
  const refused = async (id: string, code: string) => {
    const before = ctx.snapshot(id);
    const res = await ctx.act(id, 'review', 'operator', { reason: '不服' });
    t.equal(res.statusCode, 409, res.body);
    t.equal(res.json().code, code);
    t.same(ctx.snapshot(id), before, 'nothing changed');
  };
  // 12345: an unsatisfied callback reopens the case instead.
  at('2026-11-02T09:00:00+08:00');
  const hotline = await ctx.intake(TEXTS.construction);
  await must(await ctx.act(hotline.id, 'sign', 'housingYuzhong'));
  await must(await ctx.act(hotline.id, 'reply', 'housingYuzhong', ENDPOINTS.reply.body));
  await refused(hotline.id, 'REVIEW_NOT_AVAILABLE');
  // Replied 11-03 10:00: the window closes at the end of 12-03.
  const late = await replied12369();
  at('2026-12-04T00:00:01+08:00');
  await refused(late.id, 'REVIEW_WINDOW_CLOSED');
  at('2026-12-03T23:00:00+08:00');
  t.equal((await ctx.act(late.id, 'review', 'operator', { reason: '不服' })).statusCode, 200, 'the last day of the window still counts');
  // A 12369 case taken before review limits were in the policy is reviewed by the policy in force.
  const older = await replied12369();
  ctx.services.db.$client.prepare("UPDATE cases SET decision = json_remove(decision, '$.routing.limits.review', '$.routing.limits.reviewReply') WHERE id = ?").run(Number(older.id));
  t.equal((await ctx.act(older.id, 'review', 'operator', { reason: '不服' })).statusCode, 200, 'older 12369 case');
  // Not yet replied: nothing to review (the table refuses it).
  const open = await ctx.intake(TEXTS.construction, { channel: '12369' });
  t.equal((await ctx.act(open.id, 'review', 'operator', { reason: '不服' })).json().code, 'INVALID_TRANSITION');
  t.match((await ctx.act(late.id, 'review/decision', 'supervisor', { outcome: 'maybe', opinion: 'x' })).json(), { statusCode: 400, field: 'outcome' });
});
