import type { Db } from './connection.js';
import { immediately } from './prepared.js';

/**
 * Work a batch does once, after its jobs and before its COMMIT, with what its successful jobs
 * handed it: writes many jobs would each repeat on the same rows (statistics rollups of the same
 * day) are summed and written once. `finish` runs inside the batch's transaction; if it throws,
 * the whole batch is rolled back and every caller gets the error.
 */
export interface BatchStep<T> {
  finish(items: readonly T[]): void;
}

/** Given to each job: what it hands a step counts only if the job succeeds. */
export class JobScope {
  readonly handed = new Map<BatchStep<unknown>, unknown[]>();

  hand<T>(step: BatchStep<T>, item: T): void {
    let items = this.handed.get(step as BatchStep<unknown>);
    if (!items) this.handed.set(step as BatchStep<unknown>, (items = []));
    items.push(item);
  }
}

interface Job {
  work: (scope: JobScope) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive in the same turn of the event loop share one transaction, so one
 * fsync (synchronous=FULL) makes them all durable. Each write runs in its own savepoint: one that
 * throws is rolled back alone and its caller gets the error; the others commit. Every caller is
 * answered only after the shared COMMIT has returned, so an acknowledged write is on disk.
 */
export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  run<T>(work: (scope: JobScope) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      immediately(this.db, () => {
        const handed = new Map<BatchStep<unknown>, unknown[]>();
        for (const job of jobs) {
          const scope = new JobScope();
          try {
            outcomes.push({ ok: true, value: immediately(this.db, () => job.work(scope)) });
          } catch (error) {
            outcomes.push({ ok: false, error });
            continue;
          }
          for (const [step, items] of scope.handed) {
            const all = handed.get(step);
            if (all) all.push(...items);
            else handed.set(step, items);
          }
        }
        for (const [step, items] of handed) step.finish(items);
      });
    } catch (error) {
      // A batch step or the shared COMMIT failed (disk full, I/O error): nothing of the batch is durable.
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
}
