/**
 * The DKIM settings the send tests hand to `npm run send` (SMTP and SES alike): the domain and
 * selector the assertions look for, and a fresh RSA key made in memory, once per worker process.
 */
import { generateKeyPairSync } from 'node:crypto';

export const DKIM_TEST_DOMAIN = 'tips.example.com';
export const DKIM_TEST_SELECTOR = 'tips2026';

let key: string | undefined;

/** DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY (PKCS#8 PEM, RSA 2048) for a signed send. */
export function dkimTestEnv(): { DKIM_DOMAIN: string; DKIM_SELECTOR: string; DKIM_PRIVATE_KEY: string } {
  key ??= generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  return { DKIM_DOMAIN: DKIM_TEST_DOMAIN, DKIM_SELECTOR: DKIM_TEST_SELECTOR, DKIM_PRIVATE_KEY: key };
}
