import t from 'tap';
import { ACTION_ROLES, ACTIONS, FINAL_STATES, nextState, OPEN_STATES, STATES, TRANSITIONS, type State } from '../../src/cases/transitions.js';

// The state changes DESIGN.md and issue 3 allow, written out by hand: the table must give exactly these.
const STATE_CHANGES = [
  'received -assign-> assigned', 'received -triage-> triage', 'received -reject-> rejected',
  'triage -assign-> assigned', 'triage -reassign-> assigned', 'triage -reject-> rejected',
  'assigned -sign-> signed', 'assigned -return-> returned',
  'returned -triage-> triage',
  'signed -reply-> replied',
  'replied -reopen-> reopened', 'replied -close-> closed',
  'reopened -reply-> replied',
  // 并单 (DOMAIN.md): a repeat joins the open case, from the dispatchers' queue or before an office signs.
  'triage -merge-> merged', 'assigned -merge-> merged',
  // 撤销并单: a report merged by mistake goes back to the dispatchers.
  'merged -unmerge-> triage',
  // 移交 / 移送 (DOMAIN.md, seed 002 (十八)): the lead office passes a signed case to another department.
  'signed -transfer-> assigned',
  // 会商 (DOMAIN.md, seeds 000 §二(三), 002 (七)): a lead nobody takes is fixed by the ecology-environment department.
  'triage -refer-arbitration-> arbitration', 'arbitration -arbitrate-> assigned', 'arbitration -reject-> rejected',
  // 复查 (DOMAIN.md: 12369, within 30 days of the reply): upheld closes, otherwise handled again.
  'replied -request-review-> review', 'closed -request-review-> review', 'review -uphold-> closed', 'review -reopen-> reopened',
];

t.test('the table changes state exactly along the lifecycle of DESIGN.md', async (t) => {
  const changes = TRANSITIONS.filter((x) => x.from !== x.to).map((x) => `${x.from} -${x.action}-> ${x.to}`);
  t.same([...changes].sort(), [...STATE_CHANGES].sort());
});

t.test('actions that keep the state are allowed exactly where the issue says', async (t) => {
  const inPlace = (action: string) => TRANSITIONS.filter((x) => x.action === action && x.from === x.to).map((x) => x.from).sort();
  t.same(inPlace('add-note'), ['arbitration', 'assigned', 'received', 'reopened', 'replied', 'review', 'signed', 'triage'], 'notes at any open state');
  t.same(inPlace('attach'), inPlace('add-note'), 'files wherever notes');
  t.same(inPlace('supervision-order'), ['arbitration', 'assigned', 'received', 'reopened', 'replied', 'review', 'signed', 'triage'], 'supervision orders at any open state');
  t.same(inPlace('decide-review'), ['review']);
  t.same(inPlace('cooperation-reply'), ['assigned', 'reopened', 'signed']);
  t.same(inPlace('request-extension'), ['reopened', 'signed'], 'extensions while the reply is being prepared');
  t.same(inPlace('decide-extension'), ['reopened', 'signed']);
  t.same(inPlace('callback'), ['replied']);
  t.same(inPlace('reassign'), ['assigned'], 'a dispatcher may move an assigned case before it is signed');
  t.same(inPlace('reissue-access-code'), [...STATES].sort(), 'a new access code in every state: a reporter follows a closed case too');
});

t.test('walking every state × action: nextState answers the table and nothing else', async (t) => {
  for (const state of STATES) {
    for (const action of ACTIONS) {
      const row = TRANSITIONS.find((x) => x.from === state && x.action === action);
      t.equal(nextState(state, action), row?.to ?? null, `${state} + ${action}`);
    }
  }
  t.equal(nextState('no-such-state', 'sign'), null);
  t.equal(new Set(TRANSITIONS.map((x) => `${x.from}/${x.action}`)).size, TRANSITIONS.length, 'one next state per state and action');
});

t.test('every state is reachable from received, and every open state can still end', async (t) => {
  const reach = (from: State): Set<State> => {
    const seen = new Set<State>([from]);
    for (let grew = true; grew;) {
      grew = false;
      for (const x of TRANSITIONS) if (seen.has(x.from) && !seen.has(x.to)) { seen.add(x.to); grew = true; }
    }
    return seen;
  };
  t.same([...reach('received')].sort(), [...STATES].sort(), 'no unreachable state');
  for (const state of OPEN_STATES) {
    const ends = [...reach(state)].filter((s) => FINAL_STATES.includes(s));
    t.ok(ends.length > 0, `${state} can reach closed or rejected`);
  }
  // Final but for 复查 (a closed case's reporter may still ask for review within the window) and for
  // undoing a mistaken merge.
  const exceptions: Partial<Record<State, string>> = { closed: 'request-review', merged: 'unmerge' };
  // 补发提取码 records a new code and keeps the state: it is no way out of a final state.
  for (const state of FINAL_STATES) {
    t.same(TRANSITIONS.filter((x) => x.from === state && x.action !== exceptions[state] && x.action !== 'reissue-access-code').map((x) => x.action), [],
      `${state} is final: no action but ${exceptions[state] ?? 'none'} (and a new access code)`);
    t.equal(nextState(state, 'reissue-access-code'), state);
  }
  t.same(FINAL_STATES.filter((s) => nextState(s, 'request-review')), ['closed'], 'of the final states only a closed case may be reviewed');
});

t.test('every action is in the table, with the roles that take it (admins are implied, never listed)', async (t) => {
  for (const action of ACTIONS) {
    t.ok(TRANSITIONS.some((x) => x.action === action), `${action} has a row`);
    t.ok(ACTION_ROLES[action].length > 0, `${action} has roles`);
    t.notOk(ACTION_ROLES[action].includes('admin'), `${action} does not list admin`);
  }
  t.same(ACTION_ROLES.sign, ['handler']);
  t.same(ACTION_ROLES.close, ['supervisor']);
  t.same(ACTION_ROLES['decide-extension'], ['supervisor']);
  t.same(ACTION_ROLES.callback, ['operator']);
  t.same([...ACTION_ROLES.merge].sort(), ['operator', 'supervisor'], 'dispatchers merge, offices do not');
  t.same([...ACTION_ROLES.assign].sort(), ['operator', 'supervisor']);
  for (const x of TRANSITIONS) t.equal(x.roles, ACTION_ROLES[x.action], `${x.from}/${x.action} carries its action's roles`);
});
