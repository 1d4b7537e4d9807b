import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { cases, replies } from '../../db/schema.js';
import type { Principal } from '../auth/keys.js';
import { computeDueAt } from '../calendar/deadline.js';
import { formatLocal } from '../calendar/local-time.js';
import type { Services } from '../services.js';
import { scopedChannel, scopedJurisdiction } from './list-scope.js';
import { reporterView, type StoredDecision } from './view.js';

/** 回访 the day after the reply (DOMAIN: callback the day after the reply): by the end of the next working day. */
const CALLBACK_LIMIT = { value: 1, unit: 'workingDays' } as const;

export interface CallbackListQuery {
  jurisdiction?: string | undefined;
  overdue?: boolean | undefined;
  limit?: number | undefined;
}

/**
 * 待回访: replied cases whose current reply has no callback yet, the longest waiting first, for the
 * operators who call reporters back. An operator bound to a channel sees that channel's cases. The
 * reporter is masked as in every list: the number to call is on the case itself, and reading it
 * there is recorded. A reporter who left neither phone nor e-mail cannot be called back
 * (`reachable: false`); a supervisor may close such a case without the callback.
 */
export function listCallbacks(services: Services, principal: Principal, q: CallbackListQuery) {
  const where: SQL[] = [eq(cases.status, 'replied'), isNull(replies.callbackAt)];
  const jurisdiction = scopedJurisdiction(principal, q.jurisdiction);
  if (jurisdiction) where.push(eq(cases.jurisdiction, jurisdiction));
  const channel = scopedChannel(principal);
  if (channel) where.push(eq(cases.channel, channel));
  const rows = services.db.select({ c: cases, r: { round: replies.round, repliedAt: replies.repliedAt, officeName: replies.officeName, publicReply: replies.publicReply } })
    .from(cases)
    // The current round's reply: a reopened case's earlier replies had their callbacks.
    .innerJoin(replies, and(eq(replies.caseId, cases.id), eq(replies.round, sql`${cases.reopenCount} + 1`)))
    .where(and(...where)).all();

  const now = services.clock();
  const items = rows.map(({ c, r }) => {
    const dueAt = computeDueAt(services.calendar, r.repliedAt, CALLBACK_LIMIT).dueAt;
    const matter = (c.decision as StoredDecision).classification.matter;
    return {
      id: String(c.id), trackingCode: c.trackingCode, channel: c.channel, round: r.round,
      matter: matter ? { code: matter.code, title: matter.title } : null, district: c.districtName,
      office: r.officeName, repliedAt: formatLocal(r.repliedAt), publicReply: r.publicReply,
      callbackDueAt: formatLocal(dueAt), overdue: now > dueAt,
      reachable: Boolean(c.reporterPhone || c.reporterEmail),
      reporter: reporterView(c, principal, false),
      sortKey: dueAt.getTime(),
    };
  }).sort((a, b) => a.sortKey - b.sortKey || Number(a.id) - Number(b.id));
  const counts = { awaiting: items.length, overdue: items.filter((i) => i.overdue).length };
  const chosen = q.overdue === undefined ? items : items.filter((i) => i.overdue === q.overdue);
  return { counts, items: chosen.slice(0, q.limit ?? 100).map(({ sortKey: _sortKey, ...item }) => item) };
}
