import type { MatterIndex } from './matter-index.js';

export interface MatterScore {
  matter: number;
  score: number;
  /** Normalised terms of the rules that fired, in order of appearance. */
  terms: string[];
}

/** Each further distinct term of a fired rule adds this share of the rule's weight. */
const EXTRA_TERM_SHARE = 0.25;

/**
 * Scores every matter against normalised text: a rule adds its weight once when it fires ("any": one
 * term; "all": a term from every group), plus a quarter for each further distinct term; an excluded
 * term sets the matter aside. Returns the matters that scored, best first, ties in catalogue order.
 */
export function scoreMatters(index: MatterIndex, normalisedText: string): MatterScore[] {
  const found = index.automaton.distinctMatches(normalisedText);
  if (found.length === 0) return [];
  const masks = new Map<number, number>();
  const hits = new Map<number, string[]>();
  const excluded = new Set<number>();
  for (const termId of found) {
    const term = index.automaton.terms[termId]!;
    for (const ref of index.refs[termId]!) {
      if (ref.rule < 0) {
        excluded.add(ref.matter);
        continue;
      }
      masks.set(ref.rule, (masks.get(ref.rule) ?? 0) | (1 << ref.group));
      const list = hits.get(ref.rule);
      if (list === undefined) hits.set(ref.rule, [term]);
      else if (!list.includes(term)) list.push(term);
    }
  }
  const byMatter = new Map<number, MatterScore>();
  for (const [r, mask] of masks) {
    const rule = index.rules[r]!;
    if (mask !== rule.fullMask || excluded.has(rule.matter)) continue;
    const terms = hits.get(r)!;
    const extra = rule.fullMask === 1 ? terms.length - 1 : Math.max(0, terms.length - popcount(rule.fullMask));
    const points = rule.weight * (1 + EXTRA_TERM_SHARE * extra);
    const entry = byMatter.get(rule.matter);
    if (entry === undefined) byMatter.set(rule.matter, { matter: rule.matter, score: points, terms: [...terms] });
    else {
      entry.score += points;
      for (const t of terms) if (!entry.terms.includes(t)) entry.terms.push(t);
    }
  }
  return [...byMatter.values()].sort((a, b) => b.score - a.score || a.matter - b.matter);
}

function popcount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}
