import { createRequire } from 'node:module';
import fc from 'fast-check';
import t from 'tap';
import type { Principal } from '../../src/auth/keys.js';
import { intakeComplaint } from '../../src/cases/commands/intake.js';
import { BigramSet } from '../../src/cases/repeats.js';
import { join } from 'node:path';
import { openServices } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { RULES_DIR, startTestApp } from '../helpers/app.js';

const dice = (a: string, b: string) => new BigramSet(a).dice(new BigramSet(b).codes);

const require = createRequire(import.meta.url);
const naturalDice = require('natural/lib/natural/distance/dice_coefficient.js') as (a: string, b: string) => number;

t.test('the bigram Dice coefficient equals natural\'s on texts of two characters or more', async () => {
  const text = fc.string({ unit: fc.constantFrom('工', '地', '噪', '音', '臭', '味', '扰', '民'), minLength: 2, maxLength: 40 });
  fc.assert(fc.property(text, text, (a, b) => Math.abs(dice(a, b) - naturalDice(a, b)) < 1e-9), { numRuns: 500 });
  // Long texts over a wide alphabet: the hash table grows and probe chains wrap around its end.
  // natural lower-cases and collapses whitespace first (intake compares normalised texts): so do these.
  const long = fc.string({ minLength: 2, maxLength: 600 }).map((s) => s.toLowerCase().replace(/\s+/g, ' ').trim()).filter((s) => s.length >= 2);
  fc.assert(fc.property(long, long, (a, b) => Math.abs(dice(a, b) - naturalDice(a, b)) < 1e-9), { numRuns: 300 });
});

t.test('a text holding U+FFFF twice counts that bigram like any other', async (t) => {
  t.equal(dice('\uffff\uffff甲', '\uffff\uffff乙'), naturalDice('\uffff\uffff甲', '\uffff\uffff乙'));
  t.equal(dice('\uffff\uffff', '\uffff\uffff'), 1);
});

t.test('a reworded repeat is similar, another problem is not', async (t) => {
  const first = '渝中区某工地晚上十一点还在打桩，噪音太大睡不着';
  t.ok(dice(first, '渝中区某工地晚上十一点以后还在打桩，噪音大得睡不着觉') >= 0.5);
  t.ok(dice(first, '楼下饭店油烟直排，熏得不敢开窗') < 0.2);
});

t.test('a case rolled back with its batch leaves no stale text behind for the case that takes its id', async (t) => {
  const ctx = await startTestApp();
  t.teardown(ctx.close);
  const { services } = ctx;
  const operator: Principal = { keyId: 'test', role: 'operator', jurisdiction: 'chongqing', channel: null, department: null, district: null };
  const intake = (content: string) => ({ jurisdiction: 'chongqing', channel: '12345' as const, content });
  const noise = '渝中区某工地晚上十一点还在打桩，噪音太大睡不着';
  const other = '渝中区较场口那边工地晚上十一点后还在用电锯切割钢筋';

  // The first case is written, its text cached, then its job fails and takes it back.
  const failed = services.writes.run((scope) => {
    intakeComplaint(services, operator, intake(noise), scope);
    throw new Error('a later step of the job failed');
  });
  await t.rejects(failed, /a later step of the job failed/);
  t.equal(services.db.$client.prepare('SELECT count(*) FROM cases').pluck().get(), 0, 'nothing of it stayed');

  // Another process on the same file (a second server, the CLI) writes the next case: this
  // process's cache never hears of it.
  const elsewhere = openServices(loadConfig({ HOTLINE_DB: join(ctx.dir, 'hotline.db'), HOTLINE_RULES: RULES_DIR }));
  t.teardown(() => elsewhere.db.$client.close());
  const second = await elsewhere.writes.run((scope) => intakeComplaint(elsewhere, operator, intake(other), scope));
  t.equal(second.row.id, 1, 'the next case takes the freed id');
  const third = await services.writes.run((scope) => intakeComplaint(services, operator, intake(noise), scope));
  t.equal(third.row.matterCode, second.row.matterCode, 'same matter and district: the second case is a candidate');
  t.equal(third.row.districtCode, second.row.districtCode);
  t.equal((third.row.decision as { repeatOf: unknown }).repeatOf, null, 'compared with what case 1 says now, not with the rolled-back text');
  const fourth = await services.writes.run((scope) => intakeComplaint(services, operator, intake(noise), scope));
  t.match((fourth.row.decision as { repeatOf: unknown }).repeatOf, { id: String(third.row.id), similarity: 1 }, 'the same text again is a repeat');
});
