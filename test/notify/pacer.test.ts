import t from 'tap';
import { Pacer } from '../../src/notify/pacer.js';

t.test('slots are spaced 1000 / perSecond ms apart across callers; Infinity does not wait', async (t) => {
  const pacer = new Pacer(50);
  const starts: number[] = [];
  // Three lanes taking slots at the same time, as the outbox worker's do.
  await Promise.all([0, 1, 2].map(async () => {
    for (let i = 0; i < 4; i++) {
      await pacer.slot();
      starts.push(performance.now());
    }
  }));
  starts.sort((a, b) => a - b);
  // The k-th slot comes no earlier than k gaps after the first (1 ms for the first's own resumption);
  // a lane resumed late does not let the next come sooner than its slot.
  const early = starts.map((s, k) => s - starts[0]! - k * 20).filter((d) => d < -1);
  t.same(early, [], `no slot ahead of its time: ${starts.map((s) => (s - starts[0]!).toFixed(1)).join(', ')}`);
  t.equal(starts.length, 12);

  const free = new Pacer(Infinity);
  const before = performance.now();
  for (let i = 0; i < 1000; i++) await free.slot();
  t.ok(performance.now() - before < 1000, 'no pacing: a thousand slots without a timer each');
  t.throws(() => new Pacer(0), RangeError);
});
