import { setTimeout as delay } from 'node:timers/promises';
import { Type } from 'typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { ProvenaError } from '../domain/errors.ts';
import { backoffMs, jobPriorities, type Job, type JobStatus } from '../domain/jobs.ts';
import type { Store } from '../domain/ports.ts';
import { createRegistry, defineJob, jobQueue, jobType, type AnyJobDefinition } from './registry.ts';
import { testJobs, testQueue } from './testing/test-jobs.ts';
import { Worker, type WorkerEvent, type WorkerOptions } from './worker.ts';
import { eventually } from '../../test/waiting.ts';

const fast = { leaseMs: 1000, minPollMs: 10, maxPollMs: 50, backoff: { baseMs: 20, maxMs: 100 } };

describe('job registry', () => {
  const noop = (name: string, queue = 'q'): AnyJobDefinition =>
    defineJob({ name, queue, payload: Type.Object({}), handler: () => Promise.resolve() });

  it('refuses a name defined twice, a definition without handler and an enqueued name without definition, all at once', () => {
    const broken = { ...noop('b.two'), handler: undefined } as unknown as AnyJobDefinition;
    expect(() =>
      createRegistry([noop('a.one'), noop('a.one'), broken], { expected: [{ name: 'a.one' }, { name: 'c.missing' }] }),
    ).toThrow(
      /"a\.one" is defined more than once.*"b\.two" has no handler.*"c\.missing" is enqueued but has no handler/,
    );
    expect(() => createRegistry([noop('Bad Name')])).toThrow(/Bad Name/);
    expect(createRegistry([noop('a.one'), noop('b.two', 'other')], { expected: [{ name: 'a.one' }] }).queues).toEqual(
      new Map([
        ['q', ['a.one']],
        ['other', ['b.two']],
      ]),
    );
  });

  it('builds typed, validated requests by the job type, with its queue, defaults and dedupe key', async () => {
    const thing = jobType({
      name: 'enrich.thing',
      queue: 'enrich',
      priority: 'backfill',
      maxAttempts: 3,
      payload: Type.Object({ versionId: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
      dedupeKey: ({ versionId }) => `thing:${versionId}`,
    });
    const registry = createRegistry([
      defineJob({ ...thing, handler: (payload) => Promise.resolve(void payload.versionId.toUpperCase()) }),
    ]);
    expect(registry.request(thing, { versionId: 'v1' })).toEqual({
      name: 'enrich.thing',
      queue: 'enrich',
      payload: { versionId: 'v1' },
      priority: jobPriorities.backfill,
      maxAttempts: 3,
      dedupeKey: 'thing:v1',
    });
    expect(registry.request(thing, { versionId: 'v1' }, { priority: 'interactive' }).priority).toBe(
      jobPriorities.interactive,
    );
    // @ts-expect-error the payload type comes from the schema
    expect(() => registry.request(thing, { versionId: 7 })).toThrow(ProvenaError);
    expect(() => registry.parse('enrich.thing', { versionId: 'v', extra: 1 })).toThrow(/payload/);
    // A type this registry has no definition for is refused, whoever spells the same name in another queue.
    expect(() => registry.request({ ...thing, queue: 'elsewhere' }, { versionId: 'v1' })).toThrow(/No job definition/);
    // What a service is given: the same request, enqueued in the caller's transaction.
    const enqueued: unknown[] = [];
    const jobs = { enqueue: (request: unknown) => Promise.resolve((enqueued.push(request), { created: true })) };
    await jobQueue(thing).enqueue({ jobs } as never, { versionId: 'v2' });
    expect(enqueued).toEqual([expect.objectContaining({ name: 'enrich.thing', dedupeKey: 'thing:v2' })]);
  });

  it('backs off exponentially with jitter, capped', () => {
    const policy = { baseMs: 1000, maxMs: 60_000 };
    expect(backoffMs(1, policy, () => 0)).toBe(500);
    expect(backoffMs(1, policy, () => 1)).toBe(1000);
    expect(backoffMs(3, policy, () => 1)).toBe(4000);
    expect(backoffMs(50, policy, () => 1)).toBe(60_000);
    const samples = Array.from({ length: 50 }, () => backoffMs(4, policy));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(4000);
    expect(Math.max(...samples)).toBeLessThanOrEqual(8000);
    expect(new Set(samples).size).toBeGreaterThan(1);
  });
});

describeEachDialect('worker', ({ store }) => {
  const workers: Worker[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop({ graceMs: 100 })));
  });
  const runs: Job[] = [];
  const startWorker = (options: Partial<WorkerOptions> & { definitions?: readonly AnyJobDefinition[] } = {}) => {
    const events: WorkerEvent[] = [];
    const worker = new Worker({
      store: store(),
      registry: createRegistry(options.definitions ?? testJobs({ onRun: (job) => runs.push(job) })),
      concurrency: 2,
      ...fast,
      ...options,
      onEvent: (e) => events.push(e),
    });
    workers.push(worker);
    worker.start();
    return { worker, events };
  };
  const record = (payload: Record<string, unknown>, extra: { priority?: number; maxAttempts?: number } = {}) =>
    store().transaction(
      async (tx) => (await tx.jobs.enqueue({ name: 'test.record', queue: testQueue, payload, ...extra })).job,
    );
  const statusOf = (id: string) =>
    eventually(
      () => store().jobs.get(id),
      (j) => ['succeeded', 'dead', 'cancelled'].includes(j?.status ?? ''),
    );
  const results = (id: string) => store().audit.forSubject('job', id);

  it('runs a job, writes its result once and queues its follow-ups', async () => {
    const job = await record({ n: 1, then: [2, 3] });
    startWorker();
    expect(await statusOf(job.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(await results(job.id)).toHaveLength(1);
    const followUps = await eventually(
      () => store().jobs.list({ queue: testQueue, status: 'succeeded' }, { limit: 50 }),
      (page) => page.items.filter((j) => [2, 3].includes((j.payload as { n: number }).n)).length === 2,
    );
    expect(followUps.items.length).toBeGreaterThanOrEqual(3);
  });

  it('retries transient failures with backoff, then succeeds', async () => {
    const job = await record({ n: 10, failWith: 'TRANSIENT_FAILURE', failTimes: 2 });
    startWorker();
    const done = await statusOf(job.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      attempts: 3,
      lastError: { code: 'TRANSIENT_FAILURE', message: 'failure 2' },
    });
    expect(await results(job.id)).toHaveLength(1);
  });

  it('dead-letters a job that keeps failing, with its last error, after max attempts', async () => {
    const job = await record({ n: 11, failWith: 'plain' }, { maxAttempts: 3 });
    const { events } = startWorker();
    expect(await statusOf(job.id)).toMatchObject({
      status: 'dead',
      attempts: 3,
      lastError: { code: 'INTERNAL', message: 'plain failure 3', attempt: 3 },
    });
    expect(events.filter((e) => e.type === 'failed' && e.job.id === job.id)).toHaveLength(2);
    expect(await results(job.id)).toHaveLength(0);
  });

  it('gives up at once on a permanent error (corrupt input)', async () => {
    const job = await record({ n: 12, failWith: 'CORRUPT_FILE' });
    startWorker();
    expect(await statusOf(job.id)).toMatchObject({ status: 'dead', attempts: 1, lastError: { code: 'CORRUPT_FILE' } });
  });

  it('dead-letters a stored payload that no longer fits its schema', async () => {
    const job = await record({ n: 'not a number' });
    startWorker();
    expect(await statusOf(job.id)).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError: { code: 'VALIDATION_FAILED' },
    });
  });

  it('runs interactive work before backfill', async () => {
    const order: number[] = [];
    const backfill = await record({ n: 20 }, { priority: jobPriorities.backfill });
    await record({ n: 21 }, { priority: jobPriorities.interactive });
    startWorker({
      concurrency: 1,
      definitions: testJobs({ onRun: (job) => order.push((job.payload as { n: number }).n) }),
    });
    await statusOf(backfill.id);
    expect(order.filter((n) => n === 20 || n === 21)).toEqual([21, 20]);
  });

  it('keeps within the per-queue limit and the global cap', async () => {
    let current = 0;
    let peakSlow = 0;
    let peakAll = 0;
    const tracked = (name: string, queue: string) =>
      defineJob({
        name,
        queue,
        payload: Type.Object({ i: Type.Integer() }),
        handler: async () => {
          current++;
          peakAll = Math.max(peakAll, current);
          if (queue === 'slow') peakSlow = Math.max(peakSlow, [...running].filter((q) => q === 'slow').length + 1);
          running.push(queue);
          await delay(30);
          running.splice(running.indexOf(queue), 1);
          current--;
        },
      });
    const running: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      for (const [name, queue] of [
        ['cap.slow', 'slow'],
        ['cap.fast', 'fast'],
      ] as const) {
        ids.push((await store().jobs.enqueue({ name, queue, payload: { i } })).job.id);
      }
    }
    startWorker({
      concurrency: 3,
      queueConcurrency: { slow: 1 },
      definitions: [tracked('cap.slow', 'slow'), tracked('cap.fast', 'fast')],
    });
    for (const id of ids) expect((await statusOf(id))?.status).toBe('succeeded');
    expect(peakSlow).toBe(1);
    expect(peakAll).toBeLessThanOrEqual(3);
    expect(peakAll).toBeGreaterThan(1);
  });

  it('a stalled worker loses its lease: the job re-runs elsewhere and its result is written once', async () => {
    const job = await record({ n: 30, sleepMs: 1500 });
    // Worker A's renewals never reach the database (a stalled or partitioned process): its lease runs out.
    const stalled: Pick<Store, 'transaction' | 'jobs'> = {
      transaction: (work) => store().transaction(work),
      jobs: new Proxy(store().jobs, {
        get: (target, key): unknown => (key === 'extendLease' ? () => Promise.resolve(true) : Reflect.get(target, key)),
      }),
    };
    const a = startWorker({ store: stalled, leaseMs: 300, concurrency: 1 });
    await eventually(
      () => store().jobs.get(job.id),
      (j) => j?.status === 'running',
    );
    const b = startWorker({ leaseMs: 5000 });
    expect(await statusOf(job.id)).toMatchObject({ status: 'succeeded', attempts: 2, leaseOwner: b.worker.owner });
    await eventually(
      () => Promise.resolve(a.events),
      (events) => events.some((e) => e.type === 'lease-lost' && e.job.id === job.id),
    );
    expect(runs.filter((r) => r.id === job.id)).toHaveLength(2);
    expect(await results(job.id)).toHaveLength(1);
  });

  it('aborts a job cancelled while running, writing nothing', async () => {
    const job = await record({ n: 40, hangOnAttempt: 1 });
    const { events } = startWorker({ leaseMs: 300 });
    await eventually(
      () => store().jobs.get(job.id),
      (j) => j?.status === 'running',
    );
    await store().jobs.cancel(job.id);
    await eventually(
      () => Promise.resolve(events),
      (list) => list.some((e) => e.type === 'lease-lost' && e.job.id === job.id),
    );
    expect((await store().jobs.get(job.id))?.status).toBe('cancelled');
    expect(await results(job.id)).toHaveLength(0);
  });

  it('times out a handler that never finishes', async () => {
    const hang = defineJob({
      name: 'test.hang',
      queue: 'hang',
      timeoutSeconds: 0.2,
      maxAttempts: 1,
      payload: Type.Object({}),
      handler: () => new Promise<void>(() => {}),
    });
    const { job } = await store().jobs.enqueue({ name: 'test.hang', queue: 'hang', payload: {}, maxAttempts: 1 });
    startWorker({ definitions: [hang] });
    expect(await statusOf(job.id)).toMatchObject({
      status: 'dead',
      lastError: { code: 'TRANSIENT_FAILURE', message: expect.stringMatching(/did not finish/) as unknown },
    });
  });

  it('stops gracefully: finishes what it can, hands back the rest unharmed', async () => {
    const quick = await record({ n: 50, sleepMs: 50 });
    const stuck = await record({ n: 51, hangOnAttempt: 1 });
    const { worker, events } = startWorker({ concurrency: 2 });
    await eventually(
      () => store().jobs.get(stuck.id),
      (j) => j?.status === 'running',
    );
    await worker.stop({ graceMs: 400 });
    expect((await store().jobs.get(quick.id))?.status).toBe('succeeded');
    expect(await store().jobs.get(stuck.id)).toMatchObject({ status: 'queued' satisfies JobStatus, attempts: 0 });
    expect(events.some((e) => e.type === 'released' && e.job.id === stuck.id)).toBe(true);
    expect(worker.runningCount).toBe(0);
  });
});
