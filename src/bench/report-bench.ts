/**
 * `npm run bench:report -- [--subscribers 100000] [--issues 52] [--database sqlite|postgres|both] [--rounds 3]`:
 * seeds a publication (readers signing up over the weeks, one send a week with its whole ledger, bounces,
 * complaints; src/reports/seed-publication.db.ts) and times `npm run report -- --html` on it in-process:
 * reading the database, drawing the page, writing the file. Prints a line per round, then the medians of
 * the wall time and of this process's CPU time (on SQLite all the work; on PostgreSQL the server's is apart).
 * The budget is 1 s at 100,000 subscribers and 52 issues on either engine.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open.ts';
import { main as report } from '../reports/cli.ts';
import { seedPublication } from '../reports/seed-publication.db.ts';
import { startPostgresCluster, type PostgresCluster } from '../testing/postgres.fs.ts';
import { postmasterPid, treeCpuMs } from './process-cpu.fs.ts';

export const USAGE = 'Usage: npm run bench:report -- [--subscribers 100000] [--issues 52] [--database sqlite|postgres|both] [--rounds 3]\n';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function main(argv: string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { subscribers: { type: 'string', default: '100000' }, issues: { type: 'string', default: '52' }, database: { type: 'string', default: 'both' }, rounds: { type: 'string', default: '3' }, help: { type: 'boolean' } } });
  const subscribers = Number(values.subscribers);
  const issues = Number(values.issues);
  const rounds = Number(values.rounds);
  const engines = values.database === 'both' ? ['sqlite', 'postgres'] : [values.database];
  if (values.help || !(subscribers > 0 && issues > 0 && rounds > 0) || engines.some((e) => e !== 'sqlite' && e !== 'postgres')) {
    (values.help ? out : (t: string) => process.stderr.write(t))(USAGE);
    return values.help ? 0 : 2;
  }
  for (const engine of engines) await benchEngine(engine as 'sqlite' | 'postgres', { subscribers, issues, rounds }, out);
  return 0;
}

async function benchEngine(engine: 'sqlite' | 'postgres', size: { subscribers: number; issues: number; rounds: number }, out: (text: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'totw-bench-report-'));
  let cluster: PostgresCluster | undefined;
  try {
    if (engine === 'postgres') cluster = await startPostgresCluster({ durable: true });
    const url = cluster ? cluster.url : `file:${join(dir, 'tips.db')}`;
    const db = await openDatabase(url);
    let t = performance.now();
    const start = new Date(Date.UTC(2025, 11, 1) - (size.issues - 52) * 7 * 86_400_000);
    await seedPublication(db, { subscribers: size.subscribers, issues: size.issues, start, unfinished: { pending: 5, uncertain: 3 } });
    const rows = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM deliveries');
    // A PostgreSQL database in use has planner statistics and a visibility map (autovacuum vacuums and analyzes
    // after bulk inserts; the ledger analyzes after planning); a fresh seed has neither until autovacuum's next
    // pass, so do that pass now rather than time a plan no database in use would get.
    if (engine === 'postgres') await db.exec('VACUUM ANALYZE');
    await db.close();
    out(`${engine}: seeded ${size.subscribers.toLocaleString('en-US')} subscribers, ${size.issues} issues, ${Number(rows?.n).toLocaleString('en-US')} ledger rows in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    const file = join(dir, 'report.html');
    const times: number[] = [];
    const cpu: number[] = [];
    const serverCpu = () => (cluster ? treeCpuMs(postmasterPid(cluster.dataDir)) : 0);
    const server: number[] = [];
    for (let round = 1; round <= size.rounds; round++) {
      const c = process.cpuUsage();
      const s = serverCpu();
      t = performance.now();
      await report(['--html', file], { DATABASE_URL: url }, { out: () => {} });
      times.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      server.push(serverCpu() - s);
      const serverText = cluster ? `, ${server.at(-1)!.toFixed(0)} ms CPU in the PostgreSQL server` : '';
      out(`  round ${round}: ${times.at(-1)!.toFixed(0)} ms wall, ${cpu.at(-1)!.toFixed(0)} ms CPU in this process${serverText} (${(statSync(file).size / 1024).toFixed(0)} KiB page)\n`);
    }
    // On a shared machine the wall time includes waiting for a core; the CPU times are the work itself.
    const serverMedian = cluster ? `, ${median(server).toFixed(0)} ms CPU in the server` : '';
    out(`${engine}: report --html median ${median(times).toFixed(0)} ms wall, ${median(cpu).toFixed(0)} ms CPU in this process${serverMedian}, over ${size.rounds} round(s) (budget 1000 ms)\n`);
  } finally {
    cluster?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
