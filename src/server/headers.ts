/**
 * The security headers every response carries, pages, assets and handlers alike, and the page policy Astro
 * writes into each page. Pure.
 *
 * The Content-Security-Policy comes in two parts. Astro's own CSP (`security.csp` in astro.config.mjs, with
 * `astroCsp()` below) hashes every script and style it inlines and writes the page policy: a <meta> in each
 * prerendered page, a header on on-demand pages. So the hashes are made by the build and travel with it;
 * nothing reads the built pages at start-up. What a <meta> cannot carry (`frame-ancestors`) and what must
 * hold for every other response goes in our own header (`responsePolicy`); a browser enforces both. Pagefind's
 * search runs WebAssembly, hence 'wasm-unsafe-eval'.
 */
import type { AstroUserConfig } from 'astro';
import { paths } from '../lib/paths.ts';

type AstroCsp = Exclude<NonNullable<NonNullable<AstroUserConfig['security']>['csp']>, boolean>;

/** No other site may frame ours (the unsubscribe button must not be clickjacked); header-only in CSP. */
export const FRAME_ANCESTORS = "frame-ancestors 'none'";

const https = (siteUrl: string) => siteUrl.startsWith('https:');

/**
 * The page policy beyond script-src and style-src, which Astro writes with its hashes. The same for every
 * deployment: it is fixed at build time, when the URL the site will be served from is not always known.
 */
export const PAGE_DIRECTIVES = [
  "default-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
] as const;

/** `security.csp` for astro.config.mjs: our directives, and scripts and styles from the site itself or by Astro's hash. */
export function astroCsp(): AstroCsp {
  return {
    directives: [...PAGE_DIRECTIVES],
    scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
    styleDirective: { resources: ["'self'"] },
  };
}

/**
 * Our header policy, on every response: what a <meta> policy cannot say (framing) or should not (upgrading
 * requests to https depends on where this server runs), plus plugins, <base> and form targets. It names no
 * script or style source, so the page's own policy (with its hashes) decides those.
 */
export function responsePolicy(siteUrl: string): string {
  return [FRAME_ANCESTORS, "object-src 'none'", "base-uri 'self'", "form-action 'self'", ...(https(siteUrl) ? ['upgrade-insecure-requests'] : [])].join('; ');
}

/**
 * Astro's header policy of an on-demand page (which replaces ours) with the directives of ours that it lacks
 * (`frame-ancestors`, `upgrade-insecure-requests`).
 */
export function withResponsePolicy(policy: string, siteUrl: string): string {
  const named = new Set(policy.split(';').map((directive) => directive.trim().split(/\s+/)[0]));
  const missing = responsePolicy(siteUrl).split('; ').filter((directive) => !named.has(directive.split(' ')[0]));
  return [policy.trim().replace(/;$/, ''), ...missing].join('; ');
}

/** Headers for every response. */
export function securityHeaders(siteUrl: string): Record<string, string> {
  return {
    'Content-Security-Policy': responsePolicy(siteUrl),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(https(siteUrl) ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** Pages whose URL carries a token: never cached, never sent on as a Referer. */
export function isTokenPage(pathname: string): boolean {
  const pages = [paths.confirm(), paths.unsubscribe(), paths.preferences(), paths.confirmAddress()];
  return pages.some((page) => pathname === page || pathname === page.slice(0, -1));
}

export const TOKEN_PAGE_HEADERS = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' } as const;
