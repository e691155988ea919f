/**
 * `npm run bench:subscribe -- [--connections 32] [--duration 10] [--profile dir]`: starts the
 * built server (scripts/serve.ts, a temporary SQLite file, rate limit off) and a local SMTP
 * sink, posts new sign-ups (one unique address each) at a fixed concurrency with autocannon,
 * waits for the outbox to drain, and prints sign-ups/s, latency, errors, and whether every
 * pending subscriber got exactly one confirmation. Uses the current build; builds nothing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../db/open.ts';
import { startAppServer } from '../testing/app-server.fs.ts';
import { projectRoot } from '../testing/build-site.fs.ts';
import { startSmtpSink } from '../testing/smtp-sink.fs.ts';

const USAGE = 'Usage: npm run bench:subscribe -- [--connections 32] [--duration 10] [--profile <folder for a .cpuprofile of the server>]\n';

export interface SignupFigures {
  signupsPerSecond: number;
  p50: number;
  p99: number;
  accepted: number;
  non2xx: number;
  errors: number;
  delivered: number;
  pending: number;
  sentRows: number;
  drainSeconds: number;
}

/** The figures as a Markdown table row, for docs/benchmarks.md. Pure. */
export function figuresTable(f: SignupFigures, connections: number, duration: number): string {
  return (
    '| connections × s | sign-ups/s | p50 | p99 | non-2xx / errors | pending subscribers | confirmations at the sink | outbox drained after |\n' +
    '|---|---:|---:|---:|---:|---:|---:|---:|\n' +
    `| ${connections} × ${duration} | ${f.signupsPerSecond.toFixed(0)} | ${f.p50} ms | ${f.p99} ms | ${f.non2xx} / ${f.errors} | ${f.pending} | ${f.delivered} | ${f.drainSeconds.toFixed(1)} s |\n`
  );
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { connections: { type: 'string', default: '32' }, duration: { type: 'string', default: '10' }, profile: { type: 'string' } } });
  const connections = Number(values.connections);
  const duration = Number(values.duration);
  if (!Number.isInteger(connections) || connections < 1 || !Number.isInteger(duration) || duration < 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  for (const file of ['dist/server/entry.mjs', 'build/email/manifest.json']) {
    if (!existsSync(join(projectRoot, file))) {
      process.stderr.write(`No build to measure (${file} is missing): run \`npm run build\` first; the benchmark uses the current build.\n`);
      return 1;
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'totw-bench-subscribe-'));
  const database = `file:${join(dir, 'tips.db')}`;
  const sink = await startSmtpSink({ countOnly: true });
  const profileDir = values.profile ? resolve(values.profile) : undefined;
  const app = await startAppServer(projectRoot, {
    DATABASE_URL: database,
    SMTP_URL: sink.url,
    SUBSCRIPTION_SECRET: 'benchmark-secret-0123456789abcdef0123',
    SUBSCRIBE_RATE_LIMIT: '0',
    ...(profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}),
  });
  try {
    const run = Date.now().toString(36);
    let n = 0;
    process.stdout.write(`Posting new sign-ups to ${app.url}/subscribe/ with ${connections} connections for ${duration} s (machine shared: figures vary with its load)…\n`);
    const result = await autocannon({
      url: app.url,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          path: '/subscribe/',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url },
          setupRequest: (request) => ({ ...request, body: `email=bench-${run}-${n++}%40example.com&form=bench` }),
        },
      ],
    });
    const drainStarted = performance.now();
    const db = await openDatabase(database);
    try {
      for (;;) {
        const row = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM mail_outbox WHERE status IN ('queued', 'sending')");
        if (Number(row?.n) === 0) break;
        if (performance.now() - drainStarted > 300_000) throw new Error('The outbox did not drain within 5 minutes.');
        await new Promise((r) => setTimeout(r, 100));
      }
      const drainSeconds = (performance.now() - drainStarted) / 1000;
      const pending = Number((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM subscribers WHERE status = 'pending'"))?.n);
      const sent = await db.get<{ rows: number; subscribers: number }>("SELECT COUNT(*) AS rows, COUNT(DISTINCT subscriber_id) AS subscribers FROM mail_outbox WHERE status = 'sent'");
      const accepted = result['2xx'];
      const figures: SignupFigures = {
        signupsPerSecond: accepted / duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
        accepted,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        delivered: sink.received(),
        pending,
        sentRows: Number(sent?.rows),
        drainSeconds,
      };
      process.stdout.write(`\n${figuresTable(figures, connections, duration)}`);
      // Requests still in flight when autocannon stops are stored but not counted as answered: at most one per connection.
      const exactlyOnce = figures.delivered === pending && figures.sentRows === pending && Number(sent?.subscribers) === pending && pending >= accepted && pending <= accepted + connections;
      process.stdout.write(
        exactlyOnce
          ? `\nEvery one of the ${pending} stored sign-ups (${accepted} answered in time, the rest in flight at the end) is a pending subscriber with exactly one confirmation delivered.\n`
          : `\nMISMATCH: ${accepted} accepted, ${pending} pending subscribers, ${figures.sentRows} outbox rows sent for ${sent?.subscribers} subscribers, ${figures.delivered} messages at the sink.\n`,
      );
      return exactlyOnce && figures.non2xx === 0 && figures.errors === 0 ? 0 : 1;
    } finally {
      await db.close();
    }
  } finally {
    await app.stop();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
    if (profileDir) process.stdout.write(`Server CPU profile in ${profileDir}/ (open it in Chrome DevTools > Performance).\n`);
  }
}
