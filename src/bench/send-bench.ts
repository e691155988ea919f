/**
 * `npm run bench:send -- --subscribers 10000 [--connections 5]`: seeds a temporary
 * database, starts a local SMTP sink, sends the newest built issue with the real send
 * command in a child process, and prints messages per second and the sender's peak memory.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readEmailBuild } from '../email/build-output.fs.ts';
import { openDatabase } from '../db/open.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import { projectRoot } from '../testing/build-site.fs.ts';
import { startSmtpSink } from '../testing/smtp-sink.fs.ts';

const RSS_MARK = '__PEAK_RSS_KIB=';

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { subscribers: { type: 'string', default: '10000' }, connections: { type: 'string', default: '5' } } });
  const count = Number(values.subscribers);
  if (!Number.isInteger(count) || count < 1) {
    process.stderr.write('Usage: npm run bench:send -- --subscribers 10000 [--connections 5]\n');
    return 2;
  }
  try {
    readEmailBuild(projectRoot);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  const dir = mkdtempSync(join(tmpdir(), 'totw-bench-send-'));
  const database = `file:${join(dir, 'tips.db')}`;
  const db = await openDatabase(database);
  const store = createSubscriberStore(db, { suppressionKey: 'benchmark-suppression-key-0123456789abcdef0123' });
  for (let start = 0; start < count; start += 10_000) {
    const rows = Array.from({ length: Math.min(10_000, count - start) }, (_, i) => ({ email: `bench${start + i}@example.com`, firstName: `Reader${start + i}` }));
    await store.importConfirmed(rows, 'benchmark', new Date());
  }
  await db.close();
  const sink = await startSmtpSink({ countOnly: true });
  process.stdout.write(`Seeded ${count} confirmed subscribers; sending the latest issue through a local SMTP sink with ${values.connections} connections…\n`);
  const probe = `data:text/javascript,process.on('exit',()=>process.stderr.write('${RSS_MARK}'+process.resourceUsage().maxRSS+'\\n'))`;
  const started = performance.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', probe, join(projectRoot, 'scripts/send.ts'), '--issue', 'latest', '--yes', '--force', '--connections', values.connections], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: database, SMTP_URL: sink.url, SUBSCRIPTION_SECRET: 'benchmark-secret-0123456789abcdef0123', SUPPRESSION_KEY: 'benchmark-suppression-key-0123456789abcdef0123' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
  const seconds = (performance.now() - started) / 1000;
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
  const rss = Number(new RegExp(`${RSS_MARK}(\\d+)`).exec(output)?.[1] ?? 0) / 1024;
  const summary = /Issue #\d+: .*/.exec(output)?.[0] ?? output;
  process.stdout.write(`${summary}\n`);
  process.stdout.write(`\n| subscribers | accepted by SMTP | wall time (incl. start-up) | messages/s | sender peak RSS |\n|---:|---:|---:|---:|---:|\n`);
  process.stdout.write(`| ${count} | ${sink.received()} | ${seconds.toFixed(1)} s | ${(sink.received() / seconds).toFixed(0)} | ${rss.toFixed(0)} MiB |\n`);
  return sink.received() === count ? 0 : 1;
}
