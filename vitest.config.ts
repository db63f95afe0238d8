import { defineConfig } from 'vitest/config';
import SkipReporter from './test/skip-reporter.ts';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', new SkipReporter()],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
