/**
 * Signed VERP return paths: `bounces+<id>-<mac>@example.com`. The bounce that comes back to that address
 * names the subscriber, and the MAC stops anyone from forging a bounce that unsubscribes somebody else.
 *
 * The token uses lowercase letters and digits only, since some MTAs lowercase local parts: the id in base 36,
 * a dash, and 80 bits of HMAC-SHA256 in lowercase base32 (16 characters). 80 bits is far beyond what an
 * attacker can guess by mailing forged bounces.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 5321 limit on a local part; longer ones are refused by some servers. */
export const LOCAL_PART_MAX_LENGTH = 64;

const MAC_BYTES = 10;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function splitAddress(address: string): { local: string; domain: string } | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return undefined;
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

function mac(bounceAddress: string, idPart: string, secret: string): Buffer {
  // The bounce address is part of the MAC so a token minted for one publication is useless for another
  // that shares the secret by mistake.
  return createHmac('sha256', secret)
    .update(`verp:v1:${bounceAddress.trim().toLowerCase()}:${idPart}`)
    .digest()
    .subarray(0, MAC_BYTES);
}

function parseBounceAddress(bounceAddress: string): { local: string; domain: string } {
  const parts = splitAddress(bounceAddress.trim());
  if (parts === undefined || parts.local.includes('+')) {
    throw new Error(
      `BOUNCE_ADDRESS "${bounceAddress}" is not a plain address like bounces@example.com: ` +
        'VERP adds "+<token>" to its local part, so it needs one "@" and no "+". Set BOUNCE_ADDRESS to such an address.',
    );
  }
  return parts;
}

/** The token part of a VERP address for a subscriber (what follows the "+"). */
export function verpToken(bounceAddress: string, subscriberId: number, secret: string): string {
  if (!Number.isSafeInteger(subscriberId) || subscriberId <= 0) {
    throw new Error(`VERP needs a positive integer subscriber id, got ${subscriberId}.`);
  }
  if (secret.length < 16) {
    throw new Error('The VERP secret is shorter than 16 characters: use a long random value (e.g. `openssl rand -hex 32`).');
  }
  const idPart = subscriberId.toString(36);
  return `${idPart}-${base32(mac(bounceAddress, idPart, secret))}`;
}

/** The per-recipient return path, e.g. `bounces+16-abcdefghijklmnop@example.com`. */
export function verpAddress(bounceAddress: string, subscriberId: number, secret: string): string {
  const { local, domain } = parseBounceAddress(bounceAddress);
  const token = verpToken(bounceAddress, subscriberId, secret);
  const verpLocal = `${local}+${token}`;
  if (verpLocal.length > LOCAL_PART_MAX_LENGTH) {
    throw new Error(
      `BOUNCE_ADDRESS local part "${local}" is too long for VERP: with the token it is ${verpLocal.length} ` +
        `characters, over the ${LOCAL_PART_MAX_LENGTH} SMTP allows. Use a shorter local part such as "bounces".`,
    );
  }
  return `${verpLocal}@${domain}`;
}

const TOKEN_SHAPE = /^([0-9a-z]{1,11})-([a-z2-7]{16})$/;

/** Whether a local-part tail has the shape of one of our tokens (not whether it verifies: see readVerpToken). */
export function looksLikeVerpToken(candidate: string): boolean {
  return TOKEN_SHAPE.test(candidate.trim().toLowerCase());
}

/**
 * Checks a token found after the "+" (see FeedbackEvent.verpToken). Undefined for an altered, truncated or
 * non-canonical token (e.g. a leading zero), compared in constant time.
 */
export function readVerpToken(token: string, bounceAddress: string, secret: string): { subscriberId: number } | undefined {
  const match = TOKEN_SHAPE.exec(token.trim().toLowerCase());
  if (match === null) return undefined;
  const [, idPart = '', macPart = ''] = match;
  const subscriberId = parseInt(idPart, 36);
  if (!Number.isSafeInteger(subscriberId) || subscriberId <= 0 || subscriberId.toString(36) !== idPart) return undefined;
  const expected = Buffer.from(base32(mac(bounceAddress, idPart, secret)));
  const given = Buffer.from(macPart);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return { subscriberId };
}

/**
 * Reads a VERP address back: the subscriber id when the address is our bounce address plus a valid token;
 * undefined for foreign, altered or truncated addresses.
 */
export function readVerp(address: string, bounceAddress: string, secret: string): { subscriberId: number } | undefined {
  const bounce = splitAddress(bounceAddress.trim().toLowerCase());
  const parts = splitAddress(address.trim().replace(/^<|>$/g, '').toLowerCase());
  if (bounce === undefined || parts === undefined || parts.domain !== bounce.domain) return undefined;
  const prefix = `${bounce.local}+`;
  if (!parts.local.startsWith(prefix)) return undefined;
  return readVerpToken(parts.local.slice(prefix.length), bounceAddress, secret);
}

/**
 * The token candidate in an address's local part (what follows the first "+"), lowercased, or undefined.
 * Not verified: see readVerpToken.
 */
export function verpTokenCandidate(address: string): string | undefined {
  const parts = splitAddress(address.trim().replace(/^<|>$/g, ''));
  if (parts === undefined) return undefined;
  const plus = parts.local.indexOf('+');
  if (plus < 0 || plus === parts.local.length - 1) return undefined;
  return parts.local.slice(plus + 1).toLowerCase();
}
