/** Housekeeping jobs: work that keeps storage tidy and that any worker may pick up. */
import { Type } from 'typebox';
import type { BlobStore } from '../domain/ports.ts';
import { defineJob } from './registry.ts';

export const maintenanceQueue = 'maintenance';

export function maintenanceJobs(deps: { blobs: Pick<BlobStore, 'sweepStaging'> }) {
  return [
    defineJob({
      name: 'maintenance.sweep-staging',
      queue: maintenanceQueue,
      priority: 'backfill',
      maxAttempts: 3,
      // Uploads abandoned mid-stream (a crash between staging and commit) leave temporary files behind.
      payload: Type.Object(
        { olderThanHours: Type.Integer({ minimum: 1, maximum: 24 * 365 }) },
        { additionalProperties: false },
      ),
      handler: async ({ olderThanHours }) => {
        await deps.blobs.sweepStaging(new Date(Date.now() - olderThanHours * 3600_000));
      },
    }),
  ] as const;
}
