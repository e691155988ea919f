import { globSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Test files are named for what they start (README, "File names say what a module touches"):
 * `x.test.ts` nothing, `x.fs.test.ts` temporary files, `x.db.test.ts` fresh databases, and
 * `x.build.test.ts`, `x.server.test.ts`, … builds, servers and browsers. The first three kinds
 * share worker processes (about 0.7 s saved per file); the rest get a process per file.
 */
// Listed when the config loads: in watch mode, restart vitest to pick up a new test file.
const testFiles = globSync(['src/**/*.test.ts', 'scripts/**/*.test.ts']);
/**
 * Files of the sharing kinds that change process-wide state (environment variables, module mocks,
 * stubbed globals, fake timers, process listeners), so they keep a process of their own.
 */
const changesProcessState = new Set([
  // vi.stubGlobal
  'src/cards/render.fs.test.ts',
]);
const sharesProcesses = (file: string) => /(^|\/)[^/.]+(\.fs|\.db)?\.test\.ts$/.test(file) && !changesProcessState.has(file);

// A throwaway PostgreSQL cluster when the binaries exist, so database tests run on both engines. Both
// projects list it; it starts once, and the second project's setup finds it in the environment.
const postgres = 'src/testing/postgres.global-setup.ts';

export default defineConfig({
  test: {
    // The scripts the tests start (the server, the sender, the CLIs) as `npm run` starts them: with Node's
    // compile cache (scripts/compile-cache.js), in the folder module.enableCompileCache() uses by default.
    env: { NODE_COMPILE_CACHE: join(tmpdir(), 'node-compile-cache') },
    // Two test files at a time even on two cores, where vitest's default is one: the slow files mostly wait
    // on servers, SMTP, PostgreSQL and child processes. With more cores, vitest's default (cores - 1).
    // Three on two cores was tried: no faster, and an axe test ran out of time (docs/benchmarks.md).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The build test runs astro build; give it room on a 2-core machine.
    testTimeout: 15_000,
    hookTimeout: 300_000,
    // Projects run in name order: first the slow files with a process each (longest first, by the last
    // run's durations), then the many short ones.
    projects: [
      {
        extends: true,
        test: {
          name: 'own-process',
          include: testFiles.filter((file) => !sharesProcesses(file)),
          // A folder per run for the shared fixture and sample sites (built once, by the first test file that asks).
          globalSetup: [postgres, 'src/testing/shared-builds.global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'shared-process',
          include: testFiles.filter(sharesProcesses),
          globalSetup: [postgres],
          isolate: false,
        },
      },
    ],
  },
});
