import { and, desc, eq, gte, inArray, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { cached } from '../../db/prepared.js';
import type { Db } from '../../db/connection.js';
import { assignments, cases, catalogueVersions } from '../../db/schema.js';
import { CHANNELS } from '../catalogue/schema.js';

export type CaseRow = typeof cases.$inferSelect;
export type AssignmentRow = typeof assignments.$inferSelect;

export function findCase(db: Db, id: number): CaseRow | undefined {
  return cached(db, 'case-by-id', () => db.select().from(cases).where(eq(cases.id, sql.placeholder('id'))).prepare()).get({ id });
}

export function findCaseByExternalId(db: Db, channel: string, externalId: string): CaseRow | undefined {
  return cached(db, 'case-by-external-id', () => db.select().from(cases)
    .where(and(eq(cases.channel, sql.placeholder('channel')), eq(cases.externalId, sql.placeholder('externalId')))).prepare())
    .get({ channel, externalId });
}

export function trackingCodeTaken(db: Db, trackingCode: string): boolean {
  return cached(db, 'tracking-code-taken', () => db.$client.prepare('SELECT 1 FROM cases WHERE tracking_code = ?').pluck()).get(trackingCode) !== undefined;
}

export function activeAssignments(db: Db, caseId: number): AssignmentRow[] {
  return cached(db, 'active-assignments', () => db.select().from(assignments)
    .where(and(eq(assignments.caseId, sql.placeholder('caseId')), eq(assignments.state, 'active'))).prepare())
    .all({ caseId });
}

export function activeAssignmentsOf(db: Db, caseIds: number[]): Map<number, AssignmentRow[]> {
  const byCase = new Map<number, AssignmentRow[]>(caseIds.map((id) => [id, []]));
  if (caseIds.length === 0) return byCase;
  const rows = db.select().from(assignments)
    .where(and(inArray(assignments.caseId, caseIds), eq(assignments.state, 'active'))).all();
  for (const row of rows) byCase.get(row.caseId)!.push(row);
  return byCase;
}

/** Records a catalogue version; called at start for every loaded catalogue, so every case's version is on file. */
export function rememberCatalogueVersion(db: Db, hash: string, jurisdiction: string, content: unknown, at: Date): void {
  db.insert(catalogueVersions).values({ hash, jurisdiction, content, firstUsedAt: at }).onConflictDoNothing().run();
}

export interface CaseFilter {
  jurisdiction?: string | undefined;
  channel?: string | undefined;
  trackingCode?: string | undefined;
  /** With channel, that channel's work order; without, any channel's (each channel's index entry is sought). */
  externalId?: string | undefined;
  status?: string | undefined;
  statuses?: readonly string[] | undefined;
  matter?: string | undefined;
  /** Only cases no matter was found for (triage's, Open311's general service). */
  withoutMatter?: boolean | undefined;
  district?: string | undefined;
  receivedFrom?: Date | undefined;
  receivedTo?: Date | undefined;
  /** Cases an office of this department holds (lead or cooperating); with `office`, that office only. */
  department?: string | undefined;
  office?: { department: string; district: string | null } | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** Newest first, keyset-paginated on the id. */
export function listCases(db: Db, f: CaseFilter): CaseRow[] {
  const where: SQL[] = [];
  if (f.jurisdiction) where.push(eq(cases.jurisdiction, f.jurisdiction));
  if (f.channel) where.push(eq(cases.channel, f.channel));
  if (f.trackingCode !== undefined) where.push(eq(cases.trackingCode, f.trackingCode));
  if (f.externalId !== undefined) {
    // (channel, external_id) is the unique index: naming every channel lets SQLite seek it once per channel.
    if (!f.channel) where.push(inArray(cases.channel, [...CHANNELS]));
    where.push(eq(cases.externalId, f.externalId));
  }
  if (f.status) where.push(eq(cases.status, f.status));
  if (f.statuses) where.push(inArray(cases.status, [...f.statuses]));
  if (f.matter) where.push(eq(cases.matterCode, f.matter));
  if (f.withoutMatter) where.push(isNull(cases.matterCode));
  if (f.district) where.push(eq(cases.districtCode, f.district));
  if (f.receivedFrom) where.push(gte(cases.receivedAt, f.receivedFrom));
  if (f.receivedTo) where.push(lte(cases.receivedAt, f.receivedTo));
  if (f.beforeId !== undefined) where.push(lt(cases.id, f.beforeId));
  const held: SQL[] = [eq(assignments.state, 'active')];
  if (f.department) held.push(eq(assignments.department, f.department));
  if (f.office) {
    held.push(eq(assignments.department, f.office.department));
    held.push(f.office.district === null ? isNull(assignments.districtCode) : eq(assignments.districtCode, f.office.district));
  }
  if (f.department || f.office) {
    where.push(inArray(cases.id, db.select({ id: assignments.caseId }).from(assignments).where(and(...held))));
  }
  return db.select().from(cases).where(and(...where)).orderBy(desc(cases.id)).limit(f.limit).all();
}
