/**
 * GET /r/<issue>/<pick>/<signature>: answers a 302 to the pick's article and hands the click to the filter.
 * Only a valid signature of a pick of a built issue redirects (404 otherwise: no open redirect). The client
 * address and user agent are read only to make a per-day salted hash, held in memory and never written or
 * logged; the salt is random and replaced every UTC day, so yesterday's hashes cannot be recomputed.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { automatedRequest, type Hit } from './filter.ts';
import { DECOY_PICK, parseClickPath, validPickSignature } from './links.ts';

export interface RedirectOptions {
  secret: string;
  /** The pick URLs of a built issue, in order; undefined when the build has no such issue. */
  pickUrlsOf: (issue: number) => readonly string[] | undefined;
  /** Counting on (CLICK_COUNTS=1): hits go to `observe`; off, the links still redirect and nothing is kept. */
  observe: ((hit: Hit) => void) | undefined;
  /** The client address as the server trusts it (TRUST_PROXY). */
  clientAddress: (req: IncomingMessage) => string | undefined;
  now: () => number;
}

/** The per-day salted visitor hash: the salt lives only in this closure. */
function visitorHasher(now: () => number) {
  let salt = { day: '', key: Buffer.alloc(0) };
  return (address: string, userAgent: string) => {
    const day = new Date(now()).toISOString().slice(0, 10);
    if (salt.day !== day) salt = { day, key: randomBytes(32) };
    return createHmac('sha256', salt.key).update(`${address}\n${userAgent}`).digest('base64url').slice(0, 16);
  };
}

/** A request handler that answers /r/ links and returns true, or returns false for every other path. */
export function clickRedirect(options: RedirectOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const hash = visitorHasher(options.now);
  return (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0]!;
    if (!pathname.startsWith('/r/')) return false;
    const link = parseClickPath(pathname);
    const urls = link ? options.pickUrlsOf(link.issue) : undefined;
    const target = link && link.pick !== DECOY_PICK ? urls?.[link.pick - 1] : undefined;
    const decoy = link?.pick === DECOY_PICK && urls !== undefined;
    if (!link || (!target && !decoy) || !validPickSignature(options.secret, link.issue, link.pick, link.signature)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('This link does not exist.\n');
      return true;
    }
    const userAgent = req.headers['user-agent'];
    options.observe?.({
      issue: link.issue,
      pick: link.pick,
      visitor: hash(options.clientAddress(req) ?? '', userAgent ?? ''),
      at: options.now(),
      automated: automatedRequest({ method: req.method ?? 'GET', userAgent, headers: req.headers }),
    });
    // The decoy goes nowhere in particular: the home page.
    res.writeHead(302, { Location: target ?? '/', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).end();
    return true;
  };
}
