/**
 * The purge of soft-deleted assets past their retention (services/asset-lifecycle.service.ts), as a maintenance job
 * any worker may pick up: what `provena purge` does, acting as the system (`system:maintenance.purge-deleted` in the
 * audit log). Each run removes up to one batch; a backlog is worked off by the runs after it.
 */
import { Type } from 'typebox';
import type { AssetLifecycleService } from '../services/asset-lifecycle.service.ts';
import { maintenanceQueue } from './maintenance.jobs.ts';
import { defineJob, jobType } from './registry.ts';

export const purgeDeletedAssetsJob = jobType({
  name: 'maintenance.purge-deleted',
  queue: maintenanceQueue,
  priority: 'backfill',
  maxAttempts: 3,
  payload: Type.Object({}, { additionalProperties: false }),
  // One pending purge at a time: asking again while one waits adds nothing.
  dedupeKey: () => 'purge-deleted',
});

export function assetLifecycleJobs(deps: { lifecycle: Pick<AssetLifecycleService, 'purge'> }) {
  return [
    defineJob({
      ...purgeDeletedAssetsJob,
      handler: async (_payload, { ctx }) => {
        await deps.lifecycle.purge(ctx);
      },
    }),
  ] as const;
}
