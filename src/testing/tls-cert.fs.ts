/**
 * A self-signed certificate for https://127.0.0.1 (made with openssl, valid for two days), for
 * servers that must be reached over https in tests: emails link only to https, so a site built
 * for a local server is built for https://127.0.0.1:<port>, or is reached under its own host
 * name through a test proxy (connect-proxy.fs.ts). A client trusts it through
 * NODE_EXTRA_CA_CERTS=<certPath>, which Node reads when a process starts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LoopbackCert {
  key: string;
  cert: string;
  keyPath: string;
  certPath: string;
}

/** Writes key.pem and cert.pem into `dir` (about a second of openssl), valid for 127.0.0.1 and the `hostNames` given. */
export function loopbackCert(dir: string, hostNames: string[] = []): LoopbackCert {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  const names = ['IP:127.0.0.1', ...hostNames.map((name) => `DNS:${name}`)].join(',');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', `subjectAltName=${names}`, '-keyout', keyPath, '-out', certPath], { stdio: 'ignore' });
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), keyPath, certPath };
}
