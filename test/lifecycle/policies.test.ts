import t from 'tap';
import type { Principal } from '../../src/auth/keys.js';
import { type CaseScope, mayAct, mayIntake, mayRead, reporterVisibility, seesReporterIdentity } from '../../src/cases/policies.js';
import { ACTIONS, type Action } from '../../src/cases/transitions.js';

// A 12345 case of 重庆 held by housing-construction 渝中区 (lead) and ecology-environment 渝中区 (cooperating).
const scope: CaseScope = {
  jurisdiction: 'chongqing',
  channel: '12345',
  holders: [
    { department: 'housing-construction', districtCode: '500103', role: 'lead' },
    { department: 'ecology-environment', districtCode: '500103', role: 'cooperating' },
  ],
  district: '500103',
};

const principal = (role: Principal['role'], more: Partial<Principal> = {}): Principal =>
  ({ keyId: 'k', role, jurisdiction: 'chongqing', channel: null, department: null, district: null, ...more });

// The callers, in the column order of the table below.
const WHO: Record<string, Principal> = {
  operator: principal('operator'),
  operator12345: principal('operator', { channel: '12345' }),
  operator12369: principal('operator', { channel: '12369' }),
  operatorShanghai: principal('operator', { jurisdiction: 'shanghai' }),
  supervisor: principal('supervisor'),
  supervisorShanghai: principal('supervisor', { jurisdiction: 'shanghai' }),
  admin: principal('admin', { jurisdiction: null }),
  lead: principal('handler', { department: 'housing-construction', district: '500103' }),
  cooperating: principal('handler', { department: 'ecology-environment', district: '500103' }),
  sameDeptOtherDistrict: principal('handler', { department: 'housing-construction', district: '500105' }),
  cityOffice: principal('handler', { department: 'housing-construction', district: null }),
  foreign: principal('handler', { department: 'water', district: '500103' }),
};

// A = allowed, F = 403 FORBIDDEN, N = 403 NOT_CASE_HOLDER; one letter per caller, in WHO's order:
//                                         op  op12345 op12369 opSH sup supSH admin lead coop otherDistrict city foreign
const EXPECTED: Record<Action, string> = {
  assign:              'A A F F A F A F F F F F',
  reject:              'A A F F A F A F F F F F',
  reassign:            'A A F F A F A F F F F F',
  triage:              'A A F F F F A A N N N N',
  sign:                'F F F F F F A A N N N N',
  return:              'F F F F F F A A N N N N',
  'cooperation-reply': 'F F F F F F A N A N N N',
  reply:               'F F F F F F A A N N N N',
  'request-extension': 'F F F F F F A A N N N N',
  'decide-extension':  'F F F F A F A F F F F F',
  callback:            'A A F F F F A F F F F F',
  reopen:              'A A F F F F A F F F F F',
  close:               'F F F F A F A F F F F F',
  'add-note':          'A A F F A F A A A N N N',
  attach:              'A A F F A F A A A N N N',
  'supervision-order': 'F F F F A F A F F F F F',
  merge:               'A A F F A F A F F F F F',
  unmerge:             'A A F F A F A F F F F F',
  transfer:            'F F F F F F A A N N N N',
  'refer-arbitration': 'A A F F A F A F F F F F',
  // 会商: the ecology-environment office of the district (here the cooperating one), supervisors, admins.
  arbitrate:           'F F F F A F A F A F F F',
  'request-review':    'A A F F A F A F F F F F',
  'decide-review':     'F F F F A F A F F F F F',
  uphold:              'F F F F A F A F F F F F',
  'reissue-access-code': 'A A F F A F A F F F F F',
};

t.test('every role × action, allowed and refused with its code', async (t) => {
  const names = Object.keys(WHO);
  t.same(Object.keys(EXPECTED).sort(), [...ACTIONS].sort(), 'the table covers every action');
  for (const action of ACTIONS) {
    const letters = EXPECTED[action].split(' ');
    t.equal(letters.length, names.length, `${action}: one letter per caller`);
    names.forEach((name, i) => {
      const refusal = mayAct(WHO[name]!, action, scope);
      const got = refusal === null ? 'A' : refusal.code === 'FORBIDDEN' ? 'F' : 'N';
      t.equal(got, letters[i], `${name} ${action}: ${refusal?.message ?? 'allowed'}`);
    });
  }
});

t.test('a handler of a case nobody holds (triage) is no holder; a refusal says why', async (t) => {
  const triage: CaseScope = { ...scope, holders: [] };
  t.match(mayAct(WHO.lead!, 'sign', triage), { code: 'NOT_CASE_HOLDER', message: /does not hold this case/ });
  t.match(mayAct(WHO.cooperating!, 'sign', scope), { code: 'NOT_CASE_HOLDER', message: /only a lead office may sign/ });
  t.match(mayAct(WHO.lead!, 'close', scope), { code: 'FORBIDDEN', message: /a handler key may not close/ });
});

t.test('the intake-era policies still answer as before', async (t) => {
  t.ok(mayIntake(WHO.operator12345!, 'chongqing', '12345'));
  t.notOk(mayIntake(WHO.operator12369!, 'chongqing', '12345'));
  t.notOk(mayIntake(WHO.supervisor!, 'chongqing', '12345'));
  t.ok(mayRead(WHO.cooperating!, scope));
  t.notOk(mayRead(WHO.foreign!, scope));
  t.ok(mayRead(WHO.supervisor!, scope));
  t.notOk(mayRead(WHO.supervisorShanghai!, scope));
});

t.test('reporter identity: operators and supervisors see it; departments masked, unless contact allowed; confidential never', async (t) => {
  const plain = { confidential: false, allowContact: false };
  const contact = { confidential: false, allowContact: true };
  const secret = { confidential: true, allowContact: true };
  t.equal(reporterVisibility(WHO.operator!, secret), 'full', 'operators call the reporter back');
  t.equal(reporterVisibility(WHO.supervisor!, secret), 'full', 'supervisors verify the callback');
  t.equal(reporterVisibility(WHO.admin!, plain), 'full');
  t.equal(reporterVisibility(WHO.lead!, plain), 'masked');
  t.equal(reporterVisibility(WHO.lead!, contact), 'full');
  t.equal(reporterVisibility(WHO.lead!, secret), 'hidden', 'confidential beats allowed contact');
  t.notOk(seesReporterIdentity(WHO.lead!));
  t.ok(seesReporterIdentity(WHO.operator!));
});
