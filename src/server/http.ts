/**
 * Our HTTP server around Astro's Node handler: security headers on every response, gzip
 * or brotli for text as the browser asks (the `compression` middleware), and /healthz for
 * load balancers. Astro serves the pages, the assets and the subscription handlers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import compression from 'compression';
import { isTokenPage, securityHeaders, TOKEN_PAGE_HEADERS, type HeaderPolicy } from './headers.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

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

export function createHttpServer(astro: Handler, policy: HeaderPolicy, health: Health): Server {
  const headers = securityHeaders(policy);
  const compress = compression({ threshold: 1024 });
  return createServer((req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const pathname = (req.url ?? '/').split('?')[0]!;
    if (isTokenPage(pathname)) for (const [name, value] of Object.entries(TOKEN_PAGE_HEADERS)) res.setHeader(name, value);
    compress(req as never, res as never, () => {
      if (pathname === HEALTH_PATH) {
        void health
          .check()
          .then(({ ok, body }) => {
            res.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
            res.end(`${JSON.stringify(body)}\n`);
          });
        return;
      }
      if (WEBHOOK_PATHS.has(pathname)) req.url = `${pathname}/${(req.url ?? '').slice(pathname.length)}`;
      astro(req, res);
    });
  });
}
