/**
 * Vitest global setup: an empty folder per test run for the shared site builds
 * (shared-build.fs.ts), handed to the test files with `provide`. Nothing is built here: the
 * first test file that needs a site builds it, so a run of unit tests builds nothing. In watch
 * mode the folder is emptied before every rerun, since the code under test may have changed.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'totw-shared-builds-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  project.provide('sharedBuildsDir', dir);
  project.onTestsRerun(() => {
    remove();
    mkdirSync(dir);
  });
  // Teardown does not run when the process is killed; a plain exit still removes the builds.
  process.once('exit', remove);
  return () => {
    process.off('exit', remove);
    remove();
  };
}
