import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isTokenPage, securityHeaders } from './headers.ts';

const policy = { siteUrl: 'https://tips.example.com', scriptHashes: ['sha256-abc='], styleHashes: ['sha256-def=', 'sha256-ghi='] };

describe('security headers', () => {
  it('send HSTS and upgrade-insecure-requests only when the public URL is https', () => {
    expect(securityHeaders(policy)['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(contentSecurityPolicy(policy)).toContain('upgrade-insecure-requests');
    const http = securityHeaders({ ...policy, siteUrl: 'http://localhost:4321' });
    expect(http).not.toHaveProperty('Strict-Transport-Security');
    expect(http['Content-Security-Policy']).not.toContain('upgrade-insecure-requests');
  });

  it('allow only our own resources, inline code by hash, and no framing', () => {
    expect(contentSecurityPolicy(policy).split('; ')).toEqual([
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='",
      "style-src 'self' 'sha256-def=' 'sha256-ghi='",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      'upgrade-insecure-requests',
    ]);
    expect(securityHeaders(policy)).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Permissions-Policy': expect.stringContaining('camera=()'),
    });
  });

  it('treat the confirm and unsubscribe pages, with or without the slash, as token pages', () => {
    expect(['/confirm/', '/confirm', '/unsubscribe/', '/unsubscribe', '/subscribe/', '/confirmation/', '/'].map(isTokenPage)).toEqual([true, true, true, true, false, false, false]);
  });
});
