/**
 * Spaces sends so that at most `perSecond` start in any second: each call waits for the
 * next free slot. SMTP gets this from nodemailer's pool (rateLimit); SES's HTTP API has no
 * pool, so its transport uses this. The clock and sleep are parameters, for tests.
 */
export function rateLimiter(perSecond: number | undefined, clock: () => number, sleep: (ms: number) => Promise<void>): () => Promise<void> {
  if (!perSecond) return async () => {};
  const interval = 1000 / perSecond;
  let next = -Infinity;
  return async () => {
    const now = clock();
    const slot = Math.max(now, next);
    next = slot + interval;
    if (slot > now) await sleep(slot - now);
  };
}
