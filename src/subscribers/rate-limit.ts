/**
 * A fixed-window rate limit per client, with the clock passed in. Bounded: at most
 * `maxKeys` clients are remembered (the oldest window is forgotten first), and IPv6
 * addresses count per /64, the block one subscriber line usually gets, so rotating through
 * one's own addresses does not multiply the allowance or the memory.
 */
import { isIPv6 } from 'node:net';

/** The window of the sign-up limit: SUBSCRIBE_RATE_LIMIT sign-ups per IP per window. */
export const RATE_LIMIT_WINDOW_MS = 10 * 60_000;

export interface RateLimiter {
  /** true when the request may go ahead; counts it. */
  take: (ip: string, now: number) => boolean;
  /** Forgets windows that ended (the server calls it on a timer). */
  sweep: (now: number) => void;
  size: () => number;
}

/** The key an address is counted under: IPv4 as is, IPv6 by its /64 prefix. */
export function rateKey(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export function createRateLimiter({ limit, windowMs, maxKeys = 50_000 }: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  // A Map iterates in insertion order; a key is re-inserted when its window restarts, so the first key is the oldest window.
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(ip, now) {
      if (limit <= 0) return true;
      const key = rateKey(ip);
      const current = windows.get(key);
      if (!current || now - current.start >= windowMs) {
        windows.delete(key);
        windows.set(key, { start: now, count: 1 });
        while (windows.size > maxKeys) windows.delete(windows.keys().next().value!);
        return true;
      }
      current.count++;
      return current.count <= limit;
    },
    sweep(now) {
      for (const [key, w] of windows) {
        if (now - w.start < windowMs) break;
        windows.delete(key);
      }
    },
    size: () => windows.size,
  };
}
