import { describe, expect, it } from 'vitest';
import { astroCsp, isTokenPage, responsePolicy, securityHeaders, withResponsePolicy } from './headers.ts';

describe('security headers', () => {
  it('send HSTS and upgrade-insecure-requests only when the public URL is https', () => {
    expect(securityHeaders('https://tips.example.com')['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(responsePolicy('https://tips.example.com')).toContain('upgrade-insecure-requests');
    const http = securityHeaders('http://localhost:4321');
    expect(http).not.toHaveProperty('Strict-Transport-Security');
    expect(http['Content-Security-Policy']).not.toContain('upgrade-insecure-requests');
  });

  it('forbid framing, plugins, foreign <base> and form targets on every response, and leave scripts and styles to the page policy', () => {
    expect(responsePolicy('https://tips.example.com').split('; ')).toEqual(["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", 'upgrade-insecure-requests']);
    expect(responsePolicy('https://tips.example.com')).not.toMatch(/default-src|script-src|style-src|unsafe-inline/);
    expect(securityHeaders('https://tips.example.com')).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Permissions-Policy': expect.stringContaining('camera=()'),
    });
  });

  it("let Astro's page policy allow only our own resources, inline code by hash and Pagefind's WebAssembly", () => {
    const csp = astroCsp();
    expect(csp.directives).toEqual(["default-src 'self'", "img-src 'self' data:", "font-src 'self'", "connect-src 'self'", "worker-src 'self' blob:", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]);
    expect(csp.scriptDirective?.resources).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp.styleDirective?.resources).toEqual(["'self'"]);
  });

  it("add our header's directives to the policy Astro sends with an on-demand page, once", () => {
    const astro = "default-src 'self';object-src 'none';base-uri 'self';form-action 'self'; script-src 'self' 'sha256-a='; style-src 'self' 'sha256-b=';";
    const merged = withResponsePolicy(astro, 'https://tips.example.com');
    expect(merged).toBe(`${astro.slice(0, -1)}; frame-ancestors 'none'; upgrade-insecure-requests`);
    expect(withResponsePolicy(merged, 'https://tips.example.com')).toBe(merged);
  });

  it('treat the confirm and unsubscribe pages, with or without the slash, as token pages', () => {
    expect(['/confirm/', '/confirm', '/unsubscribe/', '/unsubscribe', '/preferences/', '/preferences/address/', '/subscribe/', '/confirmation/', '/'].map(isTokenPage)).toEqual([true, true, true, true, true, true, false, false, false]);
  });
});
