import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../testing/app-server.fs.ts';
import { checkLinks } from './links.ts';

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') res.writeHead(200).end();
    else if (req.url === '/gone') res.writeHead(410).end();
    else if (req.url === '/moved') res.writeHead(301, { Location: '/ok' }).end();
    else if (req.url === '/no-head') res.writeHead(req.method === 'HEAD' ? 405 : 200).end();
    else if (req.url === '/slow') return; // never answers
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

/** A loopback port nothing listens on: connections to it are refused at once, as when offline. */
const closedPort = freePort;

describe('checkLinks (against a local HTTP server)', () => {
  it('reports gone pages as errors, redirects with their target, and timeouts', async () => {
    const { results, offline } = await checkLinks([`${base}/ok`, `${base}/gone`, `${base}/missing`, `${base}/moved`, `${base}/no-head`, `${base}/slow`, `${base}/ok`], fetch as never, { timeoutMs: 1500, retries: 0 });
    expect(results.map((r) => [r.severity, r.message.replace(base, '')])).toEqual([
      ['ok', '/ok ok'],
      ['error', '/gone answers 410: the article is gone; find its new address or pick another'],
      ['error', '/missing answers 404: the article is gone; find its new address or pick another'],
      ['warning', `/moved redirects (301) to ${base}/ok: link to the final address`],
      ['ok', '/no-head ok'],
      ['warning', '/slow could not be checked: no answer within 1.5 s'],
    ]);
    expect(offline).toBeUndefined();
  });

  it('says once that nothing could be reached when no link answers, and stops trying', async () => {
    const closed = await closedPort();
    const urls = Array.from({ length: 30 }, (_, i) => `http://127.0.0.1:${closed}/article-${i}`);
    let tried = 0;
    const counting: typeof fetch = (url, init) => {
      tried += 1;
      return fetch(url, init);
    };
    const { results, offline } = await checkLinks(urls, counting as never, { timeoutMs: 2000 });
    expect(results).toEqual([]);
    expect(offline).toMatch(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    // The first four links, each tried twice (one retry); the other 26 are not tried.
    expect(tried).toBe(8);
  });

  it('still checks every link when some answer and some cannot be reached', async () => {
    const closed = await closedPort();
    const { results, offline } = await checkLinks([`http://127.0.0.1:${closed}/a`, `${base}/ok`, `http://127.0.0.1:${closed}/b`, `${base}/gone`, `${base}/no-head`], fetch as never, { retries: 0 });
    expect(offline).toBeUndefined();
    expect(results.map((r) => r.severity)).toEqual(['warning', 'ok', 'warning', 'error', 'ok']);
    expect(results[0]!.message).toMatch(/could not be checked: connect ECONNREFUSED/);
  });
});
