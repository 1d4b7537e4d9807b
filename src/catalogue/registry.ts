import { join } from 'node:path';
import type { Classifier } from '../classify/classify.js';
import { buildDistrictIndex, type DistrictIndex } from '../classify/district.js';
import { buildIndustryIndex } from '../classify/industry.js';
import { buildMatterIndex } from '../classify/matter-index.js';
import { normalise } from '../classify/normalise.js';
import { MatterSimilarity } from '../classify/similarity.js';
import { loadCatalogue } from './load.js';
import type { Catalogue } from './types.js';

/** A catalogue with its indexes, built once at start and shared read-only by every request. */
export interface CompiledCatalogue {
  catalogue: Catalogue;
  classifier: Classifier;
  districts: DistrictIndex;
}

export function compileCatalogue(catalogue: Catalogue): CompiledCatalogue {
  return {
    catalogue,
    classifier: { catalogue, index: buildMatterIndex(catalogue), similarity: new MatterSimilarity(catalogue, normalise), industries: buildIndustryIndex(catalogue) },
    districts: buildDistrictIndex(catalogue),
  };
}

export function loadCatalogues(rulesDir: string, codes: readonly string[]): Map<string, CompiledCatalogue> {
  return new Map(codes.map((code) => [code, compileCatalogue(loadCatalogue(rulesDir, code))]));
}

export const calendarDir = (rulesDir: string) => join(rulesDir, 'calendar');
