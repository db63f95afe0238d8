/**
 * The brand check's jobs. `brand.check`: the workflow's check of one asset version in `brand_check`, queued by the
 * enrichment run's finish (services/brand-gate.ts); it stores the results and takes the asset on, in one transaction
 * that first checks the job is still this worker's. `brand.recheck`: a new guideline version's re-check of the
 * brand's checked assets, one keyset batch per job, each queuing the next; every batch is idempotent and a version
 * no longer newest stops.
 */
import { Type } from 'typebox';
import type { BrandCheckRequest, BrandCheckService } from '../services/brand-check.service.ts';
import type { BrandRecheckRequest } from '../services/brand-service-types.ts';
import type { JobQueue } from '../domain/jobs.ts';
import { defineJob, jobQueue, jobRequest, jobType } from './registry.ts';

export const brandQueueName = 'governance';

export const brandCheckJob = jobType({
  name: 'brand.check',
  queue: brandQueueName,
  priority: 'interactive',
  maxAttempts: 5,
  // Logo rules match on the picture: a few seconds at most, with room for a busy machine.
  timeoutSeconds: 300,
  payload: Type.Object(
    {
      assetId: Type.String({ maxLength: 100 }),
      version: Type.Integer({ minimum: 1 }),
    },
    { additionalProperties: false },
  ),
  dedupeKey: ({ assetId, version }) => `brand-check:${assetId}:${version}`,
});

export const brandRecheckJob = jobType({
  name: 'brand.recheck',
  queue: brandQueueName,
  priority: 'backfill',
  maxAttempts: 10,
  timeoutSeconds: 600,
  payload: Type.Object(
    {
      brandId: Type.String({ maxLength: 100 }),
      guidelineVersion: Type.Integer({ minimum: 1 }),
      after: Type.Optional(Type.String({ maxLength: 100 })),
    },
    { additionalProperties: false },
  ),
  dedupeKey: ({ brandId, guidelineVersion, after }) => `brand-recheck:${brandId}:${guidelineVersion}:${after ?? ''}`,
});

export const brandCheckQueue: JobQueue<BrandCheckRequest> = jobQueue(brandCheckJob);
export const brandRecheckQueue: JobQueue<BrandRecheckRequest> = jobQueue(brandRecheckJob);

export function brandJobs(deps: {
  brandChecks(): Promise<Pick<BrandCheckService, 'runWorkflowCheck' | 'recheckBatch'>>;
}) {
  return [
    defineJob({
      ...brandCheckJob,
      handler: async (request, { ctx, stillHeld }) => {
        await (await deps.brandChecks()).runWorkflowCheck(ctx, request, stillHeld);
      },
    }),
    defineJob({
      ...brandRecheckJob,
      handler: async ({ brandId, guidelineVersion, after }, { ctx, stillHeld }) => {
        const outcome = await (
          await deps.brandChecks()
        ).recheckBatch(ctx, { brandId, guidelineVersion, ...(after !== undefined ? { after } : {}) }, stillHeld);
        if (outcome.next === undefined) return;
        return { followUps: [jobRequest(brandRecheckJob, { brandId, guidelineVersion, after: outcome.next })] };
      },
    }),
  ] as const;
}
