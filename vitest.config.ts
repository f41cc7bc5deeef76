import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globals: true,
    // Rule crashes are contained for users (src/plugin/contain.ts); in tests they must fail loudly.
    env: { TABLEAU_REST_DEBUG: '1' },
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores on CI: child-process heavy suites contend, so cap the pool.
    maxWorkers: 2,
  },
});
