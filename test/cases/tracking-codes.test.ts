import t from 'tap';
import { allocateTrackingCode, newAccessCode, newTrackingCode, normaliseTypedCode } from '../../src/cases/codes.js';
import { trackingCodeTaken } from '../../src/cases/repository.js';
import { bearer, startTestApp } from '../helpers/app.js';

const ctx = await startTestApp();
t.teardown(ctx.close);
const operator = ctx.key({ role: 'operator', jurisdiction: 'chongqing' });

/** A random source that returns the given draws in order. */
const draws = (...values: string[]) => () => values.shift() ?? 'NEVER0';

t.test('a drawn tracking code that a case already holds is drawn again, not stored twice', async (t) => {
  ctx.clock.set('2026-11-18T10:00:00+08:00');
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/complaints', headers: bearer(operator), payload: { jurisdiction: 'chongqing', channel: '12345', content: '工地夜间施工噪声扰民' } });
  t.equal(res.statusCode, 201, res.body);
  const taken: string = res.json().trackingCode;
  const isTaken = (code: string) => trackingCodeTaken(ctx.services.db, code);
  t.ok(isTaken(taken), 'the stored case holds its code');

  const code = allocateTrackingCode(isTaken, 'CQ', '2026-11-18', draws(taken.slice(-6), 'ZZZZZZ'));
  t.equal(code, 'CQ-20261118-ZZZZZZ', 'the second draw, because the first is taken');
  t.equal(allocateTrackingCode(isTaken, 'CQ', '2026-11-19', draws(taken.slice(-6))), `CQ-20261119-${taken.slice(-6)}`, 'the same random part on another day is free');
});

t.test('when every draw is taken the intake fails loudly instead of looping', async (t) => {
  t.throws(() => allocateTrackingCode(() => true, 'SH', '2026-11-18'), /no free tracking code for SH on 2026-11-18 after 8 draws/);
});

t.test('a code typed in full-width, with spaces, other dashes or look-alike letters reads as the code issued', async (t) => {
  t.equal(normaliseTypedCode('ｃｑ－２０２６１１２２－７ｋ３ｍ９ｑ', 'tracking'), 'CQ-20261122-7K3M9Q', 'full-width input mode');
  t.equal(normaliseTypedCode(' CQ—20261122 – 7K3M9Q\n', 'tracking'), 'CQ-20261122-7K3M9Q', 'spaces and dash look-alikes');
  t.equal(normaliseTypedCode('CQ-20261122-O1LIAB', 'tracking'), 'CQ-20261122-0111AB', 'O, I and L in the random part are the digits they look like');
  t.equal(normaliseTypedCode('OL-20261122-7K3M9Q', 'tracking'), 'OL-20261122-7K3M9Q', 'the prefix is left alone');
  t.equal(normaliseTypedCode('ａｂ１２ ｏｉｌ９', 'access'), 'AB120119');
  // Never a letter of the alphabet changed: every code issued reads as itself.
  const issued = Array.from({ length: 500 }, () => [newTrackingCode('CQ', '2026-11-22'), newAccessCode()] as const);
  t.same(issued.filter(([code, access]) => normaliseTypedCode(code.toLowerCase(), 'tracking') !== code || normaliseTypedCode(access.toLowerCase(), 'access') !== access), []);
});
