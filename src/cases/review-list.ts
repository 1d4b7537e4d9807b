import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import { cases } from '../../db/schema.js';
import type { Principal } from '../auth/keys.js';
import { formatLocal } from '../calendar/local-time.js';
import type { Services } from '../services.js';
import { reviewDueAtOf } from './commands/review.js';
import { latestEventsOf } from './event-log.js';
import { scopedChannel, scopedJurisdiction } from './list-scope.js';

export interface ReviewQuery {
  jurisdiction?: string | undefined;
  overdue?: boolean | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/**
 * 待复查: cases whose reporter asked for review, the longest waiting first, each with what the
 * reporter disputes, when the answer is due (the policy's reviewReply limit from the request) and
 * whether that has passed. For supervisors, who answer them, and operators, who took the request.
 */
export function listReviews(services: Services, principal: Principal, q: ReviewQuery) {
  const limit = q.limit ?? 50;
  const where: SQL[] = [eq(cases.status, 'review')];
  const jurisdiction = scopedJurisdiction(principal, q.jurisdiction);
  if (jurisdiction) where.push(eq(cases.jurisdiction, jurisdiction));
  const channel = scopedChannel(principal);
  if (channel) where.push(eq(cases.channel, channel));
  if (q.cursor) where.push(gt(cases.id, Number(q.cursor)));
  // Few cases are under review at once: the page is filtered for `overdue` after reading.
  const rows = services.db.select().from(cases).where(and(...where)).orderBy(asc(cases.id)).all();
  const requests = latestEventsOf(services.db, rows.map((r) => r.id), 'request-review');
  const now = services.clock();
  const items = rows.map((row) => {
    const request = requests.get(row.id);
    const dueAt = request ? reviewDueAtOf(request.payload) : null;
    return {
      id: String(row.id), trackingCode: row.trackingCode, jurisdiction: row.jurisdiction, channel: row.channel,
      receivedAt: formatLocal(row.receivedAt), content: row.content,
      district: row.districtCode ? { code: row.districtCode, name: row.districtName ?? row.districtCode } : null,
      requestedAt: request ? formatLocal(request.at) : null,
      reason: String(request?.payload.reason ?? ''),
      reviewDueAt: dueAt ? formatLocal(dueAt) : null,
      overdue: dueAt !== null && now > dueAt,
    };
  }).filter((item) => q.overdue === undefined || item.overdue === q.overdue);
  const page = items.slice(0, limit);
  return { items: page, nextCursor: items.length > limit ? page[page.length - 1]!.id : null };
}
