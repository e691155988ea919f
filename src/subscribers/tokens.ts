/**
 * Signed links for confirming, unsubscribing, managing a subscription (the preference page) and
 * confirming a new address. A token names its purpose, the subscriber and (for confirmations) an
 * expiry, and is signed with HMAC-SHA256 over those and the address, so a token stops working if
 * the address is erased or changed. A new-address token is signed over the new (pending) address.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TokenPurpose = 'confirm' | 'unsubscribe' | 'manage' | 'change';

/** One letter per purpose in the token body (short links). */
const LETTERS: Record<TokenPurpose, string> = { confirm: 'c', unsubscribe: 'u', manage: 'm', change: 'a' };
const PURPOSES = new Map(Object.entries(LETTERS).map(([purpose, letter]) => [letter, purpose as TokenPurpose]));

export interface TokenClaims {
  purpose: TokenPurpose;
  subscriberId: number;
  /** Expiry in ms since the epoch; unsubscribe and manage tokens do not expire (links in old emails must work). */
  expiresAt?: number | undefined;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'wrong-purpose' };

const encode = (claims: TokenClaims) =>
  Buffer.from(JSON.stringify([LETTERS[claims.purpose], claims.subscriberId, claims.expiresAt ?? 0])).toString('base64url');

const sign = (secret: string, body: string, email: string) => createHmac('sha256', secret).update(`${body}.${email}`).digest('base64url');

export function createToken(secret: string, claims: TokenClaims, email: string): string {
  const body = encode(claims);
  return `${body}.${sign(secret, body, email)}`;
}

/** Reads the claims without trusting them, to find whose address to verify against. */
export function peekToken(token: string): TokenClaims | undefined {
  const [body] = token.split('.');
  try {
    const [p, id, exp] = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8')) as [string, number, number];
    const purpose = PURPOSES.get(p);
    if (!purpose || !Number.isSafeInteger(id) || !Number.isSafeInteger(exp)) return undefined;
    return { purpose, subscriberId: id, expiresAt: exp || undefined };
  } catch {
    return undefined;
  }
}

export function verifyToken(secret: string, token: string, email: string, purpose: TokenPurpose, now: Date): TokenCheck {
  if (typeof token !== 'string' || token.length > 512) return { ok: false, reason: 'malformed' };
  const claims = peekToken(token);
  const [body, signature] = token.split('.');
  if (!claims || !body || !signature) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(sign(secret, body, email));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
  if (claims.purpose !== purpose) return { ok: false, reason: 'wrong-purpose' };
  if (claims.expiresAt !== undefined && claims.expiresAt < now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
