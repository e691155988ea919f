import { describe, expect, it } from 'vitest';
import { LOCAL_PART_MAX_LENGTH, readVerp, readVerpToken, verpAddress, verpTokenCandidate } from './verp.ts';
import { OTHER_SECRET, TEST_SECRET as secret } from '../testing/secrets.ts';

const bounce = 'bounces@example.com';

/** Replaces one character of the token with another character of the same alphabet. */
function alterAt(address: string, index: number): string {
  const c = address[index] ?? '';
  const replacement = c === 'a' ? 'b' : c === '0' ? '1' : /[0-9]/.test(c) ? '0' : 'a';
  return address.slice(0, index) + replacement + address.slice(index + 1);
}

describe('verpAddress / readVerp', () => {
  it('round-trips subscriber ids, small and large', () => {
    for (const id of [1, 42, 123_456, Number.MAX_SAFE_INTEGER]) {
      const address = verpAddress(bounce, id, secret);
      expect(address).toMatch(/^bounces\+[0-9a-z]+-[a-z2-7]{16}@example\.com$/);
      expect(address.split('@')[0]!.length).toBeLessThanOrEqual(LOCAL_PART_MAX_LENGTH);
      expect(readVerp(address, bounce, secret)).toEqual({ subscriberId: id });
    }
  });

  it('reads an address an MTA upper-cased or wrapped in angle brackets', () => {
    const address = verpAddress(bounce, 42, secret);
    expect(readVerp(`<${address.toUpperCase()}>`, 'Bounces@Example.com', secret)).toEqual({ subscriberId: 42 });
  });

  it('refuses the token altered in any one character', () => {
    const address = verpAddress(bounce, 42, secret);
    const start = 'bounces+'.length;
    const end = address.indexOf('@');
    for (let i = start; i < end; i++) {
      if (address[i] === '-') continue;
      expect(readVerp(alterAt(address, i), bounce, secret), `altered at ${i}`).toBeUndefined();
    }
  });

  it('refuses truncated tokens, another subscriber id with the same MAC, and a leading-zero id', () => {
    const address = verpAddress(bounce, 42, secret);
    const [local = '', domain] = address.split('@');
    const token = local.slice('bounces+'.length);
    const [idPart = '', macPart = ''] = token.split('-');
    expect(readVerp(`${local.slice(0, -1)}@${domain}`, bounce, secret)).toBeUndefined();
    expect(readVerp(`bounces+${idPart}@${domain}`, bounce, secret)).toBeUndefined();
    expect(readVerp(`bounces+${(43).toString(36)}-${macPart}@${domain}`, bounce, secret)).toBeUndefined();
    expect(readVerp(`bounces+0${idPart}-${macPart}@${domain}`, bounce, secret)).toBeUndefined();
  });

  it('refuses foreign addresses: other domain, other base, other secret, no token', () => {
    const address = verpAddress(bounce, 42, secret);
    expect(readVerp(address.replace('example.com', 'example.net'), bounce, secret)).toBeUndefined();
    expect(readVerp(address.replace('bounces+', 'other+'), bounce, secret)).toBeUndefined();
    expect(readVerp(address, bounce, OTHER_SECRET)).toBeUndefined();
    expect(readVerp(bounce, bounce, secret)).toBeUndefined();
    expect(readVerp('not an address', bounce, secret)).toBeUndefined();
  });

  it('binds the token to the bounce address', () => {
    const token = verpAddress(bounce, 42, secret).split('+')[1]!.split('@')[0]!;
    expect(readVerpToken(token, bounce, secret)).toEqual({ subscriberId: 42 });
    expect(readVerpToken(token, 'bounces@example.net', secret)).toBeUndefined();
  });

  it('explains a bounce address it cannot use', () => {
    expect(() => verpAddress('bounces+x@example.com', 1, secret)).toThrow(
      'BOUNCE_ADDRESS "bounces+x@example.com" is not a plain address like bounces@example.com: VERP adds "+<token>" to its local part, so it needs one "@" and no "+". Set BOUNCE_ADDRESS to such an address.',
    );
    expect(() => verpAddress('example.com', 1, secret)).toThrow('is not a plain address');
    expect(() => verpAddress(`${'b'.repeat(50)}@example.com`, 1, secret)).toThrow(
      `BOUNCE_ADDRESS local part "${'b'.repeat(50)}" is too long for VERP: with the token it is 69 characters, over the 64 SMTP allows. Use a shorter local part such as "bounces".`,
    );
    expect(() => verpAddress(bounce, 0, secret)).toThrow('VERP needs a positive integer subscriber id, got 0.');
    expect(() => verpAddress(bounce, 1, 'short')).toThrow('The VERP secret is shorter than 16 characters');
  });
});

describe('verpTokenCandidate', () => {
  it('takes what follows the first "+" of the local part, lowercased', () => {
    expect(verpTokenCandidate('<Bounces+1A-ABC@example.com>')).toBe('1a-abc');
    expect(verpTokenCandidate('bounces@example.com')).toBeUndefined();
    expect(verpTokenCandidate('bounces+@example.com')).toBeUndefined();
  });
});
