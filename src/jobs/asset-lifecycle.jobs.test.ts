/** The purge job: enqueued once however often asked, and its handler purges as the system, on both dialects. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { operator } from '../../test/contexts.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { systemContext } from '../domain/access.ts';
import { createJobRegistry } from '../main/job-definitions.ts';
import { purgeDeletedAssetsJob } from './asset-lifecycle.jobs.ts';

for (const dialect of dialects) {
  describeDialect(dialect, `maintenance.purge-deleted [${dialect}]`, () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect);
    });
    afterAll(() => rt.dispose());

    it('purges the deleted assets past their retention, audited as the job', async () => {
      const { asset } = await rt.intake.intake(operator, await samplePng(77), {
        fileName: 'old.png',
        fields: completeFields,
        mode: 'interactive',
      });
      await rt.lifecycle.delete(operator, asset.id, new Date('2020-01-01T00:00:00Z'));
      // The delete queued the purge of the day its retention ends, to run once that day is over.
      const queued = (await rt.store.jobs.list({ name: 'maintenance.purge-deleted' }, { limit: 10 })).items;
      expect(queued).toEqual([
        expect.objectContaining({
          dedupeKey: 'purge-deleted:2020-01-31',
          payload: { due: '2020-01-31' },
          runAt: '2020-02-01T00:00:00.000Z',
        }),
      ]);
      const registry = createJobRegistry(rt);
      const [first, second] = await rt.store.transaction(async (tx) => [
        await registry.enqueue(tx, purgeDeletedAssetsJob, {}),
        await registry.enqueue(tx, purgeDeletedAssetsJob, {}),
      ]);
      expect([first.created, second.created]).toEqual([true, false]);
      const definition = registry.definition('maintenance.purge-deleted')!;
      await definition.handler(registry.parse('maintenance.purge-deleted', first.job.payload), {
        job: first.job,
        ctx: systemContext('maintenance.purge-deleted'),
        signal: new AbortController().signal,
        stillHeld: () => Promise.resolve(),
      });
      expect(await rt.store.assets.get(asset.id, { includeDeleted: true })).toBeUndefined();
      expect((await rt.store.audit.forSubject('asset', asset.id)).at(-1)).toMatchObject({
        action: 'asset.purged',
        actor: 'system:maintenance.purge-deleted',
      });
    });
  });
}
