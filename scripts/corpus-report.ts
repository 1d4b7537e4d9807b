import { loadCatalogues } from '../src/catalogue/registry.js';
import { classify } from '../src/classify/classify.js';
import { readCorpus, jurisdictionFor } from '../test/helpers/corpus.js';
const cats = loadCatalogues('./rules', ['chongqing', 'shanghai']);
let ok = 0, n = 0, routedOk = 0;
for (const row of readCorpus()) {
  if (!row.lead || row.lead === 'territorial' || row.lead === 'lead') continue;
  n++;
  const c = cats.get(jurisdictionFor(row))!;
  const r = classify(c.classifier, row.text);
  const lead = r.matter ? c.catalogue.mattersByCode.get(r.matter.code)!.lead : null;
  if (lead === row.lead) { ok++; if (r.confident) routedOk++; }
  else console.log(`MISS ${row.id} want ${row.lead} got ${lead} (${r.matter?.code} ${r.confidence}) [${r.suggestions.map(s=>s.matter.code+':'+s.score+':'+s.matchedTerms.join('/')).join(' ; ')}] ${row.text.slice(0,70)}`);
}
console.log(`top1 ${ok}/${n} = ${(100*ok/n).toFixed(1)}%  routed-correct ${routedOk}/${n}`);
