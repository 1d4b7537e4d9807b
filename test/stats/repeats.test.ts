import { createRequire } from 'node:module';
import fc from 'fast-check';
import t from 'tap';
import { BigramSet } from '../../src/cases/repeats.js';

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

t.test('a reworded repeat is similar, another problem is not', async (t) => {
  const first = '渝中区某工地晚上十一点还在打桩，噪音太大睡不着';
  t.ok(dice(first, '渝中区某工地晚上十一点以后还在打桩，噪音大得睡不着觉') >= 0.5);
  t.ok(dice(first, '楼下饭店油烟直排，熏得不敢开窗') < 0.2);
});
