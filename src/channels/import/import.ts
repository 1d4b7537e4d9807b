import type { Principal } from '../../auth/keys.js';
import { type IntakeInput, intakeComplaint } from '../../cases/commands/intake.js';
import { ApiError, forbidden, renamedField } from '../../errors.js';
import { mayIntake } from '../../cases/policies.js';
import { catalogueOf, type Services } from '../../services.js';
import { type ImportField, mapColumns, namesRequiredColumns } from './columns.js';
import { RowError, rowBody } from './rows.js';
import { HEADER_SEARCH_ROWS, type Sheet } from './sheet.js';

/** At most this many work orders in one file: a day's export of a busy district, not a year's. */
export const MAX_IMPORT_ROWS = 5000;
/** Rows handed to group commit together: a batch holds the write lock for tens of milliseconds, not seconds. */
const CHUNK = 50;

export type RowOutcome =
  | { line: number; externalId: string | null; outcome: 'created' | 'existing'; id: string; trackingCode: string; accessCode: string | null; status: string }
  | { line: number; externalId: string | null; outcome: 'failed'; error: { code: string; column: string | null; message: string } };

/** The intake body schema's check (the route's ComplaintBody): null, or the field at fault and why. */
export type BodyCheck = (body: Record<string, unknown>) => { field: string; message: string } | null;

/** Whether this key may import into this jurisdiction and channel: 400 or 403 if not. */
export function importAllowed(services: Services, principal: Principal, target: { jurisdiction: string; channel: string }): void {
  catalogueOf(services, target.jurisdiction);
  if (!mayIntake(principal, target.jurisdiction, target.channel)) throw forbidden(`this key may not submit complaints to ${target.jurisdiction} through channel ${target.channel}`);
}

/**
 * 批量导入: every row of a work-order export taken in as the JSON intake takes one — the same checks,
 * classification, routing and idempotency on (channel, 工单编号). Rows stand alone: a bad row is
 * reported with its line, column and reason and the others are taken in; running the same file
 * again answers `existing` for the rows already in, so a corrected file can simply be sent again.
 */
export async function importWorkOrders(
  services: Services, principal: Principal, target: { jurisdiction: string; channel: string }, sheet: Sheet, check: BodyCheck,
  onUnexpected?: (error: unknown, line: number) => void,
) {
  // The caller checked importAllowed before reading the file, and intake checks the key again on every row.
  // The header is the first row naming 工单编号 and 诉求内容, among the first few: exports often put a
  // title row (a merged cell) and a date above it. None: the first row's answer says what is missing.
  const searched = sheet.rows.slice(0, HEADER_SEARCH_ROWS);
  const headerAt = Math.max(0, searched.findIndex((row) => namesRequiredColumns(row.cells)));
  const map = mapColumns(sheet.rows[headerAt]!.cells);
  const workOrders = sheet.rows.slice(headerAt + 1);
  if (workOrders.length > MAX_IMPORT_ROWS) throw new ApiError(400, 'INVALID_IMPORT_FILE', `the file has ${workOrders.length} work orders; send at most ${MAX_IMPORT_ROWS} per file`);
  const headingOf = (field: string) => map.columns.get(field as ImportField)?.heading ?? null;

  const results: RowOutcome[] = [];
  for (let start = 0; start < workOrders.length; start += CHUNK) {
    const chunk = workOrders.slice(start, start + CHUNK).map(async ({ line, cells }): Promise<RowOutcome> => {
      const externalIdCell = (cells[map.columns.get('externalId')!.index] ?? '').trim();
      const externalId = externalIdCell === '' ? null : externalIdCell;
      const failed = (code: string, field: string | null, message: string): RowOutcome =>
        ({ line, externalId, outcome: 'failed', error: { code, column: field === null ? null : headingOf(field), message } });
      try {
        if (externalId === null) return failed('MISSING_EXTERNAL_ID', 'externalId', `${headingOf('externalId')}: is empty; every work order needs its number`);
        const body = rowBody(cells, map, target);
        const fault = check(body);
        if (fault) {
          // The schema asks JSON clients for ISO-8601; a spreadsheet's reader is told the forms a cell may take.
          const message = fault.field === 'receivedAt' ? `"${String(body.receivedAt)}" is not a time: write 2026-11-20 09:30 (Beijing time) or an ISO-8601 date-time with offset` : fault.message;
          return failed('INVALID_FIELD', fault.field, `${headingOf(fault.field) ?? fault.field}: ${message}`);
        }
        const result = await services.writes.run((scope) => intakeComplaint(services, principal, body as unknown as IntakeInput, scope));
        return {
          line, externalId, outcome: result.created ? 'created' : 'existing',
          id: String(result.row.id), trackingCode: result.row.trackingCode, accessCode: result.accessCode ?? null, status: result.row.status,
        };
      } catch (error) {
        if (error instanceof RowError) return failed('INVALID_FIELD', error.field, `${headingOf(error.field)}: ${error.message}`);
        if (error instanceof ApiError && error.statusCode < 500) {
          const heading = error.field ? headingOf(error.field) : null;
          return failed(error.code, error.field ?? null, heading ? renamedField(error, heading).message : error.message);
        }
        // Anything else is this row's failure too: the rows already taken in keep their answer, access codes included.
        onUnexpected?.(error, line);
        return failed('INTERNAL_ERROR', null, 'the row could not be taken in; it has been logged, and the file may be sent again');
      }
    });
    results.push(...await Promise.all(chunk));
  }
  const count = (outcome: RowOutcome['outcome']) => results.filter((r) => r.outcome === outcome).length;
  return {
    jurisdiction: target.jurisdiction,
    channel: target.channel,
    rows: results.length,
    created: count('created'),
    existing: count('existing'),
    failed: count('failed'),
    ignoredColumns: map.ignored,
    results,
  };
}
