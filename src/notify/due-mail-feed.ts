import type { Db } from '../../db/connection.js';
import { type DueMail, dueMail } from './outbox-store.js';

/**
 * The ids one outbox pass works through: the mail due at `now`, oldest due first, read `batchSize`
 * at a time, the next batch as soon as the last one is handed out, until a batch comes back short.
 * undefined: the pass is done.
 *
 * Why a pass ends. Only rows due at `now` count, and mail queued during the pass is due later.
 * Each batch starts after the last row of the one before (by due time, then id), so the pass moves
 * forward even when rows it handed out are still due: a retry rescheduled to `now` itself (a zero
 * backoff under a clock that has not moved) would otherwise be read again, and ahead of rows not
 * yet tried. Each id is handed out once per pass; such a retry waits for the next pass.
 *
 * Reads are synchronous, so lanes of one pass taking ids in turn never see the same one.
 */
export function dueMailFeed(db: Db, now: Date, batchSize: number): { next(): number | undefined } {
  const handedOut = new Set<number>();
  let batch: DueMail[] = [];
  let last: DueMail | undefined;
  let more = true;
  return {
    next() {
      while (batch.length === 0 && more) {
        const rows = dueMail(db, now, batchSize, last);
        more = rows.length === batchSize;
        last = rows.at(-1) ?? last;
        batch = rows.filter((row) => !handedOut.has(row.id));
      }
      const row = batch.shift();
      if (row === undefined) return undefined;
      handedOut.add(row.id);
      return row.id;
    },
  };
}
