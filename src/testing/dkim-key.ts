/**
 * The DKIM settings the send tests hand to `npm run send` (SMTP and SES alike): the domain and
 * selector the assertions look for, and a fresh RSA key made in memory, once per worker process.
 * `verifyDkim` checks a delivered message's signature against that key with mailauth (the
 * nodemailer maintainer's verifier), its DNS lookup answered from the key instead of the network.
 */
import { generateKeyPairSync } from 'node:crypto';
import { dkimVerify } from 'mailauth/lib/dkim/verify';

export const DKIM_TEST_DOMAIN = 'tips.example.com';
export const DKIM_TEST_SELECTOR = 'tips2026';

let keys: { privateKey: string; publicKey: string } | undefined;
const testKeys = () => (keys ??= generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }));

/** DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY (PKCS#8 PEM, RSA 2048) for a signed send. */
export function dkimTestEnv(): { DKIM_DOMAIN: string; DKIM_SELECTOR: string; DKIM_PRIVATE_KEY: string } {
  return { DKIM_DOMAIN: DKIM_TEST_DOMAIN, DKIM_SELECTOR: DKIM_TEST_SELECTOR, DKIM_PRIVATE_KEY: testKeys().privateKey };
}

/** The DNS TXT record a publication would publish at <selector>._domainkey.<domain> for the test key. */
function dkimRecord(): string {
  const der = testKeys().publicKey.replace(/-----[A-Z ]+-----|\s/g, '');
  return `v=DKIM1; k=rsa; p=${der}`;
}

/** mailauth's verdict on each DKIM signature of `raw` ("pass", "fail", "neutral", …), the test key published. */
export async function verifyDkim(raw: Buffer): Promise<string[]> {
  const record = `${DKIM_TEST_SELECTOR}._domainkey.${DKIM_TEST_DOMAIN}`;
  const resolver = async (name: string, type: string) => {
    if (type === 'TXT' && name === record) return [[dkimRecord()]];
    throw Object.assign(new Error(`no ${type} record for ${name} in the test`), { code: 'ENOTFOUND' });
  };
  const result = await dkimVerify(raw, { resolver });
  return result.results.map((r) => r.status.result);
}
