/**
 * Enrichment jobs. Intake enqueues `enrich.version` at interactive priority inside its own transaction (so an asset
 * never exists without its job), deduplicated per version; backfills (`provena enrich`) enqueue at backfill
 * priority. One job runs every enricher of a version on one decode, hashes and the near-duplicate check first.
 * Bad input is recorded as a failed result by the service and does not retry; transient storage failures do.
 */
import { Type } from 'typebox';
import { ProvenaError } from '../domain/errors.ts';
import type { StoreTx } from '../domain/ports.ts';
import {
  enricherNames,
  enrichmentQueue,
  enrichmentRequest,
  type EnrichmentService,
} from '../services/enrichment.service.ts';
import type { IntakeListener } from '../services/intake.service.ts';
import { defineJob } from './registry.ts';

export { enrichmentQueue, enrichmentRequest };

const payload = Type.Object(
  {
    assetId: Type.String({ format: 'uuid' }),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    only: Type.Optional(
      Type.Array(Type.Union(enricherNames.map((n) => Type.Literal(n))), { maxItems: enricherNames.length }),
    ),
    force: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** Codes worth another attempt: the store was busy or away. Everything else is a property of the input. */
const retryable = new Set(['TRANSIENT_FAILURE', 'STORAGE_UNAVAILABLE']);

export function enrichmentJobs(deps: { openEnrichment(): Promise<EnrichmentService> }) {
  return [
    defineJob({
      name: 'enrich.version',
      queue: enrichmentQueue,
      priority: 'interactive',
      maxAttempts: 5,
      timeoutSeconds: 600,
      payload,
      handler: async ({ assetId, version, only, force }) => {
        const service = await deps.openEnrichment();
        const outcome = await service.enrichVersion(assetId, version, {
          ...(only ? { only: only } : {}),
          ...(force ? { force } : {}),
        });
        const transient = outcome.steps.find((s) => s.status === 'failed' && retryable.has(s.error?.code ?? ''));
        if (transient)
          throw new ProvenaError(
            'TRANSIENT_FAILURE',
            `${transient.enricher}: ${transient.error?.message ?? 'failed'}`,
            { enricher: transient.enricher },
          );
      },
    }),
  ] as const;
}

/** Intake listener: the new version's enrichment is queued in the intake transaction. */
export const enqueueEnrichmentOnIntake: IntakeListener = async (tx: StoreTx, asset) => {
  await tx.jobs.enqueue(enrichmentRequest({ assetId: asset.id, version: asset.currentVersion }));
};
