import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq, inArray, lt, lte } from 'drizzle-orm';
import type { Logger } from 'pino';
import { immediately } from '../../db/prepared.js';
import { cases, escalations, outbox } from '../../db/schema.js';
import { computeDueAt, workingDaysBetween } from '../calendar/deadline.js';
import { formatLocal } from '../calendar/local-time.js';
import { queueOfficeMail } from '../cases/commands/office-mail.js';
import { appendEvent } from '../cases/events.js';
import { activeAssignments, type AssignmentRow, type CaseRow, findCase } from '../cases/repository.js';
import type { Services } from '../services.js';
import { acquireLease, releaseLease } from './lock.js';
import { type DueEscalation, dueEscalations, ESCALATIONS, type EscalationKind } from './thresholds.js';
import { AWAITING_REPLY } from '../cases/transitions.js';

/** The lock row the schedulers of every process share. */
export const SCHEDULER_LOCK = 'escalation-scheduler';

export interface EscalationSchedulerOptions {
  /** Who this scheduler is in the lock row; unique per process by default (host, pid, random). */
  holder?: string;
  /** How long a taken lease lasts without renewal; default three intervals (three minutes before start()). */
  leaseMs?: number;
  /** Cases per write transaction. */
  batchSize?: number;
  logger?: Pick<Logger, 'info' | 'error'>;
}

export interface TickReport {
  /** false: another scheduler holds the lease, this tick did nothing. */
  held: boolean;
  /** Steps fired by this tick, per kind. */
  fired: Record<EscalationKind, number>;
}

type Candidate = Pick<CaseRow, 'id' | 'status' | 'signDueAt' | 'replyDueAt'>;

const CHUNK = 500;

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
 */
export class EscalationScheduler {
  readonly holder: string;
  private leaseMs: number | undefined;
  private readonly batchSize: number;
  private readonly logger: Pick<Logger, 'info' | 'error'> | undefined;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly services: Services, options: EscalationSchedulerOptions = {}) {
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.leaseMs = options.leaseMs;
    this.batchSize = options.batchSize ?? 100;
    this.logger = options.logger;
  }

  /** One pass at `now`. Synchronous: better-sqlite3 is, so two ticks of one process never overlap. */
  tick(now: Date = this.services.clock()): TickReport {
    const fired = Object.fromEntries(ESCALATIONS.map((k) => [k, 0])) as Record<EscalationKind, number>;
    const { db } = this.services;
    const leaseMs = this.leaseMs ?? 3 * 60_000;
    if (!acquireLease(db, SCHEDULER_LOCK, this.holder, now, leaseMs)) return { held: false, fired };

    const pending = this.casesWithUnfiredSteps(now);
    for (let i = 0; i < pending.length; i += this.batchSize) {
      const batch = pending.slice(i, i + this.batchSize);
      const kept = immediately(db, () => {
        // Renewed under the write lock: a scheduler whose lease was taken over stops here.
        if (!acquireLease(db, SCHEDULER_LOCK, this.holder, now, leaseMs)) return false;
        for (const id of batch) for (const kind of this.fireCase(id, now)) fired[kind] += 1;
        return true;
      });
      if (!kept) return { held: false, fired };
    }
    return { held: true, fired };
  }

  /** Ticks every `intervalMs` until stop(); the timer does not keep the process alive. */
  start(intervalMs: number): void {
    if (this.timer) return;
    this.leaseMs ??= 3 * intervalMs;
    this.timer = setInterval(() => this.scheduledTick(), intervalMs);
    this.timer.unref();
  }

  /** Stops ticking and gives the lease up, so another process can take over at once. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    try {
      releaseLease(this.services.db, SCHEDULER_LOCK, this.holder);
    } catch (error) {
      this.logger?.error({ err: error }, 'escalation lease not released; it expires by itself');
    }
  }

  private scheduledTick(): void {
    try {
      const report = this.tick();
      const total = ESCALATIONS.reduce((n, k) => n + report.fired[k], 0);
      if (total > 0) this.logger?.info({ escalations: report.fired }, 'escalation pass');
    } catch (error) {
      this.logger?.error({ err: error }, 'escalation pass failed');
    }
  }

  /**
   * Ids of the cases with a step reached and not yet recorded, read without the write lock, so a
   * pass over cases that were all chased already writes nothing. The write transaction re-reads each.
   */
  private casesWithUnfiredSteps(now: Date): number[] {
    const candidates = this.candidates(now);
    const fired = new Set<string>();
    for (let i = 0; i < candidates.length; i += CHUNK) {
      const ids = candidates.slice(i, i + CHUNK).map((c) => c.id);
      const rows = this.services.db.select({ caseId: escalations.caseId, kind: escalations.kind, dueAt: escalations.dueAt })
        .from(escalations).where(inArray(escalations.caseId, ids)).all();
      for (const r of rows) fired.add(stepKey(r.caseId, r));
    }
    return candidates
      .filter((c) => dueEscalations(c, now, this.services.calendar).some((step) => !fired.has(stepKey(c.id, step))))
      .map((c) => c.id);
  }

  /**
   * Open cases that may have reached a step, through the (status, due time) indexes: sign limit passed,
   * or reply due by the end of the next working day (a reply reminder's horizon; it stretches over
   * weekends and holidays, so it is computed on the calendar, not as a fixed number of hours).
   * Jurisdictions this process has no catalogue for are left to a process that has one.
   */
  private candidates(now: Date): Candidate[] {
    const { db, catalogues, calendar } = this.services;
    const jurisdictions = [...catalogues.keys()];
    if (jurisdictions.length === 0) return [];
    const horizon = computeDueAt(calendar, now, { value: 1, unit: 'workingDays' }).dueAt;
    const columns = { id: cases.id, status: cases.status, signDueAt: cases.signDueAt, replyDueAt: cases.replyDueAt };
    const unsigned = db.select(columns).from(cases)
      .where(and(eq(cases.status, 'assigned'), lt(cases.signDueAt, now), inArray(cases.jurisdiction, jurisdictions))).all();
    const replyNear = db.select(columns).from(cases)
      .where(and(inArray(cases.status, [...AWAITING_REPLY]), lte(cases.replyDueAt, horizon), inArray(cases.jurisdiction, jurisdictions))).all();
    const byId = new Map<number, Candidate>();
    for (const c of [...unsigned, ...replyNear]) byId.set(c.id, c);
    return [...byId.values()].sort((a, b) => a.id - b.id);
  }

  /** Records the steps a case has reached, each only if new; inside the batch's transaction. */
  private fireCase(caseId: number, now: Date): EscalationKind[] {
    const { db, calendar } = this.services;
    const row = findCase(db, caseId);
    if (!row) return [];
    const fired: EscalationKind[] = [];
    let lead: AssignmentRow | null | undefined;
    for (const step of dueEscalations(row, now, calendar)) {
      const inserted = db.insert(escalations).values({ caseId, kind: step.kind, dueAt: step.dueAt, firedAt: now })
        .onConflictDoNothing().run().changes === 1;
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
        db.insert(outbox).values({
          caseId: row.id, channel: 'mail', template, recipient: s.email,
          payload: { caseId: row.id, trackingCode: row.trackingCode, office: s.name, ...payload },
          nextAttemptAt: now, createdAt: now,
        }).run();
      }
    };

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

const stepKey = (caseId: number, step: { kind: string; dueAt: Date }) => `${caseId}:${step.kind}:${step.dueAt.getTime()}`;
