/**
 * One intake in a process of its own, killed (SIGKILL, nothing flushed or closed) when it reaches the step named by
 * CRASH_AT: `node --import tsx intake-crash-child.ts`. CRASH_DATA_DIR and CRASH_DATABASE_URL (none: the embedded
 * SQLite in the data directory) name the store, CRASH_FILE the file ingested. A run that was not killed prints its
 * result and exits 0.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadConfig } from '../../src/config/config.ts';
import { createRuntime } from '../../src/main/runtime.ts';
import { operator } from '../contexts.ts';
import { completeFields } from '../runtime.ts';

const env = process.env;
const crashAt = env.CRASH_AT;
const config = loadConfig(
  {},
  { dataDir: env.CRASH_DATA_DIR!, ...(env.CRASH_DATABASE_URL ? { databaseUrl: env.CRASH_DATABASE_URL } : {}) },
);
const runtime = await createRuntime(config, {
  intakeCheckpoint: (step) => {
    if (step === crashAt) process.kill(process.pid, 'SIGKILL');
  },
});
const file = env.CRASH_FILE!;
const result = await runtime.intake.intake(operator, readFileSync(file), {
  fileName: basename(file),
  fields: completeFields,
  mode: 'interactive',
});
process.stdout.write(`${JSON.stringify({ status: result.status, assetId: result.asset.id })}\n`);
await runtime.close();
