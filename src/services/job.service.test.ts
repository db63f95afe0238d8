import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { createTestRuntime, type TestRuntime } from '../../test/runtime.ts';

for (const dialect of dialects) {
  describeDialect(dialect, `JobService, audited [${dialect}]`, () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect);
    });
    afterAll(() => rt.dispose());

    const enqueue = async () =>
      (
        await rt.store.jobs.enqueue({
          name: 'maintenance.sweep-staging',
          queue: 'maintenance',
          payload: { olderThanHours: 1 },
        })
      ).job;
    const trail = (id: string) => rt.store.audit.forSubject('job', id);

    it('records who cancelled and who retried a job, from which state to which', async () => {
      const job = await enqueue();
      await rt.jobs.cancel(job.id, 'cli:ana');
      await rt.jobs.retry(job.id, 'api:anonymous');
      expect(await trail(job.id)).toMatchObject([
        {
          actor: 'cli:ana',
          action: 'job.cancelled',
          subjectType: 'job',
          details: { name: 'maintenance.sweep-staging', queue: 'maintenance', from: 'queued', to: 'cancelled' },
        },
        { actor: 'api:anonymous', action: 'job.retried', details: { from: 'cancelled', to: 'queued' } },
      ]);
      expect(await rt.maintenance.verifyAudit()).toMatchObject({ ok: true });
    });

    it('records nothing when there was nothing to change', async () => {
      const job = await enqueue();
      await expect(rt.jobs.retry(job.id, 'cli:ana')).rejects.toMatchObject({ code: 'CONFLICT' });
      await rt.jobs.cancel(job.id, 'cli:ana');
      await expect(rt.jobs.cancel(job.id, 'cli:ana')).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(rt.jobs.cancel('00000000-0000-7000-8000-000000000000', 'cli:ana')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect((await trail(job.id)).map((e) => e.action)).toEqual(['job.cancelled']);
    });
  });
}
