/**
 * One `astro build` per test run for each shared site, instead of one per test file. The first
 * test file that asks for a site builds it into the run's folder (made by
 * shared-builds.global-setup.ts); test files that ask while it builds, in other workers, wait for
 * it. A run that asks for no shared site builds nothing. Each test file gets its own copy of the
 * built project, so whatever its servers and commands write under the root (data/, outbox/,
 * build/email/preview/) stays its own. Tests that need a different build (other content, other
 * environment, byte-for-byte comparisons) call buildSite() themselves.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { inject } from 'vitest';
import { projectRoot, runAstroBuild, stageProject, type SiteBuild } from './build-site.fs.ts';
import { oncePerRun } from './once-per-run.fs.ts';

/** The shared sites: each is the project's code with this content folder, built with this environment. */
export const SHARED_SITES = {
  /**
   * The test fixtures: every component, drafts, a future tip. Built for SITE_URL=https://fixture.example,
   * not the configured https://tips.example.com, so the build tests see SITE_URL reach every link.
   */
  fixture: { content: 'src/testing/fixtures/content', env: { SITE_URL: 'https://fixture.example' } },
  /** The sample publication in content/. */
  sample: { content: 'content', env: {} },
} as const;
export type SharedSite = keyof typeof SHARED_SITES;

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding this run's shared builds (see shared-builds.global-setup.ts). */
    sharedBuildsDir: string;
  }
}

/** A finished build as the other test files receive it: a SiteBuild without its cleanup. */
type BuildRecord = Omit<SiteBuild, 'cleanup'>;

/** The shared build of `site`: built by the first test file that asks, then copied for each file. */
export async function sharedBuild(site: SharedSite): Promise<SiteBuild> {
  const dir = runDir();
  const record = await oncePerRun(dir, `shared ${site} build`, async (): Promise<BuildRecord> => {
    const { content, env } = SHARED_SITES[site];
    const { cleanup: _cleanup, ...built } = await runAstroBuild(stageProject(join(projectRoot, content), `${site}-`, dir), env);
    return built;
  });
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

/**
 * The built project copied for one test file (a few MB; node_modules is linked). The server
 * bundle still names the shared root in its manifest, so static files are read from there:
 * nobody writes into a shared root after its build.
 */
function privateCopy(record: BuildRecord, site: SharedSite): SiteBuild {
  const root = mkdtempSync(join(tmpdir(), `totw-${site}-`));
  for (const entry of readdirSync(record.root)) {
    if (entry === 'node_modules') symlinkSync(join(record.root, entry), join(root, entry), 'dir');
    // Verbatim: dist and build/email are relative links into the copy's own build/releases/.
    else cpSync(join(record.root, entry), join(root, entry), { recursive: true, verbatimSymlinks: true });
  }
  return { ...record, root, dist: join(root, relative(record.root, record.dist)), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
