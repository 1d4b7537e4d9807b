import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { tempDir } from '../helpers/temp.js';
import { CatalogueError, loadCatalogue } from '../../src/catalogue/load.js';
import { DEPARTMENT_CODES } from '../../src/catalogue/schema.js';
import { officeFor } from '../../src/routing/offices.js';
import { resolveLimits } from '../../src/routing/time-limits.js';
import { RULES_DIR } from '../helpers/app.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');

for (const code of ['chongqing', 'shanghai']) {
  t.test(`the ${code} catalogue is valid and complete`, async (t) => {
    const c = loadCatalogue(RULES_DIR, code);
    t.ok(c.matters.length >= 40, `${c.matters.length} matters`);
    for (const d of c.departments.values()) t.ok((DEPARTMENT_CODES as readonly string[]).includes(d.code), d.code);
    t.ok(c.departments.has('territorial') && c.departments.has('ecology-environment'));
    t.match(c.version, /^[0-9a-f]{64}$/);
    const limits = resolveLimits(c.timeLimits, { channel: '12345', kind: 'complaint', urgency: 'normal', timeLimitClass: 'standard' });
    t.same([limits.sign.value, limits.sign.unit, limits.reply.value, limits.reply.unit], [1, 'workingDays', 15, 'workingDays'], '12345 defaults from DOMAIN.md');
    const env = resolveLimits(c.timeLimits, { channel: '12369', kind: 'complaint', urgency: 'normal', timeLimitClass: 'standard' });
    t.same([env.reply.value, env.reply.unit, env.accept?.value], [60, 'calendarDays', 15], '12369: accept in 15 days, handle in 60');
  });
}

t.test('a department with district offices is named after the district', async (t) => {
  const c = loadCatalogue(RULES_DIR, 'chongqing');
  t.equal(officeFor(c, 'ecology-environment', c.districtsByCode.get('500103')!).name, '重庆市渝中区生态环境局');
  t.equal(officeFor(c, 'ecology-environment', null).name, '重庆市生态环境局', 'unknown district → city office');
  t.equal(officeFor(c, 'territorial', c.districtsByCode.get('cq-liangjiang')!).name, c.districts.find((d) => d.code === 'cq-liangjiang')!.administration!, 'a zone is governed by its committee');
  const s = loadCatalogue(RULES_DIR, 'shanghai');
  t.equal(officeFor(s, 'ecology-environment', s.districtsByCode.get('310115')!).name, '上海市浦东新区生态环境局');
});

/** Copies the fixture catalogue and applies one edit, to see how the loader reports it. */
function brokenCatalogue(file: string, edit: (text: string) => string): string {
  const dir = tempDir(t, 'rules-');
  cpSync(join(FIXTURES, 'testcity'), join(dir, 'testcity'), { recursive: true });
  cpSync(join(FIXTURES, 'industries.yaml'), join(dir, 'industries.yaml'));
  const path = join(dir, 'testcity', file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return dir;
}

function problemsOf(dir: string): string {
  try {
    loadCatalogue(dir, 'testcity');
  } catch (error) {
    if (error instanceof CatalogueError) return error.message;
    throw error;
  }
  throw new Error('the catalogue loaded');
}

t.test('invalid catalogues are refused with the file, the path inside it and what is wrong', async (t) => {
  t.match(problemsOf(brokenCatalogue('matters.yaml', (s) => s.replace('weight: 4', 'weight: loud'))), /matters\.yaml at \/0\/rules\/0\/weight: Expected number/);
  t.match(problemsOf(brokenCatalogue('matters.yaml', (s) => s.replace('lead: public-security', 'lead: police'))), /matters\.yaml at \/2\/lead/);
  t.match(problemsOf(brokenCatalogue('matters.yaml', (s) => s.replace('lead: urban-management', 'lead: finance'))), /matters\.yaml at \/4\/lead \(matter garbage-odour\): department "finance" is not in departments\.yaml/);
  t.match(problemsOf(brokenCatalogue('matters.yaml', (s) => s.replace('  cooperating: [ecology-environment]', '  cooperating: [housing-construction]'))), /the lead department cannot also cooperate/);
  t.match(problemsOf(brokenCatalogue('matters.yaml', (s) => s.replace('code: factory-odour', 'code: industrial-noise'))), /duplicate matter code "industrial-noise"/);
  t.match(problemsOf(brokenCatalogue('time-limits.yaml', (s) => s.replace('unit: workingDays }\n  reply', 'unit: weeks }\n  reply'))), /time-limits\.yaml at \/defaults\/sign\/unit/);
  t.match(problemsOf(brokenCatalogue('departments.yaml', (s) => s.replace('  districtName: "{district}生态环境局"\n', ''))), /departments\.yaml at \/0\/districtName: required when inDistricts is true/);
  t.match(problemsOf(brokenCatalogue('districts.yaml', (s) => s.replace('"500105"', '"310115"'))), /no district with code 310115 in this city/);
  t.match(problemsOf(brokenCatalogue('districts.yaml', (s) => `${s}landmarks:\n  - name: 江北机场\n    district: "310115"\n`)), /districts\.yaml at \/landmarks\/0\/district: no district or zone with code 310115/);
  t.match(problemsOf(brokenCatalogue('districts.yaml', (s) => `${s}landmarks:\n  - name: 解放碑\n    district: null\n`)), /districts\.yaml at \/landmarks\/0\/name: "解放碑" contains no district name/);
  t.match(problemsOf(brokenCatalogue('matters.yaml', (s) => `${s}\n- code: [unclosed\n`)), /matters\.yaml at line \d+, column \d+: not valid YAML/);
  t.match(problemsOf(brokenCatalogue('jurisdiction.yaml', (s) => s.replace('code: testcity', 'code: othercity'))), /must be "testcity", the folder's name/);
});

t.test('a missing file is named', async (t) => {
  const dir = brokenCatalogue('matters.yaml', (s) => s);
  writeFileSync(join(dir, 'testcity', 'matters.yaml'), '');
  t.match(problemsOf(dir), /matters\.yaml at \/: Expected array/);
});

t.test('the version changes with any byte of the catalogue', async (t) => {
  const original = loadCatalogue(FIXTURES, 'testcity').version;
  const edited = loadCatalogue(brokenCatalogue('matters.yaml', (s) => s.replace('weight: 6', 'weight: 7')), 'testcity').version;
  t.not(original, edited);
  t.equal(loadCatalogue(FIXTURES, 'testcity').version, original, 'and is stable for the same content');
});

t.test('sub-types and industries are checked against the pollution types and the shared industries file', async (t) => {
  t.match(problemsOf(brokenCatalogue('matters.yaml', (s) => s.replace('subTypes: [noise-construction]', 'subTypes: [air-dust]'))),
    /matters\.yaml at \/0\/subTypes\/0 \(matter construction-noise\): "air-dust" is a sub-type of air, which is not among pollutionTypes/);
  t.match(problemsOf(brokenCatalogue('matters.yaml', (s) => s.replace('subTypes: [air-odour, waste-domestic]', 'subTypes: [air-odour]'))),
    /matters\.yaml at \/4\/pollutionTypes\/1 \(matter garbage-odour\): no sub-type of solid-waste in subTypes/);
  t.match(problemsOf(brokenCatalogue('matters.yaml', (s) => s.replace('subTypes: [noise-industrial]', 'subTypes: [noise-factory]'))), /matters\.yaml at \/1\/subTypes\/0/);
  t.match(problemsOf(brokenCatalogue('matters.yaml', (s) => s.replace('industry: construction', 'industry: shipbuilding'))),
    /matters\.yaml at \/0\/industry \(matter construction-noise\): industry "shipbuilding" is not in industries\.yaml/);
  const shared = (edit: (text: string) => string) => {
    const dir = brokenCatalogue('matters.yaml', (s) => s);
    writeFileSync(join(dir, 'industries.yaml'), edit(readFileSync(join(dir, 'industries.yaml'), 'utf8')));
    return dir;
  };
  t.match(problemsOf(shared((s) => s.replace('terms: [垃圾站]', 'terms: [垃圾站, 工地]'))), /industries\.yaml at \/2\/terms\/1: "工地" is already a term of construction/);
  t.match(problemsOf(shared((s) => s.replace('code: sanitation', 'code: catering'))), /industries\.yaml at \/2\/code: duplicate industry "catering"/);
  t.match(problemsOf(shared((s) => s.replace('  terms: [垃圾站]\n', ''))), /industries\.yaml at \/2\/terms/);
  const missing = brokenCatalogue('matters.yaml', (s) => s);
  rmSync(join(missing, 'industries.yaml'));
  t.match(problemsOf(missing), /industries\.yaml: file is missing \(shared by every catalogue\)/);
  // The shared file is part of every catalogue's version: a case records which industries it was read with.
  t.not(loadCatalogue(shared((s) => s.replace('terms: [垃圾站]', 'terms: [垃圾站, 垃圾房]')), 'testcity').version, loadCatalogue(FIXTURES, 'testcity').version);
});
