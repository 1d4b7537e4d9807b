/**
 * A background pass run on an interval, one at a time: a tick while a pass is still under way (a
 * slow server) leaves the work to it. The timer does not keep the process alive. The outbox worker
 * and the channel feed run their passes this way.
 */
export class IntervalPass {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  /** `pass` handles its own errors; one that escapes is given to `onError`. */
  constructor(private readonly pass: () => Promise<void>, private readonly onError: (error: unknown) => void) {}

  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  /**
   * Stops the interval and waits for a pass under way to end, or for `graceMs`, whichever comes
   * first: a shutdown is not held up by a slow server.
   */
  async stop(graceMs: number): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.running) return;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((resolve) => { timeout = setTimeout(resolve, graceMs); })]);
    clearTimeout(timeout);
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.pass().catch(this.onError).finally(() => { this.running = null; });
  }
}
