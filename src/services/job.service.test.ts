import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { operator, system } from '../../test/contexts.ts';

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
      await rt.jobs.cancel(operator, job.id);
      await rt.jobs.retry(system, job.id);
      expect(await trail(job.id)).toMatchObject([
        {
          actor: 'operator:tester',
          action: 'job.cancelled',
          subjectType: 'job',
          details: { name: 'maintenance.sweep-staging', queue: 'maintenance', from: 'queued', to: 'cancelled' },
        },
        { actor: 'system:test', action: 'job.retried', details: { from: 'cancelled', to: 'queued' } },
      ]);
      expect(await rt.maintenance.verifyAudit(operator)).toMatchObject({ ok: true });
    });

    it('records nothing when there was nothing to change', async () => {
      const job = await enqueue();
      await expect(rt.jobs.retry(operator, job.id)).rejects.toMatchObject({ code: 'CONFLICT' });
      await rt.jobs.cancel(operator, job.id);
      await expect(rt.jobs.cancel(operator, job.id)).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(rt.jobs.cancel(operator, '00000000-0000-7000-8000-000000000000')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect((await trail(job.id)).map((e) => e.action)).toEqual(['job.cancelled']);
    });
  });
}
