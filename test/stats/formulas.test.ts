import t from 'tap';
import { compositeScore, DEFAULT_WEIGHTS, departmentFigures, emptyCounts, rankDepartments, rate } from '../../src/stats/formulas.js';

t.test('a rate keeps its numerator and denominator; no denominator gives no value', async (t) => {
  t.same(rate(6, 7), { numerator: 6, denominator: 7, value: 0.8571 });
  t.same(rate(0, 0), { numerator: 0, denominator: 0, value: null });
});

t.test('department figures from hand-counted fixtures', async (t) => {
  // 20 lead assignments: 16 of 18 decidable signed on time, 2 returned, 1 reassigned; 17 cases led:
  // 12 replied (10 on time) of 14 decidable, 10 callbacks: 8 resolved, 9 satisfied, 2 reopened; 1 repeat.
  const f = departmentFigures({
    ...emptyCounts('water'), received: 20, signedOnTime: 16, signDecidable: 18, returned: 2, reassigned: 1,
    cases: 17, replied: 12, repliedOnTime: 10, replyDecidable: 14, callbacks: 10, resolved: 8, satisfied: 9, reopened: 2,
    repeats: 1, handlingDaysSum: 73, handlingCount: 12, overdueOpen: 3,
  }, DEFAULT_WEIGHTS);
  t.equal(f.rates.timelySign.value, 0.8889);
  t.equal(f.rates.onTimeCompletion.value, 0.7143);
  t.equal(f.rates.response.value, 0.8571);
  t.equal(f.rates.resolution.value, 0.8);
  t.equal(f.rates.satisfaction.value, 0.9);
  t.equal(f.rates.return.value, 0.1);
  t.equal(f.rates.reassignment.value, 0.05);
  t.equal(f.rates.reopen.value, 0.2);
  t.equal(f.rates.repeat.value, 0.0588);
  t.equal(f.averageHandlingWorkingDays, 6.08, '73 / 12');
  // 0.30 × 0.8571 + 0.35 × 0.8 + 0.35 × 0.9 = 0.85213 → 85.2
  t.equal(f.score, 85.2);
});

t.test('weights are configurable and normalised', async (t) => {
  const rates = { response: rate(1, 1), resolution: rate(0, 1), satisfaction: rate(1, 2) };
  t.equal(compositeScore(rates, { response: 1, resolution: 0, satisfaction: 0 }), 100);
  t.equal(compositeScore(rates, { response: 2, resolution: 1, satisfaction: 1 }), 62.5, '(2×1 + 0 + 0.5) / 4');
  t.equal(compositeScore({ ...rates, resolution: rate(0, 0) }, DEFAULT_WEIGHTS), null, 'no callbacks, no score');
});

t.test('departments below the minimum sample are listed, not ranked', async (t) => {
  const ranked = rankDepartments([
    { department: 'water', received: 2, score: 100 },
    { department: 'transport', received: 30, score: 70 },
    { department: 'forestry', received: 12, score: 90 },
    { department: 'energy', received: 50, score: null },
  ], 10);
  t.same(ranked.map((r) => [r.department, r.rank, r.ranked]), [
    ['forestry', 1, true], ['transport', 2, true], ['energy', null, false], ['water', null, false],
  ]);
});
