/**
 * `npm run bench:serve -- [--tips 1000] [--rounds 5] [--baseline <checkout>]`: builds a synthetic publication
 * once, then starts the built server as `npm run serve` does (scripts/serve.ts with the Node options of the
 * "serve" script, a fresh SQLite file each time) `rounds` times and
 * prints how long it took until GET / answered and until /healthz answered 200, with the medians.
 * `--baseline` also builds another checkout's code (with this one's node_modules) on the same content and
 * alternates its rounds with this one's, so both see the same machine load.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../testing/app-server.fs.ts';
import { linkPackages, runAstroBuild } from '../testing/build-site.fs.ts';
import { syntheticPublication } from '../testing/synthetic.ts';
import { median } from './rounds.ts';
import { packageScripts } from './package-scripts.fs.ts';
import { scriptCommand } from './script-command.ts';

function stage(project: string, tips: number): string {
  const root = mkdtempSync(join(tmpdir(), 'totw-bench-serve-'));
  for (const item of ['src', 'public', 'scripts', 'astro.config.mjs', 'tsconfig.json', 'package.json']) cpSync(join(project, item), join(root, item), { recursive: true });
  rmSync(join(root, 'src/testing/fixtures'), { recursive: true, force: true });
  for (const [path, text] of syntheticPublication({ tips, issues: Math.max(3, Math.floor(tips / 5)), authors: 20 })) {
    mkdirSync(dirname(join(root, 'content', path)), { recursive: true });
    writeFileSync(join(root, 'content', path), text);
  }
  linkPackages(root);
  return root;
}

/** Milliseconds from spawning the server until GET / answers, and until /healthz answers 200. */
async function startOnce(root: string, serve: ReturnType<typeof scriptCommand>, round: number): Promise<{ page: number; healthy: number }> {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'totw-bench-serve-data-'));
  const started = performance.now();
  const child = spawn(process.execPath, [...serve.nodeOptions, serve.script], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), SITE_URL: `http://127.0.0.1:${port}`, DATABASE_URL: `file:${join(data, `round-${round}.db`)}`, OUTBOX_DIR: join(data, 'outbox'), SUBSCRIPTION_SECRET: 's'.repeat(40), SUPPRESSION_KEY: 'k'.repeat(40) },
    stdio: 'ignore',
  });
  const until = async (path: string, ok: (status: number) => boolean) => {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
      const status = await fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.status, () => 0);
      if (ok(status)) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  try {
    const page = await until('/', (status) => status === 200);
    return { page, healthy: await until('/healthz', (status) => status === 200) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(data, { recursive: true, force: true });
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { tips: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '5' }, baseline: { type: 'string' } } });
  const tips = Number(values.tips);
  const rounds = Number(values.rounds);
  if (!(Number.isInteger(tips) && tips > 0 && Number.isInteger(rounds) && rounds > 0)) {
    process.stderr.write('Usage: npm run bench:serve -- [--tips 1000] [--rounds 5] [--baseline <checkout>]\n');
    return 2;
  }
  const projects = [resolve(import.meta.dirname, '../..'), ...(values.baseline ? [resolve(values.baseline)] : [])];
  const roots: string[] = [];
  for (const project of projects) {
    const root = stage(project, tips);
    const build = await runAstroBuild(root);
    if (build.exitCode !== 0) throw new Error(`the build of ${project} failed:\n${build.output}`);
    process.stdout.write(`Built ${tips} tips with ${project} in ${(build.millis / 1000).toFixed(1)} s.\n`);
    roots.push(root);
  }
  const times: { page: number; healthy: number }[][] = projects.map(() => []);
  // Each server as `npm run serve` starts it in its own checkout (its Node options: the compile cache, where it has one).
  const serves = roots.map((root) => scriptCommand(packageScripts(root), 'serve'));
  for (let round = 1; round <= rounds; round++) {
    for (const [i, root] of [...roots.entries()].reverse()) {
      const t = await startOnce(root, serves[i]!, round);
      times[i]!.push(t);
      process.stdout.write(`round ${round}, ${projects[i]}: GET / after ${t.page.toFixed(0)} ms, /healthz 200 after ${t.healthy.toFixed(0)} ms\n`);
    }
  }
  for (const [i, project] of projects.entries()) {
    process.stdout.write(`median of ${rounds}, ${project}: GET / after ${median(times[i]!.map((t) => t.page))!.toFixed(0)} ms, /healthz 200 after ${median(times[i]!.map((t) => t.healthy))!.toFixed(0)} ms\n`);
  }
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  return 0;
}
