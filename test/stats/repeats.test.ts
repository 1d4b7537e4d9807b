import { createRequire } from 'node:module';
import fc from 'fast-check';
import t from 'tap';
import { bigramCodes, diceOfBigrams } from '../../src/cases/repeats.js';

const require = createRequire(import.meta.url);
const naturalDice = require('natural/lib/natural/distance/dice_coefficient.js') as (a: string, b: string) => number;

t.test('the bigram Dice coefficient equals natural\'s on texts of two characters or more', async () => {
  const text = fc.string({ unit: fc.constantFrom('工', '地', '噪', '音', '臭', '味', '扰', '民'), minLength: 2, maxLength: 40 });
  fc.assert(fc.property(text, text, (a, b) => Math.abs(diceOfBigrams(bigramCodes(a), bigramCodes(b)) - naturalDice(a, b)) < 1e-9), { numRuns: 500 });
});

t.test('a reworded repeat is similar, another problem is not', async (t) => {
  const first = bigramCodes('渝中区某工地晚上十一点还在打桩，噪音太大睡不着');
  t.ok(diceOfBigrams(first, bigramCodes('渝中区某工地晚上十一点以后还在打桩，噪音大得睡不着觉')) >= 0.5);
  t.ok(diceOfBigrams(first, bigramCodes('楼下饭店油烟直排，熏得不敢开窗')) < 0.2);
});
