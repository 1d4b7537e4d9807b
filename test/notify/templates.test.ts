import t from 'tap';
import { PLACEHOLDER, renderMail, TEMPLATE_NAMES } from '../../src/notify/templates.js';

const SECRET = '内部：施工单位负责人系区里熟人，从轻处理';

/** Every field any template reads, plus the ones none may show. */
const FULL = {
  caseId: 42, trackingCode: 'CQ-20261118-K7Q2ZP', office: '重庆市渝中区生态环境局', role: 'lead',
  matter: '建筑施工夜间噪声扰民', district: '渝中区',
  signDueAt: '2026-11-19T15:59:59.000Z', replyDueAt: '2026-12-09T15:59:59.000Z', repliedAt: '2026-11-25T08:30:00.000Z',
  kind: 'sign-reminder', reason: '属住建部门职责', content: '请于三日内报送整改情况', overdueWorkingDays: 6, round: 2, from: '重庆市渝中区城市管理局',
  publicReply: '经现场核查，该工地已停止夜间施工。',
  internalNotes: SECRET, reporterName: '张三', reporterPhone: '13800000000',
};

t.test('every template renders in Chinese, and none shows internal notes or the reporter', async (t) => {
  t.ok(TEMPLATE_NAMES.length >= 5);
  for (const name of [...TEMPLATE_NAMES, 'some-future-template']) {
    const { subject, text } = renderMail(name, FULL);
    t.match(subject, /^【[\u4e00-\u9fff]+】/, `${name}: subject starts with a Chinese title`);
    t.match(subject + text, 'CQ-20261118-K7Q2ZP', `${name}: tracking code`);
    t.match(text, /本邮件由系统自动发送/);
    for (const hidden of [SECRET, '从轻处理', '张三', '13800000000']) t.notMatch(subject + text, hidden, `${name}: no ${hidden.slice(0, 4)}`);
  }
});

t.test('what each notice says', async (t) => {
  const assignment = renderMail('assignment', FULL);
  t.equal(assignment.subject, '【交办通知】工单 CQ-20261118-K7Q2ZP 建筑施工夜间噪声扰民');
  for (const line of ['重庆市渝中区生态环境局：', '承办角色：主办', '投诉事项：建筑施工夜间噪声扰民', '所在区县：渝中区',
    '签收时限：2026年11月19日 23:59（北京时间）', '答复时限：2026年12月9日 23:59（北京时间）']) t.match(assignment.text, line);
  t.match(renderMail('assignment', { ...FULL, role: 'cooperating' }).text, '承办角色：协办');
  t.match(renderMail('assignment', { ...FULL, reassigned: true }).subject, /^【改派通知】/, 'a reassignment written as assignment reads as one');
  t.match(renderMail('reassignment', FULL).text, '改派理由：属住建部门职责');
  t.match(renderMail('reminder', { ...FULL, kind: undefined }).text, '即将或已经超过办理时限', 'a reminder of no known kind still reads');
  t.match(renderMail('reminder', FULL).text, '签收时限（2026年11月19日 23:59（北京时间））已过');
  t.match(renderMail('reminder', { ...FULL, kind: 'reply-reminder' }).text, '一个工作日内到达答复时限（2026年12月9日 23:59');
  const order = renderMail('supervision-order', FULL);
  t.match(order.subject, /^【督办通知】/);
  t.match(order.text, '超过答复时限（2026年12月9日 23:59（北京时间））6个工作日');
  t.match(order.text, '督办意见：请于三日内报送整改情况');
  const reply = renderMail('reply-to-reporter', FULL);
  t.equal(reply.subject, '【答复告知】您反映的问题（CQ-20261118-K7Q2ZP）已办结');
  t.match(reply.text, '经现场核查，该工地已停止夜间施工。');
  t.match(reply.text, '由重庆市渝中区生态环境局办结答复（2026年11月25日 16:30（北京时间））');
  t.notMatch(reply.text, '签收时限');
});

t.test('missing or malformed payload fields give placeholders, never a crash', async (t) => {
  for (const payload of [{}, null, undefined, 'text', [1, 2], { trackingCode: 7, signDueAt: 'not a date', office: { name: '某办公室' }, matter: { code: 'x', title: '某事项' }, role: 'boss', kind: 3 }]) {
    for (const name of [...TEMPLATE_NAMES, 'unknown']) {
      const mail = renderMail(name, payload);
      t.ok(mail.subject.length > 0 && mail.text.length > 0, `${name} with ${JSON.stringify(payload)}`);
    }
  }
  const bare = renderMail('assignment', {});
  t.equal(bare.subject, `【交办通知】工单 ${PLACEHOLDER}`);
  t.match(bare.text, `签收时限：${PLACEHOLDER}`);
  t.match(bare.text, '承办单位：', 'no office name: a generic salutation');
  const odd = renderMail('assignment', { trackingCode: 7, signDueAt: 'not a date', office: { name: '某办公室' }, matter: { code: 'x', title: '某事项' } });
  t.match(odd.text, '某办公室：');
  t.match(odd.text, '投诉事项：某事项');
  t.match(odd.text, `签收时限：${PLACEHOLDER}`);
  t.match(renderMail('reply-to-reporter', {}).text, `工单编号：${PLACEHOLDER}`);
});
