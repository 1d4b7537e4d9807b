import type { Principal } from '../auth/keys.js';

/** The facts of a case that decide who may touch it. */
export interface CaseScope {
  jurisdiction: string;
  channel: string;
  /** Offices holding the case now (active assignments). */
  holders: ReadonlyArray<{ department: string; districtCode: string | null; role: 'lead' | 'cooperating' }>;
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
    case 'handler': return inJurisdiction(p, scope.jurisdiction) && holdsCase(p, scope);
  }
}

/** Departments see a masked reporter unless the reporter allowed contact; confidential reporters not at all. */
export function seesReporterIdentity(p: Principal): boolean {
  return p.role !== 'handler';
}
