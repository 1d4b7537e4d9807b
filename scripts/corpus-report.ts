import { join } from 'node:path';
import { loadCatalogues } from '../src/catalogue/registry.js';
import { corpusAgreement } from '../test/helpers/corpus.js';

/** Each corpus miss with its competing matters and their terms, for tuning the catalogues. */
const { rows, agreed, routedAgreed, misses } = corpusAgreement(loadCatalogues(join(import.meta.dirname, '..', 'rules'), ['chongqing', 'shanghai']));
for (const { row, lead, result } of misses) {
  const rivals = result.suggestions.map((s) => `${s.matter.code}:${s.score}:${s.matchedTerms.join('/')}`).join(' ; ');
  console.log(`MISS ${row.id} want ${row.lead} got ${lead} (${result.matter?.code} ${result.confidence}) [${rivals}] ${row.text.slice(0, 70)}`);
}
console.log(`top1 ${agreed}/${rows} = ${(100 * agreed / rows).toFixed(1)}%  routed-correct ${routedAgreed}/${rows}`);
