import { join } from 'node:path';
import t from 'tap';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { compileCatalogue } from '../../src/catalogue/registry.js';
import { classify } from '../../src/classify/classify.js';

const compiled = compileCatalogue(loadCatalogue(join(import.meta.dirname, '..', 'fixtures', 'rules'), 'testcity'));
const run = (text: string) => classify(compiled.classifier, text);

t.test('an "all" rule fires only when every group has a term', async (t) => {
  t.equal(run('工地噪音很大').matter?.code, 'construction-noise');
  t.equal(run('工地灰很大').matter, null, 'object without nuisance does not fire');
});

t.test('an excluded term sets a matter aside', async (t) => {
  const result = run('工厂旁边工地噪音');
  t.equal(result.matter?.code, 'construction-noise');
  t.notOk(result.suggestions.some((s) => s.matter.code === 'industrial-noise'), 'industrial noise excluded by 工地');
});

t.test('further distinct terms of a fired rule add a quarter of its weight each', async (t) => {
  t.equal(run('广场舞').suggestions[0]!.score, 6);
  t.equal(run('广场舞和装修噪音').suggestions[0]!.score, 7.5);
});

t.test('a clear single matter is confident and explains itself', async (t) => {
  const result = run('楼下每晚广场舞');
  t.equal(result.matter?.code, 'neighbour-noise');
  t.equal(result.confidence, 1);
  t.ok(result.confident);
  t.same(result.matchedTerms, ['广场舞']);
  t.equal(result.catalogueVersion, compiled.catalogue.version);
});

t.test('close rivals of different departments lower confidence below the threshold', async (t) => {
  // factory-odour (2) against garbage-odour (3): margin 1/3, strength 3/5 → 0.2
  const result = run('垃圾站有异味');
  t.equal(result.matter?.code, 'garbage-odour');
  t.equal(result.confidence, 0.2);
  t.notOk(result.confident);
  t.same(result.suggestions.map((s) => s.matter.code), ['garbage-odour', 'factory-odour']);
});

t.test('rivals of the same department do not put routing in doubt', async (t) => {
  // industrial-noise (4) and factory-odour (2.5) are both ecology-environment's matters.
  const result = run('车间噪音，还有刺鼻异味');
  t.same(result.suggestions.map((s) => s.lead), ['ecology-environment', 'ecology-environment']);
  t.equal(result.confidence, 0.8, 'margin 1 against no rival, strength 4/5');
});

t.test('a symptom matter is no rival to a best matter that names the cause', async (t) => {
  // garbage-odour 3 + 0.75 (垃圾房) against smelly-water 3: without the symptom rule, margin 0.2.
  const caused = run('垃圾站垃圾房的污水发黑');
  t.equal(caused.matter?.code, 'garbage-odour');
  t.same(caused.suggestions.map((s) => s.matter.code), ['garbage-odour', 'smelly-water']);
  t.equal(caused.confidence, 0.75, 'no rival left: margin 1, strength 3.75/5');
  t.ok(caused.confident);
  // The symptom itself best: the cause scoring below it is a rival as usual.
  const seen = run('河水发黑发臭，旁边有垃圾站');
  t.equal(seen.matter?.code, 'smelly-water');
  t.equal(seen.confidence, 0.15, 'margin 0.75/3.75, strength 3.75/5');
  t.notOk(seen.confident);
});

t.test('a weak lone match is less confident than a strong one', async (t) => {
  t.equal(run('有点臭味').confidence, 0.4, 'weight 2 of confidentScore 5');
});

t.test('when no rule fires, suggestions come from text similarity and the case goes to triage', async (t) => {
  const result = run('建筑施工的事情请处理');
  t.equal(result.matter, null);
  t.equal(result.confidence, 0);
  t.notOk(result.confident);
  t.ok(result.suggestions.length > 0 && result.suggestions.length <= 3);
  t.equal(result.suggestions[0]!.basis, 'similarity');
  t.equal(result.suggestions[0]!.matter.code, 'construction-noise', '建筑施工 is closest to the construction matter');
});

t.test('traditional and full-width input classify like simplified', async (t) => {
  t.equal(run('工地施工噪聲').matter?.code, 'construction-noise');
  t.equal(run('ＫＴＶ旁邊工地噪音').matter?.code, 'construction-noise');
});
