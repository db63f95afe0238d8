import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { isProvenaError } from '../domain/errors.ts';
import { jobPriorities, type JobRequest } from '../domain/jobs.ts';

const t0 = new Date('2030-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
let queueSeq = 0;
/** Each test works in its own queue, so that tests sharing one database do not see each other's jobs. */
const freshQueue = () => `q${++queueSeq}`;
const request = (queue: string, extra: Partial<JobRequest> = {}): JobRequest => ({
  name: 'test.work',
  queue,
  payload: { n: 1 },
  runAt: t0,
  ...extra,
});
const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return isProvenaError(error) ? error.code : String(error);
  }
};

describeEachDialect('job repository', ({ store }) => {
  const claim = (queue: string, owner: string, limit = 10, now = t0, leaseMs = 600_000) =>
    store().transaction(async (tx) => {
      await tx.jobs.reapExpired(now);
      return tx.jobs.claim({ queue, names: ['test.work', 'test.other'], owner, limit, leaseMs, now });
    });

  it('enqueues inside the caller transaction: a rollback leaves no job', async () => {
    const queue = freshQueue();
    await expect(
      store().transaction(async (tx) => {
        await tx.jobs.enqueue(request(queue));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await store().jobs.list({ queue }, { limit: 10 })).items).toHaveLength(0);
    await store().transaction((tx) => tx.jobs.enqueue(request(queue)));
    const { items } = await store().jobs.list({ queue }, { limit: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      status: 'queued',
      attempts: 0,
      payload: { n: 1 },
      priority: jobPriorities.normal,
    });
  });

  it('claims interactive work before normal before backfill, oldest first, up to the limit', async () => {
    const queue = freshQueue();
    const enqueue = (n: number, priority: number, runAt = t0) =>
      store().jobs.enqueue(request(queue, { payload: { n }, priority, runAt }));
    await enqueue(1, jobPriorities.backfill);
    await enqueue(2, jobPriorities.normal, at(-2000));
    await enqueue(3, jobPriorities.interactive);
    await enqueue(4, jobPriorities.normal, at(-1000));
    await enqueue(5, jobPriorities.interactive, at(60_000)); // not yet due
    const first = await claim(queue, 'w1', 3);
    expect(first.map((j) => (j.payload as { n: number }).n)).toEqual([3, 2, 4]);
    expect(first.every((j) => j.status === 'running' && j.attempts === 1 && j.leaseOwner === 'w1')).toBe(true);
    expect((await claim(queue, 'w2', 10)).map((j) => (j.payload as { n: number }).n)).toEqual([1]);
    expect(await claim(queue, 'w2', 10)).toEqual([]);
    expect((await claim(queue, 'w2', 10, at(60_000))).map((j) => (j.payload as { n: number }).n)).toEqual([5]);
  });

  it('claims only the job names the worker has handlers for', async () => {
    const queue = freshQueue();
    await store().jobs.enqueue(request(queue, { name: 'test.unknown' }));
    expect(await claim(queue, 'w1')).toEqual([]);
    expect(await store().jobs.hasClaimable(['test.unknown'], t0)).toBe(true);
  });

  it('retries with the given backoff and dead-letters after max attempts with the last error', async () => {
    const queue = freshQueue();
    const { job } = await store().jobs.enqueue(request(queue, { maxAttempts: 3 }));
    for (let attempt = 1; attempt <= 3; attempt++) {
      const now = at(attempt * 10_000);
      const [claimed] = await claim(queue, 'w1', 1, now);
      expect(claimed?.id).toBe(job.id);
      expect(claimed?.attempts).toBe(attempt);
      const outcome = await store().jobs.fail(
        { id: job.id, owner: 'w1' },
        { code: 'TRANSIENT_FAILURE', message: `try ${attempt}`, retryAt: at(attempt * 10_000 + 5000) },
        now,
      );
      expect(outcome).toBe(attempt < 3 ? 'failed' : 'dead');
      if (attempt < 3) {
        // Not before the backoff has passed.
        expect(await claim(queue, 'w1', 1, at(attempt * 10_000 + 4999))).toEqual([]);
      }
    }
    const dead = await store().jobs.get(job.id);
    expect(dead).toMatchObject({
      status: 'dead',
      attempts: 3,
      lastError: { code: 'TRANSIENT_FAILURE', message: 'try 3', attempt: 3 },
    });
    expect(dead?.finishedAt).toBeDefined();
    expect(await claim(queue, 'w1', 1, at(1_000_000))).toEqual([]);
  });

  it('dead-letters at once when the failure is permanent (no retry time)', async () => {
    const queue = freshQueue();
    const { job } = await store().jobs.enqueue(request(queue, { maxAttempts: 5 }));
    await claim(queue, 'w1');
    expect(
      await store().jobs.fail({ id: job.id, owner: 'w1' }, { code: 'CORRUPT_FILE', message: 'x'.repeat(10_000) }),
    ).toBe('dead');
    const dead = await store().jobs.get(job.id);
    expect(dead?.status).toBe('dead');
    expect(dead?.lastError?.code).toBe('CORRUPT_FILE');
    expect(dead?.lastError?.message.length).toBeLessThan(2100);
  });

  it('reclaims an expired lease; the old holder can then neither complete nor fail, and the result is written once', async () => {
    const queue = freshQueue();
    const { job } = await store().jobs.enqueue(request(queue));
    const [first] = await claim(queue, 'slow', 1, t0, 1000);
    expect(first?.id).toBe(job.id);
    expect(await store().jobs.extendLease({ id: job.id, owner: 'slow' }, 1000, at(500))).toBe(true);
    // The slow worker stops renewing; after expiry another worker takes the job over.
    const [second] = await claim(queue, 'fast', 1, at(5000), 1000);
    expect(second).toMatchObject({ id: job.id, attempts: 2, leaseOwner: 'fast' });
    expect((await store().jobs.get(job.id))?.lastError?.message).toMatch(/slow stopped renewing/);
    const result = (owner: string): JobRequest =>
      request(queue, { name: 'test.other', dedupeKey: `result:${job.id}:${owner}`, runAt: at(1_000_000) });
    expect(
      await store().transaction((tx) => tx.jobs.complete({ id: job.id, owner: 'slow' }, [result('slow')], at(5100))),
    ).toBe(false);
    expect(await store().jobs.extendLease({ id: job.id, owner: 'slow' }, 1000, at(5100))).toBe(false);
    expect(
      await store().jobs.fail({ id: job.id, owner: 'slow' }, { code: 'INTERNAL', message: 'late' }),
    ).toBeUndefined();
    expect(
      await store().transaction((tx) => tx.jobs.complete({ id: job.id, owner: 'fast' }, [result('fast')], at(5200))),
    ).toBe(true);
    const all = (await store().jobs.list({ queue }, { limit: 10 })).items;
    expect(all.filter((j) => j.name === 'test.other').map((j) => j.dedupeKey)).toEqual([`result:${job.id}:fast`]);
    expect(await store().jobs.get(job.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('gives up on a job whose worker keeps dying instead of re-running it forever', async () => {
    const queue = freshQueue();
    const { job } = await store().jobs.enqueue(request(queue, { maxAttempts: 2 }));
    await claim(queue, 'a', 1, t0, 1000);
    await claim(queue, 'b', 1, at(2000), 1000);
    expect(await claim(queue, 'c', 1, at(4000), 1000)).toEqual([]);
    expect(await store().jobs.get(job.id)).toMatchObject({ status: 'dead', attempts: 2 });
  });

  it('follow-ups are queued with the completion, and not at all when completion is refused', async () => {
    const queue = freshQueue();
    const { job } = await store().jobs.enqueue(request(queue));
    await claim(queue, 'w1');
    await expect(
      store().jobs.complete({ id: job.id, owner: 'w1' }, [
        request(queue, { payload: { next: 1 } }),
        request(queue, { name: 'BAD NAME' }),
      ]),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await store().jobs.get(job.id)).toMatchObject({ status: 'running' });
    expect(await store().jobs.complete({ id: job.id, owner: 'w1' }, [request(queue, { payload: { next: 1 } })])).toBe(
      true,
    );
    const next = (await claim(queue, 'w1', 10, at(1))).map((j) => j.payload);
    expect(next).toEqual([{ next: 1 }]);
  });

  it('deduplicates pending jobs by key, and allows the key again once the job finished', async () => {
    const queue = freshQueue();
    const a = await store().jobs.enqueue(request(queue, { dedupeKey: 'renditions:v1' }));
    const b = await store().transaction((tx) => tx.jobs.enqueue(request(queue, { dedupeKey: 'renditions:v1' })));
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ created: false, job: { id: a.job.id } });
    await claim(queue, 'w1');
    expect((await store().jobs.enqueue(request(queue, { dedupeKey: 'renditions:v1' }))).created).toBe(false);
    await store().jobs.fail({ id: a.job.id, owner: 'w1' }, { code: 'CORRUPT_FILE', message: 'bad' });
    const c = await store().jobs.enqueue(request(queue, { dedupeKey: 'renditions:v1' }));
    expect(c.created).toBe(true);
    // Retrying the dead one while another holds its key would make two: refused.
    expect(await codeOf(store().jobs.retry(a.job.id))).toBe('CONFLICT');
  });

  it('cancels and retries by state', async () => {
    const queue = freshQueue();
    const { job } = await store().jobs.enqueue(request(queue, { maxAttempts: 1 }));
    await claim(queue, 'w1');
    expect(await store().jobs.retry(job.id)).toBeUndefined(); // running: nothing to retry
    expect(
      await store().jobs.fail({ id: job.id, owner: 'w1' }, { code: 'TRANSIENT_FAILURE', message: 'x', retryAt: at(1) }),
    ).toBe('dead');
    const retried = await store().jobs.retry(job.id, at(10));
    expect(retried).toMatchObject({ status: 'queued', attempts: 0, runAt: at(10).toISOString() });
    expect(retried?.lastError?.message).toBe('x');
    const [claimed] = await claim(queue, 'w2', 1, at(20));
    expect(claimed?.id).toBe(job.id);
    const cancelled = await store().jobs.cancel(job.id);
    expect(cancelled?.status).toBe('cancelled');
    // The worker that held it learns at its next renewal and cannot complete.
    expect(await store().jobs.extendLease({ id: job.id, owner: 'w2' }, 1000)).toBe(false);
    expect(await store().jobs.complete({ id: job.id, owner: 'w2' })).toBe(false);
    expect(await store().jobs.cancel(job.id)).toBeUndefined();
    expect(await store().jobs.cancel('00000000-0000-7000-8000-000000000000')).toBeUndefined();
  });

  it('releases a leased job without counting the attempt', async () => {
    const queue = freshQueue();
    const { job } = await store().jobs.enqueue(request(queue));
    await claim(queue, 'w1');
    expect(await store().jobs.release({ id: job.id, owner: 'w2' })).toBe(false);
    expect(await store().jobs.release({ id: job.id, owner: 'w1' })).toBe(true);
    expect(await store().jobs.get(job.id)).toMatchObject({ status: 'queued', attempts: 0 });
  });

  it('counts per queue, lists newest first with a cursor, and purges finished jobs', async () => {
    const queue = freshQueue();
    for (let i = 0; i < 5; i++) await store().jobs.enqueue(request(queue, { payload: { i } }));
    const [running, done] = await claim(queue, 'w1', 2);
    await store().jobs.complete({ id: done!.id, owner: 'w1' }, [], at(1000));
    const stats = (await store().jobs.stats()).find((s) => s.queue === queue);
    expect(stats).toMatchObject({ queued: 3, running: 1, succeeded: 1, failed: 0, dead: 0, cancelled: 0 });
    const page1 = await store().jobs.list({ queue }, { limit: 3 });
    expect(page1.items.map((j) => (j.payload as { i: number }).i)).toEqual([4, 3, 2]);
    const page2 = await store().jobs.list({ queue }, { limit: 3, cursor: page1.nextCursor! });
    expect(page2.items.map((j) => (j.payload as { i: number }).i)).toEqual([1, 0]);
    expect(page2.nextCursor).toBeUndefined();
    expect((await store().jobs.list({ queue, status: 'running' }, { limit: 10 })).items.map((j) => j.id)).toEqual([
      running!.id,
    ]);
    await store().jobs.purgeFinished(at(999));
    expect(await store().jobs.get(done!.id)).toBeDefined();
    expect(await store().jobs.purgeFinished(at(1001))).toBe(1);
    expect(await store().jobs.get(done!.id)).toBeUndefined();
  });

  it('refuses malformed requests with every problem listed', async () => {
    const error = await store()
      .jobs.enqueue({ name: '', queue: 'Q Q', payload: { blob: 'x'.repeat(70_000) }, priority: 1.5, maxAttempts: 0 })
      .catch((e: unknown) => e);
    expect(isProvenaError(error) && error.code).toBe('VALIDATION_FAILED');
    const fields = (isProvenaError(error) ? (error.details.problems as Array<{ field: string }>) : [])
      .map((p) => p.field)
      .sort();
    expect(fields).toEqual(['maxAttempts', 'name', 'payload', 'priority', 'queue']);
  });

  it('concurrent claimers never receive the same job', async () => {
    const queue = freshQueue();
    for (let i = 0; i < 60; i++) await store().jobs.enqueue(request(queue, { payload: { i } }));
    const claimed = await Promise.all(Array.from({ length: 6 }, (_, w) => claim(queue, `w${w}`, 7)));
    const ids = claimed.flat().map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(42);
  });
});
