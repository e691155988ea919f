/**
 * An HTTP proxy for tests that tunnels every CONNECT to one local port, whatever host was asked:
 * a child process started with NODE_USE_ENV_PROXY=1 and HTTPS_PROXY=<url> then reaches a site
 * built for https://fixture.example at a local https server, under its own host name (trusting
 * a certificate for that name, see tls-cert.fs.ts). Only tunnels: plain requests get 405.
 */
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';

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
    const upstream = connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      tunnels.add(socket);
      socket.on('close', () => tunnels.delete(socket));
      // A side that hangs up ends the tunnel; neither error may take the test process down.
      socket.on('error', () => (socket === client ? upstream : client).destroy());
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
