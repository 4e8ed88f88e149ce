import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here: integration suites share one DynamoDB Local, so keep the pool small and predictable.
    maxWorkers: 2,
    setupFiles: ['test/support/setup.ts'],
  },
});
