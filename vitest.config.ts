import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // A throwaway PostgreSQL cluster when the binaries exist, so database tests run on both engines;
    // a folder per run for the shared fixture and sample sites (built once, by the first test file that asks).
    globalSetup: ['src/testing/postgres.global-setup.ts', 'src/testing/shared-builds.global-setup.ts'],
    // The build test runs astro build; give it room on a 2-core machine.
    testTimeout: 15_000,
    hookTimeout: 300_000,
  },
});
