/**
 * Vitest global setup: makes a PostgreSQL server available to every test file, so that each storage test runs on
 * both dialects. Uses PROVENA_TEST_DATABASE_URL when set (CI starts the cluster in .ci/run); otherwise starts a
 * private cluster with scripts/test-postgres.sh. Without PostgreSQL binaries the PostgreSQL half is skipped with a
 * loud warning on a developer machine and fails under CI.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type {} from 'vitest';

export default function setup(project: TestProject): () => void {
  const given = process.env.PROVENA_TEST_DATABASE_URL;
  if (given) {
    project.provide('pgUrl', given);
    return () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), 'provena-pg-'));
  const script = join(import.meta.dirname, '..', 'scripts', 'test-postgres.sh');
  try {
    const url = execFileSync('bash', [script, 'start', dir], { encoding: 'utf8' }).trim();
    project.provide('pgUrl', url);
  } catch (error) {
    if (process.env.CI) throw error;
    console.warn(`\n*** PostgreSQL could not be started; PostgreSQL tests are SKIPPED: ${String(error)}\n`);
    project.provide('pgUrl', '');
    return () => {};
  }
  return () => execFileSync('bash', [script, 'stop', dir]);
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
