import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, postgresAvailable } from '../../../test/dialects.ts';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime.ts';
import { buildApp } from '../app.ts';

interface JobReply {
  id: string;
  status: string;
  attempts: number;
  lastError?: { code: string; message: string };
}

for (const dialect of dialects) {
  describe.skipIf(dialect === 'postgres' && !postgresAvailable())(`jobs API [${dialect}]`, () => {
    let rt: TestRuntime;
    let app: FastifyInstance;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect);
      app = await buildApp({
        intake: rt.intake,
        assets: rt.assets,
        jobs: rt.jobs,
        ready: () => rt.store.ping(),
        maxUploadBytes: 1000,
      });
    });
    afterAll(async () => {
      await app.close();
      await rt.dispose();
    });

    const enqueue = (name = 'maintenance.sweep-staging') =>
      rt.store.transaction(
        async (tx) =>
          (await tx.jobs.enqueue({ name, queue: 'maintenance', payload: { olderThanHours: 1 }, maxAttempts: 2 })).job,
      );
    /** Takes a job the way a worker does and fails it for good. */
    const killJob = async (id: string, name = 'maintenance.sweep-staging') => {
      const [claimed] = await rt.store.transaction((tx) =>
        tx.jobs.claim({ queue: 'maintenance', names: [name], owner: 'test', limit: 1, leaseMs: 60_000 }),
      );
      expect(claimed?.id).toBe(id);
      await rt.store.jobs.fail({ id, owner: 'test' }, { code: 'CORRUPT_FILE', message: 'unreadable' });
    };

    it('lists jobs with filters and pagination, and counts them per queue', async () => {
      const a = await enqueue();
      const b = await enqueue();
      await killJob(a.id);
      const all = await app.inject({ url: '/api/v1/jobs?limit=1' });
      expect(all.statusCode).toBe(200);
      const page = all.json<{ items: JobReply[]; nextCursor: string }>();
      expect(page.items.map((j) => j.id)).toEqual([b.id]);
      const next = await app.inject({ url: `/api/v1/jobs?limit=1&cursor=${page.nextCursor}` });
      expect(next.json<{ items: JobReply[] }>().items.map((j) => j.id)).toEqual([a.id]);
      const dead = await app.inject({ url: '/api/v1/jobs?status=dead' });
      expect(dead.json<{ items: JobReply[] }>().items).toMatchObject([
        { id: a.id, status: 'dead', lastError: { code: 'CORRUPT_FILE', message: 'unreadable' } },
      ]);
      const stats = await app.inject({ url: '/api/v1/jobs/stats' });
      expect(stats.json()).toMatchObject({
        queues: [{ queue: 'maintenance', queued: 1, dead: 1, running: 0 }],
        totals: { queued: 1, dead: 1, running: 0, failed: 0 },
      });
    });

    it('retries a dead job and cancels a queued one; refuses what the state does not allow', async () => {
      const job = await enqueue('test.api');
      await killJob(job.id, 'test.api');
      const retried = await app.inject({ method: 'POST', url: `/api/v1/jobs/${job.id}/retry` });
      expect(retried.statusCode).toBe(200);
      expect(retried.json()).toMatchObject({ id: job.id, status: 'queued', attempts: 0 });
      const again = await app.inject({ method: 'POST', url: `/api/v1/jobs/${job.id}/retry` });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ error: { code: 'CONFLICT', details: { status: 'queued' } } });
      const cancelled = await app.inject({ method: 'POST', url: `/api/v1/jobs/${job.id}/cancel` });
      expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
      expect((await app.inject({ method: 'POST', url: `/api/v1/jobs/${job.id}/cancel` })).statusCode).toBe(409);
      expect((await app.inject({ url: `/api/v1/jobs/${job.id}` })).json()).toMatchObject({ status: 'cancelled' });
    });

    it('answers bad ids and filters with the error shape', async () => {
      const missing = await app.inject({
        method: 'POST',
        url: '/api/v1/jobs/0190a0a0-0000-7000-8000-000000000000/cancel',
      });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
      const badId = await app.inject({ url: '/api/v1/jobs/not-an-id' });
      expect(badId.statusCode).toBe(400);
      const badStatus = await app.inject({ url: '/api/v1/jobs?status=exploded&limit=0' });
      expect(badStatus.statusCode).toBe(400);
      expect(
        badStatus
          .json<{ error: { details: { problems: Array<{ field: string }> } } }>()
          .error.details.problems.map((p) => p.field)
          .sort(),
      ).toEqual(['limit', 'status']);
      const openapi = await app.inject({ url: '/openapi.json' });
      expect(Object.keys(openapi.json<{ paths: object }>().paths)).toEqual(
        expect.arrayContaining(['/api/v1/jobs', '/api/v1/jobs/stats', '/api/v1/jobs/{id}/retry']),
      );
    });
  });
}
