import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from './app-server.fs.ts';
import { startConnectProxy } from './connect-proxy.fs.ts';

/** Sends a CONNECT for `host` through the proxy, then `data`; resolves with everything the proxy sent back. */
const tunnel = (proxyPort: number, host: string, data: string) =>
  new Promise<string>((resolve, reject) => {
    const socket = connect(proxyPort, '127.0.0.1', () => socket.write(`CONNECT ${host} HTTP/1.1\r\nHost: ${host}\r\n\r\n${data}`));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });

describe('the test proxy', () => {
  it('tunnels a CONNECT for any host to its one target', async () => {
    const echo = createServer((socket) => socket.once('data', (chunk) => socket.end(`echo:${chunk.toString()}`)));
    echo.on('error', () => undefined);
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const proxy = await startConnectProxy(0, (echo.address() as { port: number }).port);
    try {
      expect(await tunnel(Number(new URL(proxy.url).port), 'fixture.example:443', 'hello')).toBe('HTTP/1.1 200 Connection Established\r\n\r\necho:hello');
    } finally {
      await proxy.close();
      await new Promise((resolve) => echo.close(resolve));
    }
  });

  it('answers 502 when nothing listens on its target', async () => {
    const proxy = await startConnectProxy(0, await freePort());
    try {
      expect(await tunnel(Number(new URL(proxy.url).port), 'fixture.example:443', '')).toBe('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    } finally {
      await proxy.close();
    }
  });
});
