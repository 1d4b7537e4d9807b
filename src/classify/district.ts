import type { Catalogue, District } from '../catalogue/types.js';
import { KeywordAutomaton } from './automaton.js';
import { normalise } from './normalise.js';

export interface DistrictIndex {
  automaton: KeywordAutomaton;
  /** For each automaton term, the district it names (null: a landmark in no single district). */
  districtOfTerm: readonly (District | null)[];
  /** Which automaton terms are landmarks: a district name inside one does not count. */
  isLandmark: readonly boolean[];
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
  const districtOfTerm: (District | null)[] = [];
  const isLandmark: boolean[] = [];
  for (const district of catalogue.districts) {
    for (const name of [district.name, ...district.aliases]) {
      const key = normalise(name);
      if (byName.has(key)) continue;
      byName.set(key, district);
      byName.set(normalise(catalogue.name + name), district);
      terms.push(key);
      districtOfTerm.push(district);
      isLandmark.push(false);
    }
    byName.set(district.code, district);
  }
  for (const landmark of catalogue.landmarks) {
    terms.push(normalise(landmark.name));
    districtOfTerm.push(landmark.district);
    isLandmark.push(true);
  }
  return { automaton: new KeywordAutomaton(terms), districtOfTerm, isLandmark, byName };
}

/** An explicit district given by code or name (渝中区, 渝中, 500103, 重庆市渝中区); undefined when unknown. */
export function resolveDistrictField(index: DistrictIndex, value: string): District | undefined {
  return index.byName.get(normalise(value));
}

/**
 * The district named in a text: the longest name found, the first of equals. A district name inside
 * a landmark's name (黄浦 in 黄浦江, 江北 in 江北机场) does not count; the landmark counts for the
 * district it lies in, if any.
 */
export function findDistrictIn(index: DistrictIndex, text: string): District | null {
  const occurrences = index.automaton.occurrences(normalise(text)).map(({ termId, end }) => ({ termId, end, start: end - index.automaton.terms[termId]!.length }));
  const landmarks = occurrences.filter((o) => index.isLandmark[o.termId]);
  let best: District | null = null;
  let bestLength = 0;
  let bestStart = Infinity;
  for (const o of occurrences) {
    const district = index.districtOfTerm[o.termId];
    if (!district) continue;
    if (!index.isLandmark[o.termId] && landmarks.some((l) => l.start <= o.start && o.end <= l.end)) continue;
    const length = o.end - o.start;
    if (length > bestLength || (length === bestLength && o.start < bestStart)) {
      best = district;
      bestLength = length;
      bestStart = o.start;
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
