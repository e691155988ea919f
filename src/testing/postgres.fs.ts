/**
 * A throwaway PostgreSQL cluster from Debian's `postgresql` package, for tests and the send
 * benchmark: initdb + pg_ctl as the `postgres` user in a temp dir, on a free loopback port,
 * password (scram) auth with a generated password, removed by `destroy`. PostgreSQL refuses
 * to run as root, hence `runuser` when we are root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './app-server.fs.ts';

export interface PostgresCluster {
  /** Superuser URL of the `postgres` database: postgres://postgres:<password>@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  password: string;
  dataDir: string;
  /** Stops the server at once (like a crash or a lost connection); `start` brings it back. */
  stopNow: () => void;
  start: () => void;
  /** Stops the server and deletes the cluster; safe to call twice. */
  destroy: () => void;
}

export interface ClusterOptions {
  /** Keep fsync on (benchmarks measuring a real server); tests turn it off for speed, never synchronous_commit. */
  durable?: boolean;
}

/** The newest PostgreSQL bin directory installed, or undefined when there is none. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

const asRoot = userInfo().uid === 0;

function asPostgres(bin: string, args: string[], cwd: string): void {
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(command as string, argv as string[], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`);
}

export async function startPostgresCluster({ durable = false }: ClusterOptions = {}): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'totw-pg-'));
  const dataDir = join(dir, 'data');
  const password = randomBytes(12).toString('hex');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  const port = await freePort();
  asPostgres(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-sync', '--no-instructions'], dir);
  rmSync(pwfile);
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c max_connections=300',
    '-c shared_buffers=64MB',
    // Without fsync a crash of the machine could lose data, but not a crash of the server (the
    // tests stop it with -m immediate): commits still reach the OS before they are acknowledged.
    ...(durable ? [] : ['-c fsync=off', '-c full_page_writes=off']),
  ].join(' ');
  const start = () => asPostgres(join(bin, 'pg_ctl'), ['-D', dataDir, '-o', settings, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'], dir);
  const stop = (mode: 'fast' | 'immediate') => {
    if (existsSync(join(dataDir, 'postmaster.pid'))) asPostgres(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', mode, '-w', 'stop'], dir);
  };
  start();
  let destroyed = false;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    password,
    dataDir,
    stopNow: () => stop('immediate'),
    start,
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
      try {
        stop('immediate');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
