/**
 * Several worker processes on one database: each job runs exactly once, and a worker killed mid-job (SIGKILL) has
 * its job re-run by another once the lease expires, with the result written once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { testQueue } from './testing/test-jobs.ts';
import { until } from '../../test/waiting.ts';

const script = fileURLToPath(new URL('./testing/worker-process.ts', import.meta.url));
const logDir = mkdtempSync(join(tmpdir(), 'provena-worker-logs-'));
// Runs after every block's own afterEach, which waits for its worker processes to exit: nothing writes here then.
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

interface WorkerProcess {
  child: ChildProcess;
  log: string;
  exited: Promise<number | null>;
}

const runsIn = (log: string): Array<{ id: string; attempt: number }> =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [id, attempt] = line.split(' ');
          return { id: id!, attempt: Number(attempt) };
        })
    : [];

describeEachDialect('worker processes', ({ store, database, dialect }) => {
  const children: WorkerProcess[] = [];
  let seq = 0;

  afterEach(async () => {
    for (const { child, exited } of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
  });

  async function startWorker(leaseMs: number): Promise<WorkerProcess> {
    const log = join(logDir, `${dialect}-${++seq}.log`);
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: {
        ...process.env,
        ...(database().url ? { JOB_TEST_DATABASE_URL: database().url } : {}),
        JOB_TEST_SQLITE_PATH: database().sqlitePath,
        JOB_TEST_RUN_LOG: log,
        JOB_TEST_LEASE_MS: String(leaseMs),
        JOB_TEST_CONCURRENCY: '4',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const worker = { child, log, exited };
    children.push(worker);
    await until(() => {
      if (child.exitCode !== null) throw new Error(`worker exited early (${child.exitCode}): ${stderr}`);
      return stdout.includes('ready');
    }, 'the worker process to start');
    return worker;
  }

  const stop = async (worker: WorkerProcess) => {
    worker.child.kill('SIGTERM');
    return worker.exited;
  };

  it('two worker processes drain a few hundred jobs, each run exactly once', async () => {
    const [a, b] = await Promise.all([startWorker(5000), startWorker(5000)]);
    const count = 300;
    const ids = await store().transaction(async (tx) => {
      const out: string[] = [];
      for (let n = 0; n < count; n++)
        out.push(
          (await tx.jobs.enqueue({ name: 'test.record', queue: testQueue, payload: { n, sleepMs: 10 } })).job.id,
        );
      return out;
    });
    await until(
      async () => (await store().jobs.stats()).find((s) => s.queue === testQueue)?.succeeded === count,
      'every job to succeed',
    );

    expect(await stop(a)).toBe(0);
    expect(await stop(b)).toBe(0);
    const runsA = runsIn(a.log);
    const runsB = runsIn(b.log);
    // Both processes took part, and no job ran twice (in one process or across them).
    expect(runsA.length).toBeGreaterThan(0);
    expect(runsB.length).toBeGreaterThan(0);
    const ran = [...runsA, ...runsB].map((r) => r.id).sort();
    expect(ran).toEqual([...ids].sort());
    const recorded: string[] = [];
    for await (const entry of store().audit.all()) if (entry.action === 'test.recorded') recorded.push(entry.subjectId);
    expect(recorded.sort()).toEqual([...ids].sort());
    const stats = (await store().jobs.stats()).find((s) => s.queue === testQueue);
    expect(stats).toMatchObject({ succeeded: count, queued: 0, running: 0, failed: 0, dead: 0 });
  });

  it('a worker killed mid-job: the lease expires, another worker re-runs the job, the result is written once', async () => {
    const a = await startWorker(1000);
    const { job } = await store().jobs.enqueue({
      name: 'test.record',
      queue: testQueue,
      payload: { n: 1000, hangOnAttempt: 1 },
    });
    await until(() => runsIn(a.log).some((r) => r.id === job.id), 'worker A to start the job');
    a.child.kill('SIGKILL');
    await a.exited;
    expect((await store().jobs.get(job.id))?.status).toBe('running');

    const b = await startWorker(1000);
    await until(async () => (await store().jobs.get(job.id))?.status === 'succeeded', 'worker B to finish the job');
    expect(await stop(b)).toBe(0);
    expect(runsIn(a.log).filter((r) => r.id === job.id)).toEqual([{ id: job.id, attempt: 1 }]);
    expect(runsIn(b.log).filter((r) => r.id === job.id)).toEqual([{ id: job.id, attempt: 2 }]);
    const done = await store().jobs.get(job.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      lastError: { code: 'TRANSIENT_FAILURE', attempt: 1 },
    });
    expect(done?.lastError?.message).toMatch(/stopped renewing its lease/);
    expect(await store().audit.forSubject('job', job.id)).toHaveLength(1);
  });
});
