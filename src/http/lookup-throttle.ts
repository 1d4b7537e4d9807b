/**
 * Failed access-code guesses per tracking code: after `limit` failures within the window the code
 * is locked until the window passes, so an 8-character code cannot be guessed by trying.
 */
export class LookupThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limit = 10, private readonly windowMs = 15 * 60_000) {}

  locked(key: string, now: number): boolean {
    return this.recent(key, now).length >= this.limit;
  }

  fail(key: string, now: number): void {
    const list = this.recent(key, now);
    list.push(now);
    this.failures.set(key, list);
    // Bounded memory: forget the oldest key when too many codes are being tried at once.
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }
}
