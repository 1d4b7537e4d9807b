import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { cached, immediately, insertReturningId } from '../../db/prepared.js';
import { outbox } from '../../db/schema.js';
import { workingDaysBetween } from '../calendar/deadline.js';
import { formatLocal } from '../calendar/local-time.js';
import { queueOfficeMail } from '../cases/commands/office-mail.js';
import { appendEvent } from '../cases/events.js';
import { activeAssignments, type AssignmentRow, type CaseRow, findCase } from '../cases/repository.js';
import type { Services } from '../services.js';
import { acquireLease, releaseLease } from './lock.js';
import { reviewAnswerDueAt } from '../cases/commands/review.js';
import { pendingPages, reviewCases, SCAN_PAGE } from './pending.js';
import { type DueEscalation, dueEscalations, escalationBounds, ESCALATIONS, type EscalationKind } from './thresholds.js';

/** The lock row the schedulers of every process share. */
export const SCHEDULER_LOCK = 'escalation-scheduler';

export interface EscalationSchedulerOptions {
  /** Who this scheduler is in the lock row; unique per process by default (host, pid, random). */
  holder?: string;
  /** How long a taken lease lasts without renewal; default three intervals (three minutes before start()). */
  leaseMs?: number;
  /** Cases per write transaction; the event loop runs between two. */
  batchSize?: number;
  /** Index entries the search for cases to chase walks between two turns of the event loop. */
  scanPageSize?: number;
  logger?: Pick<Logger, 'info' | 'error'>;
}

export interface TickReport {
  /** false: another scheduler holds the lease and this tick did nothing, or it lost the lease during the tick and stopped, or stop() came before the tick began. */
  held: boolean;
  /** Steps fired by this tick, per kind. */
  fired: Record<EscalationKind, number>;
}

/** Lets the event loop serve what waits (HTTP, intake's group commit) before the tick goes on. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Chases late cases by itself (催办, 督办, 通报): on an interval, every open case is measured against
 * its due times (thresholds.ts) and each step reached is recorded once per case and due time, with an
 * event on the case and mail through the outbox, in one transaction. The case's state and version are
 * not touched: escalations are events, not states.
 *
 * Only the holder of the lease on the lock row acts, so a second process does not double the mail;
 * the unique (case, kind, due time) of the escalations table is the last guard, and what makes a
 * step fire once across restarts. The lease is renewed in each batch's transaction, so a scheduler
 * that lost it (a tick longer than the lease) stops at the next batch.
 *
 * The tick runs on the thread that serves HTTP, so it works in small pieces and gives the event loop
 * back between them: the search for cases to chase walks the due-time indexes a page at a time and
 * leaves out, inside SQLite, every case whose reached steps are all on file (pending.ts); the cases
 * found are written a batch per transaction. Each piece is a few milliseconds at a city's scale
 * (README, bench:escalation). Ticks of one scheduler run one after another, never interleaved.
 */
export class EscalationScheduler {
  readonly holder: string;
  private leaseMs: number | undefined;
  private readonly batchSize: number;
  private readonly scanPageSize: number;
  private readonly logger: Pick<Logger, 'info' | 'error'> | undefined;
  private timer: NodeJS.Timeout | null = null;
  /** The last tick asked for; the next one starts when it has ended. */
  private queue: Promise<unknown> = Promise.resolve();
  private running = 0;
  /** Moved by stop(): a tick asked for before it ends at its next piece. */
  private generation = 0;

  constructor(private readonly services: Services, options: EscalationSchedulerOptions = {}) {
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.leaseMs = options.leaseMs;
    this.batchSize = options.batchSize ?? 20;
    this.scanPageSize = options.scanPageSize ?? SCAN_PAGE;
    this.logger = options.logger;
  }

  /** One pass at `now`, in pieces between which the event loop runs; after any tick already asked for. */
  tick(now: Date = this.services.clock()): Promise<TickReport> {
    const generation = this.generation;
    this.running += 1;
    const pass = this.queue.then(() => this.pass(now, generation)).finally(() => { this.running -= 1; });
    this.queue = pass.catch(() => undefined);
    return pass;
  }

  /** Ticks every `intervalMs` until stop(); the timer does not keep the process alive. */
  start(intervalMs: number): void {
    if (this.timer) return;
    this.leaseMs ??= 3 * intervalMs;
    this.timer = setInterval(() => this.scheduledTick(), intervalMs);
    this.timer.unref();
  }

  /**
   * Stops ticking and gives the lease up, so another process can take over at once. A tick under way
   * ends before its next piece: what it wrote is committed, the rest is left to whoever ticks next.
   */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.generation += 1;
    try {
      releaseLease(this.services.db, SCHEDULER_LOCK, this.holder);
    } catch (error) {
      this.logger?.error({ err: error }, 'escalation lease not released; it expires by itself');
    }
  }

  private scheduledTick(): void {
    // A tick still under way (a long backlog under load): this one leaves the work to it.
    if (this.running > 0) return;
    this.tick().then((report) => {
      const total = ESCALATIONS.reduce((n, k) => n + report.fired[k], 0);
      if (total > 0) this.logger?.info({ escalations: report.fired }, 'escalation pass');
    }).catch((error: unknown) => this.logger?.error({ err: error }, 'escalation pass failed'));
  }

  private async pass(now: Date, generation: number): Promise<TickReport> {
    const fired = Object.fromEntries(ESCALATIONS.map((k) => [k, 0])) as Record<EscalationKind, number>;
    const { db, catalogues, calendar } = this.services;
    // Stopped while waiting for an earlier tick: nothing more is done, not even a lease taken.
    if (generation !== this.generation) return { held: false, fired };
    const leaseMs = this.leaseMs ?? 3 * 60_000;
    if (!acquireLease(db, SCHEDULER_LOCK, this.holder, now, leaseMs)) return { held: false, fired };

    // An unsigned case can come up in two scans (sign and reply); one look at it finds every step.
    const seen = new Set<number>();
    const bounds = escalationBounds(now, calendar);
    const pageSize = this.scanPageSize;
    // The due-time scans, then the cases waiting for a 复查 answer (one page: they are few).
    function* pages() {
      yield* pendingPages(db, bounds, pageSize);
      yield reviewCases(db);
    }
    for (const page of pages()) {
      // Jurisdictions this process has no catalogue for are left to a process that has one.
      const ids = page.filter((c) => catalogues.has(c.jurisdiction) && !seen.has(c.id)).map((c) => c.id);
      for (const id of ids) seen.add(id);
      for (let i = 0; i < ids.length; i += this.batchSize) {
        const batch = ids.slice(i, i + this.batchSize);
        const kept = immediately(db, () => {
          // Renewed under the write lock: a scheduler whose lease was taken over stops here.
          if (!acquireLease(db, SCHEDULER_LOCK, this.holder, now, leaseMs)) return false;
          for (const id of batch) for (const kind of this.fireCase(id, now)) fired[kind] += 1;
          return true;
        });
        if (!kept) return { held: false, fired };
        await nextTurn();
        if (generation !== this.generation) return { held: true, fired };
      }
      await nextTurn();
      if (generation !== this.generation) return { held: true, fired };
    }
    return { held: true, fired };
  }

  /** Records the steps a case has reached, each only if new; inside the batch's transaction. */
  private fireCase(caseId: number, now: Date): EscalationKind[] {
    const { db, calendar } = this.services;
    const row = findCase(db, caseId);
    if (!row) return [];
    const fired: EscalationKind[] = [];
    let lead: AssignmentRow | null | undefined;
    const reviewDueAt = row.status === 'review' ? reviewAnswerDueAt(db, caseId) : null;
    for (const step of dueEscalations({ ...row, reviewDueAt }, now, calendar)) {
      const inserted = insertEscalation(db).run(caseId, step.kind, step.dueAt.getTime(), now.getTime()).changes === 1;
      if (!inserted) continue;
      lead ??= activeAssignments(db, caseId).find((a) => a.role === 'lead') ?? null;
      this.record(row, lead, step, now);
      fired.push(step.kind);
    }
    return fired;
  }

  /** The step's event and mail: reminders to the lead office; a supervision order to it and the supervisors; a public notice to the supervisors. */
  private record(row: CaseRow, lead: AssignmentRow | null, step: DueEscalation, now: Date): void {
    const { db, calendar } = this.services;
    const supervisors = this.services.catalogues.get(row.jurisdiction)?.catalogue.supervisors ?? [];
    const dueAt = formatLocal(step.dueAt);
    const office = lead?.officeName ?? null;
    const event = (action: string, payload: Record<string, unknown>) =>
      appendEvent(db, { caseId: row.id, at: now, actor: null, action, fromState: row.status, toState: row.status, payload });
    const toLead = (template: string, payload: Record<string, unknown>) => {
      if (lead) queueOfficeMail(db, this.services, row, lead, template, { role: 'lead', ...payload }, now);
    };
    const toSupervisors = (template: string, payload: Record<string, unknown>) => {
      for (const s of supervisors) {
        insertReturningId(db, outbox, 'outbox', {
          caseId: row.id, channel: 'mail', template, recipient: s.email,
          payload: { caseId: row.id, trackingCode: row.trackingCode, office: s.name, ...payload },
          nextAttemptAt: now, createdAt: now,
        });
      }
    };

    if (step.kind === 'review-reminder' || step.kind === 'review-overdue') {
      // 复查 is the supervisors' to answer: they are reminded, not the office that handled the case.
      const overdue = step.kind === 'review-overdue';
      event(overdue ? 'review-overdue' : 'remind', { kind: step.kind, dueAt, supervisors: supervisors.map((s) => s.name) });
      toSupervisors(step.kind, { reviewDueAt: step.dueAt.toISOString() });
      return;
    }
    if (step.kind === 'sign-reminder' || step.kind === 'reply-reminder') {
      event('remind', { kind: step.kind, dueAt, office });
      toLead('reminder', { kind: step.kind, [step.kind === 'sign-reminder' ? 'signDueAt' : 'replyDueAt']: step.dueAt.toISOString() });
      return;
    }
    const overdueWorkingDays = workingDaysBetween(calendar, step.dueAt, now);
    // Overdue over a weekend only: 0 working days, and the template then says no number.
    const mailFacts = { replyDueAt: step.dueAt.toISOString(), ...(overdueWorkingDays > 0 ? { overdueWorkingDays } : {}) };
    const names = supervisors.map((s) => s.name);
    if (step.kind === 'supervision-order') {
      event('supervision-order', { automatic: true, kind: step.kind, dueAt, overdueWorkingDays, offices: office ? [office] : [], supervisors: names });
      toLead('supervision-order', mailFacts);
      toSupervisors('supervision-order', mailFacts);
      return;
    }
    event('public-notice', { kind: step.kind, dueAt, overdueWorkingDays, office, supervisors: names });
    // No 通报 template yet: it renders as the generic 工单通知 (templates.ts) until one is added.
    toSupervisors('public-notice', mailFacts);
  }
}

/**
 * The step's row, only if new (the unique case, kind and due time), prepared once per connection:
 * built by drizzle for every step, the inserts were most of the midnight tick's CPU (profiled).
 */
const insertEscalation = (db: Services['db']) => cached(db, 'escalation-insert', () => db.$client.prepare(
  'INSERT INTO escalations (case_id, kind, due_at, fired_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'));
