import { defineConfig } from 'vitest/config';

/**
 * `npm test` runs every project below. Integration tests share one DynamoDB
 * Local (started by test/integration/global-setup.ts); each test file makes its
 * own table, so files run in parallel without seeing each other's data.
 */
export default defineConfig({
  // @contract/* and @lambdas/* resolve through the nearest tsconfig.json's paths (root; web/ has @contract/* only).
  resolve: { tsconfigPaths: true },
  test: {
    // Vitest's default is one worker fewer than the cores: one file at a time on a 2-core machine, while most files
    // wait on DynamoDB Local, a child runtime or Chromium, not the CPU. Two at a time keeps both cores busy.
    maxWorkers: 2,
    env: {
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_REGION: 'local',
    },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
      },
      {
        // The web app's unit and component tests, in a simulated browser (jsdom).
        extends: true,
        test: {
          name: 'web',
          include: ['web/**/*.test.{ts,tsx}'],
          exclude: ['web/dist/**', 'web/node_modules/**'],
          environment: 'jsdom',
          setupFiles: ['web/src/test/setup.ts'],
          // A cap, not a wait (the tests wait for what they expect): a component test that types and clicks takes
          // 3–6 s in jsdom on 2 cores shared with other suites, past vitest's 5 s default.
          testTimeout: 30_000,
        },
      },
      {
        // Real Chromium against the real local runtime; skipped (and says so) without /usr/bin/chromium.
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          // expect.poll gives up after 1 s by default, Playwright's waits (the tests' own) after 15 s: a page that
          // reloads a list after a drag on a loaded machine answers within the second, not always within the first.
          expect: { poll: { timeout: 15_000 } },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
