/**
 * Operating the job queue: what is queued, running and failed, per queue; retry and cancel by id. An operator's tool:
 * every method needs jobs:manage.
 */
import { actorLabel, type RequestContext } from '../domain/access.ts';
import type { Page } from '../domain/asset.ts';
import { notFound, ProvenaError, validationFailed } from '../domain/errors.ts';
import { isId } from '../domain/ids.ts';
import { emptyJobCounts, type Job, type JobCounts, type JobFilter, type QueueStats } from '../domain/jobs.ts';
import type { Transaction, UnitOfWork } from '../domain/ports.ts';
import { authorise } from './authorise.ts';

export const maxJobPageSize = 200;

export interface JobOverview {
  queues: QueueStats[];
  totals: JobCounts;
}

export class JobService {
  constructor(private readonly deps: { store: UnitOfWork<'jobs' | 'audit'> }) {}

  async get(ctx: RequestContext, id: string): Promise<Job> {
    authorise(ctx, 'jobs:manage');
    const job = isId(id) ? await this.deps.store.jobs.get(id) : undefined;
    if (!job) throw notFound('Job', id);
    return job;
  }

  async list(
    ctx: RequestContext,
    filter: JobFilter,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<Job>> {
    authorise(ctx, 'jobs:manage');
    if (page.cursor !== undefined && !isId(page.cursor))
      throw validationFailed([{ field: 'cursor', problem: 'is not a cursor from a previous page' }]);
    const limit = Math.min(Math.max(page.limit ?? 50, 1), maxJobPageSize);
    return this.deps.store.jobs.list(filter, { limit, ...(page.cursor ? { cursor: page.cursor } : {}) });
  }

  async stats(ctx: RequestContext): Promise<JobOverview> {
    authorise(ctx, 'jobs:manage');
    const queues = await this.deps.store.jobs.stats();
    const totals = emptyJobCounts();
    for (const q of queues) for (const key of Object.keys(totals) as Array<keyof JobCounts>) totals[key] += q[key];
    return { queues, totals };
  }

  /** A dead, cancelled or failed (waiting to retry) job runs again now with fresh attempts; audited with the actor. */
  async retry(ctx: RequestContext, id: string): Promise<Job> {
    authorise(ctx, 'jobs:manage');
    const job = isId(id) ? await this.audited(ctx, id, 'job.retried', async (tx) => tx.jobs.retry(id)) : undefined;
    if (job) return job;
    const current = await this.get(ctx, id);
    throw new ProvenaError(
      'CONFLICT',
      `Job ${id} is ${current.status}; only dead, cancelled or failed jobs can be retried.`,
      {
        id,
        status: current.status,
      },
    );
  }

  /**
   * A queued, failed, running or dead job is cancelled; a running one stops at its next lease renewal. Audited with
   * the actor.
   */
  async cancel(ctx: RequestContext, id: string): Promise<Job> {
    authorise(ctx, 'jobs:manage');
    const job = isId(id) ? await this.audited(ctx, id, 'job.cancelled', async (tx) => tx.jobs.cancel(id)) : undefined;
    if (job) return job;
    const current = await this.get(ctx, id);
    throw new ProvenaError('CONFLICT', `Job ${id} is already ${current.status}.`, { id, status: current.status });
  }

  /** An operator's change to a job and its audit entry, in one transaction; nothing is audited when nothing changed. */
  private async audited(
    ctx: RequestContext,
    id: string,
    action: string,
    change: (tx: Transaction<'jobs' | 'audit'>) => Promise<Job | undefined>,
  ): Promise<Job | undefined> {
    return this.deps.store.transaction(async (tx) => {
      const before = await tx.jobs.get(id);
      const job = before && (await change(tx));
      if (job)
        await tx.audit.append({
          actor: actorLabel(ctx.actor),
          action,
          subjectType: 'job',
          subjectId: id,
          details: { name: job.name, queue: job.queue, from: before.status, to: job.status },
        });
      return job;
    });
  }
}
