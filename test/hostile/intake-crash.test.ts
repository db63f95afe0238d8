/**
 * Intake killed between each of its steps (SIGKILL in a process of its own: test/hostile/intake-crash-child.ts), on
 * both dialects. After every kill the real doctor finds nothing missing or corrupt (an orphan blob or a staging file
 * may be left, and --fix removes them), the audit log verifies, and the same file can be ingested again. A kill keeps
 * what the kernel holds; what a power loss would lose is checked by the order of the blob store's system calls
 * (src/blobs/local-blob-store.durability.test.ts) and SQLite's synchronous=FULL (src/storage/database.test.ts).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { intakeSteps } from '../../src/services/intake.service.ts';
import { samplePng } from '../bad-inputs.ts';
import { describeDialect, dialects } from '../dialects.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../runtime.ts';
import { operator } from '../contexts.ts';

const child = fileURLToPath(new URL('./intake-crash-child.ts', import.meta.url));
const files = mkdtempSync(join(tmpdir(), 'provena-crash-files-'));
afterAll(() => rmSync(files, { recursive: true, force: true }));

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Runs the child to its end; what it printed and how it ended. */
function runChild(
  env: Record<string, string>,
): Promise<{ signal: string | null; code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, ['--import', 'tsx', child], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    process_.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    process_.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    process_.on('error', reject);
    process_.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

for (const dialect of dialects) {
  describeDialect(dialect, `intake killed at each step [${dialect}]`, () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
    });
    afterAll(() => rt.dispose());

    intakeSteps.forEach((step, i) => {
      it(`leaves a store doctor and audit verify accept when killed at "${step}", and takes the file again`, async () => {
        const bytes = await samplePng(150 + i + (dialect === 'postgres' ? 50 : 0));
        const file = join(files, `${dialect}-${step}.png`);
        writeFileSync(file, bytes);
        const run = await runChild({
          CRASH_AT: step,
          CRASH_DATA_DIR: rt.config.dataDir,
          ...(rt.database.url ? { CRASH_DATABASE_URL: rt.database.url } : {}),
          CRASH_FILE: file,
        });
        expect(run, run.output).toMatchObject({ signal: 'SIGKILL' });

        // Nothing recorded points at missing or damaged bytes.
        const found = await rt.maintenance.doctor(operator, { fix: false, verifyContents: true });
        expect(found.missingBlobs).toEqual([]);
        expect(found.corruptBlobs).toEqual([]);
        // What the kill left (an orphan blob, a staging file) is what --fix removes once old enough.
        const later = new Date(Date.now() + 2 * 3600_000);
        const left = await rt.maintenance.doctor(operator, { fix: false, now: later });
        // The staged name lasts until intake returns; a blob written but not recorded is an orphan.
        const orphan = step === 'blob-committed' || step === 'recorded';
        expect(left.staleStagingFiles, 'staging files left').toBe(1);
        expect(left.orphanBlobs, 'orphan blobs left').toEqual(orphan ? [sha256Of(bytes)] : []);
        const fixed = await rt.maintenance.doctor(operator, { fix: true, now: later });
        expect(fixed.orphanBlobs).toEqual(left.orphanBlobs);
        expect(fixed.staleStagingFiles).toBe(left.staleStagingFiles);
        expect(await rt.maintenance.doctor(operator, { fix: false, verifyContents: true, now: later })).toMatchObject({
          orphanBlobs: [],
          missingBlobs: [],
          corruptBlobs: [],
          staleStagingFiles: 0,
        });
        expect(await rt.maintenance.verifyAudit(operator)).toMatchObject({ ok: true });

        // The same file again: admitted, or found as the asset the killed run had committed.
        const again = await rt.intake.intake(operator, Readable.from([bytes]), {
          fileName: `${step}.png`,
          fields: completeFields,
          mode: 'interactive',
        });
        expect(again.status).toBe(step === 'committed' ? 'duplicate' : 'created');
        const sha = again.asset.versions[0]!.blob.sha256;
        expect(await rt.blobs.verify(sha)).toBe(true);
        expect(await rt.maintenance.doctor(operator, { fix: false, verifyContents: true })).toMatchObject({
          missingBlobs: [],
          corruptBlobs: [],
        });
      });
    });
  });
}
