/**
 * One `astro build` per test run for each shared site, instead of one per test file. The first
 * test file that asks for a site builds it into the run's folder (made by
 * shared-builds.global-setup.ts); test files that ask while it builds, in other workers, wait for
 * it. A run that asks for no shared site builds nothing. Each test file gets its own copy of the
 * built project, so whatever its servers and commands write under the root (data/, outbox/,
 * build/email/preview/) stays its own. Tests that need a different build (other content, other
 * environment, byte-for-byte comparisons) call buildSite() themselves.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { inject, vi } from 'vitest';
import { projectRoot, runAstroBuild, stageProject, type SiteBuild } from './build-site.fs.ts';

/** The shared sites: each is the project's code with this content folder, built with the default environment. */
export const SHARED_SITES = {
  /** The test fixtures: every component, drafts, a future tip. */
  fixture: 'src/testing/fixtures/content',
  /** The sample publication in content/. */
  sample: 'content',
} as const;
export type SharedSite = keyof typeof SHARED_SITES;

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding this run's shared builds (see shared-builds.global-setup.ts). */
    sharedBuildsDir: string;
  }
}

/** What a finished shared build leaves for the other test files: a SiteBuild without its cleanup. */
type BuildRecord = Omit<SiteBuild, 'cleanup'>;

/** Longer than a loaded 2-core machine needs for one build, shorter than vitest's hookTimeout (300 s). */
const WAIT_MS = 280_000;

/** The shared build of `site`: built by the first test file that asks, then copied for each file. */
export async function sharedBuild(site: SharedSite): Promise<SiteBuild> {
  const record = await builtOnce(site);
  if (record.exitCode !== 0) return { ...record, cleanup: () => undefined };
  return privateCopy(record, site);
}

function runDir(): string {
  const dir = inject('sharedBuildsDir');
  if (!dir || !existsSync(dir)) {
    throw new Error('sharedBuild() found no folder for shared builds: vitest.config.ts must list src/testing/shared-builds.global-setup.ts in test.globalSetup. Add it there, or build with buildSite() instead.');
  }
  return dir;
}

async function builtOnce(site: SharedSite): Promise<BuildRecord> {
  const dir = runDir();
  const recordFile = join(dir, `${site}.json`);
  const lock = join(dir, `${site}.lock`);
  if (claim(lock)) {
    const record = await build(site, dir);
    // Written whole and renamed into place, so a waiting file never reads half a record.
    writeFileSync(`${recordFile}.partial`, JSON.stringify(record));
    renameSync(`${recordFile}.partial`, recordFile);
    return record;
  }
  const state = await vi.waitFor(
    () => {
      if (existsSync(recordFile)) return 'built';
      if (!builderAlive(lock)) return 'abandoned';
      throw new Error(`The shared ${site} build (started by another test file) did not finish within ${WAIT_MS / 1000} s.`);
    },
    { timeout: WAIT_MS, interval: 100 },
  );
  if (state === 'abandoned') {
    throw new Error(`The test process building the shared ${site} site exited before the build finished; its test file's errors say why. Fix that, then run the tests again.`);
  }
  return JSON.parse(readFileSync(recordFile, 'utf8')) as BuildRecord;
}

/** Takes the build of one site for this process; false when another process already has it. */
function claim(lock: string): boolean {
  try {
    mkdirSync(lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  return true;
}

function builderAlive(lock: string): boolean {
  const pidFile = join(lock, 'pid');
  // The lock is taken a moment before its pid is written.
  if (!existsSync(pidFile)) return true;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function build(site: SharedSite, dir: string): Promise<BuildRecord> {
  const started = performance.now();
  try {
    const { cleanup: _, ...record } = await runAstroBuild(stageProject(join(projectRoot, SHARED_SITES[site]), `${site}-`, dir));
    return record;
  } catch (error) {
    const output = `The shared ${site} build could not run: ${(error as Error).stack ?? String(error)}`;
    return { root: dir, dist: dir, exitCode: 1, output, millis: performance.now() - started, peakRssMiB: undefined, timeline: [] };
  }
}

/**
 * The built project copied for one test file (a few MB; node_modules is linked). The server
 * bundle still names the shared root in its manifest, so static files are read from there:
 * nobody writes into a shared root after its build.
 */
function privateCopy(record: BuildRecord, site: SharedSite): SiteBuild {
  const root = mkdtempSync(join(tmpdir(), `totw-${site}-`));
  for (const entry of readdirSync(record.root)) {
    if (entry === 'node_modules') symlinkSync(join(record.root, entry), join(root, entry), 'dir');
    else cpSync(join(record.root, entry), join(root, entry), { recursive: true });
  }
  return { ...record, root, dist: join(root, relative(record.root, record.dist)), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
