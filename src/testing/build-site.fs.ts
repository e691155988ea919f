/**
 * Builds the real site from a given content folder in a temporary copy of the project,
 * for tests and benchmarks. node_modules is linked, not copied.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RSS_MARK = '__PEAK_RSS_KIB=';
const peakRss = (output: string) => {
  const match = new RegExp(`${RSS_MARK}(\\d+)`).exec(output);
  return match ? Number(match[1]) / 1024 : undefined;
};

export const projectRoot = resolve(import.meta.dirname, '../..');

export interface SiteBuild {
  root: string;
  dist: string;
  exitCode: number;
  output: string;
  /** Wall time of `astro build` in milliseconds. */
  millis: number;
  /** Peak resident memory of the build's Node process (worker threads included), in MiB. */
  peakRssMiB: number | undefined;
  /** Every output line with the milliseconds since the build started when it arrived, for per-phase timings. */
  timeline: { at: number; line: string }[];
  cleanup: () => void;
}

/**
 * Links the project's packages into `root`/node_modules one by one, not the folder: Astro and
 * Vite keep their caches in node_modules/.astro and node_modules/.vite, and each staged copy
 * needs its own (a shared data store let one build's content stand in for another's).
 */
export function linkPackages(root: string): void {
  mkdirSync(join(root, 'node_modules'));
  for (const entry of readdirSync(join(projectRoot, 'node_modules'))) {
    if (entry === '.astro' || entry === '.vite') continue;
    symlinkSync(join(projectRoot, 'node_modules', entry), join(root, 'node_modules', entry));
  }
}

/** Copies the project's code (not its content) into a new folder in `parent` and adds `contentDir` as content/. */
export function stageProject(contentDir: string, prefix = 'totw-site-', parent = tmpdir()): string {
  const root = mkdtempSync(join(parent, prefix));
  for (const item of ['src', 'public', 'scripts', 'astro.config.mjs', 'tsconfig.json', 'package.json']) {
    cpSync(join(projectRoot, item), join(root, item), { recursive: true });
  }
  rmSync(join(root, 'src/testing/fixtures'), { recursive: true, force: true });
  // The project's Astro preferences (the update check off), as a checkout has them.
  mkdirSync(join(root, '.astro'));
  cpSync(join(projectRoot, '.astro/settings.json'), join(root, '.astro/settings.json'));
  cpSync(contentDir, join(root, 'content'), { recursive: true });
  linkPackages(root);
  return root;
}

export interface BuildOptions {
  /** Extra arguments for node itself, e.g. `--cpu-prof --cpu-prof-dir=…`. */
  nodeArgs?: string[];
}

/** Runs `astro build` in `root` with the given extra environment; never throws on a failed build. */
export function runAstroBuild(root: string, env: Record<string, string> = {}, { nodeArgs = [] }: BuildOptions = {}): Promise<SiteBuild> {
  const started = performance.now();
  // Reports the process's own peak RSS (KiB) as it exits, so the parent can read it. --import
  // also runs in every worker thread, and a worker that ends early must not report for the process.
  const probe = `data:text/javascript,import{isMainThread}from'node:worker_threads';if(isMainThread)process.on('exit',()=>process.stderr.write('${RSS_MARK}'+process.resourceUsage().maxRSS+'\\n'))`;
  return new Promise((resolveBuild, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', probe, join(root, 'node_modules/astro/bin/astro.mjs'), 'build'], {
      cwd: root,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timeline: SiteBuild['timeline'] = [];
    let partial = '';
    // Lines are stamped as they arrive; a line split across chunks gets the time of its end.
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      const at = performance.now() - started;
      const lines = (partial + text).split('\n');
      partial = lines.pop()!;
      for (const line of lines) timeline.push({ at, line });
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) =>
      resolveBuild({
        root,
        // With the Node adapter, static files are in dist/client (the server bundle in dist/server).
        dist: existsSync(join(root, 'dist/client')) ? join(root, 'dist/client') : join(root, 'dist'),
        exitCode: code ?? 1,
        output: output.replace(new RegExp(`${RSS_MARK}\\d+\\n`), ''),
        millis: performance.now() - started,
        peakRssMiB: peakRss(output),
        timeline: partial ? [...timeline, { at: performance.now() - started, line: partial }] : timeline,
        cleanup: () => rmSync(root, { recursive: true, force: true }),
      }),
    );
  });
}

export async function buildSite(contentDir: string, env: Record<string, string> = {}): Promise<SiteBuild> {
  return runAstroBuild(stageProject(contentDir), env);
}
