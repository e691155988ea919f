/**
 * An HTTP proxy for tests that tunnels every CONNECT to one local port, whatever host was asked:
 * a child process started with NODE_USE_ENV_PROXY=1 and HTTPS_PROXY=<url> then reaches a site
 * built for https://fixture.example at a local https server, under its own host name (trusting
 * a certificate for that name, see tls-cert.fs.ts). Only tunnels: plain requests get 405.
 */
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';

/**
 * The environment that sends a Node process's fetch() through the proxy at `url`, and only there: Node reads the
 * lower-case variables first, so both spellings are set, and NO_PROXY is emptied.
 */
export function proxyEnv(url: string): Record<string, string> {
  return { NODE_USE_ENV_PROXY: '1', HTTPS_PROXY: url, https_proxy: url, HTTP_PROXY: url, http_proxy: url, NO_PROXY: '', no_proxy: '' };
}

export interface ConnectProxy {
  /** For HTTPS_PROXY. */
  url: string;
  close: () => Promise<void>;
}

/** Listens on 127.0.0.1:`port` (0: a free one) and tunnels to 127.0.0.1:`targetPort`. */
export async function startConnectProxy(port: number, targetPort: number): Promise<ConnectProxy> {
  const tunnels = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (_req, client: Socket, head: Buffer) => {
    let connected = false;
    const upstream = connect(targetPort, '127.0.0.1', () => {
      connected = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    // The site is down: say so, as a real proxy does, instead of hanging up.
    upstream.on('error', () => (connected ? client.destroy() : client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n')));
    client.on('error', () => upstream.destroy());
    for (const socket of [client, upstream]) {
      tunnels.add(socket);
      socket.on('close', () => tunnels.delete(socket));
    }
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: listening } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${listening}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of tunnels) socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
