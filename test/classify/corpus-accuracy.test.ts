import t from 'tap';
import { loadCatalogues } from '../../src/catalogue/registry.js';
import { classify } from '../../src/classify/classify.js';
import { jurisdictionFor, readCorpus } from '../helpers/corpus.js';
import { RULES_DIR } from '../helpers/app.js';

const catalogues = loadCatalogues(RULES_DIR, ['chongqing', 'shanghai']);
const rows = readCorpus().filter((r) => r.lead !== '' && r.lead !== 'territorial');

t.test('the lead department agrees with the department that really handled the complaint', async (t) => {
  let agreed = 0;
  let routedAgreed = 0;
  const misses: string[] = [];
  for (const row of rows) {
    const { catalogue, classifier } = catalogues.get(jurisdictionFor(row))!;
    const result = classify(classifier, row.text);
    const lead = result.matter ? catalogue.mattersByCode.get(result.matter.code)!.lead : null;
    if (lead === row.lead) {
      agreed++;
      if (result.confident) routedAgreed++;
    } else misses.push(`${row.id}: ${row.lead} ≠ ${lead ?? 'none'} (${result.matter?.code ?? '-'})`);
  }
  const share = agreed / rows.length;
  t.comment(`corpus accuracy: ${agreed}/${rows.length} = ${(100 * share).toFixed(1)} % (best matter's lead); ${routedAgreed}/${rows.length} = ${(100 * routedAgreed / rows.length).toFixed(1)} % routed without triage`);
  t.comment(`misses: ${misses.join('; ')}`);
  t.ok(rows.length >= 70, `${rows.length} rows with a department code`);
  t.ok(share >= 0.85, `at least 85 % agree (${(100 * share).toFixed(1)} %)`);
});
