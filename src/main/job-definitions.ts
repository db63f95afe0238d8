/**
 * Every job this installation runs, wired to its dependencies. A job family adds its definitions here (e.g.
 * `...enrichmentJobs(...)`); createJobRegistry refuses to start on a duplicate name or a definition without handler,
 * and `enqueuedJobs` lists the job types that services enqueue, which must each have a definition.
 */
import { assetLifecycleJobs, purgeDeletedAssetsJob } from '../jobs/asset-lifecycle.jobs.ts';
import { enrichmentJobs, enrichVersionJob } from '../jobs/enrichment.jobs.ts';
import { maintenanceJobs } from '../jobs/maintenance.jobs.ts';
import { rederiveTiersJob, riskPolicyJobs } from '../jobs/risk-policy.jobs.ts';
import { brandCheckJob, brandJobs, brandRecheckJob } from '../jobs/brand.jobs.ts';
import { createRegistry, type JobRegistry } from '../jobs/registry.ts';
import type { Runtime } from './runtime.ts';

export function jobDefinitions(
  runtime: Pick<Runtime, 'blobs' | 'openEnrichment' | 'policies' | 'lifecycle' | 'brandChecks'>,
) {
  return [
    ...maintenanceJobs({ blobs: runtime.blobs }),
    ...assetLifecycleJobs({ lifecycle: runtime.lifecycle }),
    ...enrichmentJobs({ openEnrichment: runtime.openEnrichment }),
    ...riskPolicyJobs({ policies: () => Promise.resolve(runtime.policies) }),
    ...brandJobs({ brandChecks: () => Promise.resolve(runtime.brandChecks) }),
  ] as const;
}

/** The typed registry of this installation: `registry.enqueue(tx, enrichVersionJob, { assetId })`. */
export type AppJobRegistry = JobRegistry<ReturnType<typeof jobDefinitions>>;

/** The job types that services enqueue (through their JobQueue ports): each must have exactly one definition above. */
export const enqueuedJobs = [
  enrichVersionJob,
  rederiveTiersJob,
  purgeDeletedAssetsJob,
  brandCheckJob,
  brandRecheckJob,
] as const;

export function createJobRegistry(
  runtime: Pick<Runtime, 'blobs' | 'openEnrichment' | 'policies' | 'lifecycle' | 'brandChecks'>,
): AppJobRegistry {
  return createRegistry(jobDefinitions(runtime), { expected: enqueuedJobs });
}
