import type { Principal } from '../auth/keys.js';
import { ACTION_ROLES, type Action } from './transitions.js';

/** The facts of a case that decide who may touch it. */
export interface CaseScope {
  jurisdiction: string;
  channel: string;
  /** Offices holding the case now (active assignments). */
  holders: ReadonlyArray<{ department: string; districtCode: string | null; role: 'lead' | 'cooperating' }>;
  /** The case's district and state: who may arbitrate (会商) depends on them. */
  district?: string | null | undefined;
  status?: string | undefined;
}

/**
 * What a reporter does on their own case through the public pages: 满意度评价 (their verdict on the
 * reply, recorded as the callback) and 复查 (12369). Nothing else, and only on the case whose codes
 * they hold (the public routes check them).
 */
export const REPORTER_ACTIONS: readonly Action[] = ['callback', 'request-review'];

/** A principal for the reporter of `row`, known by its tracking code and access code. */
export const reporterOf = (row: { jurisdiction: string; channel: string; trackingCode: string }): Principal => ({
  keyId: `reporter:${row.trackingCode}`, role: 'reporter', jurisdiction: row.jurisdiction, channel: row.channel, department: null, district: null,
});

/** The department that organises the 会商 on a lead nobody will take (seed 000 §二(三), 002 (七)). */
export const ARBITER_DEPARTMENT = 'ecology-environment';

/** Its office of the case's district, or its city-level office for any district. */
export function isArbiter(p: Principal, scope: CaseScope): boolean {
  return p.role === 'handler' && p.department === ARBITER_DEPARTMENT && (p.district === null || p.district === (scope.district ?? null));
}

const inJurisdiction = (p: Principal, jurisdiction: string) => p.jurisdiction === null || p.jurisdiction === jurisdiction;

/** A handler key acts for one office: its department in its district, or the city-level office. */
export function holdsCase(p: Principal, scope: CaseScope): boolean {
  return scope.holders.some((h) => h.department === p.department && h.districtCode === p.district);
}

/** May this key submit a complaint to this jurisdiction through this channel? */
export function mayIntake(p: Principal, jurisdiction: string, channel: string): boolean {
  if (p.role === 'admin') return true;
  if (p.role !== 'operator') return false;
  return inJurisdiction(p, jurisdiction) && (p.channel === null || p.channel === channel);
}

/** May this key read this case? Operators within their channel, handlers for their office's cases. */
export function mayRead(p: Principal, scope: CaseScope): boolean {
  switch (p.role) {
    case 'admin': return true;
    case 'supervisor': return inJurisdiction(p, scope.jurisdiction);
    case 'operator': return inJurisdiction(p, scope.jurisdiction) && (p.channel === null || p.channel === scope.channel);
    case 'handler': return inJurisdiction(p, scope.jurisdiction) && (holdsCase(p, scope) || (scope.status === 'arbitration' && isArbiter(p, scope)));
    // The public routes read the reporter's case by its codes, never through this.
    case 'reporter': return false;
  }
}

/**
 * Whether a role sees reporter identity whatever the reporter asked. Decision: operators and
 * supervisors do — operators make the callback (回访) and supervisors verify it (核查), confidential
 * reporters included; departments (handlers) never do by role alone.
 */
export function seesReporterIdentity(p: Principal): boolean {
  return p.role !== 'handler';
}

export type ReporterVisibility = 'full' | 'masked' | 'hidden';

/** Departments see a masked reporter unless the reporter allowed contact; confidential reporters not at all. */
export function reporterVisibility(p: Principal, reporter: { confidential: boolean; allowContact: boolean }): ReporterVisibility {
  if (seesReporterIdentity(p)) return 'full';
  if (reporter.confidential) return 'hidden';
  return reporter.allowContact ? 'full' : 'masked';
}

/** Which assignment of its office a handler needs for an action: sign, reply, return and extensions are the lead's. */
const HANDLER_NEEDS: Partial<Record<Action, 'lead' | 'cooperating' | 'any'>> = {
  sign: 'lead', return: 'lead', triage: 'lead', reply: 'lead', 'request-extension': 'lead', transfer: 'lead',
  'cooperation-reply': 'cooperating',
  'add-note': 'any',
  attach: 'any',
};

export interface Refusal {
  code: 'FORBIDDEN' | 'NOT_CASE_HOLDER';
  message: string;
}

/**
 * May this key take this action on this case? null when it may, else why not. Operators act within
 * their jurisdiction and channel, supervisors within their jurisdiction, handlers only on cases their
 * office holds in the role the action needs, admins everywhere. Whether the case's state allows the
 * action is the transitions table's question, not this one.
 */
export function mayAct(p: Principal, action: Action, scope: CaseScope): Refusal | null {
  if (p.role === 'admin') return null;
  if (p.role === 'reporter') {
    // The reporter principal is made for one case (reporterOf): its jurisdiction and channel are that case's.
    return REPORTER_ACTIONS.includes(action) && p.jurisdiction === scope.jurisdiction && p.channel === scope.channel
      ? null : { code: 'FORBIDDEN', message: `a reporter may not ${action}` };
  }
  if (!ACTION_ROLES[action].includes(p.role)) {
    return { code: 'FORBIDDEN', message: `a ${p.role} key may not ${action}; it takes one of: ${ACTION_ROLES[action].join(', ')}, admin` };
  }
  if (!inJurisdiction(p, scope.jurisdiction)) return { code: 'FORBIDDEN', message: `this key is limited to jurisdiction ${p.jurisdiction}` };
  switch (p.role) {
    case 'supervisor': return null;
    case 'operator':
      return p.channel === null || p.channel === scope.channel ? null : { code: 'FORBIDDEN', message: `this key is limited to channel ${p.channel}` };
    case 'handler': {
      if (action === 'arbitrate') {
        return isArbiter(p, scope) ? null : { code: 'FORBIDDEN', message: `会商 is held by the ${ARBITER_DEPARTMENT} office of the case's district or of the city, not by ${p.department}${p.district ? ` (${p.district})` : ''}` };
      }
      const need = HANDLER_NEEDS[action] ?? 'any';
      const own = scope.holders.filter((h) => h.department === p.department && h.districtCode === p.district);
      if (own.some((h) => need === 'any' || h.role === need)) return null;
      const office = `${p.department}${p.district ? ` (${p.district})` : ' (city level)'}`;
      return {
        code: 'NOT_CASE_HOLDER',
        message: own.length === 0
          ? `the office ${office} does not hold this case`
          : `only a ${need === 'lead' ? 'lead' : 'cooperating'} office may ${action}; ${office} holds this case as ${own[0]!.role}`,
      };
    }
  }
}
