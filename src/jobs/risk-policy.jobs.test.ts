import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { operator } from '../../test/contexts.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { eventually } from '../../test/waiting.ts';
import { defaultRiskPolicy } from '../domain/risk-policy.ts';
import { PolicyService } from '../services/policy.service.ts';
import { createRegistry } from './registry.ts';
import { rederiveTiersJob, rederiveTiersQueue, riskPolicyJobs } from './risk-policy.jobs.ts';
import { Worker } from './worker.ts';

for (const dialect of dialects) {
  describeDialect(dialect, `risk.rederive-tiers through the worker [${dialect}]`, () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
    });
    afterAll(async () => rt?.dispose());

    it('walks every asset not yet decided in batches, each batch queueing the next, until all are re-derived', async () => {
      const assets = [];
      for (let n = 0; n < 5; n++)
        assets.push(
          (
            await rt.intake.intake(operator, Readable.from([await samplePng(8200 + n)]), {
              fileName: `w${n}.png`,
              fields: completeFields,
              mode: 'bulk',
            })
          ).asset,
        );
      // Two per batch: three jobs for five assets.
      const small = new PolicyService({ store: rt.store, rederive: rederiveTiersQueue, batchSize: 2 });
      const worker = new Worker({
        store: rt.store,
        registry: createRegistry(riskPolicyJobs({ policies: () => Promise.resolve(small) })),
        concurrency: 1,
        leaseMs: 5000,
        minPollMs: 10,
        maxPollMs: 50,
        backoff: { baseMs: 5, maxMs: 20 },
      });
      worker.start();
      onTestFinished(() => worker.stop({ graceMs: 0 }));

      await rt.policies.put(operator, {
        value: {
          ...defaultRiskPolicy,
          rules: [...defaultRiskPolicy.rules, { id: 'social-risky', when: { intendedUse: ['social'] }, tier: 3 }],
        },
      });
      const jobs = await eventually(
        () => rt.store.jobs.list({ name: rederiveTiersJob.name }, { limit: 50 }),
        (page) => page.items.length >= 3 && page.items.every((j) => j.status === 'succeeded'),
      );
      expect(jobs.items).toHaveLength(3);
      for (const asset of assets)
        expect(await rt.assets.get(operator, asset.id)).toMatchObject({
          riskTier: 3,
          riskRule: 'social-risky',
          riskPolicyVersion: 1,
        });
      const summaries = (await rt.store.audit.forSubject('risk-policy', '1')).filter(
        (e) => e.action === 'risk-policy.tiers-rederived',
      );
      expect(summaries.map((e) => e.actor)).toEqual([
        'system:risk.rederive-tiers',
        'system:risk.rederive-tiers',
        'system:risk.rederive-tiers',
      ]);
      expect(summaries.reduce((sum, e) => sum + Number(e.details?.changed), 0)).toBe(5);
    });
  });
}
