/**
 * Enrichment jobs. Intake enqueues `enrich.version` at interactive priority inside its own transaction (so an asset
 * never exists without its job), deduplicated per version; backfills (`provena enrich`) enqueue at backfill
 * priority. One job runs every enricher of a version on one decode, hashes and the near-duplicate check first.
 * The handler acts as the system (`system:enrich.version` in the audit log). A run that leaves every enricher with a
 * final result takes the asset from `enriching` on to review. A step that failed is recorded as a failed result by
 * the service; the job is retried when the step's error code is one the worker's retry policy retries
 * (retry-policy.ts: busy or unreachable storage, conflicts, a stopped thread, bugs — bounded by maxAttempts), so a
 * retry re-runs only the steps not done. Bad input completes the job as is. An original missing from the blob store
 * or damaged fails the whole run (BLOB_MISSING, INTEGRITY_ERROR): retried, then dead. The run records its results
 * only while the job is still this worker's (JobContext.stillHeld): a job cancelled while it runs stops at its next
 * step and records nothing. */
import { Type } from 'typebox';
import { errorCodes, ProvenaError, type ErrorCode } from '../domain/errors.ts';
import {
  enricherNames,
  type EnrichmentQueue,
  type EnrichmentService,
  type StepOutcome,
} from '../services/enrichment.service.ts';
import { defineJob, jobQueue, jobType } from './registry.ts';
import { retryPolicy } from './retry-policy.ts';

export const enrichmentQueueName = 'enrichment';

/** One version's enrichment: every enricher, or `only` some; `force` recomputes results already current. */
export const enrichVersionJob = jobType({
  name: 'enrich.version',
  queue: enrichmentQueueName,
  priority: 'interactive',
  maxAttempts: 5,
  timeoutSeconds: 600,
  payload: Type.Object(
    {
      assetId: Type.String({ format: 'uuid' }),
      version: Type.Optional(Type.Integer({ minimum: 1 })),
      only: Type.Optional(Type.Array(Type.Enum(enricherNames), { maxItems: enricherNames.length })),
      force: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  // One pending job per (version, selection): asking twice queues once.
  dedupeKey: ({ assetId, version, only, force }) =>
    `enrich:${assetId}:${version ?? 'current'}:${only ? [...only].sort().join(',') : 'all'}${force ? ':force' : ''}`,
});

/** What services queue enrichment through (intake, the backfill, the workflow entering `enriching`). */
export const enrichmentQueue: EnrichmentQueue = jobQueue(enrichVersionJob);

export function enrichmentJobs(deps: { openEnrichment(): Promise<EnrichmentService> }) {
  return [
    defineJob({
      ...enrichVersionJob,
      handler: async ({ assetId, version, only, force }, { job, ctx, signal, stillHeld }) => {
        const service = await deps.openEnrichment();
        const retried = (code: string) => retryPolicy[catalogued(code)] === 'retry';
        const outcome = await service.enrichVersion(ctx, assetId, version, {
          ...(only ? { only: only } : {}),
          ...(force ? { force } : {}),
          // The last attempt's failures are final: the run then takes the asset on to review all the same.
          willRetry: (code) => retried(code) && job.attempts < job.maxAttempts,
          signal,
          guard: stillHeld,
        });
        const retryable = outcome.steps.find((s) => s.status === 'failed' && retried(stepCode(s)));
        if (retryable) {
          throw new ProvenaError(
            stepCode(retryable),
            `${retryable.enricher}: ${retryable.error?.message ?? 'failed'}`,
            { enricher: retryable.enricher },
          );
        }
      },
    }),
  ] as const;
}

/** An error code as the catalogue knows it; one outside it counts as INTERNAL. */
const catalogued = (code: string | undefined): ErrorCode =>
  code !== undefined && code in errorCodes ? (code as ErrorCode) : 'INTERNAL';

/** A failed step's error code. */
const stepCode = (step: StepOutcome): ErrorCode => catalogued(step.error?.code);
