import type { Principal } from '../auth/keys.js';
import { districtCodeIn } from '../catalogue/filters.js';
import type { CompiledCatalogue } from '../catalogue/registry.js';
import { invalidField } from '../errors.js';
import { scopedJurisdiction } from '../cases/list-scope.js';
import { catalogueOf, type Services } from '../services.js';
import { parsePeriod } from './period.js';
import type { Scope } from './queries.js';

/** The statistics scope of a request: a supervisor sees its own jurisdiction only. */
export function statsScope(services: Services, principal: Principal, q: { jurisdiction?: string | undefined; from: string; to: string; district?: string | undefined }): { compiled: CompiledCatalogue; scope: Scope } {
  const jurisdiction = scopedJurisdiction(principal, q.jurisdiction);
  if (!jurisdiction) throw invalidField('jurisdiction', 'is required for a key without a jurisdiction');
  const compiled = catalogueOf(services, jurisdiction);
  const district = q.district === undefined ? undefined : districtCodeIn([compiled], q.district);
  return { compiled, scope: { jurisdiction, period: parsePeriod(q.from, q.to), district } };
}
