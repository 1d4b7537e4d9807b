import { chineseDateTime } from '../calendar/local-time.js';
import { REJECT_REASON_LABELS, type RejectReason } from '../cases/reject-reasons.js';

/**
 * Chinese mail templates for the outbox: subject and plain-text body, rendered from an outbox row's
 * payload at send time. A template reads only the fields it names below, never the payload as a
 * whole, so internal text (a reply's internalNotes, reporter identity) cannot leak into a mail
 * whatever a command puts in the payload. A missing or malformed field renders as a placeholder.
 *
 * Payload shapes (every field optional at render time; times are ISO-8601 strings):
 *
 * Office mails (intake's queueAssignmentMail, the lifecycle's queueOfficeMail) share
 *   caseId, trackingCode, office (the office's name), role ('lead' | 'cooperating'),
 * and the worker adds from the case when the payload lacks them (OutboxWorker.withCaseFacts)
 *   matter (the matter's title), district (the district's name), signDueAt, replyDueAt,
 * as they are when the mail is sent: a command that must state the times of the change writes them.
 *
 * - 'assignment'          交办通知. Also `reassigned: true` → rendered as 改派通知 (placeOffices writes it so).
 * - 'reassignment'        改派通知. Also reason (改派理由).
 * - 'assignment-withdrawn' 撤回通知: the office no longer holds the case. Also mergedInto (the tracking
 *                         code of the case a merged report joined: rendered as 并单, not 改派).
 * - 'transfer'            移交通知 (kind 'handover') or 移送通知 (kind 'criminal') to the office that now
 *                         leads. Also from (the transferring office's name), reason.
 * - 'arbitration-request' 会商提请通知 to the ecology-environment office that organises the 会商. Also reason.
 * - 'merged-report'       并单通知 to the lead office of a case another report joined. Also joined (the
 *                         merged report's tracking code).
 * - 'merged-report-withdrawn' 撤销并单通知 to the lead office of a case a report left (撤销并单). Also
 *                         report (the report's tracking code), reason.
 * - 'review-reminder'     复查答复催办 to a supervisor: the review is to be answered within a working day. Also reviewDueAt.
 * - 'review-overdue'      复查答复超期提醒 to a supervisor: the review's answer time has passed. Also reviewDueAt.
 * - 'reminder'            催办通知. Also kind: 'sign-reminder' (签收时限已过) | 'reply-reminder'
 *                         (一个工作日内到期), the escalation kinds of src/escalation/thresholds.ts.
 * - 'supervision-order'   督办通知 to an office, or to a supervisor (office: the supervisor's name, no
 *                         role). Also content (the supervisor's order, optional), overdueWorkingDays
 *                         (number, when the scheduler issues it for an overdue reply).
 * - 'public-notice'       拟通报工单 to a supervisor: overdue by more than five working days. Also
 *                         overdueWorkingDays, replyDueAt.
 * - 'reopen'              重新办理通知. Also round; review: true when a 复查 ordered it (not a callback).
 * - 'review-decision-to-reporter' 复查意见告知 to the citizen: trackingCode, outcome ('upheld' | 'rehandle'),
 *                         opinion (the supervisor's, written for the reporter). Queued by decideReview.
 * - 'cooperation-reply'   协办意见通知 to the lead office. Also from (the cooperating office's name).
 * - 'reply-to-reporter'   答复告知 to the citizen: trackingCode, office, repliedAt, publicReply only.
 *                         Queued by queueReplyToReporter (reporter-mail.ts): only when the reporter
 *                         gave an address and is not confidential.
 * - 'acceptance-to-reporter' 受理告知 to the citizen: trackingCode, office (the lead office's name), and
 *                         replyDueAt as the worker adds it. Queued by queueAcceptanceToReporter when a
 *                         case is given to a lead office, at intake or from triage.
 * - 'extension-to-reporter' 延期办理告知 to the citizen: trackingCode, reason (the extension's reason, which
 *                         the office writes knowing the reporter reads it), replyDueAt (the new one).
 *                         Queued by queueExtensionToReporter when a supervisor approves an extension.
 * - 'rejection-to-reporter' 不予受理告知 to the citizen: trackingCode, reason (a reject reason code, read
 *                         as its label), guidance (where to turn). Queued by queueRejectionToReporter.
 * - 'merge-to-reporter'   并案办理告知 to the citizen: trackingCode (their own), into (the tracking code of
 *                         the case their report joined). Queued by queueMergeToReporter.
 * - 'unmerge-to-reporter' 撤销并案告知 to the citizen: trackingCode, from (the case their report left).
 *                         Queued by queueUnmergeToReporter.
 * Any other template renders as a generic 工单通知 with the tracking code, so no row is stuck on a
 * template this build does not know.
 */

export interface RenderedMail {
  subject: string;
  text: string;
}

export type MailPayload = Record<string, unknown>;

export const PLACEHOLDER = '（未提供）';

const SIGNATURE = [
  '',
  '——',
  '12345 / 12369 生态环境投诉受理与派单系统',
  '本邮件由系统自动发送，请勿直接回复。',
].join('\n');

const OFFICE_FOOTER = '请登录工单系统查看工单详情并按时办理。';

type Template = (p: Fields) => RenderedMail;

const TEMPLATES: Record<string, Template> = {
  assignment: (p) => (p.flag('reassigned') ? TEMPLATES.reassignment!(p) : officeMail(p, '交办通知', [
    `现将以下生态环境投诉工单交由贵单位${p.role()}，请在签收时限内签收，并在答复时限内办结答复。`,
  ], true)),

  reassignment: (p) => officeMail(p, '改派通知', [
    `经分拨核定，以下工单改派由贵单位${p.role()}，请在签收时限内签收，并在答复时限内办结答复。`,
    ...(p.has('reason') ? [`改派理由：${p.text('reason')}`] : []),
  ], true),

  'assignment-withdrawn': (p) => officeMail(p, '撤回通知', [
    p.has('mergedInto')
      ? `以下工单与正在办理的工单 ${p.text('mergedInto')} 反映同一问题，已并入该工单一并办理，贵单位无需单独办理。此前的办理情况已留存于工单记录。`
      : '以下工单已改由其他单位办理，贵单位无需继续办理。此前的办理情况已留存于工单记录。',
  ], false),

  transfer: (p) => officeMail(p, p.text('kind', '') === 'criminal' ? '移送通知' : '移交通知', [
    p.text('kind', '') === 'criminal'
      ? `${p.text('from', '原承办单位')}在办理中发现以下工单涉嫌环境违法犯罪，现移送贵单位主办，请在签收时限内签收，依法立案侦查并按时答复。`
      : `${p.text('from', '原承办单位')}经核查，本部门无相应执法职能，现将以下工单移交贵单位主办，请在签收时限内签收，并在答复时限内办结答复。`,
    ...(p.has('reason') ? [`移交理由：${p.text('reason')}`] : []),
  ], true),

  'arbitration-request': (p) => officeMail(p, '会商提请通知', [
    '以下工单的承办职责未能明确（相关单位退单或清单未涵盖），现提请贵局按照生态环境保护责任清单组织相关职能部门研究会商，明确牵头部门后在工单系统中定责交办。',
    ...(p.has('reason') ? [`提请理由：${p.text('reason')}`] : []),
  ], false),

  'merged-report': (p) => officeMail(p, '并单通知', [
    `反映同一问题的工单${p.has('joined') ? ` ${p.text('joined')} ` : ''}已并入贵单位${p.role()}的以下工单，请在核查时一并考虑，答复将同时告知并入工单的反映人。`,
  ], true),

  'merged-report-withdrawn': (p) => officeMail(p, '撤销并单通知', [
    `工单${p.has('report') ? ` ${p.text('report')} ` : ''}此前并入贵单位${p.role()}的以下工单，经核实反映的并非同一问题，已撤销并单、另行分拨办理，贵单位答复时无需再考虑该工单。`,
    ...(p.has('reason') ? [`撤销理由：${p.text('reason')}`] : []),
  ], true),

  'review-reminder': (p) => officeMail(p, '复查答复催办', [
    `以下工单的复查申请应于 ${p.time('reviewDueAt')} 前作出复查意见并告知反映人，请抓紧办理。`,
  ], false),

  'review-overdue': (p) => officeMail(p, '复查答复超期提醒', [
    `以下工单的复查申请已超过答复期限（${p.time('reviewDueAt')}），尚未作出复查意见，请立即办理并告知反映人。`,
  ], false),

  reminder: (p) => {
    const kind = p.text('kind', '');
    const line = kind === 'sign-reminder'
      ? `该工单签收时限（${p.time('signDueAt')}）已过，贵单位尚未签收，请立即签收办理。`
      : kind === 'reply-reminder'
        ? `该工单将于一个工作日内到达答复时限（${p.time('replyDueAt')}），请抓紧办结并答复。`
        : '该工单即将或已经超过办理时限，请抓紧办理。';
    return officeMail(p, '催办通知', [line], true);
  },

  'supervision-order': (p) => officeMail(p, '督办通知', [
    p.has('overdueWorkingDays')
      ? `该工单已超过答复时限（${p.time('replyDueAt')}）${p.text('overdueWorkingDays')}个工作日，现予督办。`
      : `该工单已超过答复时限（${p.time('replyDueAt')}）或存在办理问题，现予督办。`,
    ...(p.has('content') ? [`督办意见：${p.text('content')}`] : []),
    '请贵单位高度重视，立即办理，并将办理结果按时答复。',
  ], true),

  'public-notice': (p) => officeMail(p, '拟通报工单', [
    `该工单已超过答复时限（${p.time('replyDueAt')}）${p.has('overdueWorkingDays') ? `${p.text('overdueWorkingDays')}个工作日` : '五个工作日以上'}仍未办结，已列入通报名单，请督察部门核实后予以通报。`,
  ], true),

  reopen: (p) => officeMail(p, '重新办理通知', [
    `${p.flag('review') ? '经复查，原办理意见予以撤销' : '经回访核实，该工单的办理结果未获认可'}，现退回贵单位重新办理${p.has('round') ? `（第${p.text('round')}轮）` : ''}，请在新的答复时限内办结答复。`,
  ], true),

  'cooperation-reply': (p) => officeMail(p, '协办意见通知', [
    `协办单位${p.has('from') ? `“${p.text('from')}”` : ''}已提交协办意见，请在工单系统中查阅，并在答复时限内汇总答复。`,
  ], true),

  'acceptance-to-reporter': (p) => reporterMail(`【受理告知】您反映的问题（${p.text('trackingCode')}）已受理`, [
    `您通过 12345 / 12369 热线反映的问题已受理，工单编号：${p.text('trackingCode')}。`,
    `已交由${p.text('office', '承办单位')}办理${p.has('replyDueAt') ? `，答复期限：${p.time('replyDueAt')}` : ''}。`,
  ], '您可凭工单编号和受理时告知您的提取码在市民查询页面查看办理进度。'),

  'extension-to-reporter': (p) => reporterMail(`【延期办理告知】您反映的问题（${p.text('trackingCode')}）`, [
    `您通过 12345 / 12369 热线反映的问题（工单编号：${p.text('trackingCode')}）正在办理中。`,
    // The office's reason is a clause here: its own closing punctuation would double the sentence's.
    `因${p.text('reason').replace(/[。．.！!；;，,]+$/u, '')}，经批准延期办理，答复时限延长至${p.time('replyDueAt')}。`,
  ], '您可凭工单编号和提取码在市民查询页面查看办理情况。', '感谢您的理解与支持！'),

  'rejection-to-reporter': (p) => reporterMail(`【不予受理告知】您反映的问题（${p.text('trackingCode')}）`, [
    `您通过 12345 / 12369 热线反映的问题（工单编号：${p.text('trackingCode')}）经审核不予受理。`,
    `原因：${rejectReasonLabel(p)}。`,
    p.text('guidance'),
  ], '您可凭工单编号和提取码在市民查询页面查看。如有疑问，请再次致电热线。'),

  'merge-to-reporter': (p) => reporterMail(`【并案办理告知】您反映的问题（${p.text('trackingCode')}）`, [
    `您通过 12345 / 12369 热线反映的问题（工单编号：${p.text('trackingCode')}）与正在办理的工单 ${p.text('into')} 反映的是同一问题，已并入该工单一并办理。`,
    '该工单的办理结果将同时答复您。',
  ], '您仍可凭本工单编号和提取码在市民查询页面查看办理进度。'),

  'unmerge-to-reporter': (p) => reporterMail(`【撤销并案告知】您反映的问题（${p.text('trackingCode')}）`, [
    `您反映的问题（工单编号：${p.text('trackingCode')}）此前并入工单 ${p.text('from')} 办理。经核实，两者并非同一问题，现已撤销并案，您的诉求将单独交办处理。`,
  ], '您可凭本工单编号和提取码在市民查询页面查看办理进度。'),

  'review-decision-to-reporter': (p) => reporterMail(`【复查意见告知】您反映的问题（${p.text('trackingCode')}）`, [
    `您对工单 ${p.text('trackingCode')} 的办理结果提出的复查申请已办理。`,
    p.text('outcome', '') === 'rehandle' ? '复查结论：责令承办单位重新办理，重新办理结果将另行答复您。' : '复查结论：维持原办理意见。',
    `复查意见：${p.text('opinion')}`,
  ], '您可凭工单编号和提取码在市民查询页面查看。'),

  'reply-to-reporter': (p) => reporterMail(`【答复告知】您反映的问题（${p.text('trackingCode')}）已办结`, [
    `您通过 12345 / 12369 热线反映的问题（工单编号：${p.text('trackingCode')}）已由${p.text('office', '承办单位')}办结答复${p.has('repliedAt') ? `（${p.time('repliedAt')}）` : ''}。答复内容如下：`,
    '',
    p.text('publicReply'),
  ], '您可凭工单编号和提取码在市民查询页面查看办理情况。如对办理结果有异议，请在接到回访时说明，或再次致电热线。'),
};

/** Renders an outbox row's mail; unknown templates and malformed payloads still give a mail. */
export function renderMail(template: string, payload: unknown): RenderedMail {
  const fields = new Fields(payload);
  const render = Object.hasOwn(TEMPLATES, template) ? TEMPLATES[template]! : genericMail;
  return render(fields);
}

export const TEMPLATE_NAMES = Object.keys(TEMPLATES);

/** A mail to the citizen: greeting, what happened, how to look the case up, thanks, signature. */
function reporterMail(subject: string, lines: string[], lookup: string, thanks = '感谢您对生态环境保护工作的关心与支持！'): RenderedMail {
  return { subject, text: ['尊敬的市民：', '', ...lines, '', lookup, thanks, SIGNATURE].join('\n') };
}

function officeMail(p: Fields, title: string, lines: string[], withDeadlines: boolean): RenderedMail {
  const facts = [
    `工单编号：${p.text('trackingCode')}`,
    ...(p.has('role') ? [`承办角色：${p.role()}`] : []),
    `投诉事项：${p.text('matter')}`,
    `所在区县：${p.text('district')}`,
    ...(withDeadlines ? [`签收时限：${p.time('signDueAt')}`, `答复时限：${p.time('replyDueAt')}`] : []),
  ];
  return {
    subject: `【${title}】工单 ${p.text('trackingCode')}${p.has('matter') ? ` ${p.text('matter')}` : ''}`,
    text: [`${p.text('office', '承办单位')}：`, '', ...lines, '', ...facts, '', OFFICE_FOOTER, SIGNATURE].join('\n'),
  };
}

function genericMail(p: Fields): RenderedMail {
  return {
    subject: `【工单通知】工单 ${p.text('trackingCode')}`,
    text: [`${p.text('office', '承办单位')}：`, '', `工单 ${p.text('trackingCode')} 有新的办理动态，请登录工单系统查看。`, SIGNATURE].join('\n'),
  };
}

/** A reject reason code as the reporter reads it; an unknown one as the placeholder. */
function rejectReasonLabel(p: Fields): string {
  const code = p.text('reason', '');
  return Object.hasOwn(REJECT_REASON_LABELS, code) ? REJECT_REASON_LABELS[code as RejectReason] : PLACEHOLDER;
}

/** Typed, forgiving access to a payload: strings, numbers and `{ name | title }` objects; anything else is missing. */
class Fields {
  private readonly values: Record<string, unknown>;

  constructor(payload: unknown) {
    this.values = payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? payload as Record<string, unknown> : {};
  }

  has(name: string): boolean {
    return this.read(name) !== null;
  }

  text(name: string, fallback = PLACEHOLDER): string {
    return this.read(name) ?? fallback;
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  role(): string {
    const role = this.values.role;
    return role === 'lead' ? '主办' : role === 'cooperating' ? '协办' : '办理';
  }

  /** `2026年11月19日 23:59（北京时间）`, or the placeholder. */
  time(name: string): string {
    const raw = this.values[name];
    const at = typeof raw === 'string' || typeof raw === 'number' ? new Date(raw) : null;
    if (!at || Number.isNaN(at.getTime())) return PLACEHOLDER;
    return `${chineseDateTime(at)}（北京时间）`;
  }

  private read(name: string): string | null {
    const raw = this.values[name];
    if (typeof raw === 'string') return raw.trim() === '' ? null : raw.trim();
    if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      const named = (raw as Record<string, unknown>).name ?? (raw as Record<string, unknown>).title;
      if (typeof named === 'string' && named.trim() !== '') return named.trim();
    }
    return null;
  }
}
