import { resolveDistrictField } from '../classify/district.js';
import { invalidField } from '../errors.js';
import { catalogueOf, type Services } from '../services.js';
import type { CompiledCatalogue } from './registry.js';

/**
 * Query filters that name catalogue entries, resolved the way intake resolves them. A name that
 * matches nothing is refused with 400: an empty list would read as "no cases there".
 */

/** The catalogue of a key's or a query's city; with neither (an admin key for both cities), every catalogue. */
export function cataloguesFor(services: Services, jurisdiction: string | null | undefined): CompiledCatalogue[] {
  return jurisdiction ? [catalogueOf(services, jurisdiction)] : [...services.catalogues.values()];
}

/** A district code or name (500103, 渝中区, 渝中, 渝中區) as its code. */
export function districtCodeIn(catalogues: readonly CompiledCatalogue[], value: string): string {
  for (const compiled of catalogues) {
    const district = resolveDistrictField(compiled.districts, value);
    if (district) return district.code;
  }
  throw invalidField('district', `"${value}" is not a district of ${namesOf(catalogues)}; give its code or name`);
}

/** A matter code of the current catalogue. */
export function matterCodeIn(catalogues: readonly CompiledCatalogue[], code: string): string {
  if (catalogues.some((compiled) => compiled.catalogue.mattersByCode.has(code))) return code;
  throw invalidField('matter', `"${code}" is not a matter code of ${namesOf(catalogues)}; the codes are in GET /public/catalogue/:jurisdiction`);
}

const namesOf = (catalogues: readonly CompiledCatalogue[]) => catalogues.map((c) => c.catalogue.name).join(' or ');
