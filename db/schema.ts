import { sql } from 'drizzle-orm';
import { blob, index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

/** Every catalogue ever used, by content hash, so a disputed dispatch can be judged by the rule in force. */
export const catalogueVersions = sqliteTable('catalogue_versions', {
  hash: text('hash').primaryKey(),
  jurisdiction: text('jurisdiction').notNull(),
  content: text('content', { mode: 'json' }).notNull(),
  firstUsedAt: timestamp('first_used_at').notNull(),
});

export const cases = sqliteTable('cases', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  trackingCode: text('tracking_code').notNull(),
  accessCodeHash: text('access_code_hash').notNull(),
  jurisdiction: text('jurisdiction').notNull(),
  channel: text('channel').notNull(),
  externalId: text('external_id'),
  /** SHA-256 of the submitted body's meaningful fields: a retried intake must match it. */
  submissionHash: text('submission_hash').notNull(),
  kind: text('kind').notNull(),
  urgency: text('urgency').notNull(),
  status: text('status').notNull(),
  content: text('content').notNull(),
  address: text('address'),
  reportedEntity: text('reported_entity'),
  /** 诉求目的: what the reporter asks for (查处, 整改, 停止施工, …), as they said it. */
  purpose: text('purpose'),
  districtCode: text('district_code'),
  districtName: text('district_name'),
  reporterName: text('reporter_name'),
  reporterPhone: text('reporter_phone'),
  reporterEmail: text('reporter_email'),
  /** The reporter's address or work unit (住址或单位): identity, shown and masked as name and phone are. */
  reporterAddress: text('reporter_address'),
  reporterConfidential: integer('reporter_confidential', { mode: 'boolean' }).notNull().default(false),
  /** The reporter agreed that the handling department may contact them: handlers then see the identity. */
  reporterAllowContact: integer('reporter_allow_contact', { mode: 'boolean' }).notNull().default(false),
  matterCode: text('matter_code'),
  pollutionTypes: text('pollution_types', { mode: 'json' }).$type<string[]>().notNull(),
  confidence: real('confidence').notNull(),
  /** The classification and routing decision as answered at intake, reasons included. */
  decision: text('decision', { mode: 'json' }).notNull(),
  catalogueVersion: text('catalogue_version').notNull().references(() => catalogueVersions.hash),
  receivedAt: timestamp('received_at').notNull(),
  createdAt: timestamp('created_at').notNull(),
  updatedAt: timestamp('updated_at').notNull(),
  acceptDueAt: timestamp('accept_due_at'),
  signDueAt: timestamp('sign_due_at'),
  replyDueAt: timestamp('reply_due_at'),
  deadlinesProvisional: integer('deadlines_provisional', { mode: 'boolean' }).notNull().default(false),
  signedAt: timestamp('signed_at'),
  repliedAt: timestamp('replied_at'),
  closedAt: timestamp('closed_at'),
  /** Start of the current re-handling round: the reply limit then runs from here (rehandle limit). */
  reopenedAt: timestamp('reopened_at'),
  reopenCount: integer('reopen_count').notNull().default(0),
  /** Optimistic concurrency: sent as the ETag, checked against If-Match. */
  version: integer('version').notNull().default(1),
}, (t) => [
  uniqueIndex('cases_tracking_code').on(t.trackingCode),
  uniqueIndex('cases_channel_external_id').on(t.channel, t.externalId),
  index('cases_jurisdiction_status').on(t.jurisdiction, t.status),
  index('cases_jurisdiction_received').on(t.jurisdiction, t.receivedAt),
  index('cases_district').on(t.districtCode),
  index('cases_matter').on(t.matterCode),
  /** Repeat detection at intake: recent open cases of the same matter and district, covering (no table reads). */
  index('cases_repeat_lookup').on(t.jurisdiction, t.matterCode, t.districtCode, t.receivedAt, t.status, t.trackingCode),
  // Partial: only cases whose due times wait for a calendar year not yet published, so the cases
  // with settled deadlines (nearly all) cost no entry at intake.
  index('cases_provisional').on(t.status).where(sql`deadlines_provisional = 1`),
  // The escalation scheduler's scan: open cases by the due time that is near or past.
  index('cases_status_sign_due').on(t.status, t.signDueAt),
  index('cases_status_reply_due').on(t.status, t.replyDueAt),
]);

/** Which department office holds a case, as lead or cooperating. */
export const assignments = sqliteTable('assignments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  caseId: integer('case_id').notNull().references(() => cases.id),
  department: text('department').notNull(),
  officeName: text('office_name').notNull(),
  /** District of the office; null for the city-level office. */
  districtCode: text('district_code'),
  role: text('role', { enum: ['lead', 'cooperating'] }).notNull(),
  /** active while it holds the case; ended when returned or replaced by a reassignment. */
  state: text('state', { enum: ['active', 'ended'] }).notNull().default('active'),
  assignedAt: timestamp('assigned_at').notNull(),
  signedAt: timestamp('signed_at'),
  endedAt: timestamp('ended_at'),
}, (t) => [
  index('assignments_case').on(t.caseId),
  index('assignments_department').on(t.department, t.districtCode, t.state),
]);

/** 延期: asked by the lead office, decided by a supervisor; approval moves the case's reply due time. */
export const extensions = sqliteTable('extensions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  caseId: integer('case_id').notNull().references(() => cases.id),
  /** In the unit of the case's extension limit, recorded beside it so the number keeps its meaning. */
  days: integer('days').notNull(),
  unit: text('unit').notNull(),
  reason: text('reason').notNull(),
  state: text('state', { enum: ['pending', 'approved', 'rejected'] }).notNull().default('pending'),
  requestedBy: text('requested_by'),
  requestedAt: timestamp('requested_at').notNull(),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at'),
  note: text('note'),
  previousDueAt: timestamp('previous_due_at'),
  newDueAt: timestamp('new_due_at'),
}, (t) => [index('extensions_case').on(t.caseId)]);

/** 办结答复, one per handling round (a reopen starts a new round), with the callback (回访) that judged it. */
export const replies = sqliteTable('replies', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  caseId: integer('case_id').notNull().references(() => cases.id),
  round: integer('round').notNull(),
  department: text('department').notNull(),
  officeName: text('office_name').notNull(),
  result: text('result').notNull(),
  substantiated: text('substantiated', { enum: ['yes', 'partly', 'no'] }).notNull(),
  measures: text('measures').notNull(),
  /** What the reporter and the public may read; kept apart from the internal text. */
  publicReply: text('public_reply').notNull(),
  internalNotes: text('internal_notes'),
  repliedBy: text('replied_by'),
  repliedAt: timestamp('replied_at').notNull(),
  callbackAt: timestamp('callback_at'),
  callbackBy: text('callback_by'),
  resolved: integer('resolved', { mode: 'boolean' }),
  satisfaction: text('satisfaction', { enum: ['satisfied', 'basically_satisfied', 'unsatisfied'] }),
  callbackNote: text('callback_note'),
  /** The signed reply document (答复意见书) the round was closed with: an attachment of the case. */
  documentId: integer('document_id').references(() => attachments.id),
}, (t) => [uniqueIndex('replies_case_round').on(t.caseId, t.round)]);

/**
 * Files attached to a case (附件): the signed reply document a 12369 case is closed with, evidence
 * the reporter sent, inspection records. Kept in the database with the case, so one file (and its
 * backup) holds the whole record; never changed or deleted, a correction is a new upload.
 */
export const attachments = sqliteTable('attachments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  caseId: integer('case_id').notNull().references(() => cases.id),
  kind: text('kind', { enum: ['reply-document', 'evidence', 'other'] }).notNull(),
  filename: text('filename').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  content: blob('content', { mode: 'buffer' }).notNull(),
  uploadedBy: text('uploaded_by').notNull(),
  /** The office of a handler who uploaded it (department and district), null for other roles. */
  office: text('office', { mode: 'json' }).$type<{ department: string; district: string | null } | null>(),
  uploadedAt: timestamp('uploaded_at').notNull(),
}, (t) => [index('attachments_case').on(t.caseId, t.id)]);

/** Append-only audit trail: nothing updates or deletes a row (triggers refuse it). */
export const events = sqliteTable('events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  caseId: integer('case_id').notNull().references(() => cases.id),
  at: timestamp('at').notNull(),
  actorKeyId: text('actor_key_id'),
  actorRole: text('actor_role').notNull(),
  action: text('action').notNull(),
  fromState: text('from_state'),
  toState: text('to_state'),
  payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
}, (t) => [index('events_case').on(t.caseId, t.id)]);

/** Outgoing messages, written in the transaction of the change that causes them. */
export const outbox = sqliteTable('outbox', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  caseId: integer('case_id').references(() => cases.id),
  channel: text('channel', { enum: ['mail', 'webhook'] }).notNull(),
  template: text('template').notNull(),
  recipient: text('recipient').notNull(),
  payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  state: text('state', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at').notNull(),
  lastError: text('last_error'),
  createdAt: timestamp('created_at').notNull(),
  sentAt: timestamp('sent_at'),
  /**
   * 0: work for an office or a supervisor (交办, 催办, 督办, …); 1: a notice to a reporter. A backlog
   * sends the work first (notify/due-mail-feed.ts).
   */
  priority: integer('priority').notNull().default(0),
}, (t) => [index('outbox_state_priority_next').on(t.state, t.priority, t.nextAttemptAt)]);

/**
 * Escalation steps the scheduler took (催办, 督办, 通报). The unique (case, kind, due time) makes each
 * step fire once per due time, across restarts and processes; a moved due time fires anew.
 */
export const escalations = sqliteTable('escalations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  caseId: integer('case_id').notNull().references(() => cases.id),
  kind: text('kind', { enum: ['sign-reminder', 'reply-reminder', 'supervision-order', 'public-notice'] }).notNull(),
  /** The due time the step is about (the case's sign or reply due time when it fired). */
  dueAt: timestamp('due_at').notNull(),
  firedAt: timestamp('fired_at').notNull(),
}, (t) => [
  uniqueIndex('escalations_case_kind_due').on(t.caseId, t.kind, t.dueAt),
  index('escalations_kind').on(t.kind, t.caseId),
]);

/**
 * 工单回传: how far each channel's platform has been told what became of its cases. The events table
 * is the feed; a channel's row holds the last event delivered, and next_attempt_at both schedules
 * the next delivery (backoff after a failure) and claims it, as the outbox claims a mail.
 */
export const channelFeeds = sqliteTable('channel_feeds', {
  channel: text('channel').primaryKey(),
  lastEventId: integer('last_event_id').notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at').notNull(),
  lastError: text('last_error'),
  deliveredAt: timestamp('delivered_at'),
});

/** Leases for work one process at a time should do (the escalation scheduler); see src/escalation/lock.ts. */
export const schedulerLocks = sqliteTable('scheduler_locks', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at').notNull(),
});

export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  /** SHA-256 of the key: keys are random 256-bit secrets, so a fast hash is enough. */
  hash: text('hash').notNull(),
  role: text('role', { enum: ['operator', 'handler', 'supervisor', 'admin'] }).notNull(),
  jurisdiction: text('jurisdiction'),
  channel: text('channel'),
  department: text('department'),
  district: text('district'),
  label: text('label'),
  createdAt: timestamp('created_at').notNull(),
  revokedAt: timestamp('revoked_at'),
}, (t) => [uniqueIndex('api_keys_hash').on(t.hash)]);
