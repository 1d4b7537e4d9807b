/**
 * Spaces starts at least `1000 / perSecond` ms apart, across every lane that shares it: a lane
 * awaits its slot before it takes the next mail. The outbox shares the service's one thread and its
 * write lock with intake, and a mail costs about a millisecond of that thread (composing the message,
 * claim and mark). In bench:intake, whose intakes queue two or three office mails each, the unpaced
 * worker took intake from about 2,300 to 2,000 per second, paced at 50 per second to 2,350 against
 * 2,600 with no mail, and at 10 per second left it within the machine's noise.
 * Infinity: no pacing.
 */
export class Pacer {
  private nextSlot = 0;

  constructor(private readonly perSecond: number) {
    if (!(perSecond > 0)) throw new RangeError(`perSecond must be positive, not ${perSecond}`);
  }

  async slot(): Promise<void> {
    if (this.perSecond === Infinity) return;
    const now = performance.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + 1000 / this.perSecond;
    // Timers run on the loop's cached millisecond clock and may fire a little before `at`: wait again until it has come.
    for (let left = at - now; left > 0; left = at - performance.now()) await new Promise((resolve) => setTimeout(resolve, Math.ceil(left)));
  }
}
