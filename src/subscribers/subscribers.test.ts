import { describe, expect, it } from 'vitest';
import { checkEmailAddress, cleanFirstName } from './email-address.ts';
import { createRateLimiter, rateKey } from './rate-limit.ts';
import { createToken, verifyToken } from './tokens.ts';

describe('checkEmailAddress', () => {
  it('normalizes good addresses', () => {
    expect(checkEmailAddress('  Ana.Silva+tips@Example.COM ')).toEqual({ ok: true, email: 'ana.silva+tips@example.com' });
  });
  it.each([
    ['', 'Please enter your email address.'],
    ['ana', 'That does not look like an email address. Check for typos, e.g. name@example.com.'],
    ['ana@example', 'That does not look like an email address. Check for typos, e.g. name@example.com.'],
    ['ana@@example.com', 'That does not look like an email address. Check for typos, e.g. name@example.com.'],
    ['an a@example.com', 'That does not look like an email address. Check for typos, e.g. name@example.com.'],
    ['ana..b@example.com', 'That does not look like an email address. Check for typos, e.g. name@example.com.'],
    ['ana@example.com\r\nBcc: x@y.z', 'That does not look like an email address. Check for typos, e.g. name@example.com.'],
    [`${'a'.repeat(250)}@example.com`, 'That address is too long (at most 254 characters).'],
  ])('rejects %j', (input, message) => {
    expect(checkEmailAddress(input)).toEqual({ ok: false, message });
  });
});

describe('cleanFirstName', () => {
  it('strips line breaks and control characters, keeps markup for escaping later', () => {
    expect(cleanFirstName(' Ana\r\nBcc: x ')).toEqual({ ok: true, firstName: 'Ana Bcc: x' });
    expect(cleanFirstName('<b>Bo</b>')).toEqual({ ok: true, firstName: '<b>Bo</b>' });
    expect(cleanFirstName('   ')).toEqual({ ok: true, firstName: undefined });
    expect(cleanFirstName('x'.repeat(81))).toEqual({ ok: false, message: 'That first name is too long (at most 80 characters).' });
  });
});

describe('tokens', () => {
  const secret = 'test-secret-with-enough-entropy-0123456789';
  const now = new Date('2026-11-23T10:00:00Z');
  const token = createToken(secret, { purpose: 'confirm', subscriberId: 7, expiresAt: now.getTime() + 60_000 }, 'ana@example.com');

  it('verifies its own tokens', () => {
    expect(verifyToken(secret, token, 'ana@example.com', 'confirm', now)).toEqual({
      ok: true,
      claims: { purpose: 'confirm', subscriberId: 7, expiresAt: now.getTime() + 60_000 },
    });
  });
  it('rejects forged, altered, expired and misused tokens', () => {
    expect(verifyToken('other-secret', token, 'ana@example.com', 'confirm', now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyToken(secret, token, 'eve@example.com', 'confirm', now)).toEqual({ ok: false, reason: 'forged' });
    const [body, sig] = token.split('.');
    const altered = `${Buffer.from(JSON.stringify(['c', 8, now.getTime() + 60_000])).toString('base64url')}.${sig}`;
    expect(verifyToken(secret, altered, 'ana@example.com', 'confirm', now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyToken(secret, `${body}.${sig}`, 'ana@example.com', 'confirm', new Date(now.getTime() + 61_000))).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken(secret, token, 'ana@example.com', 'unsubscribe', now)).toEqual({ ok: false, reason: 'wrong-purpose' });
    expect(verifyToken(secret, 'garbage', 'ana@example.com', 'confirm', now)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('createRateLimiter', () => {
  it('allows `limit` requests per window per key', () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 1000 });
    expect([limiter.take('a', 0), limiter.take('a', 10), limiter.take('a', 20), limiter.take('b', 20)]).toEqual([true, true, false, true]);
    expect(limiter.take('a', 1000)).toBe(true);
  });
});

describe('rate limiter bounds', () => {
  it('counts IPv6 addresses per /64, so rotating within one line does not help', () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 1000 });
    expect(['2001:db8:1:2::1', '2001:db8:1:2:ffff::9', '2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd'].map((ip) => limiter.take(ip, 0))).toEqual([true, true, false]);
    expect(limiter.take('2001:db8:1:3::1', 0)).toBe(true);
    expect(rateKey('::ffff:1.2.3.4')).toBe('0:0:0:0::/64');
    expect(rateKey('203.0.113.9')).toBe('203.0.113.9');
  });
  it('remembers at most maxKeys clients, forgetting the oldest window first', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000, maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) limiter.take(`10.0.${Math.floor(i / 256)}.${i % 256}`, i);
    expect(limiter.size()).toBe(100);
    expect(limiter.take('10.0.39.15', 10_000)).toBe(false); // the newest is still remembered
  });
  it('sweeps windows that ended', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000 });
    limiter.take('a', 0);
    limiter.take('b', 600);
    limiter.sweep(1200);
    expect(limiter.size()).toBe(1);
    limiter.sweep(1600);
    expect(limiter.size()).toBe(0);
  });
});
