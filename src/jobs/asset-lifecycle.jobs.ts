/**
 * The purge of soft-deleted assets past their retention (services/asset-lifecycle.service.ts), as a maintenance job
 * any worker may pick up: what `provena purge` does, acting as the system (`system:maintenance.purge-deleted` in the
 * audit log). A soft delete queues one for the day its retention ends, to run once that day is over (one job per
 * day, however many assets are deleted); a restore leaves it be, and it then finds nothing to do. Each run removes up
 * to one batch, and queues the next run at once while assets past their retention remain.
 */
import { Type } from 'typebox';
import type { AssetLifecycleService, PurgeDeletedQueue } from '../services/asset-lifecycle.service.ts';
import { maintenanceQueue } from './maintenance.jobs.ts';
import { defineJob, jobQueue, jobRequest, jobType } from './registry.ts';

export const purgeDeletedAssetsJob = jobType({
  name: 'maintenance.purge-deleted',
  queue: maintenanceQueue,
  priority: 'backfill',
  maxAttempts: 3,
  payload: Type.Object(
    {
      due: Type.Optional(
        Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'The day whose retention ends it is for' }),
      ),
    },
    { additionalProperties: false },
  ),
  // One pending purge per day it is due: the deletions of a day share it; asking again adds nothing.
  dedupeKey: ({ due }) => `purge-deleted:${due ?? 'now'}`,
});

/** What a soft delete queues the purge of its day through. */
export const purgeDeletedQueue: PurgeDeletedQueue = jobQueue(purgeDeletedAssetsJob);

export function assetLifecycleJobs(deps: { lifecycle: Pick<AssetLifecycleService, 'purge'> }) {
  return [
    defineJob({
      ...purgeDeletedAssetsJob,
      handler: async (_payload, { ctx }) => {
        const report = await deps.lifecycle.purge(ctx);
        // A full batch leaves more behind: the next run goes on with them.
        if (!report.more) return;
        return { followUps: [jobRequest(purgeDeletedAssetsJob, {})] };
      },
    }),
  ] as const;
}
