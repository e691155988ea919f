import { describe, expect, it } from 'vitest';
import { clientIp, sameOrigin } from './request.ts';

const req = (headers: Record<string, string>) => new Request('http://127.0.0.1:4321/subscribe/', { headers });

describe('clientIp', () => {
  it('uses the socket address when no proxy is trusted, whatever the client sends', () => {
    expect(clientIp(req({ 'x-forwarded-for': '1.2.3.4' }), '203.0.113.7', 0)).toBe('203.0.113.7');
    expect(clientIp(req({}), '::ffff:203.0.113.7', 0)).toBe('203.0.113.7');
  });
  it('takes the entry the trusted proxy appended, not the one the client wrote', () => {
    expect(clientIp(req({ 'x-forwarded-for': '6.6.6.6, 198.51.100.23' }), '127.0.0.1', 1)).toBe('198.51.100.23');
    expect(clientIp(req({ 'x-forwarded-for': '6.6.6.6, 198.51.100.23, 10.0.0.2' }), '127.0.0.1', 2)).toBe('198.51.100.23');
  });
  it('refuses anything that is not an IP address', () => {
    expect(clientIp(req({ 'x-forwarded-for': '=HYPERLINK("http://x")' }), '127.0.0.1', 1)).toBeNull();
    expect(clientIp(req({}), '127.0.0.1', 1)).toBeNull();
  });
});

describe('sameOrigin', () => {
  it('accepts the site itself and nothing else', () => {
    expect(sameOrigin(req({ origin: 'https://tips.example.com' }), 'https://tips.example.com')).toBe(true);
    expect(sameOrigin(req({ referer: 'https://tips.example.com/tips/x/' }), 'https://tips.example.com/')).toBe(true);
    expect(sameOrigin(req({ origin: 'https://evil.example' }), 'https://tips.example.com')).toBe(false);
    expect(sameOrigin(req({}), 'https://tips.example.com')).toBe(false);
  });
});
