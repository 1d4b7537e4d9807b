import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { installCalendarYear, readCalendarYearFile } from '../../src/calendar/year-file.js';
import { RULES_DIR, TestClock } from '../helpers/app.js';
import { startLifecycleApp, TEXTS } from './fixtures/harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const YEAR_2027 = join(import.meta.dirname, 'fixtures', 'calendar-2027.yaml');

/** A private copy of rules/, since adding a calendar year writes into it. */
function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-calendar-'));
  cpSync(RULES_DIR, join(dir, 'rules'), { recursive: true });
  return { dir, env: { HOTLINE_DB: join(dir, 'hotline.db'), HOTLINE_RULES: join(dir, 'rules') } };
}

const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });

t.test('due times running into 2027 are provisional; `hotline calendar add` fixes them and records it', async (t) => {
  const { dir, env } = workspace();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const ctx = await startLifecycleApp({ clock: new TestClock(new Date('2026-11-18T10:00:00+08:00')), env });
  t.teardown(ctx.close);

  const settled = await ctx.intake(TEXTS.construction);
  t.equal(settled.routing.provisional, false, 'November 2026 + 15 working days stays in 2026');
  const statutory = await ctx.intake(TEXTS.construction, { channel: '12369' });
  t.equal(statutory.routing.replyDueAt, '2027-01-18T23:59:59+08:00', '60 days end on Sunday 2027-01-17, moved to Monday');
  t.equal(statutory.routing.provisional, true);
  ctx.clock.set('2026-12-15T10:00:00+08:00');
  const december = await ctx.intake(TEXTS.construction);
  t.equal(december.routing.replyDueAt, '2027-01-05T23:59:59+08:00', 'without 2027 data, New Year\'s Day 2027 counts as a working day');
  t.equal(december.routing.provisional, true);

  const out = cli(['calendar', 'add', '--file', YEAR_2027], env);
  t.equal(out.status, 0, out.stderr);
  t.match(out.stdout, /added the official calendar of 2027/);
  t.match(out.stdout, /recomputed 2 open case\(s\) with provisional due times: 2 changed/);
  t.ok(existsSync(join(env.HOTLINE_RULES, 'calendar', '2027.yaml')), 'the year is kept as data under rules/calendar/');

  const moved = ctx.caseRow(december.id);
  t.equal(moved.replyDueAt!.toISOString(), new Date('2027-01-06T23:59:59+08:00').toISOString(), 'one working day later: 01-01 is a holiday now');
  t.equal(moved.deadlinesProvisional, false);
  t.equal(moved.version, 2, 'a recompute is a change of the case');
  // The statistics row counts overdue and unreplied cases from its own copy of the due time.
  const statReplyDue = (id: string) => ctx.services.db.$client.prepare('SELECT reply_due_at FROM stat_cases WHERE case_id = ?').pluck().get(Number(id));
  t.equal(statReplyDue(december.id), moved.replyDueAt!.getTime(), 'the statistics row follows the recomputed due time');
  const event = ctx.trail(december.id).at(-1)!;
  t.match(event, {
    action: 'recompute-deadlines', actorRole: 'system', fromState: 'assigned', toState: 'assigned',
    payload: { moved: ['replyDueAt'], before: { replyDueAt: '2027-01-05T23:59:59+08:00' }, after: { replyDueAt: '2027-01-06T23:59:59+08:00' }, provisional: false },
  });

  const confirmed = ctx.caseRow(statutory.id);
  t.equal(confirmed.replyDueAt!.toISOString(), new Date('2027-01-18T23:59:59+08:00').toISOString(), 'same day once confirmed');
  t.equal(confirmed.deadlinesProvisional, false);
  t.match(ctx.trail(statutory.id).at(-1), { action: 'recompute-deadlines', payload: { moved: [], provisional: false } });
  t.equal(ctx.trail(settled.id).filter((e) => e.action === 'recompute-deadlines').length, 0, 'cases that were not provisional are left alone');

  const again = cli(['calendar', 'add', '--file', YEAR_2027], env);
  t.match(again.stdout, /replaced the official calendar of 2027/);
  t.match(again.stdout, /recomputed 0 open case\(s\)/, 'nothing is provisional any more');
});

t.test('the service recomputes provisional due times at start, once', async (t) => {
  const { dir, env } = workspace();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const clock = new TestClock(new Date('2026-12-15T10:00:00+08:00'));
  const first = await startLifecycleApp({ clock, env });
  const { id } = await first.intake(TEXTS.construction);
  await first.act(id, 'sign', 'housingYuzhong');
  await first.close();

  installCalendarYear(join(env.HOTLINE_RULES, 'calendar'), YEAR_2027);
  const second = await startLifecycleApp({ clock, env });
  t.teardown(second.close);
  const row = second.caseRow(id);
  t.equal(row.replyDueAt!.toISOString(), new Date('2027-01-06T23:59:59+08:00').toISOString());
  t.equal(row.deadlinesProvisional, false);
  t.match(second.trail(id).at(-1), { action: 'recompute-deadlines', fromState: 'signed', toState: 'signed' });

  await (await startLifecycleApp({ clock, env })).close();
  t.equal(second.trail(id).filter((e) => e.action === 'recompute-deadlines').length, 1, 'a later start finds nothing to do');
});

t.test('a year file is checked before it is copied', async (t) => {
  const { dir, env } = workspace();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const bad = (name: string, text: string) => { const file = join(dir, name); writeFileSync(file, text); return file; };
  t.throws(() => readCalendarYearFile(bad('stray.yaml', 'year: 2027\nholidays: ["2026-12-31"]\nworkdays: []\n')), /2026-12-31 is not in 2027/);
  t.throws(() => readCalendarYearFile(bad('weekday.yaml', 'year: 2027\nholidays: []\nworkdays: ["2027-01-05"]\n')), /is a weekday/);
  t.throws(() => readCalendarYearFile(bad('both.yaml', 'year: 2027\nholidays: ["2027-01-09"]\nworkdays: ["2027-01-09"]\n')), /both as a holiday and as a make-up/);
  t.throws(() => readCalendarYearFile(bad('nodate.yaml', 'year: 2027\nholidays: ["2027-02-30"]\nworkdays: []\n')), /not a date/);
  t.throws(() => readCalendarYearFile(bad('shape.yaml', 'year: 2027\nholiday: []\n')), /holidays|Expected/);

  const out = cli(['calendar', 'add', '--file', join(dir, 'stray.yaml')], env);
  t.equal(out.status, 2, 'refused with a usage exit code');
  t.match(out.stderr, /stray\.yaml/);
  t.notOk(existsSync(join(env.HOTLINE_RULES, 'calendar', '2027.yaml')), 'nothing copied');
  t.equal(cli(['calendar', 'add'], env).status, 2, '--file is required');
});
