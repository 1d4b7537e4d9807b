import t from 'tap';
import { loadCatalogues } from '../../src/catalogue/registry.js';
import { corpusAgreement } from '../helpers/corpus.js';
import { RULES_DIR } from '../helpers/app.js';

t.test('the lead department agrees with the department that really handled the complaint', async (t) => {
  const { rows, agreed, routedAgreed, misses } = corpusAgreement(loadCatalogues(RULES_DIR, ['chongqing', 'shanghai']));
  const share = agreed / rows;
  t.comment(`corpus accuracy: ${agreed}/${rows} = ${(100 * share).toFixed(1)} % (best matter's lead); ${routedAgreed}/${rows} = ${(100 * routedAgreed / rows).toFixed(1)} % routed without triage`);
  t.comment(`misses: ${misses.map((m) => `${m.row.id}: ${m.row.lead} ≠ ${m.lead ?? 'none'} (${m.result.matter?.code ?? '-'})`).join('; ')}`);
  t.ok(rows >= 70, `${rows} rows with a department code`);
  t.ok(share >= 0.85, `at least 85 % agree (${(100 * share).toFixed(1)} %)`);
});
