/** Operating the job queue: what is queued, running and failed, per queue; retry and cancel by id. */
import type { Page } from '../domain/asset.ts';
import { notFound, ProvenaError, validationFailed } from '../domain/errors.ts';
import { isId } from '../domain/ids.ts';
import { emptyJobCounts, type Job, type JobCounts, type JobFilter, type QueueStats } from '../domain/jobs.ts';
import type { Store, StoreTx } from '../domain/ports.ts';

export const maxJobPageSize = 200;

export interface JobOverview {
  queues: QueueStats[];
  totals: JobCounts;
}

export class JobService {
  constructor(private readonly deps: { store: Store }) {}

  async get(id: string): Promise<Job> {
    const job = isId(id) ? await this.deps.store.jobs.get(id) : undefined;
    if (!job) throw notFound('Job', id);
    return job;
  }

  list(filter: JobFilter, page: { limit?: number; cursor?: string } = {}): Promise<Page<Job>> {
    if (page.cursor !== undefined && !isId(page.cursor))
      throw validationFailed([{ field: 'cursor', problem: 'is not a cursor from a previous page' }]);
    const limit = Math.min(Math.max(page.limit ?? 50, 1), maxJobPageSize);
    return this.deps.store.jobs.list(filter, { limit, ...(page.cursor ? { cursor: page.cursor } : {}) });
  }

  async stats(): Promise<JobOverview> {
    const queues = await this.deps.store.jobs.stats();
    const totals = emptyJobCounts();
    for (const q of queues) for (const key of Object.keys(totals) as Array<keyof JobCounts>) totals[key] += q[key];
    return { queues, totals };
  }

  /** A dead, cancelled or failed (waiting to retry) job runs again now with fresh attempts; audited as `actor`. */
  async retry(id: string, actor: string): Promise<Job> {
    const job = isId(id) ? await this.audited(id, actor, 'job.retried', (tx) => tx.jobs.retry(id)) : undefined;
    if (job) return job;
    const current = await this.get(id);
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
   * A queued, failed, running or dead job is cancelled; a running one stops at its next lease renewal. Audited as
   * `actor`.
   */
  async cancel(id: string, actor: string): Promise<Job> {
    const job = isId(id) ? await this.audited(id, actor, 'job.cancelled', (tx) => tx.jobs.cancel(id)) : undefined;
    if (job) return job;
    const current = await this.get(id);
    throw new ProvenaError('CONFLICT', `Job ${id} is already ${current.status}.`, { id, status: current.status });
  }

  /** An operator's change to a job and its audit entry, in one transaction; nothing is audited when nothing changed. */
  private audited(
    id: string,
    actor: string,
    action: string,
    change: (tx: StoreTx) => Promise<Job | undefined>,
  ): Promise<Job | undefined> {
    return this.deps.store.transaction(async (tx) => {
      const before = await tx.jobs.get(id);
      const job = before && (await change(tx));
      if (job)
        await tx.audit.append({
          actor,
          action,
          subjectType: 'job',
          subjectId: id,
          details: { name: job.name, queue: job.queue, from: before.status, to: job.status },
        });
      return job;
    });
  }
}
