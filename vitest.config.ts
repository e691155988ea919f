import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files are named for what they start (README, "File names say what a module touches"):
 * `x.test.ts` nothing, `x.fs.test.ts`, `x.db.test.ts`, `x.build.test.ts`, … the rest.
 */
const startsNothing = ['src/**/*.test.ts', 'scripts/**/*.test.ts'];
const startsSomething = ['src/**/*.*.test.ts', 'scripts/**/*.*.test.ts'];

export default defineConfig({
  test: {
    // Two test files at a time even on two cores, where vitest's default is one: the slow files mostly wait
    // on servers, SMTP, PostgreSQL and child processes. With more cores, vitest's default (cores - 1).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The build test runs astro build; give it room on a 2-core machine.
    testTimeout: 15_000,
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: startsNothing,
          exclude: [...configDefaults.exclude, ...startsSomething],
          // Pure tests share their worker processes instead of starting one per file (about 0.7 s each):
          // they change no process-wide state (no environment variables, module mocks, fake timers or
          // process listeners). A test file that does is named for what it touches and runs isolated.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'io',
          include: startsSomething,
          // A throwaway PostgreSQL cluster when the binaries exist, so database tests run on both engines;
          // a folder per run for the shared fixture and sample sites (built once, by the first test file that asks).
          globalSetup: ['src/testing/postgres.global-setup.ts', 'src/testing/shared-builds.global-setup.ts'],
        },
      },
    ],
  },
});
