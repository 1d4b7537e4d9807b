import { and, asc, eq, gt, inArray, isNull, type SQL } from 'drizzle-orm';
import { assignments, cases } from '../../db/schema.js';
import type { Principal } from '../auth/keys.js';
import { cataloguesFor, districtCodeIn } from '../catalogue/filters.js';
import { formatLocal } from '../calendar/local-time.js';
import { forbidden, invalidField } from '../errors.js';
import { scopedChannel, scopedJurisdiction } from './list-scope.js';
import type { Services } from '../services.js';
import { overdueOf } from './deadlines.js';
import { eventsOfAction } from './event-log.js';
import type { StoredDecision } from './view.js';
import { AWAITING_REPLY } from './transitions.js';

const time = (d: Date | null) => (d ? formatLocal(d) : null);
const DUE_SOON_MS = 24 * 3600_000;

export interface TriageQuery {
  jurisdiction?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** 待分拨: cases no office holds, oldest first, with the classifier's suggestions and why a returned one came back. */
export function listTriage(services: Services, principal: Principal, q: TriageQuery) {
  const limit = q.limit ?? 50;
  const where: SQL[] = [eq(cases.status, 'triage')];
  const jurisdiction = scopedJurisdiction(principal, q.jurisdiction);
  if (jurisdiction) where.push(eq(cases.jurisdiction, jurisdiction));
  const channel = scopedChannel(principal);
  if (channel) where.push(eq(cases.channel, channel));
  if (q.cursor) where.push(gt(cases.id, Number(q.cursor)));
  const rows = services.db.select().from(cases).where(and(...where)).orderBy(asc(cases.id)).limit(limit + 1).all();
  const page = rows.slice(0, limit);
  const returns = eventsOfAction(services.db, page.map((r) => r.id), 'return');
  return {
    items: page.map((row) => {
      const decision = row.decision as StoredDecision;
      const returned = returns.get(row.id) ?? [];
      const back = returned.at(-1);
      return {
        id: String(row.id), trackingCode: row.trackingCode, jurisdiction: row.jurisdiction, channel: row.channel, urgency: row.urgency,
        receivedAt: formatLocal(row.receivedAt), acceptDueAt: time(row.acceptDueAt),
        content: row.content, address: row.address,
        district: row.districtCode ? { code: row.districtCode, name: row.districtName ?? row.districtCode } : null,
        confidence: row.confidence,
        suggestions: decision.classification.suggestions,
        lastReturn: back ? {
          at: formatLocal(back.at),
          office: (back.payload.office ?? null) as { department: string; name: string; district: string | null } | null,
          reason: String(back.payload.reason ?? ''),
        } : null,
        // Returned by office after office: a lead nobody takes, for 会商 (refer-arbitration).
        returnCount: returned.length,
      };
    }),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
  };
}

export interface QueueQuery {
  department?: string | undefined;
  district?: string | undefined;
  bucket?: 'to_sign' | 'in_progress' | 'due_soon' | 'overdue' | undefined;
  limit?: number | undefined;
}

/**
 * An office's work list: cases it holds that still need work, the ones to sign first, sorted by the
 * due time that matters now (sign for the lead before signing, reply otherwise). Due soon and
 * overdue are judged at the request; an office's open cases are few enough to sort in memory.
 */
export function listQueue(services: Services, principal: Principal, q: QueueQuery) {
  const district = q.district === undefined ? undefined : districtCodeIn(cataloguesFor(services, principal.jurisdiction), q.district);
  const office = officeOf(principal, { ...q, district });
  const now = services.clock();
  const rows = services.db.select({ c: cases, role: assignments.role }).from(cases)
    .innerJoin(assignments, eq(assignments.caseId, cases.id))
    .where(and(
      eq(assignments.state, 'active'),
      eq(assignments.department, office.department),
      office.district === null ? isNull(assignments.districtCode) : eq(assignments.districtCode, office.district),
      inArray(cases.status, [...AWAITING_REPLY]),
      ...(principal.jurisdiction ? [eq(cases.jurisdiction, principal.jurisdiction)] : []),
    )).all();
  const items = rows.map(({ c, role }) => {
    const toSign = c.status === 'assigned' && role === 'lead';
    const dueAt = toSign ? c.signDueAt : c.replyDueAt;
    const overdue = overdueOf(c, now);
    const late = dueAt !== null && now > dueAt;
    const matter = (c.decision as StoredDecision).classification.matter;
    return {
      id: String(c.id), trackingCode: c.trackingCode, status: c.status, role,
      bucket: toSign ? 'to_sign' as const : 'in_progress' as const,
      urgency: c.urgency, matter: matter ? { code: matter.code, title: matter.title } : null, district: c.districtName,
      receivedAt: formatLocal(c.receivedAt), signDueAt: time(c.signDueAt), replyDueAt: time(c.replyDueAt), dueAt: time(dueAt),
      dueSoon: !late && dueAt !== null && dueAt.getTime() - now.getTime() <= DUE_SOON_MS,
      overdue: late || overdue.sign || overdue.reply,
      overdueByHours: overdue.byHours,
      excerpt: [...c.content].slice(0, 80).join(''),
      sortKey: dueAt?.getTime() ?? Number.MAX_SAFE_INTEGER,
    };
  }).sort((a, b) => a.sortKey - b.sortKey || Number(a.id) - Number(b.id));
  const counts = {
    toSign: items.filter((i) => i.bucket === 'to_sign').length,
    inProgress: items.filter((i) => i.bucket === 'in_progress').length,
    dueSoon: items.filter((i) => i.dueSoon).length,
    overdue: items.filter((i) => i.overdue).length,
  };
  const chosen = items.filter((i) => !q.bucket || (q.bucket === 'due_soon' ? i.dueSoon : q.bucket === 'overdue' ? i.overdue : i.bucket === q.bucket));
  return { office, counts, items: chosen.slice(0, q.limit ?? 100).map(({ sortKey: _sortKey, ...item }) => item) };
}

/** A handler sees its own office's list; supervisors and admins name the office they want to see. */
function officeOf(principal: Principal, q: QueueQuery): { department: string; district: string | null } {
  if (principal.role === 'handler') {
    if ((q.department && q.department !== principal.department) || (q.district !== undefined && q.district !== principal.district)) {
      throw forbidden(`this key works for ${principal.department}${principal.district ? ` in ${principal.district}` : ' (city level)'} only`);
    }
    return { department: principal.department ?? '', district: principal.district };
  }
  if (!q.department) throw invalidField('department', 'is required for a supervisor or admin key: name the office whose queue to show');
  return { department: q.department, district: q.district ?? null };
}
