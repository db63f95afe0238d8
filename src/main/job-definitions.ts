/**
 * Every job this installation runs, wired to its dependencies. A job family adds its definitions here (e.g.
 * `...enrichmentJobs(...)`); createJobRegistry refuses to start on a duplicate name or a definition without handler,
 * and `enqueuedJobNames` lists names that code enqueues, which must each have a definition.
 */
import { enrichmentJobs } from '../jobs/enrichment.jobs.ts';
import { maintenanceJobs } from '../jobs/maintenance.jobs.ts';
import { createRegistry, type JobRegistry } from '../jobs/registry.ts';
import type { Runtime } from './runtime.ts';

export function jobDefinitions(runtime: Pick<Runtime, 'blobs' | 'openEnrichment'>) {
  return [
    ...maintenanceJobs({ blobs: runtime.blobs }),
    ...enrichmentJobs({ openEnrichment: runtime.openEnrichment }),
  ] as const;
}

/** The typed registry of this installation: `registry.request('maintenance.sweep-staging', { olderThanHours: 24 })`. */
export type AppJobRegistry = JobRegistry<ReturnType<typeof jobDefinitions>>;

/** Names some service or listener enqueues: each must have exactly one definition above. */
export const enqueuedJobNames: readonly string[] = ['enrich.version'];

export function createJobRegistry(runtime: Pick<Runtime, 'blobs' | 'openEnrichment'>): AppJobRegistry {
  return createRegistry(jobDefinitions(runtime), { expected: enqueuedJobNames });
}
