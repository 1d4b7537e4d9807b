/**
 * Waits for a piece of work to end, or for `graceMs`, whichever comes first: how the background
 * workers (outbox, channel feeds) give a pass under way time to finish at shutdown without holding
 * the shutdown up for a slow server.
 */
export async function settleWithin(work: Promise<unknown>, graceMs: number): Promise<void> {
  let timeout: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => { timeout = setTimeout(resolve, graceMs); })]);
  clearTimeout(timeout);
}
