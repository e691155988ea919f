/** The DKIM key is checked when the mail port is made (security review 2, item 11). */
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../config/env.ts';
import { checkDkim, createMailTransport } from './create.ts';
import { mailSettings } from './settings.ts';

let dir: string;
let rsa: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'totw-dkim-'));
  rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dkim = { domainName: 'tips.example.com', keySelector: 'tips2026' };
const transportFor = (env: Record<string, string>) =>
  createMailTransport(mailSettings(parseEnv({ OUTBOX_DIR: join(dir, 'outbox'), DKIM_DOMAIN: dkim.domainName, DKIM_SELECTOR: dkim.keySelector, ...env }), (path) => readFileSync(path, 'utf8')), { connections: 1 });

describe('the DKIM key', () => {
  it('is refused at start when it is not a private key, instead of mail going out unsigned', () => {
    expect(() => transportFor({ DKIM_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nMIIsecret\n-----END PRIVATE KEY-----' })).toThrow(
      /^DKIM_PRIVATE_KEY is not a PEM private key \(.+\), so mail would go out without a DKIM signature\. Put the whole key in it, from "-----BEGIN PRIVATE KEY-----" to "-----END PRIVATE KEY-----" \(e\.g\. made with `openssl genrsa 2048`\), then start again\.$/,
    );
  });

  it('is refused when it cannot sign here: not RSA, or too short', () => {
    const ed25519 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(() => checkDkim({ ...dkim, privateKey: ed25519 })).toThrow('DKIM_PRIVATE_KEY is an ed25519 key; DKIM signing here needs an RSA key of at least 1024 bits');
    const short = generateKeyPairSync('rsa', { modulusLength: 512 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(() => checkDkim({ ...dkim, privateKey: short })).toThrow('DKIM_PRIVATE_KEY is a 512-bit RSA key; DKIM signing here needs an RSA key of at least 1024 bits');
  });

  it('is refused from a file other users can read, and taken from one only its owner can', () => {
    const file = join(dir, 'rsa.pem');
    writeFileSync(file, rsa, { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(() => transportFor({ DKIM_PRIVATE_KEY_FILE: file })).toThrow(`${file} (DKIM_PRIVATE_KEY_FILE) can be read by other users of this machine. Run \`chmod 600 ${file}\`, then start again.`);
    chmodSync(file, 0o600);
    expect(transportFor({ DKIM_PRIVATE_KEY_FILE: file }).describe()).toContain('outbox');
    expect(() => transportFor({ DKIM_PRIVATE_KEY: rsa })).not.toThrow();
  });
});
