/**
 * Builds the real site from a given content folder in a temporary copy of the project,
 * for tests and benchmarks. node_modules is linked, not copied.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RSS_MARK = '__PEAK_RSS_KIB=';
/** The largest peak reported: `npm run build` runs Astro in a child process, and both report. */
const peakRss = (output: string) => {
  const peaks = [...output.matchAll(new RegExp(`${RSS_MARK}(\\d+)`, 'g'))].map((match) => Number(match[1]) / 1024);
  return peaks.length ? Math.max(...peaks) : undefined;
};

export const projectRoot = resolve(import.meta.dirname, '../..');

export interface SiteBuild {
  root: string;
  dist: string;
  exitCode: number;
  output: string;
  /** Wall time of `npm run build` in milliseconds. */
  millis: number;
  /** Peak resident memory of Astro's build process (worker threads included), in MiB. */
  peakRssMiB: number | undefined;
  /** Every output line with the milliseconds since the build started when it arrived, for per-phase timings. */
  timeline: { at: number; line: string }[];
  cleanup: () => void;
}

/**
 * Links the project's packages into `root`/node_modules one by one, not the folder: Vite keeps
 * its cache in node_modules/.vite (and Astro did in node_modules/.astro before the site moved
 * its cacheDir to build/cache/astro; bare projects still use it), and each staged copy needs its
 * own (a shared data store let one build's content stand in for another's).
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
  for (const item of ['src', 'public', 'scripts', 'astro.config.mjs', 'tsconfig.json', 'package.json', 'package-lock.json']) {
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
  /** Extra arguments for node itself in every process of the build, e.g. `--cpu-prof --cpu-prof-dir=…`. */
  nodeArgs?: string[];
  /** Extra arguments for `astro build`, e.g. `--timings`. */
  astroArgs?: string[];
  /** A project without our build script (the benchmark's bare Astro projects): `astro build` alone, output in dist/. */
  bare?: boolean;
}

/**
 * Runs the build as `npm run build` does (scripts/build.ts: Astro's build, then publishing to
 * dist/) in `root` with the given extra environment; never throws on a failed build.
 */
export function runAstroBuild(root: string, env: Record<string, string> = {}, { nodeArgs = [], astroArgs = [], bare = false }: BuildOptions = {}): Promise<SiteBuild> {
  const started = performance.now();
  // Each process reports its own peak RSS (KiB) as it exits, so the caller can read it. NODE_OPTIONS
  // reaches Astro's process too; --import also runs in every worker thread, and a worker that ends
  // early must not report for its process.
  const probe = `--import=data:text/javascript,import{isMainThread}from'node:worker_threads';if(isMainThread)process.on('exit',()=>process.stderr.write('${RSS_MARK}'+process.resourceUsage().maxRSS+'\\n'))`;
  return new Promise((resolveBuild, reject) => {
    const command = bare ? [join(root, 'node_modules/astro/bin/astro.mjs'), 'build'] : [join(root, 'scripts/build.ts')];
    const child = spawn(process.execPath, [...command, ...astroArgs], {
      cwd: root,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0', NODE_OPTIONS: [process.env['NODE_OPTIONS'], probe, ...nodeArgs].filter(Boolean).join(' '), ...env },
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
        // The published site: dist links to build/releases/<id>, whose client/ holds the pages.
        dist: join(root, bare ? 'dist' : 'dist/client'),
        exitCode: code ?? 1,
        output: output.replace(new RegExp(`${RSS_MARK}\\d+\\n`, 'g'), ''),
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
