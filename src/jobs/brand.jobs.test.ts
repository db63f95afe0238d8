import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { operator } from '../../test/contexts.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { eventually } from '../../test/waiting.ts';
import { createJobRegistry } from '../main/job-definitions.ts';
import { Worker } from './worker.ts';

const guideline = (forbidden: string[]) => ({
  brand: { name: 'Acme' },
  appliesTo: { teams: [completeFields.team] },
  rules: [{ id: 'no-artists', type: 'prompt', forbidden }],
});

for (const dialect of dialects) {
  describeDialect(dialect, `brand.check and brand.recheck through the worker [${dialect}]`, () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
    });
    afterAll(async () => rt?.dispose());

    it('takes enriched assets through brand_check to review or back to the requestor, and re-checks on a bump', async () => {
      await rt.brands.createBrand(operator, { name: 'Acme' });
      await rt.brands.importGuideline(operator, 'acme', { value: guideline(['picasso']) });
      const worker = new Worker({
        store: rt.store,
        registry: createJobRegistry(rt),
        concurrency: 1,
        leaseMs: 10_000,
        minPollMs: 10,
        maxPollMs: 50,
        backoff: { baseMs: 5, maxMs: 20 },
      });
      worker.start();
      onTestFinished(() => worker.stop({ graceMs: 0 }));
      const ingest = async (n: number, prompt: string) =>
        (
          await rt.intake.intake(operator, Readable.from([await samplePng(8600 + n)]), {
            fileName: `brand${n}.png`,
            fields: { ...completeFields, prompt },
            mode: 'bulk',
          })
        ).asset.id;
      const plain = await ingest(1, 'a lighthouse at dusk, oil painting');
      const picasso = await ingest(2, 'a lighthouse at dusk in the style of Picasso');
      const statusOf = async (id: string) => (await rt.store.assets.get(id))?.status;
      await eventually(
        async () => [await statusOf(plain), await statusOf(picasso)],
        ([a, b]) => a === 'in_review' && b === 'changes_requested',
      );
      const failed = await rt.brandChecks.checksOf(operator, picasso);
      expect(failed.current[0]).toMatchObject({ verdict: 'fail', cause: 'workflow' });

      // Picasso allowed now: the failed asset's verdict changes and it is flagged; the other's stays.
      await rt.brands.importGuideline(operator, 'acme', { value: guideline(['banksy']) });
      const flagged = await eventually(
        async () => rt.brandChecks.checksOf(operator, picasso),
        (checks) => checks.rereview !== undefined,
      );
      expect(flagged.rereview).toMatchObject({ previous: { verdict: 'fail' }, check: { verdict: 'pass' } });
      expect((await rt.brandChecks.checksOf(operator, plain)).rereview).toBeUndefined();
    });
  });
}
