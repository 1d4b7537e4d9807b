import type { Principal } from '../../auth/keys.js';
import type { Services } from '../../services.js';
import { appendEvent } from '../events.js';
import { reporterVisibility } from '../policies.js';
import type { CaseRow } from '../repository.js';

/**
 * Records that a caller was shown a reporter's identity unmasked: access to personal data is itself
 * on the record (举报人信息保密). Nothing is recorded when there was nothing to reveal.
 */
export function recordReporterAccess(services: Services, viewer: Principal, row: CaseRow): boolean {
  if (reporterVisibility(viewer, { confidential: row.reporterConfidential, allowContact: row.reporterAllowContact }) !== 'full') return false;
  const fields = (['name', 'phone', 'email', 'address'] as const)
    .filter((f) => ({ name: row.reporterName, phone: row.reporterPhone, email: row.reporterEmail, address: row.reporterAddress })[f]);
  if (fields.length === 0) return false;
  appendEvent(services.db, {
    caseId: row.id, at: services.clock(), actor: viewer, action: 'reveal-reporter', fromState: row.status, toState: row.status,
    payload: { fields, confidential: row.reporterConfidential, allowContact: row.reporterAllowContact },
  });
  return true;
}
