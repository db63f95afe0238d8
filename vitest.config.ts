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
  },
});
