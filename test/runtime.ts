/** A full runtime (services over a real database and blob store) for service, HTTP and CLI tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../src/config/config.ts';
import { createRuntime, type Runtime } from '../src/main/runtime.ts';
import type { Dialect } from '../src/storage/database.ts';
import { createTestDatabase, type TestDatabase } from './dialects.ts';

export interface TestRuntime extends Runtime {
  database: TestDatabase;
  dispose(): Promise<void>;
}

export async function createTestRuntime(
  dialect: Dialect,
  overrides: Partial<Record<keyof Config, string>> = {},
): Promise<TestRuntime> {
  const database = await createTestDatabase(dialect);
  const dataDir = mkdtempSync(join(tmpdir(), 'provena-data-'));
  const config = loadConfig({}, { dataDir, ...(database.url ? { databaseUrl: database.url } : {}), ...overrides });
  const runtime = await createRuntime(config);
  return {
    ...runtime,
    database,
    dispose: async () => {
      await runtime.close();
      await database.dispose();
    },
  };
}

/** Intake fields that satisfy every requirement. */
export const completeFields = {
  prompt: 'a lighthouse at dusk, oil painting',
  tool: 'ComfyUI',
  toolVersion: '0.3.10',
  requestor: 'Ana Lima',
  team: 'Brand Studio',
  intendedUse: 'social',
  campaign: 'Summer Launch',
  rightsStatus: 'pending',
} as const;
