/**
 * The re-derivation of risk tiers after a policy change. Storing a policy version queues `risk.rederive-tiers` in
 * the same transaction (policy.service.ts); each job re-derives one keyset batch of the assets not yet decided, in
 * one transaction that first checks the job is still this worker's, and its completion queues the job for the next
 * batch. Every batch is idempotent (a retried one finds nothing left to change), and a version no longer current
 * stops: the newer version's own job walks every asset again.
 */
import { Type } from 'typebox';
import type { PolicyService, RederiveTiersQueue } from '../services/policy.service.ts';
import { defineJob, jobQueue, jobRequest, jobType } from './registry.ts';

export const riskPolicyQueueName = 'governance';

export const rederiveTiersJob = jobType({
  name: 'risk.rederive-tiers',
  queue: riskPolicyQueueName,
  priority: 'normal',
  maxAttempts: 10,
  timeoutSeconds: 300,
  payload: Type.Object(
    {
      policyVersion: Type.Integer({ minimum: 1 }),
      after: Type.Optional(Type.String({ maxLength: 100 })),
    },
    { additionalProperties: false },
  ),
  // One pending job per batch: a retried enqueue of the same batch queues it once.
  dedupeKey: ({ policyVersion, after }) => `risk-tiers:${policyVersion}:${after ?? ''}`,
});

/** What the policy service queues the re-derivation through. */
export const rederiveTiersQueue: RederiveTiersQueue = jobQueue(rederiveTiersJob);

export function riskPolicyJobs(deps: { policies(): Promise<Pick<PolicyService, 'rederiveBatch'>> }) {
  return [
    defineJob({
      ...rederiveTiersJob,
      handler: async ({ policyVersion, after }, { ctx, stillHeld }) => {
        const service = await deps.policies();
        const outcome = await service.rederiveBatch(
          ctx,
          { policyVersion, ...(after !== undefined ? { after } : {}) },
          stillHeld,
        );
        if (outcome.next === undefined) return;
        return { followUps: [jobRequest(rederiveTiersJob, { policyVersion, after: outcome.next })] };
      },
    }),
  ] as const;
}
