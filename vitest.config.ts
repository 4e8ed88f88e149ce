import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Generous: the browser and sandbox suites share two cores with a JVM and Chromium; a slow
    // machine should make a run slower, not red. Speed targets live in `npm run bench`.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Two cores here: integration suites share one DynamoDB Local, so keep the pool small and predictable.
    maxWorkers: 2,
    setupFiles: ['test/support/setup.ts'],
    // Lambda runs Node 22; this machine's Node 20 is for local work only, so the SDK's notice is noise here.
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'WARN',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
  },
});
