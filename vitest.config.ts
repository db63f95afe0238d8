import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import SkipReporter from './test/skip-reporter.ts';

export default defineConfig({
  test: {
    reporters: ['default', new SkipReporter()],
    // Only to catch a hang: sized for a loaded two-core machine, so that no outcome depends on the machine's speed.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Vitest's default is one worker per core less one: a single file at a time on these two-core machines, although
    // most files wait on PostgreSQL, child processes or threads. Three at once took the suite from 288 s to 188 s.
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          // web/e2e: the web app in a real browser against a real server, so with the server's harness.
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/e2e/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          pool: 'forks',
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'web',
          // The web app's components in jsdom (Testing Library).
          include: ['web/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['web/src/test-setup.ts'],
        },
      },
    ],
  },
});
