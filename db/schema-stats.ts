import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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
  /** 行业 of the entity complained about (rules/industries.yaml), from the intake's classification; null when none was named. */
  industry: text('industry'),
  /** The 复查 decision (upheld, rehandle), null without one; counted for the lead department. */
  reviewOutcome: text('review_outcome'),
  /** The lead now holding the case was fixed by 会商. */
  arbitrated: integer('arbitrated', { mode: 'boolean' }).notNull().default(false),
}, (t) => [
  index('stat_cases_period').on(t.jurisdiction, t.receivedAt),
  /** One department's cases of a period (the yearly report). */
  index('stat_cases_department').on(t.jurisdiction, t.leadDepartment, t.receivedAt),
  /**
   * Overdue open cases now: covering, so the count never reads the table (named in the query: see
   * OVERDUE_OPEN). The case id follows the due time: cases of a day share one due time, and ordered
   * by id they are appended at one place, where ordered by department and district each intake
   * wrote a different leaf page (16 of a 20-case batch's 225 pages).
   */
  index('stat_cases_open_due').on(t.jurisdiction, t.status, t.replyDueAt, t.caseId, t.leadDepartment, t.districtCode),
  /** Cases still waiting for a first reply: their reply figures depend on the clock and are counted live. */
  /** The few cases with a 复查 decision or a lead fixed by 会商: counted live, and no entry for any other case. */
  index('stat_cases_accountability').on(t.jurisdiction, t.receivedAt, t.leadDepartment, t.districtCode, t.reviewOutcome, t.arbitrated)
    .where(sql`review_outcome IS NOT NULL OR arbitrated = 1`),
  index('stat_cases_unreplied').on(t.jurisdiction, t.receivedAt, t.status, t.replyDueAt, t.leadDepartment, t.matterCode, t.channel, t.districtCode, t.pollutionTypes, t.industry)
    .where(sql`first_replied_at IS NULL`),
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
  /** How the office's hold ended: returned (退单), reassigned (改派), transferred (移交 / 移送), or null while it holds the case. */
  endReason: text('end_reason'),
}, (t) => [
  index('stat_lead_terms_period').on(t.jurisdiction, t.receivedAt),
  index('stat_lead_terms_department').on(t.jurisdiction, t.department, t.receivedAt),
  /** Unsigned holds: whether their sign-for was missed depends on the clock, so they are counted live. */
  index('stat_lead_terms_unsigned').on(t.jurisdiction, t.receivedAt, t.signDueAt, t.department).where(sql`signed_at IS NULL`),
]);

/** Sums of the settled facts (those that no longer depend on the clock) of one case, as rollup columns. */
const settledSums = {
  cases: integer('cases').notNull().default(0),
  replied: integer('replied').notNull().default(0),
  repliedOnTime: integer('replied_on_time').notNull().default(0),
  callbacks: integer('callbacks').notNull().default(0),
  resolved: integer('resolved').notNull().default(0),
  satisfied: integer('satisfied').notNull().default(0),
  reopened: integer('reopened').notNull().default(0),
  repeats: integer('repeats').notNull().default(0),
  handlingDaysSum: real('handling_days_sum').notNull().default(0),
  handlingCount: integer('handling_count').notNull().default(0),
};

/**
 * Daily rollup per department (local day of receipt): a year's department figures sum at most
 * days × departments rows (~7,000) instead of scanning every case. Kept by applying each case's
 * change (new facts minus old) in the transaction that refreshes its projection. District figures
 * scan the projection instead: a district holds a small share of the cases.
 */
export const statDepartmentDaily = sqliteTable('stat_department_daily', {
  jurisdiction: text('jurisdiction').notNull(),
  day: text('day').notNull(),
  department: text('department').notNull(),
  /** Lead assignments and their settled sign-for, return and reassignment facts. */
  received: integer('received').notNull().default(0),
  signed: integer('signed').notNull().default(0),
  signedOnTime: integer('signed_on_time').notNull().default(0),
  returned: integer('returned').notNull().default(0),
  reassigned: integer('reassigned').notNull().default(0),
  /** Holds ended by the office's own transfer (移交 / 移送) to a department that can act on the case. */
  transferred: integer('transferred').notNull().default(0),
  ...settledSums,
}, (t) => [primaryKey({ columns: [t.jurisdiction, t.day, t.department] })]);

/** Daily rollup per breakdown dimension (matter, pollutionType, channel, district, department) and key. */
export const statBreakdownDaily = sqliteTable('stat_breakdown_daily', {
  jurisdiction: text('jurisdiction').notNull(),
  day: text('day').notNull(),
  dimension: text('dimension').notNull(),
  key: text('key').notNull(),
  ...settledSums,
}, (t) => [primaryKey({ columns: [t.jurisdiction, t.dimension, t.day, t.key] })]);
