import t from 'tap';
import { IntervalPass } from '../../src/notify/interval-pass.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('one pass at a time: ticks while a pass is under way leave the work to it', async (t) => {
  let started = 0;
  let concurrent = 0;
  let most = 0;
  const pass = new IntervalPass(async () => {
    started++;
    most = Math.max(most, ++concurrent);
    await sleep(120);
    concurrent--;
  }, () => {});
  pass.start(10);
  await sleep(300);
  await pass.stop(1000);
  t.equal(most, 1, 'never two passes at once');
  t.ok(started >= 1 && started <= 3, `about one pass per 120 ms, not one per 10 ms tick (${started})`);
  const after = started;
  await sleep(50);
  t.equal(started, after, 'no pass after stop');
});

t.test('stop waits for the pass under way, but no longer than its grace; an escaping error goes to onError', async (t) => {
  const errors: unknown[] = [];
  let finished = false;
  const slow = new IntervalPass(async () => { await sleep(1000); finished = true; }, (e) => errors.push(e));
  slow.start(5);
  await sleep(30);
  const before = performance.now();
  await slow.stop(100);
  const waited = performance.now() - before;
  t.ok(waited >= 90 && waited < 800, `waited its grace, not the whole pass (${waited.toFixed(0)} ms)`);
  t.notOk(finished);

  const failing = new IntervalPass(async () => { throw new Error('database gone'); }, (e) => errors.push(e));
  failing.start(5);
  await sleep(40);
  await failing.stop(100);
  t.ok(errors.length > 0 && errors.every((e) => (e as Error).message === 'database gone'), 'each failure reported, the interval going on');
  t.ok(errors.length >= 2, 'a failed pass does not stop the next');
});
