/**
 * End to end through the real `provena` binary: `provena worker` runs a real job (sweeping an abandoned upload) and
 * stops cleanly on SIGTERM; `provena serve` on the embedded database runs jobs itself and reports them over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, describeDialect, dialects } from '../../test/dialects.ts';
import { openStore } from '../storage/store.ts';
import { adminToken } from '../../test/cli.ts';
import { until } from '../../test/waiting.ts';

const bin = fileURLToPath(new URL('../../bin/provena.js', import.meta.url));
const running: ChildProcess[] = [];
const dataDirs: string[] = [];

// The data folders go only once every process that wrote into them has exited.
afterEach(async () => {
  for (const child of running.splice(0))
    if (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')) await once(child, 'exit');
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDataDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dataDirs.push(dir);
  return dir;
}

function provena(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/** An upload abandoned two hours ago: what maintenance.sweep-staging removes. */
function abandonedUpload(dataDir: string): string {
  const staging = join(dataDir, 'blobs', 'staging');
  mkdirSync(staging, { recursive: true });
  const file = join(staging, 'abandoned-upload');
  writeFileSync(file, 'partial bytes');
  const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
  utimesSync(file, twoHoursAgo, twoHoursAgo);
  return file;
}

for (const dialect of dialects) {
  describeDialect(dialect, `provena worker [${dialect}]`, () => {
    it('runs queued jobs in a separate process and stops cleanly on SIGTERM', async () => {
      const database = await createTestDatabase(dialect);
      const dataDir = tempDataDir('provena-worker-e2e-');
      const store = await openStore(database.url ? database : { sqlitePath: join(dataDir, 'provena.db') });
      try {
        const file = abandonedUpload(dataDir);
        const { job } = await store.jobs.enqueue({
          name: 'maintenance.sweep-staging',
          queue: 'maintenance',
          payload: { olderThanHours: 1 },
        });
        const worker = provena(
          ['worker', '--data-dir', dataDir, '--job-poll-ms', '200', '--log-level', 'debug'],
          database.url ? { PROVENA_DATABASE_URL: database.url } : {},
        );
        await until(async () => (await store.jobs.get(job.id))?.status === 'succeeded', 'the job to succeed', {
          output: worker.output,
        });
        expect(existsSync(file)).toBe(false);
        worker.child.kill('SIGTERM');
        expect(await worker.exited).toBe(0);
        expect(worker.output()).toMatch(/worker .* on (sqlite|postgres): queues maintenance/);
      } finally {
        await store.close();
        await database.dispose();
      }
    });
  });
}

describe('provena serve on the embedded database', () => {
  it('runs jobs in-process and reports them over the API', async () => {
    const dataDir = tempDataDir('provena-serve-e2e-');
    const file = abandonedUpload(dataDir);
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    const headers = { authorization: `Bearer ${adminToken({ PROVENA_DATA_DIR: dataDir })}` };
    const server = provena(['serve', '--data-dir', dataDir, '--port', String(port), '--job-poll-ms', '200'], {});
    const base = `http://127.0.0.1:${port}`;
    await until(
      () =>
        fetch(`${base}/api/v1/jobs/stats`, { headers }).then(
          (r) => r.ok,
          () => false,
        ),
      'the server to listen',
      { output: server.output },
    );
    // Another process (the CLI, say) enqueues on the same SQLite file; the server's worker picks it up.
    const store = await openStore({ sqlitePath: join(dataDir, 'provena.db') });
    const { job } = await store.jobs.enqueue({
      name: 'maintenance.sweep-staging',
      queue: 'maintenance',
      payload: { olderThanHours: 1 },
    });
    await store.close();
    await until(
      async () =>
        ((await (await fetch(`${base}/api/v1/jobs/${job.id}`, { headers })).json()) as { status: string }).status ===
        'succeeded',
      'the job to succeed',
      { output: server.output },
    );
    expect(existsSync(file)).toBe(false);
    const stats = (await (await fetch(`${base}/api/v1/jobs/stats`, { headers })).json()) as {
      totals: { succeeded: number };
    };
    expect(stats.totals.succeeded).toBe(1);
    server.child.kill('SIGTERM');
    await server.exited;
  });
});
