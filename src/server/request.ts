/** Facts about an incoming request that the handlers rely on. Pure. */
import { isIP } from 'node:net';

/**
 * The reader's IP. Behind `trustedProxies` reverse proxies, each proxy appends the address
 * it received the request from to X-Forwarded-For, so the reader's address is the entry
 * `trustedProxies` places from the right; everything left of it was written by the client and
 * is ignored. Anything that is not an IP address is refused (null), never stored.
 */
export function clientIp(request: { headers: Pick<Headers, 'get'> }, socketAddress: string | undefined, trustedProxies: number): string | null {
  let candidate = socketAddress;
  if (trustedProxies > 0) {
    const entries = (request.headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    candidate = entries.length >= trustedProxies ? entries[entries.length - trustedProxies] : undefined;
  }
  const address = candidate?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  return address && isIP(address) ? address : null;
}

/** Whether a form POST comes from our own pages: its Origin (or Referer) is the site's. */
export function sameOrigin(request: Request, siteUrl: string): boolean {
  const source = request.headers.get('origin') ?? request.headers.get('referer');
  if (!source) return false;
  try {
    return new URL(source).origin === new URL(siteUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Whether a POST visibly comes from another site: an Origin header that is neither ours nor "null". Token pages
 * are sent with Referrer-Policy: no-referrer, so browsers post their forms with "Origin: null"; the signed
 * token is what authorizes the change, and this refuses a form another site plants around a leaked link.
 */
export function crossOrigin(request: Request, siteUrl: string): boolean {
  const origin = request.headers.get('origin');
  if (origin === null || origin === 'null') return false;
  try {
    return new URL(origin).origin !== new URL(siteUrl).origin;
  } catch {
    return true;
  }
}
