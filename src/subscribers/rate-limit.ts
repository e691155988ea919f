/** A fixed-window rate limit per key (an IP address), with the clock passed in. Pure apart from its own map. */

/** The window of the sign-up limit: SUBSCRIBE_RATE_LIMIT sign-ups per IP per window. */
export const RATE_LIMIT_WINDOW_MS = 10 * 60_000;

export interface RateLimiter {
  /** true when the request may go ahead; counts it. */
  take: (key: string, now: number) => boolean;
}

export function createRateLimiter({ limit, windowMs }: { limit: number; windowMs: number }): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(key, now) {
      if (limit <= 0) return true;
      if (windows.size > 10_000) for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
      const current = windows.get(key);
      if (!current || now - current.start >= windowMs) {
        windows.set(key, { start: now, count: 1 });
        return true;
      }
      current.count++;
      return current.count <= limit;
    },
  };
}
