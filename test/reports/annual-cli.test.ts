import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { RULES_DIR, TestClock } from '../helpers/app.js';
import { startLifecycleApp } from '../lifecycle/fixtures/harness.js';
import { MARKUP_ENTITY } from './fixtures/year.js';

const ROOT = join(import.meta.dirname, '..', '..');
const hotline = (args: string[], db: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), ...args], {
    cwd: ROOT, env: { ...process.env, HOTLINE_DB: db, HOTLINE_RULES: RULES_DIR }, encoding: 'utf8', timeout: 60_000,
  });

const ctx = await startLifecycleApp({ clock: new TestClock(new Date('2026-03-02T09:00:00+08:00')) });
t.teardown(ctx.close);
const db = join(ctx.dir, 'hotline.db');

// Two cases of 2026: construction noise for housing-construction, restaurant fumes for urban-management.
const noise = await ctx.intake('渝中区某工地白天打桩噪音很大', { reportedEntity: MARKUP_ENTITY });
ctx.clock.set('2026-03-02T10:00:00+08:00');
const signed = await ctx.act(noise.id, 'sign', 'housingYuzhong');
if (signed.statusCode !== 200) throw new Error(`sign: ${signed.statusCode} ${signed.body}`);
ctx.clock.set('2026-04-01T09:00:00+08:00');
await ctx.intake('江北区观音桥一家火锅店油烟直排进居民楼');

t.test('report annual writes an HTML and a JSON report for every department of the catalogue, and an index', async (t) => {
  const out = join(ctx.dir, 'reports', '2026');
  const run = hotline(['report', 'annual', '--jurisdiction', 'chongqing', '--year', '2026', '--out', out], db);
  t.equal(run.status, 0, run.stderr);
  const departments = [...ctx.services.catalogues.get('chongqing')!.catalogue.departments.keys()];
  const expected = [...departments.flatMap((d) => [`${d}.json`, `${d}.html`]), 'index.html'];
  t.same(readdirSync(out).sort(), [...expected].sort(), 'one HTML and one JSON per department, and the index');
  t.same(run.stdout.trim().split('\n'), expected.map((name) => `wrote ${join(out, name)}`), 'one line per file');

  const housing = JSON.parse(readFileSync(join(out, 'housing-construction.json'), 'utf8'));
  t.match(housing, { department: { code: 'housing-construction', name: '重庆市住房和城乡建设委员会' }, year: 2026, received: { assignments: 1, cases: 1 } });
  const urban = JSON.parse(readFileSync(join(out, 'urban-management.json'), 'utf8'));
  t.match(urban, { department: { code: 'urban-management' }, received: { assignments: 1, cases: 1, byMatter: [{ code: 'restaurant-fumes' }] } });

  const page = readFileSync(join(out, 'housing-construction.html'), 'utf8');
  t.ok(page.includes('<title>重庆市住房和城乡建设委员会 2026年度生态环境保护职责履行情况报告</title>'));
  t.notMatch(page, /<script/, 'the reported entity is escaped in the file too');

  const index = readFileSync(join(out, 'index.html'), 'utf8');
  t.match(index, /重庆市2026年度各部门生态环境保护职责履行情况报告/);
  for (const d of departments) t.ok(index.includes(`href="${d}.html"`) && index.includes(`href="${d}.json"`), `the index links ${d}`);
});

t.test('report annual refuses a missing or wrong argument', async (t) => {
  const out = join(ctx.dir, 'never');
  for (const args of [
    ['--year', '2026', '--out', out],
    ['--jurisdiction', 'atlantis', '--year', '2026', '--out', out],
    ['--jurisdiction', 'chongqing', '--out', out],
    ['--jurisdiction', 'chongqing', '--year', '1999', '--out', out],
    ['--jurisdiction', 'chongqing', '--year', '2026'],
  ]) {
    const run = hotline(['report', 'annual', ...args], db);
    t.equal(run.status, 2, `${args.join(' ')}: ${run.stderr.trim()}`);
  }
});
