import t from 'tap';
import { Pacer } from '../../src/notify/pacer.js';

t.test('slots are spaced 1000 / perSecond ms apart across callers; Infinity does not wait', async (t) => {
  const pacer = new Pacer(50);
  const starts: number[] = [];
  const begun = performance.now();
  // Three lanes taking slots at the same time, as the outbox worker's do.
  await Promise.all([0, 1, 2].map(async () => {
    for (let i = 0; i < 4; i++) {
      await pacer.slot();
      starts.push(performance.now());
    }
  }));
  starts.sort((a, b) => a - b);
  // The k-th slot comes no earlier than k gaps after the pacer was first asked (the first slot is due
  // at once), whenever the lanes happen to resume: a lane resumed late does not let the next come
  // sooner than its slot. (Measured from the first lane's resumption instead, a loaded machine that
  // resumed it late made the second slot look early: CI once saw 17.7 ms.)
  const early = starts.map((s, k) => s - begun - k * 20).filter((d) => d < -1);
  t.same(early, [], `no slot ahead of its time: ${starts.map((s) => (s - begun).toFixed(1)).join(', ')}`);
  t.equal(starts.length, 12);

  const free = new Pacer(Infinity);
  const before = performance.now();
  for (let i = 0; i < 1000; i++) await free.slot();
  t.ok(performance.now() - before < 1000, 'no pacing: a thousand slots without a timer each');
  t.throws(() => new Pacer(0), RangeError);
});
