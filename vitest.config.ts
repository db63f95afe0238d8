import { defineConfig } from 'vitest/config';
import SkipReporter from './test/skip-reporter.ts';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', new SkipReporter()],
    // Only to catch a hang: sized for a loaded two-core machine, so that no outcome depends on the machine's speed.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Vitest's default is one worker per core less one: a single file at a time on these two-core machines, although
    // most files wait on PostgreSQL, child processes or threads. Three at once took the suite from 288 s to 188 s.
    maxWorkers: 3,
  },
});
