/**
 * `npm run bench:send -- --subscribers 10000 [--connections 5] [--database sqlite|postgres]
 * [--senders N] [--rounds 3] [--no-bare] [--bare-like-send] [--bare-framed]`: starts a local SMTP sink and, in rounds, sends the
 * newest built issue with the real send command, started as `npm run send` starts it (N child
 * processes at once on one database)
 * and the same messages through a bare nodemailer pool, alternating: bare, send, bare, send, …,
 * bare. A single comparison is mostly noise (the bare pool alone varies 10-20 % between
 * back-to-back runs), so each round's ratio is its sender throughput over the mean of the bare
 * runs just before and after it, and the result is the median of the rounds' ratios (see
 * rounds.ts). Every round sends to a fresh database (a SQLite file, or a database on one
 * throwaway PostgreSQL cluster) seeded with the same subscribers, so each starts from the
 * state a single run did. Prints a line per round, then a table row: median messages/s and
 * ratio, duplicates summed over the rounds (must be 0), and the largest sender peak memory.
 * Throughput is measured at the sink, first message to last, so process start-up does not
 * count for either side.
 *
 * `--ledger-rows 1000000` instead measures the ledger alone at that size (see ledger-scale.ts;
 * no rounds).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readEmailBuild } from '../email/contract/build-output.fs.ts';
import { openDatabase } from '../db/open.ts';
import { projectRoot } from '../testing/build-site.fs.ts';
import { startPostgresCluster, type PostgresCluster } from '../testing/postgres.fs.ts';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink.fs.ts';
import { ledgerScale } from './ledger-scale.ts';
import { cpuPerMessage, roundLine, roundsTable, type SendRound } from './rounds.ts';
import { packageScripts } from './package-scripts.fs.ts';
import { scriptCommand } from './script-command.ts';
import { seedSubscribers } from './seed.ts';

const RSS_MARK = '__PEAK_RSS_KIB=';
const CPU_MARK = '__CPU_US=';
const USAGE =
  'Usage: npm run bench:send -- --subscribers 10000 [--connections 5] [--database sqlite|postgres] [--senders 1] [--rounds 3] [--no-bare] [--bare-like-send] [--bare-framed]\n' +
  '       npm run bench:send -- --ledger-rows 1000000 [--database sqlite|postgres]\n';

interface ChildResult {
  output: string;
  rssMiB: number;
  /** User and system CPU time of the whole process, start-up included: the steadier figure on a shared machine. */
  cpuSeconds: number;
}

function runChild(args: string[], env: Record<string, string>): Promise<ChildResult> {
  const probe = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('${RSS_MARK}'+u.maxRSS+' ${CPU_MARK}'+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', probe, ...args], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    child.on('error', reject);
    const mark = (name: string) => Number(new RegExp(`${name}(\\d+)`).exec(text)?.[1] ?? 0);
    child.on('close', () => resolve({ output: text, rssMiB: mark(RSS_MARK) / 1024, cpuSeconds: mark(CPU_MARK) / 1e6 }));
  });
}

const throughput = (sink: SmtpSink) => {
  const span = sink.span();
  return span && span.last > span.first ? (sink.received() - 1) / ((span.last - span.first) / 1000) : 0;
};

const OPTIONS = {
  subscribers: { type: 'string', default: '10000' },
  connections: { type: 'string', default: '5' },
  database: { type: 'string', default: 'sqlite' },
  senders: { type: 'string', default: '1' },
  rounds: { type: 'string', default: '3' },
  'no-bare': { type: 'boolean', default: false },
  /** Start the bare pool with the send command's Node options (its heap limits) instead of Node's defaults. */
  'bare-like-send': { type: 'boolean', default: false },
  /** Hand the bare pool the same ready MIME the sender sends (message-frame.ts) instead of letting nodemailer compose each copy. */
  'bare-framed': { type: 'boolean', default: false },
  'ledger-rows': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const count = Number(values.subscribers);
  const senders = Number(values.senders);
  const roundCount = Number(values.rounds);
  const engine = values.database;
  const positive = (n: number) => Number.isInteger(n) && n >= 1;
  if (!positive(count) || !positive(senders) || !positive(roundCount) || (engine !== 'sqlite' && engine !== 'postgres')) {
    process.stderr.write(USAGE);
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'totw-bench-send-'));
  let cluster: PostgresCluster | undefined;
  try {
    // fsync on: the figures are for a server that keeps what it acknowledges.
    if (engine === 'postgres') cluster = await startPostgresCluster({ durable: true });
    const onCluster = async (sql: string) => {
      const admin = await import('pg');
      const client = new admin.default.Client({ connectionString: cluster!.url });
      await client.connect();
      await client.query(sql);
      await client.end();
    };
    /** DATABASE_URL of a new, empty database called `name`. */
    const newDatabase = async (name: string): Promise<string> => {
      if (!cluster) return `file:${join(dir, `${name}.db`)}`;
      await onCluster(`CREATE DATABASE ${name}`);
      return cluster.url.replace(/\/postgres$/, `/${name}`);
    };
    /** A finished round's database goes, so no cleanup of it (autovacuum) runs during the next one. */
    const dropDatabase = async (name: string) => {
      if (cluster) await onCluster(`DROP DATABASE ${name} WITH (FORCE)`);
      else for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `${name}.db${suffix}`), { force: true });
    };
    if (values['ledger-rows']) {
      await ledgerScale(await newDatabase('tips'), Number(values['ledger-rows']), (line) => process.stdout.write(line));
      return 0;
    }
    try {
      readEmailBuild(projectRoot);
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 1;
    }
    const send = scriptCommand(packageScripts(projectRoot), 'send');
    // One seeding time for every round: the rounds' subscribers are identical, ids included.
    const seededAt = new Date();
    const roundDatabase = (round: number) => `tips_${round}`;
    const seededDatabase = async (round: number) => {
      const url = await newDatabase(roundDatabase(round));
      const db = await openDatabase(url);
      await seedSubscribers(db, count, seededAt);
      await db.close();
      return url;
    };

    // The machine may be shared and drifts anyway: bare runs between the rounds, each round compared with its neighbours.
    const bareRuns: number[] = [];
    const bareCpu: string[] = [];
    const measureBare = async () => {
      if (values['no-bare']) return;
      const bareSink = await startSmtpSink({ countOnly: true });
      const bareOptions = values['bare-like-send'] ? send.nodeOptions : [];
      const bare = await runChild([...bareOptions, join(projectRoot, 'src/bench/bare-pool.ts'), bareSink.url, String(count), values.connections, values['bare-framed'] ? 'framed' : 'composed'], {});
      bareRuns.push(throughput(bareSink));
      bareCpu.push(cpuPerMessage(bare.cpuSeconds, bareSink.received()));
      await bareSink.close();
    };
    /** One round's senders, and each one's summary line ("Issue #6: …", or its whole output when it has none). */
    const sendRound = async (database: string): Promise<SendRound & { summaries: string[] }> => {
      const sink = await startSmtpSink({ countOnly: true });
      const started = performance.now();
      const results = await Promise.all(
        Array.from({ length: senders }, () =>
          runChild([...send.nodeOptions, join(projectRoot, send.script), '--issue', 'latest', '--yes', '--force', '--connections', values.connections], {
            DATABASE_URL: database,
            SMTP_URL: sink.url,
            SUBSCRIPTION_SECRET: 'benchmark-secret-0123456789abcdef0123',
            SUPPRESSION_KEY: 'benchmark-suppression-key-0123456789abcdef0123',
          }),
        ),
      );
      const round = {
        sent: sink.received(),
        rate: throughput(sink),
        duplicates: [...sink.perRecipient().values()].filter((n) => n > 1).length,
        wallSeconds: (performance.now() - started) / 1000,
        rssMiB: results.map((r) => r.rssMiB),
        cpuSeconds: results.reduce((sum, r) => sum + r.cpuSeconds, 0),
        summaries: results.map((r) => /Issue #\d+: .*/.exec(r.output)?.[0] ?? r.output),
      };
      await sink.close();
      return round;
    };

    process.stdout.write(
      `${count} confirmed subscribers on ${engine}, a fresh database each round; ${senders} sender(s) with ${values.connections} connections each (started as \`npm run send\` starts it: node ${[...send.nodeOptions, send.script].join(' ')}), through a local SMTP sink; ` +
        (values['no-bare'] ? `${roundCount} round(s), no bare pool.\n` : `${roundCount} round(s), alternating with a bare nodemailer pool (bare, send, bare, …, bare) started with ${values['bare-like-send'] ? "the send command's Node options" : "Node's default options"}, ${values['bare-framed'] ? 'sending the same ready MIME as the sender' : 'nodemailer composing each copy'}.\n`),
    );
    const rounds: SendRound[] = [];
    let database = await seededDatabase(1);
    await measureBare();
    for (let k = 1; k <= roundCount; k++) {
      const { summaries, ...round } = await sendRound(database);
      rounds.push(round);
      await dropDatabase(roundDatabase(k));
      // Seeded before the bare run, as for the first round: a sender never starts right after a seed.
      if (k < roundCount) database = await seededDatabase(k + 1);
      await measureBare();
      for (const line of summaries) process.stdout.write(`${line}\n`);
      process.stdout.write(roundLine(round, k - 1, roundCount, bareRuns));
    }
    if (bareRuns.length > 0) process.stdout.write(`Bare nodemailer pool, every run: ${bareRuns.map((r) => r.toFixed(0)).join(', ')} messages/s; CPU ${bareCpu.join(', ')} a message\n`);
    process.stdout.write(`\n${roundsTable({ database: engine, subscribers: count, senders }, rounds, bareRuns)}`);
    const duplicates = rounds.reduce((sum, r) => sum + r.duplicates, 0);
    return rounds.every((r) => r.sent === count) && duplicates === 0 ? 0 : 1;
  } finally {
    cluster?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
