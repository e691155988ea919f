/**
 * The security headers every response carries, pages, assets and handlers alike. Pure.
 * The Content-Security-Policy allows only the site's own resources; the few inline scripts
 * and styles the build emits are allowed by their hashes (see csp.fs.ts), never by
 * 'unsafe-inline'. Pagefind's search runs WebAssembly, hence 'wasm-unsafe-eval'.
 */
import { paths } from '../lib/paths.ts';

export interface HeaderPolicy {
  /** The public URL: HSTS only when it is https. */
  siteUrl: string;
  /** 'sha256-…' sources for the inline scripts and styles in the built pages. */
  scriptHashes: readonly string[];
  styleHashes: readonly string[];
}

export function contentSecurityPolicy({ siteUrl, scriptHashes, styleHashes }: HeaderPolicy): string {
  const quoted = (list: readonly string[]) => list.map((h) => ` '${h}'`).join('');
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${quoted(scriptHashes)}`,
    `style-src 'self'${quoted(styleHashes)}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(siteUrl.startsWith('https:') ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** Headers for every response. */
export function securityHeaders(policy: HeaderPolicy): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(policy),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(policy.siteUrl.startsWith('https:') ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** Pages whose URL carries a token: never cached, never sent on as a Referer. */
export function isTokenPage(pathname: string): boolean {
  return pathname === paths.confirm() || pathname === paths.unsubscribe() || pathname === paths.confirm().slice(0, -1) || pathname === paths.unsubscribe().slice(0, -1);
}

export const TOKEN_PAGE_HEADERS = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' } as const;
