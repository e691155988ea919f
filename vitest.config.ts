import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // A throwaway PostgreSQL cluster when the binaries exist, so database tests run on both engines.
    globalSetup: ['src/testing/postgres.global-setup.ts'],
    // The build test runs astro build; give it room on a 2-core machine.
    testTimeout: 15_000,
    hookTimeout: 300_000,
  },
});
