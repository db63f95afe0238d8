/** /api/v1/jobs: the background job queue for operators — list, per-queue counts, one job, retry, cancel. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { JobService } from '../../services/job.service.ts';
import { presentJob } from './jobs.presenter.ts';
import { cancelJobSchema, getJobSchema, jobStatsSchema, listJobsSchema, retryJobSchema } from './jobs.schemas.ts';

export const jobRoutes =
  (deps: { jobs: JobService }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get('/api/v1/jobs', { schema: listJobsSchema }, async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const page = await deps.jobs.list(request.context, filter, {
        ...(limit ? { limit } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return { items: page.items.map(presentJob), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    });

    app.get('/api/v1/jobs/stats', { schema: jobStatsSchema }, (request) => deps.jobs.stats(request.context));

    app.get('/api/v1/jobs/:id', { schema: getJobSchema }, async (request) =>
      presentJob(await deps.jobs.get(request.context, request.params.id)),
    );

    app.post('/api/v1/jobs/:id/retry', { schema: retryJobSchema }, async (request) =>
      presentJob(await deps.jobs.retry(request.context, request.params.id)),
    );

    app.post('/api/v1/jobs/:id/cancel', { schema: cancelJobSchema }, async (request) =>
      presentJob(await deps.jobs.cancel(request.context, request.params.id)),
    );
  };
