/**
 * `npm run bench:clicks -- [--connections 50] [--duration 10]`: the click-counting redirect under load. Runs our
 * HTTP server (security headers, compression, request log, the /r/ handler, the filter and the recorder writing to
 * a fresh SQLite file every second) in this process over a made-up issue of 8 picks, and fires autocannon at it
 * from many client addresses and two user agents, then prints requests/s and the latency percentiles. /r/ never
 * reaches Astro, so no build is needed. Both ends share this process: the figures are an upper bound.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { clickService } from '../clicks/serve.ts';
import { pickClicks } from '../clicks/counts.db.ts';
import { pickSignature } from '../clicks/links.ts';
import { parseEnv } from '../config/env.ts';
import { openDatabase } from '../db/open.ts';
import { createHttpServer } from '../server/http.ts';
import type { Release } from '../server/release.fs.ts';

const USAGE = 'Usage: npm run bench:clicks -- [--connections 50] [--duration 10]\n';
const SECRET = 'bench-click-secret-0123456789abcdef0123456';
const PICKS = 8;

/** A manifest with one issue (7) of PICKS picks: all the redirect reads. */
function writeManifest(dir: string): void {
  const pickUrls = Array.from({ length: PICKS }, (_, i) => `https://articles.example/${i + 1}`);
  const entry = { number: 7, source: 'content/issues/007.md', date: '2026-11-30', status: 'published', subject: 'Bench', preheader: '', html: 'issue-7.html', text: 'issue-7.txt', webUrl: 'https://tips.example.com/issues/7/', pickUrls, placeholders: [], htmlBytes: 1, sendAt: '2026-11-30T14:00:00.000Z', stamp: 'a'.repeat(64) };
  const notice = (kind: string) => ({ subject: kind, preheader: '', html: `notice-${kind}.html`, text: `notice-${kind}.txt`, placeholders: [], htmlBytes: 1 });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: 1, site: 'https://tips.example.com', publication: 'Bench', contentHash: '0'.repeat(64), builtAt: new Date().toISOString(), issues: [entry], notices: { confirm: notice('confirm'), welcome: notice('welcome'), change: notice('change') } }));
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(3);
};

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { connections: { type: 'string', default: '50' }, duration: { type: 'string', default: '10' }, help: { type: 'boolean' } } });
  if (values.help) return void process.stdout.write(USAGE), 0;
  const dir = mkdtempSync(join(tmpdir(), 'totw-bench-clicks-'));
  const env = parseEnv({ CLICK_COUNTS: '1', TRUST_PROXY: '1', DATABASE_URL: `file:${join(dir, 'tips.db')}` });
  writeManifest(join(dir, 'email'));
  const db = await openDatabase(env.DATABASE_URL);
  const clicks = clickService({ env, secret: SECRET, emailDir: () => join(dir, 'email'), db: Promise.resolve(db), log: (line) => process.stderr.write(`${line}\n`) });
  let logged = 0;
  /** Time inside the /r/ handler itself (parse, verify, filter, 302), apart from the machine's queueing. */
  const handlerMs: number[] = [];
  const handle: typeof clicks.handle = (req, res) => {
    const started = performance.now();
    const handled = clicks.handle(req, res);
    handlerMs.push(performance.now() - started);
    return handled;
  };
  const server = createHttpServer({
    siteUrl: 'https://tips.example.com',
    health: { check: async () => ({ ok: true, body: {} }) },
    release: () => ({ serve: () => undefined }) as unknown as Release,
    locals: async () => ({}),
    log: () => void logged++,
    limits: { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, maxConnections: 10_000 },
    clicks: handle,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const agents = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Mozilla/5.0 (compatible; Proofpoint URL Defense)'];
  let n = 0;
  try {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: Number(values.connections),
      duration: Number(values.duration),
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => {
            const pick = 1 + (n % PICKS);
            const i = n++;
            return { ...request, path: `/r/7/${pick}/${pickSignature(SECRET, 7, pick)}`, headers: { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 'user-agent': agents[i % 7 === 0 ? 1 : 0]! } };
          },
        },
      ],
    });
    await clicks.stop();
    const counts = await pickClicks(db, 7);
    const counted = counts.picks.reduce((sum, p) => sum + p.clicks, 0) + counts.automated;
    const non302 = result.non2xx - result['3xx'];
    process.stdout.write(
      `Click redirect, ${values.connections} connections for ${values.duration} s (${new Date().toISOString().slice(0, 10)}):\n` +
        `  ${Math.round(result.requests.average)} redirects/s; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms\n` +
        `  inside the handler: p50 ${percentile(handlerMs, 0.5)} ms, p99 ${percentile(handlerMs, 0.99)} ms\n` +
        `  answered ${result.requests.total}; errors ${result.errors}, timeouts ${result.timeouts}, other than 302: ${non302}\n` +
        `  counted ${counted} (people ${counted - counts.automated}, automated ${counts.automated}); request log lines ${logged}\n`,
    );
    return result.errors === 0 && non302 === 0 ? 0 : 1;
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
