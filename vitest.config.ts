import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // A throwaway PostgreSQL cluster when the binaries exist, so database tests run on both engines;
    // a folder per run for the shared fixture and sample sites (built once, by the first test file that asks).
    globalSetup: ['src/testing/postgres.global-setup.ts', 'src/testing/shared-builds.global-setup.ts'],
    // Two test files at a time even on two cores, where vitest's default is one: the slow files mostly wait
    // on servers, SMTP, PostgreSQL and child processes. With more cores, vitest's default (cores - 1).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The build test runs astro build; give it room on a 2-core machine.
    testTimeout: 15_000,
    hookTimeout: 300_000,
  },
});
