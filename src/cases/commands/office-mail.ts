import type { Db } from '../../../db/connection.js';
import { insertReturningId } from '../../../db/prepared.js';
import { outbox } from '../../../db/schema.js';
import type { DepartmentCode } from '../../catalogue/schema.js';
import { officeFor } from '../../routing/offices.js';
import type { Services } from '../../services.js';
import type { CaseRow } from '../repository.js';

/** The inbox of a department's office in a district (or the city office), from the current catalogue. */
export function officeEmail(services: Services, jurisdiction: string, department: string, districtCode: string | null): string | null {
  const catalogue = services.catalogues.get(jurisdiction)?.catalogue;
  if (!catalogue || !catalogue.departments.has(department as DepartmentCode)) return null;
  const district = districtCode ? catalogue.districtsByCode.get(districtCode) ?? null : null;
  return officeFor(catalogue, department as DepartmentCode, district).email;
}

/** Queues a mail to an office in the caller's transaction: it leaves only if the change commits. */
export function queueOfficeMail(
  db: Db, services: Services, row: CaseRow, office: { department: string; districtCode: string | null; officeName: string },
  template: string, payload: Record<string, unknown>, now: Date,
): void {
  const recipient = officeEmail(services, row.jurisdiction, office.department, office.districtCode);
  if (!recipient) return;
  // A prepared insert: the escalation scheduler queues thousands of these at midnight, where drizzle
  // building each statement anew was most of a step's CPU (profiled).
  insertReturningId(db, outbox, 'outbox', {
    caseId: row.id, channel: 'mail', template, recipient,
    payload: { caseId: row.id, trackingCode: row.trackingCode, office: office.officeName, ...payload },
    nextAttemptAt: now, createdAt: now,
  });
}
