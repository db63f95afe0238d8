/** A full runtime (services over a real database and blob store) for service, HTTP and CLI tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../src/config/config.ts';
import { createRuntime, type Runtime } from '../src/main/runtime.ts';
import type { Dialect } from '../src/storage/database.ts';
import { createTestDatabase, type TestDatabase } from './dialects.ts';

export interface TestRuntime extends Runtime {
  database: TestDatabase;
  /** Closes the runtime, drops its database and removes its data directory. */
  dispose(): Promise<void>;
}

export async function createTestRuntime(
  dialect: Dialect,
  overrides: Partial<Record<keyof Config, string>> = {},
): Promise<TestRuntime> {
  const database = await createTestDatabase(dialect);
  const dataDir = mkdtempSync(join(tmpdir(), 'provena-data-'));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  let runtime: Runtime;
  try {
    // The detectors (OCR, faces, objects) cost seconds of model load and ~1 s per image: off unless a test turns them on.
    const config = loadConfig(
      {},
      {
        dataDir,
        ...(database.url ? { databaseUrl: database.url } : {}),
        ocr: 'off',
        faces: 'off',
        objects: 'off',
        ...overrides,
      },
    );
    runtime = await createRuntime(config);
  } catch (error) {
    // A runtime that fails to start (a test of bad configuration, say) must not leave its folders behind either.
    removeDataDir();
    await database.dispose();
    throw error;
  }
  return {
    ...runtime,
    database,
    dispose: async () => {
      try {
        await runtime.close();
        await database.dispose();
      } finally {
        removeDataDir();
      }
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
