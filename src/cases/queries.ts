import type { Principal } from '../auth/keys.js';
import { typedBound } from '../calendar/local-time.js';
import { cataloguesFor, districtCodeIn, matterCodeIn } from '../catalogue/filters.js';
import { forbidden, invalidField, notFound } from '../errors.js';
import type { Services } from '../services.js';
import { scopedChannel, scopedJurisdiction } from './list-scope.js';
import { normaliseTypedCode } from './codes.js';
import { mayRead } from './policies.js';
import { activeAssignments, activeAssignmentsOf, type CaseFilter, findCase, listCases } from './repository.js';

export function readComplaint(services: Services, principal: Principal, id: number) {
  const row = findCase(services.db, id);
  if (!row) throw notFound('CASE_NOT_FOUND', `no case ${id}`);
  const holders = activeAssignments(services.db, id);
  if (!mayRead(principal, { jurisdiction: row.jurisdiction, channel: row.channel, holders, district: row.districtCode, status: row.status })) {
    throw forbidden(`case ${id} is outside this key's scope`);
  }
  return { row, holders };
}

export interface ListQuery {
  status?: string | undefined;
  /** Any of these states (Open311's open and closed). */
  statuses?: readonly string[] | undefined;
  withoutMatter?: boolean | undefined;
  department?: string | undefined;
  district?: string | undefined;
  matter?: string | undefined;
  channel?: string | undefined;
  trackingCode?: string | undefined;
  externalId?: string | undefined;
  jurisdiction?: string | undefined;
  receivedFrom?: string | undefined;
  receivedTo?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** The list filters narrowed to the key's scope; asking outside it is refused, not silently emptied. */
export function listComplaints(services: Services, principal: Principal, q: ListQuery) {
  const limit = q.limit ?? 50;
  const jurisdiction = scopedJurisdiction(principal, q.jurisdiction);
  const boundChannel = scopedChannel(principal);
  if (boundChannel && q.channel && q.channel !== boundChannel) throw forbidden(`this key is limited to channel ${boundChannel}`);
  const catalogues = cataloguesFor(services, jurisdiction);
  const filter: CaseFilter = {
    jurisdiction,
    channel: boundChannel ?? q.channel,
    status: q.status,
    statuses: q.statuses,
    withoutMatter: q.withoutMatter,
    matter: q.matter === undefined ? undefined : matterCodeIn(catalogues, q.matter),
    district: q.district === undefined ? undefined : districtCodeIn(catalogues, q.district),
    department: q.department,
    // An operator finds the case a caller quotes: the code as typed, read as the citizen's lookup reads it.
    trackingCode: q.trackingCode === undefined ? undefined : normaliseTypedCode(q.trackingCode, 'tracking'),
    externalId: q.externalId,
    receivedFrom: parseBound(q.receivedFrom, 'receivedFrom', 'start'),
    receivedTo: parseBound(q.receivedTo, 'receivedTo', 'end'),
    beforeId: q.cursor ? Number(q.cursor) : undefined,
    limit: limit + 1,
  };
  if (principal.role === 'handler') filter.office = { department: principal.department ?? '', district: principal.district };
  const rows = listCases(services.db, filter);
  const page = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? String(page[page.length - 1]!.id) : null;
  return { rows: page, holders: activeAssignmentsOf(services.db, page.map((r) => r.id)), nextCursor };
}

/**
 * A bound of the received-time filter, both inclusive: a date-time with offset as given, or a day
 * as people type it (2026-11-01), which means the whole day in Beijing time, as in the statistics.
 */
function parseBound(value: string | undefined, field: string, edge: 'start' | 'end'): Date | undefined {
  if (value === undefined) return undefined;
  const bound = typedBound(value);
  if (Number.isNaN(bound.start.getTime())) throw invalidField(field, 'must be a date (2026-11-01) or an ISO-8601 date-time with offset');
  if (edge === 'start') return bound.start;
  // The repository's bounds are both inclusive: a day ends at its last millisecond, a date-time is itself.
  return bound.end > bound.start ? new Date(bound.end.getTime() - 1) : bound.end;
}
