import { expect, it } from 'vitest';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { useTestApp } from '../../../test/http-app.ts';

interface JobReply {
  id: string;
  status: string;
  attempts: number;
  lastError?: { code: string; message: string };
}

for (const dialect of dialects) {
  describeDialect(dialect, `jobs API [${dialect}]`, () => {
    const t = useTestApp(dialect);

    const enqueue = (name = 'maintenance.sweep-staging') =>
      t.rt.store.transaction(
        async (tx) =>
          (await tx.jobs.enqueue({ name, queue: 'maintenance', payload: { olderThanHours: 1 }, maxAttempts: 2 })).job,
      );
    /** Takes a job the way a worker does and fails it for good. */
    const killJob = async (id: string, name = 'maintenance.sweep-staging') => {
      const [claimed] = await t.rt.store.transaction((tx) =>
        tx.jobs.claim({ queue: 'maintenance', names: [name], owner: 'test', limit: 1, leaseMs: 60_000 }),
      );
      expect(claimed?.id).toBe(id);
      await t.rt.store.jobs.fail({ id, owner: 'test' }, { code: 'CORRUPT_FILE', message: 'unreadable' });
    };

    it('lists jobs with filters and pagination, and counts them per queue', async () => {
      const a = await enqueue();
      const b = await enqueue();
      await killJob(a.id);
      const all = await t.app.inject({ url: '/api/v1/jobs?limit=1' });
      expect(all.statusCode).toBe(200);
      const page = all.json<{ items: JobReply[]; nextCursor: string }>();
      expect(page.items.map((j) => j.id)).toEqual([b.id]);
      const next = await t.app.inject({ url: `/api/v1/jobs?limit=1&cursor=${page.nextCursor}` });
      expect(next.json<{ items: JobReply[] }>().items.map((j) => j.id)).toEqual([a.id]);
      const dead = await t.app.inject({ url: '/api/v1/jobs?status=dead' });
      expect(dead.json<{ items: JobReply[] }>().items).toMatchObject([
        { id: a.id, status: 'dead', lastError: { code: 'CORRUPT_FILE', message: 'unreadable' } },
      ]);
      const stats = await t.app.inject({ url: '/api/v1/jobs/stats' });
      expect(stats.json()).toMatchObject({
        queues: [{ queue: 'maintenance', queued: 1, dead: 1, running: 0 }],
        totals: { queued: 1, dead: 1, running: 0, failed: 0 },
      });
    });

    it('retries a dead job and cancels a queued one; refuses what the state does not allow', async () => {
      const job = await enqueue('test.api');
      await killJob(job.id, 'test.api');
      const retried = await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${job.id}/retry` });
      expect(retried.statusCode).toBe(200);
      expect(retried.json()).toMatchObject({ id: job.id, status: 'queued', attempts: 0 });
      const again = await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${job.id}/retry` });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ error: { code: 'CONFLICT', details: { status: 'queued' } } });
      const cancelled = await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${job.id}/cancel` });
      expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${job.id}/cancel` })).statusCode).toBe(409);
      expect((await t.app.inject({ url: `/api/v1/jobs/${job.id}` })).json()).toMatchObject({ status: 'cancelled' });
    });

    it('answers bad ids and filters with the error shape', async () => {
      const missing = await t.app.inject({
        method: 'POST',
        url: '/api/v1/jobs/0190a0a0-0000-7000-8000-000000000000/cancel',
      });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
      const badId = await t.app.inject({ url: '/api/v1/jobs/not-an-id' });
      expect(badId.statusCode).toBe(400);
      const badStatus = await t.app.inject({ url: '/api/v1/jobs?status=exploded&limit=0' });
      expect(badStatus.statusCode).toBe(400);
      expect(
        badStatus
          .json<{ error: { details: { problems: Array<{ field: string }> } } }>()
          .error.details.problems.map((p) => p.field)
          .sort(),
      ).toEqual(['limit', 'status']);
      const openapi = await t.app.inject({ url: '/openapi.json' });
      expect(Object.keys(openapi.json<{ paths: object }>().paths)).toEqual(
        expect.arrayContaining(['/api/v1/jobs', '/api/v1/jobs/stats', '/api/v1/jobs/{id}/retry']),
      );
    });
  });
}
