import type { Db } from '../../db/connection.js';
import { type DueMail, dueMail } from './outbox-store.js';
import { REPORTER_PRIORITY } from './reporter-mail.js';

const WORK_PRIORITY = 0;

/**
 * The ids one outbox pass works through, offices' work before notices to reporters (outbox.priority):
 * a backlog of notices does not hold back a 交办 or a 催办.
 *
 * Notices: the mail due at `now`, oldest due first, read `batchSize` at a time, the next batch as soon
 * as the last one is handed out, until a batch comes back short. Work: read the same way, but due at
 * `clock()` and looked for again before each notice, so an office's mail queued while a long pass
 * sends notices goes out next, not after them.
 *
 * Why a pass ends. Notices due at `now` are a fixed set, and work comes as fast as cases are
 * handled, slower than the worker's rate. Each batch starts after the last row of the one before (by
 * due time, then id), so the pass moves forward even when rows it handed out are still due: a retry
 * rescheduled to `now` itself (a zero backoff under a clock that has not moved) would otherwise be
 * read again, and ahead of rows not yet tried. Each id is handed out once per pass; such a retry
 * waits for the next pass.
 *
 * Reads are synchronous, so lanes of one pass taking ids in turn never see the same one.
 */
export function dueMailFeed(db: Db, now: Date, batchSize: number, clock: () => Date = () => now): { next(): number | undefined } {
  const handedOut = new Set<number>();
  const work = { batch: [] as DueMail[], last: undefined as DueMail | undefined };
  const notices = { batch: [] as DueMail[], last: undefined as DueMail | undefined, more: true };
  const take = (from: { batch: DueMail[] }) => {
    const row = from.batch.shift()!;
    handedOut.add(row.id);
    return row.id;
  };
  const read = (into: { batch: DueMail[]; last: DueMail | undefined }, at: Date, priority: number) => {
    const rows = dueMail(db, at, batchSize, priority, into.last);
    into.last = rows.at(-1) ?? into.last;
    into.batch = rows.filter((row) => !handedOut.has(row.id));
    return rows.length;
  };
  return {
    next() {
      for (;;) {
        if (work.batch.length > 0) return take(work);
        // Work queued since the last look comes first; an empty read costs one index seek.
        if (read(work, clock(), WORK_PRIORITY) > 0) continue;
        if (notices.batch.length > 0) return take(notices);
        if (!notices.more) return undefined;
        notices.more = read(notices, now, REPORTER_PRIORITY) === batchSize;
      }
    },
  };
}
