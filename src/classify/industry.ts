import type { Catalogue, Industry, Matter } from '../catalogue/types.js';
import { KeywordAutomaton } from './automaton.js';
import { normalise } from './normalise.js';

/** The industry (行业) a complaint is counted under, and why. */
export interface IndustryFinding {
  code: string;
  title: string;
  /** 'matter': the matter names its industry (餐饮油烟); 'keywords': terms of the text named it. */
  basis: 'matter' | 'keywords';
  matchedTerms: string[];
}

export interface IndustryIndex {
  automaton: KeywordAutomaton;
  /** Per term id: the industry's position in the catalogue's list. */
  industryOfTerm: readonly number[];
  industries: readonly Industry[];
  byCode: ReadonlyMap<string, Industry>;
}

export function buildIndustryIndex(catalogue: Catalogue): IndustryIndex {
  const terms: string[] = [];
  const industryOfTerm: number[] = [];
  const seen = new Set<string>();
  catalogue.industries.forEach((industry, i) => {
    for (const term of industry.terms) {
      const key = normalise(term);
      // The loader refuses one term under two industries; the same term twice in one list is harmless.
      if (key.length === 0 || seen.has(key)) continue;
      seen.add(key);
      terms.push(key);
      industryOfTerm.push(i);
    }
  });
  return { automaton: new KeywordAutomaton(terms), industryOfTerm, industries: catalogue.industries, byCode: catalogue.industriesByCode };
}

/**
 * Words that, right after a place, make it a landmark: 旁边, 附近, 对面, 隔壁, 门口, 后面, 一带, and a
 * side of it (加油站西侧, 超市北边). A bare point of the compass is not one: 工地北门 is the site's own gate,
 * and a district's name (南岸区) may follow.
 */
const LANDMARK_AFTER = /^(旁|附近|对面|隔壁|门口|边上|周边|周围|后面|后边|前面|一带|[东西南北](侧|边|面|方))/;

/**
 * The industry of the entity a complaint is about. A matter that names its industry decides (every
 * restaurant-fumes complaint is about catering, whatever else the text mentions). Otherwise the
 * industry with the most distinct terms in the text, ties to the one listed first; a term inside a
 * longer term found at the same place does not count (洗水厂 is a laundry, not 水厂 a waterworks), and
 * a term used as a landmark counts only when nothing else is named.
 * null: no term found, as for a square dance or a neighbour's dog.
 */
export function detectIndustry(index: IndustryIndex, normalisedText: string, matter: Matter | null): IndustryFinding | null {
  if (matter?.industry !== undefined) {
    const industry = index.byCode.get(matter.industry);
    if (industry) return { code: industry.code, title: industry.title, basis: 'matter', matchedTerms: [] };
  }
  const spans = index.automaton.occurrences(normalisedText).map(({ termId, end }) => ({ termId, end, start: end - index.automaton.terms[termId]!.length }))
    // A term inside a longer term found at the same place does not count.
    .filter((span, _i, all) => !all.some((other) => other !== span && other.start <= span.start && other.end >= span.end && other.end - other.start > span.end - span.start));
  if (spans.length === 0) return null;
  // A place named to say where something else is (加油站旁边的工地) is not what the complaint is about,
  // unless nothing else is named (住在化工厂旁边，天天闻到臭味: the plant is the source).
  const subjects = spans.filter((span) => !LANDMARK_AFTER.test(normalisedText.slice(span.end, span.end + 3)));
  const terms = new Map<number, Set<string>>();
  for (const span of subjects.length > 0 ? subjects : spans) {
    const industry = index.industryOfTerm[span.termId]!;
    let found = terms.get(industry);
    if (!found) terms.set(industry, (found = new Set()));
    found.add(index.automaton.terms[span.termId]!);
  }
  let best = -1;
  for (const [industry, found] of terms) {
    const bestCount = best < 0 ? 0 : terms.get(best)!.size;
    if (found.size > bestCount || (found.size === bestCount && industry < best)) best = industry;
  }
  const industry = index.industries[best]!;
  return { code: industry.code, title: industry.title, basis: 'keywords', matchedTerms: [...terms.get(best)!] };
}
