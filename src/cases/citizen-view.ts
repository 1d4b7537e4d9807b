import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { cached } from '../../db/prepared.js';
import { cases, events, extensions, replies } from '../../db/schema.js';
import { formatLocal } from '../calendar/local-time.js';
import type { Services } from '../services.js';
import { hashAccessCode } from './codes.js';
import { REJECT_REASON_LABELS, type RejectReason } from './reject-reasons.js';
import { handlingCase } from './commands/merge.js';
import { reviewOpenUntil } from './commands/review.js';
import { activeAssignments, type CaseRow } from './repository.js';
import { AWAITING_REPLY, STATE_LABELS, type State } from './transitions.js';

/**
 * The steps a citizen is told about, in their words; internal steps (notes, cooperation, extensions
 * asked or refused) stay internal. An extension decision counts only when approved.
 */
export const PUBLIC_MILESTONES: Record<string, string> = {
  receive: '诉求已受理', assign: '已交办承办单位', reassign: '已改派承办单位', sign: '承办单位已签收',
  'decide-extension': '经批准延期办理', reply: '承办单位已答复', reopen: '回访不满意，已重新交办', close: '已核查办结', reject: '不予受理',
  merge: '与正在办理的同一问题工单并案办理', unmerge: '已撤销并案，单独办理', transfer: '已移交有执法职能的部门办理',
  'refer-arbitration': '承办职责待会商明确', arbitrate: '经会商明确承办单位',
  'request-review': '已申请复查', 'decide-review': '复查意见已作出', callback: '已回访评价',
};
/** A criminal referral is told as such: the reporter learns the police took the case over. */
const CRIMINAL_REFERRAL = '涉嫌环境违法犯罪，已移送公安机关办理';

/**
 * 查询进度: what the holder of a tracking code and its access code may see — status, the office
 * handling it, its due time, the public reply and the public milestones. Never the reporter, the
 * internal notes or the measures recorded for supervisors. Null when the codes do not match.
 */
export function citizenView(services: Services, trackingCode: string, accessCode: string) {
  const row = caseByCodes(services, trackingCode, accessCode);
  return row ? citizenViewOf(services, row) : null;
}

/** The case whose tracking code and access code these are, or null (one answer for an unknown code and a wrong access code). */
export function caseByCodes(services: Services, trackingCode: string, accessCode: string): CaseRow | null {
  const row = statements(services.db).caseByCode.get({ code: trackingCode.toUpperCase() });
  return row && row.accessCodeHash === hashAccessCode(row.trackingCode, accessCode) ? row : null;
}

/** What the reporter sees of their case, read once its codes were checked. */
export function citizenViewOf(services: Services, row: CaseRow) {
  const { db } = services;
  const q = statements(db);
  const steps = q.milestones.all({ caseId: row.id }).filter((s) => s.action !== 'decide-extension' || s.payload.approved === true);
  // 并单: a merged report is handled as the case it joined (or that case's own, if it was merged in
  // turn); its reporter follows that case's office, due time and public reply (never its reporter or
  // internal text), under their own codes.
  const into = row.status === 'merged' ? handlingCase(db, row.id) : null;
  const joined = into ? q.caseById.get({ id: Number(into.id) }) : undefined;
  const handled = joined ?? row;
  const lead = activeAssignments(db, handled.id).find((a) => a.role === 'lead');
  const reply = q.latestReply.get({ caseId: handled.id });
  // 延期: the reporter is told why and until when (信访工作条例).
  const extension = q.approvedExtension.get({ caseId: handled.id });
  const decision = row.decision as { classification?: { matter?: { title?: string } | null } };
  // 不予受理: the reporter is told why and where to turn (the guidance is written for them). The reject
  // event is among the milestones just read.
  const rejected = row.status === 'rejected' ? steps.filter((s) => s.action === 'reject').at(-1)?.payload as { reason?: string; guidance?: string } | undefined : undefined;
  return {
    trackingCode: row.trackingCode,
    status: row.status,
    statusLabel: STATE_LABELS[row.status as State] ?? row.status,
    receivedAt: formatLocal(row.receivedAt),
    matter: decision.classification?.matter?.title ?? null,
    district: row.districtName,
    office: lead?.officeName ?? null,
    replyDueAt: handled.replyDueAt && AWAITING_REPLY.includes(handled.status as State) ? formatLocal(handled.replyDueAt) : null,
    reply: reply ? { office: reply.officeName, repliedAt: formatLocal(reply.repliedAt), publicReply: reply.publicReply } : null,
    extension: extension?.newDueAt ? { reason: extension.reason, replyDueAt: formatLocal(extension.newDueAt) } : null,
    rejection: rejected ? { reason: REJECT_REASON_LABELS[rejected.reason as RejectReason] ?? '不予受理', guidance: rejected.guidance ?? '' } : null,
    // 复查: the request and, once given, the outcome and opinion (written for the reporter).
    review: reviewOf(steps),
    mergedInto: joined ? { trackingCode: joined.trackingCode, status: joined.status, statusLabel: STATE_LABELS[joined.status as State] ?? joined.status } : null,
    milestones: steps.map((s) => ({ at: formatLocal(s.at), label: milestoneLabel(s) })),
    // What the reporter may do here: evaluate the reply of their own case (满意度评价, the callback),
    // and ask for 复查 while the window is open (12369).
    canEvaluate: !joined && row.status === 'replied' && reply !== undefined && reply.callbackAt === null,
    reviewOpenUntil: joined ? null : time(reviewOpenUntil(services, row, services.clock())),
  };
}

const time = (d: Date | null) => (d ? formatLocal(d) : null);

export function milestoneLabel(s: { action: string; payload: Record<string, unknown> }): string {
  if (s.action === 'transfer' && s.payload.kind === 'criminal') return CRIMINAL_REFERRAL;
  if (s.action === 'reopen' && s.payload.after === 'review') return '经复查，已重新交办';
  return PUBLIC_MILESTONES[s.action]!;
}

function reviewOf(steps: Array<{ at: Date; action: string; payload: Record<string, unknown> }>) {
  const requested = steps.filter((s) => s.action === 'request-review').at(-1);
  if (!requested) return null;
  const decided = steps.filter((s) => s.action === 'decide-review' && s.at >= requested.at).at(-1);
  return {
    requestedAt: formatLocal(requested.at),
    reviewDueAt: typeof requested.payload.reviewDueAt === 'string' ? requested.payload.reviewDueAt : null,
    outcome: decided ? (decided.payload.outcome === 'rehandle' ? '责令重新办理' : '维持原办理意见') : null,
    opinion: decided ? String(decided.payload.opinion ?? '') : null,
  };
}

/**
 * The lookup's reads, built and compiled once per connection (db/prepared.ts): the lookup is a hot
 * path, and building each query with drizzle and compiling it in SQLite took ~80 % of it (profiled).
 */
function statements(db: Db) {
  return cached(db, 'citizen-view', () => ({
    caseByCode: db.select().from(cases).where(eq(cases.trackingCode, sql.placeholder('code'))).prepare(),
    caseById: db.select().from(cases).where(eq(cases.id, sql.placeholder('id'))).prepare(),
    latestReply: db.select({ publicReply: replies.publicReply, repliedAt: replies.repliedAt, officeName: replies.officeName, callbackAt: replies.callbackAt })
      .from(replies).where(eq(replies.caseId, sql.placeholder('caseId'))).orderBy(desc(replies.round)).limit(1).prepare(),
    milestones: db.select({ at: events.at, action: events.action, payload: events.payload }).from(events)
      .where(and(eq(events.caseId, sql.placeholder('caseId')), inArray(events.action, Object.keys(PUBLIC_MILESTONES)))).orderBy(asc(events.id)).prepare(),
    approvedExtension: db.select({ reason: extensions.reason, newDueAt: extensions.newDueAt }).from(extensions)
      .where(and(eq(extensions.caseId, sql.placeholder('caseId')), eq(extensions.state, 'approved'))).orderBy(desc(extensions.id)).limit(1).prepare(),
  }));
}
