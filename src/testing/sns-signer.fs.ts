/**
 * A stand-in for Amazon SNS in tests: a self-signed certificate (made with openssl, valid for two days) whose
 * key signs SNS messages exactly as SNS does, and a second key an attacker would hold. Tests hand `cert` to
 * the webhook through its certificate fetcher, so signatures verify without any request to AWS.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate, createSign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snsStringToSign, type SnsMessage } from '../bounces/sns.ts';

export interface SnsSigner {
  /** The certificate (PEM) to answer for the SigningCertURL. */
  cert: string;
  /** The certificate's private key. */
  key: string;
  /** Another private key: signatures made with it must be refused. */
  otherKey: string;
  /** An hour into the certificate's validity, for tests that pass their own clock. */
  validAt: Date;
  /** Signs `message` as SNS does (SHA1withRSA for SignatureVersion 1, SHA256withRSA for 2), with `key` unless given another. */
  sign: (message: Omit<SnsMessage, 'Signature'>, signingKey?: string) => SnsMessage;
}

function selfSigned(dir: string, name: string): { key: string; cert: string } {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=sns.amazonaws.com', '-keyout', keyPath, '-out', certPath], { stdio: 'ignore' });
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
}

/** Makes the certificate and both keys (about a second of openssl; call it once per test file). */
export function createSnsSigner(): SnsSigner {
  const dir = mkdtempSync(join(tmpdir(), 'totw-sns-'));
  try {
    const { key, cert } = selfSigned(dir, 'sns');
    const otherKey = selfSigned(dir, 'attacker').key;
    const validAt = new Date(new Date(new X509Certificate(cert).validFrom).getTime() + 60 * 60 * 1000);
    const sign = (message: Omit<SnsMessage, 'Signature'>, signingKey = key): SnsMessage => {
      const unsigned = { ...message, Signature: '' } as SnsMessage;
      const signer = createSign(message.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
      signer.update(snsStringToSign(unsigned), 'utf8');
      return { ...unsigned, Signature: signer.sign(signingKey, 'base64') };
    };
    return { cert, key, otherKey, validAt, sign };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
