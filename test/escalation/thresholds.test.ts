import t from 'tap';
import { loadOfficialCalendar } from '../../src/calendar/official.js';
import { dueEscalations } from '../../src/escalation/thresholds.js';

const calendar = loadOfficialCalendar('/nonexistent');
const at = (iso: string) => new Date(iso);
const kinds = (status: string, signDueAt: string | null, replyDueAt: string | null, now: string) =>
  dueEscalations({ status, signDueAt: signDueAt ? at(signDueAt) : null, replyDueAt: replyDueAt ? at(replyDueAt) : null }, at(now), calendar).map((e) => e.kind);

t.test('an unsigned case past its sign limit gets a reminder, one second after and not before', async (t) => {
  t.same(kinds('assigned', '2026-11-19T23:59:59+08:00', '2026-12-09T23:59:59+08:00', '2026-11-19T23:59:59+08:00'), []);
  t.same(kinds('assigned', '2026-11-19T23:59:59+08:00', '2026-12-09T23:59:59+08:00', '2026-11-20T00:00:00+08:00'), ['sign-reminder']);
  t.same(kinds('signed', '2026-11-19T23:59:59+08:00', '2026-12-09T23:59:59+08:00', '2026-11-20T00:00:00+08:00'), [], 'signed late is no longer reminded');
});

t.test('a reply due within one working day is reminded; the weekend does not count', async (t) => {
  // Due Monday 11-23 end of day; on Friday 11-20 at 10:00 one working day reaches Monday.
  t.same(kinds('signed', null, '2026-11-23T23:59:59+08:00', '2026-11-20T10:00:00+08:00'), ['reply-reminder']);
  t.same(kinds('signed', null, '2026-11-24T23:59:59+08:00', '2026-11-20T10:00:00+08:00'), [], 'two working days left');
});

t.test('an overdue reply gets a supervision order, and after five more working days a public notice', async (t) => {
  t.same(kinds('signed', null, '2026-09-28T23:59:59+08:00', '2026-09-29T09:00:00+08:00'), ['supervision-order']);
  // Five working days after 09-28: 09-29, 09-30, 10-08, 10-09, 10-10 (make-up Saturday) → listed from 10-11.
  t.same(kinds('signed', null, '2026-09-28T23:59:59+08:00', '2026-10-10T23:59:59+08:00'), ['supervision-order']);
  t.same(kinds('reopened', null, '2026-09-28T23:59:59+08:00', '2026-10-11T00:00:00+08:00'), ['supervision-order', 'public-notice']);
});

t.test('cases not awaiting a reply are left alone', async (t) => {
  for (const status of ['triage', 'replied', 'closed', 'rejected']) {
    t.same(kinds(status, '2026-01-01T00:00:00+08:00', '2026-01-02T00:00:00+08:00', '2026-06-01T00:00:00+08:00'), [], status);
  }
});

t.test('the public notice mail to supervisors is its own Chinese template', async (t) => {
  const { renderMail } = await import('../../src/notify/templates.js');
  const mail = renderMail('public-notice', { trackingCode: 'CQ-20261001-ABCDEF', office: '重庆市生态环境保护督察办公室', replyDueAt: '2026-10-09T23:59:59+08:00', overdueWorkingDays: 6 });
  t.match(mail.subject, /拟通报工单/);
  t.match(mail.text, /CQ-20261001-ABCDEF/);
  t.match(mail.text, /6个工作日/);
});
