import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.js';
import { cached } from '../../db/prepared.js';
import { AWAITING_REPLY } from '../cases/transitions.js';
import type { EscalationBounds } from './thresholds.js';

/** An open case with a step reached and not yet on file in the escalations table. */
export interface PendingCase {
  id: number;
  jurisdiction: string;
}

/** Index entries one page of the scan walks: a few milliseconds of SQLite work (bench:escalation). */
export const SCAN_PAGE = 4000;

const fired = (kind: string, due: string) =>
  `EXISTS (SELECT 1 FROM escalations e WHERE e.case_id = c.id AND e.kind = '${kind}' AND e.due_at = c.${due})`;

/**
 * The scans, each over one (status, due time) index: the same rules as dueEscalations (thresholds.ts),
 * written as due-time bounds, with the check against the escalations table done in SQLite. A case
 * chased at every step it has reached costs an index probe or two per tick and is never read into
 * JavaScript; at a city's scale that is most of the overdue cases.
 */
const SCANS = [
  { status: 'assigned', due: 'sign_due_at', until: '< @now', pending: `NOT ${fired('sign-reminder', 'sign_due_at')}` },
  ...AWAITING_REPLY.map((status) => ({
    status, due: 'reply_due_at', until: '<= @replyReminderUntil',
    pending: `CASE WHEN c.reply_due_at >= @now THEN NOT ${fired('reply-reminder', 'reply_due_at')}
      ELSE NOT ${fired('supervision-order', 'reply_due_at')}
        OR (c.reply_due_at < @publicNoticeBefore AND NOT ${fired('public-notice', 'reply_due_at')}) END`,
  })),
];

type Scan = (typeof SCANS)[number];
interface Key { due: number; id: number }

// Past every due time and id: the last page's upper bound.
const END: Key = { due: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };

/**
 * Pages of the cases with a step reached and not yet recorded at `bounds.now`, in (status, due time,
 * id) order. Each page walks at most `pageSize` index entries, so the caller can give the event loop
 * back between pages; the position is kept here, not in an open statement, so writes may come in
 * between. A case whose due time or state changes during the walk may be missed by it, and is found
 * by the next tick.
 */
export function* pendingPages(db: Db, bounds: EscalationBounds, pageSize = SCAN_PAGE): Generator<PendingCase[], void> {
  const times = {
    now: bounds.now.getTime(),
    replyReminderUntil: bounds.replyReminderUntil.getTime(),
    publicNoticeBefore: bounds.publicNoticeBefore.getTime(),
  };
  for (const scan of SCANS) {
    const { lastKey, page } = statements(db, scan);
    let after: Key = { due: -Number.MAX_SAFE_INTEGER, id: 0 };
    for (;;) {
      // The page's last entry, found in the index alone; the page then runs up to it, inclusive.
      const last = lastKey.get({ ...times, afterDue: after.due, afterId: after.id, skip: pageSize - 1 }) as Key | undefined;
      const upTo = last ?? END;
      yield page.all({ ...times, afterDue: after.due, afterId: after.id, uptoDue: upTo.due, uptoId: upTo.id }) as PendingCase[];
      if (!last) break;
      after = last;
    }
  }
}

/**
 * Cases waiting for a 复查 answer: few (a review is asked once per case and answered within a month),
 * so each tick looks at all of them; their answer time is in the request's event, not in a column.
 */
export function reviewCases(db: Db): PendingCase[] {
  return cached(db, 'escalation-reviews', () => db.$client.prepare("SELECT c.id AS id, c.jurisdiction AS jurisdiction FROM cases c WHERE c.status = 'review'"))
    .all() as PendingCase[];
}

function statements(db: Db, scan: Scan): { lastKey: Database.Statement; page: Database.Statement } {
  return cached(db, `escalation-scan:${scan.status}:${scan.due}`, () => {
    const range = `c.status = '${scan.status}' AND c.${scan.due} ${scan.until} AND (c.${scan.due}, c.id) > (@afterDue, @afterId)`;
    return {
      lastKey: db.$client.prepare(`SELECT c.${scan.due} AS due, c.id AS id FROM cases c WHERE ${range}
        ORDER BY c.${scan.due}, c.id LIMIT 1 OFFSET @skip`),
      // The jurisdiction is only in the result, so the table row is read for pending cases alone.
      page: db.$client.prepare(`SELECT c.id AS id, c.jurisdiction AS jurisdiction FROM cases c
        WHERE ${range} AND (c.${scan.due}, c.id) <= (@uptoDue, @uptoId) AND (${scan.pending})`),
    };
  });
}
