import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import { cases } from '../../db/schema.js';
import type { Principal } from '../auth/keys.js';
import { formatLocal } from '../calendar/local-time.js';
import { forbidden } from '../errors.js';
import type { Services } from '../services.js';
import { eventsOfAction, latestEventsOf } from './event-log.js';
import { scopedJurisdiction } from './list-scope.js';
import { ARBITER_DEPARTMENT } from './policies.js';
import type { StoredDecision } from './view.js';

export interface ArbitrationQuery {
  jurisdiction?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

type OfficeRef = { department: string; name: string; district: string | null } | null;

/**
 * 待会商: cases referred to the consultation that fixes a lead, oldest first, each with why it was
 * referred, every return that preceded it (office and reason: who refused it and why) and the
 * classifier's suggestions. For supervisors and admins, and for the ecology-environment offices that
 * organise the 会商: a district office sees its district, the city office every district.
 */
export function listArbitration(services: Services, principal: Principal, q: ArbitrationQuery) {
  const limit = q.limit ?? 50;
  const where: SQL[] = [eq(cases.status, 'arbitration')];
  const jurisdiction = scopedJurisdiction(principal, q.jurisdiction);
  if (jurisdiction) where.push(eq(cases.jurisdiction, jurisdiction));
  if (principal.role === 'handler') {
    if (principal.department !== ARBITER_DEPARTMENT) throw forbidden(`会商 cases are for the ${ARBITER_DEPARTMENT} offices, supervisors and admins`);
    if (principal.district !== null) where.push(eq(cases.districtCode, principal.district));
  }
  if (q.cursor) where.push(gt(cases.id, Number(q.cursor)));
  const rows = services.db.select().from(cases).where(and(...where)).orderBy(asc(cases.id)).limit(limit + 1).all();
  const page = rows.slice(0, limit);
  const ids = page.map((r) => r.id);
  const referrals = latestEventsOf(services.db, ids, 'refer-arbitration');
  const returns = eventsOfAction(services.db, ids, 'return');
  return {
    items: page.map((row) => {
      const referral = referrals.get(row.id);
      return {
        id: String(row.id), trackingCode: row.trackingCode, jurisdiction: row.jurisdiction, channel: row.channel, urgency: row.urgency,
        receivedAt: formatLocal(row.receivedAt),
        referredAt: referral ? formatLocal(referral.at) : null,
        reason: String(referral?.payload.reason ?? ''),
        content: row.content, address: row.address, reportedEntity: row.reportedEntity,
        district: row.districtCode ? { code: row.districtCode, name: row.districtName ?? row.districtCode } : null,
        returns: (returns.get(row.id) ?? []).map((e) => ({ at: formatLocal(e.at), office: (e.payload.office ?? null) as OfficeRef, reason: String(e.payload.reason ?? '') })),
        suggestions: (row.decision as StoredDecision).classification.suggestions,
      };
    }),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
  };
}
