/**
 * `npm run bench:send -- --subscribers 10000 [--connections 5] [--database sqlite|postgres]
 * [--senders N] [--no-bare]`: seeds a temporary database (a SQLite file, or a throwaway
 * PostgreSQL cluster), starts a local SMTP sink, sends the newest built issue with the real
 * send command in N child processes at once, sends the same messages through a bare
 * nodemailer pool before and after it (the mean, as the machine may be busy), and prints
 * messages per second, each sender's peak memory, duplicates and the ratio to the bare pool. Throughput is measured at the sink,
 * first message to last, so process start-up does not count for either side.
 *
 * `--ledger-rows 1000000` instead measures the ledger alone at that size (see ledger-scale.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readEmailBuild } from '../email/build-output.fs.ts';
import { openDatabase } from '../db/open.ts';
import { projectRoot } from '../testing/build-site.fs.ts';
import { startPostgresCluster, type PostgresCluster } from '../testing/postgres.fs.ts';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink.fs.ts';
import { ledgerScale } from './ledger-scale.ts';
import { seedSubscribers } from './seed.ts';

const RSS_MARK = '__PEAK_RSS_KIB=';
const USAGE = 'Usage: npm run bench:send -- --subscribers 10000 [--connections 5] [--database sqlite|postgres] [--senders 1] [--no-bare] | --ledger-rows 1000000 [--database …]\n';

interface ChildResult {
  output: string;
  rssMiB: number;
}

function runChild(args: string[], env: Record<string, string>): Promise<ChildResult> {
  const probe = `data:text/javascript,process.on('exit',()=>process.stderr.write('${RSS_MARK}'+process.resourceUsage().maxRSS+'\\n'))`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', probe, ...args], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    child.on('error', reject);
    child.on('close', () => resolve({ output: text, rssMiB: Number(new RegExp(`${RSS_MARK}(\\d+)`).exec(text)?.[1] ?? 0) / 1024 }));
  });
}

const throughput = (sink: SmtpSink) => {
  const span = sink.span();
  return span && span.last > span.first ? (sink.received() - 1) / ((span.last - span.first) / 1000) : 0;
};

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      subscribers: { type: 'string', default: '10000' },
      connections: { type: 'string', default: '5' },
      database: { type: 'string', default: 'sqlite' },
      senders: { type: 'string', default: '1' },
      'no-bare': { type: 'boolean', default: false },
      'ledger-rows': { type: 'string' },
    },
  });
  const count = Number(values.subscribers);
  const senders = Number(values.senders);
  const engine = values.database;
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(senders) || senders < 1 || (engine !== 'sqlite' && engine !== 'postgres')) {
    process.stderr.write(USAGE);
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'totw-bench-send-'));
  let cluster: PostgresCluster | undefined;
  try {
    let database = `file:${join(dir, 'tips.db')}`;
    if (engine === 'postgres') {
      // fsync on: the figures are for a server that keeps what it acknowledges.
      cluster = await startPostgresCluster({ durable: true });
      const admin = await import('pg');
      const client = new admin.default.Client({ connectionString: cluster.url });
      await client.connect();
      await client.query('CREATE DATABASE tips');
      await client.end();
      database = cluster.url.replace(/\/postgres$/, '/tips');
    }
    if (values['ledger-rows']) {
      await ledgerScale(database, Number(values['ledger-rows']), (line) => process.stdout.write(line));
      return 0;
    }
    try {
      readEmailBuild(projectRoot);
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 1;
    }
    const db = await openDatabase(database);
    await seedSubscribers(db, count);
    await db.close();

    // The machine may be shared: measure the bare pool before and after the send and average.
    const bareRuns: number[] = [];
    const measureBare = async () => {
      if (values['no-bare']) return;
      const bareSink = await startSmtpSink({ countOnly: true });
      await runChild([join(projectRoot, 'src/bench/bare-pool.ts'), bareSink.url, String(count), values.connections], {});
      bareRuns.push(throughput(bareSink));
      await bareSink.close();
    };
    await measureBare();
    const sink = await startSmtpSink({ countOnly: true });
    process.stdout.write(`Seeded ${count} confirmed subscribers on ${engine}; ${senders} sender(s) with ${values.connections} connections each, through a local SMTP sink…\n`);
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: senders }, () =>
        runChild([join(projectRoot, 'scripts/send.ts'), '--issue', 'latest', '--yes', '--force', '--connections', values.connections], {
          DATABASE_URL: database,
          SMTP_URL: sink.url,
          SUBSCRIPTION_SECRET: 'benchmark-secret-0123456789abcdef0123',
          SUPPRESSION_KEY: 'benchmark-suppression-key-0123456789abcdef0123',
        }),
      ),
    );
    const wall = (performance.now() - started) / 1000;
    const sent = sink.received();
    const rate = throughput(sink);
    const duplicates = [...sink.perRecipient().values()].filter((n) => n > 1).length;
    await sink.close();
    for (const r of results) process.stdout.write(`${/Issue #\d+: .*/.exec(r.output)?.[0] ?? r.output}\n`);

    await measureBare();
    const bare = bareRuns.length > 0 ? bareRuns.reduce((a, b) => a + b, 0) / bareRuns.length : undefined;
    if (bare !== undefined) process.stdout.write(`Bare nodemailer pool: ${bareRuns.map((r) => r.toFixed(0)).join(' and ')} messages/s (before and after the send)\n`);
    process.stdout.write(
      `\n| database | subscribers | senders | accepted by SMTP | duplicates | wall time (incl. start-up) | messages/s (at the sink) | bare nodemailer pool | ratio | each sender's peak RSS |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n`,
    );
    process.stdout.write(
      `| ${engine} | ${count} | ${senders} | ${sent} | ${duplicates} | ${wall.toFixed(1)} s | ${rate.toFixed(0)} | ${bare === undefined ? '–' : bare.toFixed(0)} | ${bare ? `${(rate / bare).toFixed(2)}x` : '–'} | ${results.map((r) => `${r.rssMiB.toFixed(0)} MiB`).join(', ')} |\n`,
    );
    return sent === count && duplicates === 0 ? 0 : 1;
  } finally {
    cluster?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
