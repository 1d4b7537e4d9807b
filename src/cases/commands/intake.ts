import { createHash } from 'node:crypto';
import type { Db } from '../../../db/connection.js';
import type { JobScope } from '../../../db/group-commit.js';
import { immediately, insertReturningId, insertRow } from '../../../db/prepared.js';
import { assignments, cases, outbox } from '../../../db/schema.js';
import type { Principal } from '../../auth/keys.js';
import { localDate } from '../../calendar/local-time.js';
import type { Channel, Kind, Urgency } from '../../catalogue/schema.js';
import { conflict, forbidden, invalidField } from '../../errors.js';
import { decideComplaint } from '../../routing/decide.js';
import { parseReceivedAt } from '../../routing/received-at.js';
import type { Office } from '../../routing/offices.js';
import { catalogueOf, type Services } from '../../services.js';
import { allocateTrackingCode, hashAccessCode, newAccessCode } from '../codes.js';
import { queueAcceptanceToReporter } from '../../notify/reporter-mail.js';
import { projectNewCase } from '../../stats/projection.js';
import { appendEvent } from '../events.js';
import { mayIntake } from '../policies.js';
import { findRepeat } from '../repeats.js';
import { activeAssignments, type AssignmentRow, type CaseRow, findCaseByExternalId, trackingCodeTaken } from '../repository.js';
import type { StoredDecision } from '../view.js';

export interface IntakeInput {
  jurisdiction: string;
  channel: Channel;
  externalId?: string | undefined;
  receivedAt?: string | undefined;
  kind?: Kind | undefined;
  urgency?: Urgency | undefined;
  content: string;
  address?: string | undefined;
  district?: string | undefined;
  reportedEntity?: string | undefined;
  purpose?: string | undefined;
  reporter?: {
    name?: string | undefined; phone?: string | undefined; email?: string | undefined; address?: string | undefined;
    confidential?: boolean | undefined; allowContact?: boolean | undefined;
  } | undefined;
}

export interface IntakeResult {
  created: boolean;
  row: CaseRow;
  holders: AssignmentRow[];
  /** Only when created: the citizen's 提取码, never stored in clear. */
  accessCode?: string;
}

/**
 * Takes a complaint in: idempotency check, classification and routing (pure), then one transaction
 * holding the case, its assignments, its events and its outgoing notices. A retried submission
 * (same channel and externalId, same body) returns the case it created. Run under group commit,
 * `scope` takes the case's statistics rollup change to the batch, written once for all its cases;
 * without it the change is written here.
 */
export function intakeComplaint(services: Services, actor: Principal, input: IntakeInput, scope?: JobScope): IntakeResult {
  const compiled = catalogueOf(services, input.jurisdiction);
  if (!mayIntake(actor, input.jurisdiction, input.channel)) {
    throw forbidden(`this key may not submit complaints to ${input.jurisdiction} through channel ${input.channel}`);
  }
  if (input.content.trim().length === 0) throw invalidField('content', 'must contain text, not only whitespace');
  const now = services.clock();
  const receivedAt = parseReceivedAt(input.receivedAt, now);
  const kind = input.kind ?? 'complaint';
  const urgency = input.urgency ?? 'normal';
  const submissionHash = hashSubmission(input);
  const { db } = services;

  const { classification, routing } = decideComplaint(compiled, services.calendar, {
    channel: input.channel, kind, urgency, content: input.content, address: input.address,
    district: input.district, reportedEntity: input.reportedEntity, receivedAt,
  }, now);
  const { catalogue } = compiled;
  const status = routing.lead ? 'assigned' : 'triage';
  const stored: StoredDecision = {
    classification,
    routing: { district: routing.district, territorial: routing.territorial, limits: routing.limits },
  };
  const prefix = catalogue.trackingPrefix;
  const accessCode = newAccessCode();

  return immediately(db, () => {
    const t = db;
    // Checked inside the transaction: the write lock makes check-and-insert atomic.
    if (input.externalId !== undefined) {
      const existing = findCaseByExternalId(t, input.channel, input.externalId);
      if (existing) return replay(t, existing, submissionHash);
    }
    const repeat = findRepeat(t, { jurisdiction: catalogue.code, matterCode: classification.matter?.code ?? null, districtCode: routing.district?.code ?? null, content: input.content, now });
    const trackingCode = allocateTrackingCode((code) => trackingCodeTaken(t, code), prefix, localDate(now));
    const row = insertRow<CaseRow>(t, cases, 'cases', {
      trackingCode,
      accessCodeHash: hashAccessCode(trackingCode, accessCode),
      jurisdiction: catalogue.code,
      channel: input.channel,
      externalId: input.externalId ?? null,
      submissionHash,
      kind, urgency, status,
      content: input.content,
      address: input.address ?? null,
      reportedEntity: input.reportedEntity ?? null,
      purpose: input.purpose ?? null,
      districtCode: routing.district?.code ?? null,
      districtName: routing.district?.name ?? null,
      reporterName: input.reporter?.name ?? null,
      reporterPhone: input.reporter?.phone ?? null,
      reporterEmail: input.reporter?.email ?? null,
      reporterAddress: input.reporter?.address ?? null,
      reporterConfidential: input.reporter?.confidential ?? false,
      reporterAllowContact: input.reporter?.allowContact ?? false,
      matterCode: classification.matter?.code ?? null,
      pollutionTypes: classification.pollutionTypes,
      confidence: classification.confidence,
      decision: { ...stored, repeatOf: repeat.repeatOf },
      catalogueVersion: catalogue.version,
      receivedAt, createdAt: now, updatedAt: now,
      acceptDueAt: routing.acceptDueAt, signDueAt: routing.signDueAt, replyDueAt: routing.replyDueAt,
      deadlinesProvisional: routing.provisional,
    });
    repeat.remember(row.id, trackingCode);

    appendEvent(t, { caseId: row.id, at: now, actor, action: 'receive', fromState: null, toState: 'received', payload: { channel: input.channel, externalId: input.externalId ?? null } });
    const holders: AssignmentRow[] = [];
    if (routing.lead) {
      const offices = [{ office: routing.lead, role: 'lead' as const }, ...routing.cooperating.map((office) => ({ office, role: 'cooperating' as const }))];
      for (const { office, role } of offices) {
        holders.push(insertRow<AssignmentRow>(t, assignments, 'assignments', { caseId: row.id, department: office.department, officeName: office.name, districtCode: office.district, role, assignedAt: now }));
        queueAssignmentMail(t, row, office, role, now);
      }
      queueAcceptanceToReporter(t, row, routing.lead.name, now);
      appendEvent(t, {
        caseId: row.id, at: now, actor, action: 'assign', fromState: 'received', toState: 'assigned',
        payload: { automatic: true, matter: classification.matter, confidence: classification.confidence, lead: routing.lead, cooperating: routing.cooperating, catalogueVersion: catalogue.version },
      });
    } else {
      appendEvent(t, {
        caseId: row.id, at: now, actor, action: 'triage', fromState: 'received', toState: 'triage',
        payload: { confidence: classification.confidence, suggestions: classification.suggestions, catalogueVersion: catalogue.version },
      });
    }
    projectNewCase(t, services.calendar, row, holders, scope);
    return { created: true, row, holders, accessCode };
  });
}

function replay(db: Db, existing: CaseRow, submissionHash: string): IntakeResult {
  if (existing.submissionHash !== submissionHash) {
    throw conflict('EXTERNAL_ID_CONFLICT', `channel ${existing.channel} already sent work order ${existing.externalId} with different content (case ${existing.id}); send a new externalId for a new complaint`);
  }
  return { created: false, row: existing, holders: activeAssignments(db, existing.id) };
}

/** What a retry must repeat for it to be the same submission. */
function hashSubmission(input: IntakeInput): string {
  const { jurisdiction, kind, urgency, content, address, district, reportedEntity, reporter, purpose } = input;
  return createHash('sha256')
    // Fields added later are appended only when given, so submissions hashed before they existed keep their hash.
    .update(JSON.stringify([jurisdiction, kind ?? 'complaint', urgency ?? 'normal', content, address, district, reportedEntity, reporter?.name, reporter?.phone, reporter?.email, reporter?.confidential ?? false,
      ...(reporter?.allowContact ? [true] : []),
      ...(purpose !== undefined || reporter?.address !== undefined ? [{ purpose, reporterAddress: reporter?.address }] : [])]))
    .digest('hex');
}

function queueAssignmentMail(db: Db, row: CaseRow, office: Office, role: 'lead' | 'cooperating', now: Date): void {
  if (!office.email) return;
  insertReturningId(db, outbox, 'outbox', {
    caseId: row.id, channel: 'mail', template: 'assignment', recipient: office.email,
    payload: { caseId: row.id, trackingCode: row.trackingCode, office: office.name, role },
    nextAttemptAt: now, createdAt: now,
  });
}

