import type { Catalogue, District } from '../catalogue/types.js';
import { KeywordAutomaton } from './automaton.js';
import { normalise } from './normalise.js';

export interface DistrictIndex {
  automaton: KeywordAutomaton;
  /** For each automaton term, the district it names. */
  districtOfTerm: readonly District[];
  /** Code, full name, short forms and aliases, normalised, for an explicit `district` field. */
  byName: ReadonlyMap<string, District>;
}

export type DistrictSource = 'field' | 'address' | 'content' | 'none';

export interface DetectedDistrict {
  district: District | null;
  source: DistrictSource;
}

export function buildDistrictIndex(catalogue: Catalogue): DistrictIndex {
  const byName = new Map<string, District>();
  const terms: string[] = [];
  const districtOfTerm: District[] = [];
  for (const district of catalogue.districts) {
    for (const name of [district.name, ...district.aliases]) {
      const key = normalise(name);
      if (byName.has(key)) continue;
      byName.set(key, district);
      byName.set(normalise(catalogue.name + name), district);
      terms.push(key);
      districtOfTerm.push(district);
    }
    byName.set(district.code, district);
  }
  return { automaton: new KeywordAutomaton(terms), districtOfTerm, byName };
}

/** An explicit district given by code or name (渝中区, 渝中, 500103, 重庆市渝中区); undefined when unknown. */
export function resolveDistrictField(index: DistrictIndex, value: string): District | undefined {
  return index.byName.get(normalise(value));
}

/** The district named in a text: the longest name found, the first of equals. */
export function findDistrictIn(index: DistrictIndex, text: string): District | null {
  let best: District | null = null;
  let bestLength = 0;
  for (const termId of index.automaton.distinctMatches(normalise(text))) {
    const length = index.automaton.terms[termId]!.length;
    if (length > bestLength) {
      best = index.districtOfTerm[termId]!;
      bestLength = length;
    }
  }
  return best;
}

/** District from the explicit field (already resolved), else the address, else the content; none → city level. */
export function detectDistrict(
  index: DistrictIndex,
  input: { district?: District | undefined; address?: string | undefined; content: string },
): DetectedDistrict {
  if (input.district) return { district: input.district, source: 'field' };
  const fromAddress = input.address ? findDistrictIn(index, input.address) : null;
  if (fromAddress) return { district: fromAddress, source: 'address' };
  const fromContent = findDistrictIn(index, input.content);
  if (fromContent) return { district: fromContent, source: 'content' };
  return { district: null, source: 'none' };
}
