import type { Role } from '../auth/keys.js';

/** The states of a case (DESIGN.md "Lifecycle"). Overdue is derived from due times, never a state. */
export const STATES = ['received', 'triage', 'assigned', 'rejected', 'signed', 'returned', 'replied', 'reopened', 'closed', 'merged', 'arbitration', 'review'] as const;
export type State = (typeof STATES)[number];

/**
 * Terminal states: nothing is done to the case any more, but for a closed case's 复查 (review), which
 * the reporter of a 12369 case may ask for within its window, and a merge undone (撤销并单). A merged
 * case (并单) lives on in the case it joined.
 */
export const FINAL_STATES: readonly State[] = ['rejected', 'closed', 'merged'];
export const OPEN_STATES: readonly State[] = STATES.filter((s) => !FINAL_STATES.includes(s));

/** A department holds the case and owes its reply: where reply deadlines, overdue and escalation apply. */
export const AWAITING_REPLY: readonly State[] = ['assigned', 'signed', 'reopened'];
/** The same set as an SQL list, for queries on the status column. */
export const AWAITING_REPLY_SQL = `(${AWAITING_REPLY.map((s) => `'${s}'`).join(', ')})`;
/** No office leads the case in these states (not yet or no longer dispatched). */
export const NO_LEAD_STATES: readonly State[] = ['received', 'triage', 'returned', 'rejected', 'merged', 'arbitration'];

/**
 * Every action recorded on a case. `triage` after a return, `reopen` after an unsatisfied callback
 * or a review that orders the case handled again, and `uphold` after a review that confirms the
 * handling are follow-ups: no endpoint takes them alone, the command of the first action does.
 */
export const ACTIONS = [
  'assign', 'reject', 'sign', 'return', 'triage', 'reassign', 'cooperation-reply', 'reply',
  'request-extension', 'decide-extension', 'callback', 'reopen', 'close', 'add-note', 'supervision-order', 'merge', 'transfer', 'refer-arbitration', 'arbitrate',
  'request-review', 'decide-review', 'uphold', 'attach', 'unmerge', 'reissue-access-code',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Who takes each action. Admins may take every action (see policies.ts); they are not listed. */
export const ACTION_ROLES: Record<Action, readonly Role[]> = {
  assign: ['operator', 'supervisor'],
  reject: ['operator', 'supervisor'],
  reassign: ['operator', 'supervisor'],
  triage: ['operator', 'handler'],
  sign: ['handler'],
  return: ['handler'],
  'cooperation-reply': ['handler'],
  reply: ['handler'],
  'request-extension': ['handler'],
  'decide-extension': ['supervisor'],
  callback: ['operator'],
  reopen: ['operator'],
  close: ['supervisor'],
  'add-note': ['operator', 'handler', 'supervisor'],
  attach: ['operator', 'handler', 'supervisor'],
  'supervision-order': ['supervisor'],
  merge: ['operator', 'supervisor'],
  unmerge: ['operator', 'supervisor'],
  transfer: ['handler'],
  'refer-arbitration': ['operator', 'supervisor'],
  // The ecology-environment office of the case's district (or of the city) organises the 会商; see policies.ts.
  arbitrate: ['handler', 'supervisor'],
  // 复查: the hotline takes the reporter's request; the supervising authority answers it.
  'request-review': ['operator', 'supervisor'],
  'decide-review': ['supervisor'],
  uphold: ['supervisor'],
  // 补发提取码: the hotline, having checked on the phone that the caller is the reporter.
  'reissue-access-code': ['operator', 'supervisor'],
};

export interface Transition {
  from: State;
  action: Action;
  to: State;
  roles: readonly Role[];
}

const HANDLING: readonly State[] = ['signed', 'reopened'];

const rows: Array<[State | readonly State[], Action, State | 'same']> = [
  ['received', 'triage', 'triage'],
  ['received', 'assign', 'assigned'],
  ['received', 'reject', 'rejected'],
  ['triage', 'assign', 'assigned'],
  ['triage', 'reassign', 'assigned'],
  ['triage', 'reject', 'rejected'],
  // 会商: responsibility no department will take goes to the ecology-environment department to fix a lead.
  ['triage', 'refer-arbitration', 'arbitration'],
  ['arbitration', 'arbitrate', 'assigned'],
  ['arbitration', 'reject', 'rejected'],
  // 并单: a repeat report joins the open case of the same problem, before an office has signed for it.
  [['triage', 'assigned'], 'merge', 'merged'],
  // 撤销并单: a report merged by mistake goes back to the dispatchers, to be handled on its own.
  ['merged', 'unmerge', 'triage'],
  ['assigned', 'sign', 'signed'],
  ['assigned', 'return', 'returned'],
  ['assigned', 'reassign', 'assigned'],
  // A returned case goes straight back to the dispatchers' queue; both steps are recorded.
  ['returned', 'triage', 'triage'],
  [HANDLING, 'reply', 'replied'],
  // 移交 / 移送: the lead office, having signed and looked into it, passes the lead on; the receiver signs anew.
  ['signed', 'transfer', 'assigned'],
  // Cooperating offices may send their input as soon as they are assigned, before the lead signs.
  [['assigned', ...HANDLING], 'cooperation-reply', 'same'],
  [HANDLING, 'request-extension', 'same'],
  [HANDLING, 'decide-extension', 'same'],
  ['replied', 'callback', 'same'],
  ['replied', 'reopen', 'reopened'],
  ['replied', 'close', 'closed'],
  // 复查 (12369, 信访工作条例): the reporter asks within the review window after the reply; the decision
  // upholds the handling (the case closes) or orders it handled again (reopen, as after a callback).
  [['replied', 'closed'], 'request-review', 'review'],
  ['review', 'decide-review', 'same'],
  ['review', 'uphold', 'closed'],
  ['review', 'reopen', 'reopened'],
  [OPEN_STATES.filter((s) => s !== 'returned'), 'add-note', 'same'],
  [OPEN_STATES.filter((s) => s !== 'returned'), 'attach', 'same'],
  [OPEN_STATES.filter((s) => s !== 'returned'), 'supervision-order', 'same'],
  // In every state, final ones included: a reporter follows a closed, refused or merged case too.
  [STATES, 'reissue-access-code', 'same'],
];

/** The lifecycle as one table: from-state, action, roles allowed, next state. */
export const TRANSITIONS: readonly Transition[] = rows.flatMap(([from, action, to]) =>
  (typeof from === 'string' ? [from] : from).map((f) => ({ from: f, action, to: to === 'same' ? f : to, roles: ACTION_ROLES[action] })));

/** The state an action leads to from `from`, or null when the table does not allow it. */
export function nextState(from: string, action: Action): State | null {
  return TRANSITIONS.find((t) => t.from === from && t.action === action)?.to ?? null;
}

/** The states from which an action may be taken, for error messages. */
export function statesAllowing(action: Action): State[] {
  return TRANSITIONS.filter((t) => t.action === action).map((t) => t.from);
}

/** 中文 labels of the states, for people. */
export const STATE_LABELS: Record<State, string> = {
  received: '已受理', triage: '待分拨', assigned: '已交办', rejected: '不予受理', signed: '已签收',
  returned: '已退单', replied: '已办结', reopened: '重办中', closed: '已销号', merged: '已并案办理', arbitration: '会商定责中', review: '复查中',
};
