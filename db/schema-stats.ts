import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

/**
 * Statistics projection, one row per case: the facts the supervisors' figures are computed from,
 * rewritten from the case's own rows and events in the transaction of every change to it
 * (src/stats/projection.ts). Queries over a year then scan one narrow table instead of joining five.
 */
export const statCases = sqliteTable('stat_cases', {
  caseId: integer('case_id').primaryKey(),
  jurisdiction: text('jurisdiction').notNull(),
  receivedAt: timestamp('received_at').notNull(),
  /** Local month of receipt (2026-11), for the breakdown by month. */
  month: text('month').notNull(),
  channel: text('channel').notNull(),
  districtCode: text('district_code'),
  matterCode: text('matter_code'),
  pollutionTypes: text('pollution_types').notNull(),
  status: text('status').notNull(),
  /** The lead office now holding the case (or the last one, once it is closed); null in triage. */
  leadDepartment: text('lead_department'),
  leadDistrict: text('lead_district'),
  leadOffice: text('lead_office'),
  replyDueAt: timestamp('reply_due_at'),
  /** First reply, and whether it came by the due time then in force (approved extensions counted). */
  firstRepliedAt: timestamp('first_replied_at'),
  firstReplyOnTime: integer('first_reply_on_time', { mode: 'boolean' }),
  /** Working days from the replying office's assignment to the first reply. */
  handlingWorkingDays: real('handling_working_days'),
  /** The latest callback (回访): resolved? satisfaction? null without a callback. */
  callbackResolved: integer('callback_resolved', { mode: 'boolean' }),
  callbackSatisfaction: text('callback_satisfaction'),
  reopenCount: integer('reopen_count').notNull(),
  /** A repeat of an open case of the same matter and district with similar text (重复投诉). */
  isRepeat: integer('is_repeat', { mode: 'boolean' }).notNull(),
  approvedExtensions: integer('approved_extensions').notNull(),
  reportedEntity: text('reported_entity'),
  address: text('address'),
}, (t) => [
  index('stat_cases_period').on(t.jurisdiction, t.receivedAt),
  index('stat_cases_open_lead').on(t.jurisdiction, t.status, t.leadDepartment),
]);

/** One row per lead assignment (交办 to an office as 主办): sign-for, return and reassignment figures. */
export const statLeadTerms = sqliteTable('stat_lead_terms', {
  assignmentId: integer('assignment_id').primaryKey(),
  caseId: integer('case_id').notNull(),
  jurisdiction: text('jurisdiction').notNull(),
  receivedAt: timestamp('received_at').notNull(),
  districtCode: text('district_code'),
  department: text('department').notNull(),
  officeDistrict: text('office_district'),
  assignedAt: timestamp('assigned_at').notNull(),
  signDueAt: timestamp('sign_due_at').notNull(),
  signedAt: timestamp('signed_at'),
  /** How the office's hold ended: returned (退单), reassigned (改派), or null while it holds the case. */
  endReason: text('end_reason'),
}, (t) => [
  index('stat_lead_terms_period').on(t.jurisdiction, t.receivedAt),
  index('stat_lead_terms_case').on(t.caseId),
]);
