import { and, asc, eq, inArray } from 'drizzle-orm';
import { cases, escalations } from '../../db/schema.js';
import type { Principal } from '../auth/keys.js';
import { workingDaysBetween } from '../calendar/deadline.js';
import { formatLocal } from '../calendar/local-time.js';
import { scopedJurisdiction } from '../cases/list-scope.js';
import { activeAssignmentsOf } from '../cases/repository.js';
import { invalidField } from '../errors.js';
import { catalogueOf, type Services } from '../services.js';
import { AWAITING_REPLY } from '../cases/transitions.js';

export interface PublicNoticeQuery {
  jurisdiction?: string | undefined;
}

/**
 * 通报: cases the scheduler listed for public notice that still await their reply, most overdue
 * first. A listing is about one reply due time: after an approved extension moves it, the case
 * leaves the list until it is late by five working days again.
 */
export function listPublicNotices(services: Services, principal: Principal, q: PublicNoticeQuery) {
  const jurisdiction = scopedJurisdiction(principal, q.jurisdiction);
  if (!jurisdiction) throw invalidField('jurisdiction', 'is required for a key not limited to one jurisdiction');
  const { catalogue } = catalogueOf(services, jurisdiction);

  const now = services.clock();
  const rows = services.db.select({ c: cases, listedAt: escalations.firedAt }).from(escalations)
    .innerJoin(cases, eq(cases.id, escalations.caseId))
    .where(and(
      eq(escalations.kind, 'public-notice'),
      eq(cases.jurisdiction, jurisdiction),
      inArray(cases.status, [...AWAITING_REPLY]),
      eq(escalations.dueAt, cases.replyDueAt),
    ))
    .orderBy(asc(cases.replyDueAt), asc(cases.id)).all();
  const holders = activeAssignmentsOf(services.db, rows.map((r) => r.c.id));
  return {
    jurisdiction,
    asOf: formatLocal(now),
    items: rows.map(({ c, listedAt }) => {
      const lead = holders.get(c.id)?.find((a) => a.role === 'lead');
      return {
        id: String(c.id),
        trackingCode: c.trackingCode,
        status: c.status,
        leadOffice: lead ? { department: lead.department, name: lead.officeName, district: lead.districtCode } : null,
        matter: c.matterCode ? { code: c.matterCode, title: catalogue.mattersByCode.get(c.matterCode)?.title ?? c.matterCode } : null,
        district: c.districtName,
        replyDueAt: formatLocal(c.replyDueAt!),
        overdueWorkingDays: workingDaysBetween(services.calendar, c.replyDueAt!, now),
        listedAt: formatLocal(listedAt),
      };
    }),
  };
}
