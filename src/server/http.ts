/**
 * Our HTTP server around the release being served: security headers on every response, gzip or brotli for
 * text as the browser asks (the `compression` middleware), /healthz for load balancers, one log line per
 * request, limits that keep slow or piled-up connections from exhausting the process, and 301s for old
 * WordPress `/?p=123` links after an import. The release serves the files, the pages and the subscription
 * handlers (release.fs.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import compression from 'compression';
import { isTokenPage, securityHeaders, TOKEN_PAGE_HEADERS } from './headers.ts';
import { requestLine, type Log } from './log.ts';
import type { Release } from './release.fs.ts';

export interface Health {
  /** 200 with the body when the database answers, 503 otherwise. */
  check: () => Promise<{ ok: boolean; body: Record<string, unknown> }>;
}

export const HEALTH_PATH = '/healthz';

/**
 * Webhook URLs are typed into other services' consoles (SNS) without a trailing slash, and a POST cannot
 * follow the redirect that Astro's `trailingSlash: 'always'` answers, so these paths are handed to Astro as if
 * they had one.
 */
const WEBHOOK_PATHS = new Set(['/webhooks/ses']);

/** How long a client may take and how many may be connected at once (see README, "Health, security headers"). */
export interface ConnectionLimits {
  /** The whole request, headers and body, must arrive within this. */
  requestTimeoutMs: number;
  /** The headers must arrive within this (at most requestTimeoutMs). */
  headersTimeoutMs: number;
  /** Connections beyond this are closed at once. */
  maxConnections: number;
}

export interface HttpParts {
  siteUrl: string;
  health: Health;
  /** The release to serve a request from. */
  release: () => Release;
  /** What Astro's on-demand pages get as `Astro.locals` (the services), once they are ready. */
  locals: () => Promise<object>;
  log: Log;
  limits: ConnectionLimits;
  /** Where an old address that Astro's redirects cannot match (a query such as `/?p=123`) now lives, if anywhere. */
  movedTo?: (url: string) => string | undefined;
  /** Answers the click-counting links (/r/…) and says whether it did (src/clicks/redirect.ts). */
  clicks?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

function answerHealth(health: Health, res: ServerResponse): void {
  void health.check().then(({ ok, body }) => {
    res.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`${JSON.stringify(body)}\n`);
  });
}

function logWhenDone(req: IncomingMessage, res: ServerResponse, log: Log): void {
  const started = performance.now();
  const { method = '?', url = '/' } = req;
  res.once('close', () => log(`${requestLine(method, url, res.statusCode, performance.now() - started)}${res.writableFinished ? '' : ' (connection closed early)'}`));
}

export function createHttpServer({ siteUrl, health, release, locals, log, limits, movedTo, clicks }: HttpParts): Server {
  const headers = securityHeaders(siteUrl);
  const compress = compression({ threshold: 1024 });
  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      // How often Node looks for requests past their time (its default, 30 s, would let them run on that long).
      connectionsCheckingInterval: Math.min(1000, limits.requestTimeoutMs),
    },
    (req, res) => {
      const pathname = (req.url ?? '/').split('?')[0]!;
      if (pathname !== HEALTH_PATH) logWhenDone(req, res, log);
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      if (isTokenPage(pathname)) for (const [name, value] of Object.entries(TOKEN_PAGE_HEADERS)) res.setHeader(name, value);
      compress(req as never, res as never, () => {
        if (pathname === HEALTH_PATH) return answerHealth(health, res);
        if (clicks?.(req, res)) return;
        const moved = req.method === 'GET' || req.method === 'HEAD' ? movedTo?.(req.url ?? '/') : undefined;
        if (moved) return void res.writeHead(301, { Location: moved }).end();
        if (WEBHOOK_PATHS.has(pathname)) req.url = `${pathname}/${(req.url ?? '').slice(pathname.length)}`;
        const from = release();
        locals().then(
          (value) => from.serve(req, res, value),
          () => {
            res.statusCode = 503;
            res.end('The server is not ready.\n');
          },
        );
      });
    },
  );
  server.maxConnections = limits.maxConnections;
  let droppedAt = -Infinity;
  server.on('drop', () => {
    if (performance.now() - droppedAt < 60_000) return;
    droppedAt = performance.now();
    log(`Closed a new connection at once: ${limits.maxConnections} are open (MAX_CONNECTIONS). Logged at most once a minute.`);
  });
  return server;
}
