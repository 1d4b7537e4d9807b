import type { Catalogue } from '../catalogue/types.js';
import { KeywordAutomaton } from './automaton.js';
import { normalise } from './normalise.js';

/** Where a term counts: a rule of a matter (and for "all" rules, which group), or a matter's exclusion list. */
export interface TermRef {
  matter: number;
  /** Index into MatterIndex.rules, or -1 for an exclusion. */
  rule: number;
  /** Group of an "all" rule, or 0 for an "any" rule. */
  group: number;
}

export interface CompiledRule {
  matter: number;
  weight: number;
  /** Bit mask with one bit per group that must match; 1 for an "any" rule. */
  fullMask: number;
}

export interface MatterIndex {
  automaton: KeywordAutomaton;
  refs: ReadonlyArray<readonly TermRef[]>;
  rules: readonly CompiledRule[];
}

/** One automaton over every term of every matter of the catalogue. */
export function buildMatterIndex(catalogue: Catalogue): MatterIndex {
  const termIds = new Map<string, number>();
  const refs: TermRef[][] = [];
  const rules: CompiledRule[] = [];
  const add = (term: string, ref: TermRef) => {
    const key = normalise(term);
    if (key.length === 0) return;
    let id = termIds.get(key);
    if (id === undefined) {
      id = termIds.size;
      termIds.set(key, id);
      refs.push([]);
    }
    refs[id]!.push(ref);
  };
  catalogue.matters.forEach((matter, m) => {
    for (const rule of matter.rules) {
      const r = rules.length;
      if (rule.any) {
        rules.push({ matter: m, weight: rule.weight, fullMask: 1 });
        for (const term of rule.any) add(term, { matter: m, rule: r, group: 0 });
      } else if (rule.all) {
        rules.push({ matter: m, weight: rule.weight, fullMask: (1 << rule.all.length) - 1 });
        rule.all.forEach((group, g) => { for (const term of group) add(term, { matter: m, rule: r, group: g }); });
      }
    }
    for (const term of matter.exclude) add(term, { matter: m, rule: -1, group: 0 });
  });
  return { automaton: new KeywordAutomaton([...termIds.keys()]), refs, rules };
}
