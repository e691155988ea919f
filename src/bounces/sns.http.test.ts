import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmSnsSubscription, fetchSnsCertificate } from './sns.http.ts';

let server: Server;
let base: string;
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/cert.pem') res.end(PEM);
    else if (req.url === '/huge.pem') res.end('x'.repeat(100 * 1024));
    else if (req.url === '/moved.pem') res.writeHead(302, { Location: '/cert.pem' }).end();
    else if (req.url === '/slow.pem') setTimeout(() => res.end(PEM), 2_000);
    else if (req.url?.startsWith('/?Action=ConfirmSubscription')) res.end('<ConfirmSubscriptionResponse/>');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the webhook’s HTTPS requests', () => {
  it('fetches a certificate and a SubscribeURL', async () => {
    expect(await fetchSnsCertificate(`${base}/cert.pem`)).toBe(PEM);
    await expect(confirmSnsSubscription(`${base}/?Action=ConfirmSubscription&Token=1`)).resolves.toBeUndefined();
  });

  it('refuses an answer that is too big, redirected, not 200 or too slow, saying which', async () => {
    await expect(fetchSnsCertificate(`${base}/huge.pem`)).rejects.toThrow(`The SNS signing certificate at ${base}/huge.pem is larger than 65536 bytes`);
    await expect(fetchSnsCertificate(`${base}/moved.pem`)).rejects.toThrow(`The SNS signing certificate at ${base}/moved.pem could not be fetched:`);
    await expect(fetchSnsCertificate(`${base}/missing.pem`)).rejects.toThrow(`The SNS signing certificate at ${base}/missing.pem answered 404`);
    await expect(fetchSnsCertificate(`${base}/slow.pem`, { timeoutMs: 200 })).rejects.toThrow(`The SNS signing certificate at ${base}/slow.pem could not be fetched: no answer within 200 ms`);
    await expect(confirmSnsSubscription(`${base}/nope`)).rejects.toThrow(`The SNS SubscribeURL at ${base}/nope answered 404`);
  });
});
