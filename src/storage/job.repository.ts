/**
 * The job queue on the project's own database. Claiming is one UPDATE … WHERE id IN (ready jobs): on PostgreSQL the
 * inner SELECT takes `FOR UPDATE SKIP LOCKED`, so concurrent workers each get different rows without waiting; on
 * SQLite the worker runs it inside the store's BEGIN IMMEDIATE transaction, which serialises claimers outright.
 * Every change a worker makes afterwards is fenced by its lease (id + owner + status running): a worker whose lease
 * expired and was taken over can no longer complete, fail or extend the job.
 */
import type { Kysely, Selectable } from 'kysely';
import { newId } from '../domain/ids.ts';
import type { Page } from '../domain/asset.ts';
import {
  checkJobRequest,
  defaultMaxAttempts,
  emptyJobCounts,
  jobLimits,
  jobPriorities,
  jobStatuses,
  pendingJobStatuses,
  type ClaimRequest,
  type Job,
  type JobError,
  type JobFilter,
  type JobLease,
  type JobRepository,
  type JobRequest,
  type JobStatus,
  type QueueStats,
} from '../domain/jobs.ts';
import { ProvenaError } from '../domain/errors.ts';
import type { Dialect } from './database.ts';
import { fromJson, toJson } from './json.ts';
import type { Database, JobRow } from './schema.ts';

const readyStatuses = ['queued', 'failed'] as const;
/** Expired leases handled per reaper pass; the rest wait for the next pass. */
const reapBatch = 100;

const iso = (date: Date | undefined): string => (date ?? new Date()).toISOString();

function rowToJob(row: Selectable<JobRow>): Job {
  return {
    id: row.id,
    queue: row.queue,
    name: row.name,
    payload: fromJson<unknown>(row.payload),
    priority: Number(row.priority),
    status: row.status as JobStatus,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    runAt: row.run_at,
    ...(row.lease_owner !== null ? { leaseOwner: row.lease_owner } : {}),
    ...(row.lease_expires_at !== null ? { leaseExpiresAt: row.lease_expires_at } : {}),
    ...(row.last_error !== null ? { lastError: fromJson<JobError>(row.last_error) } : {}),
    ...(row.dedupe_key !== null ? { dedupeKey: row.dedupe_key } : {}),
    createdAt: row.created_at,
    ...(row.started_at !== null ? { startedAt: row.started_at } : {}),
    ...(row.finished_at !== null ? { finishedAt: row.finished_at } : {}),
    updatedAt: row.updated_at,
  };
}

const byClaimOrder = (a: Job, b: Job): number =>
  b.priority - a.priority || a.runAt.localeCompare(b.runAt) || a.id.localeCompare(b.id);

const errorJson = (code: string, message: string, attempt: number, at: string): string =>
  toJson({
    code,
    message:
      message.length > jobLimits.errorMessageLength ? `${message.slice(0, jobLimits.errorMessageLength)}…` : message,
    attempt,
    at,
  } satisfies JobError);

export class SqlJobRepository implements JobRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async enqueue(request: JobRequest): Promise<{ job: Job; created: boolean }> {
    checkJobRequest(request);
    const now = iso(undefined);
    const row = {
      id: newId(),
      queue: request.queue,
      name: request.name,
      payload: toJson(request.payload ?? null),
      priority: request.priority ?? jobPriorities.normal,
      status: 'queued',
      attempts: 0,
      max_attempts: request.maxAttempts ?? defaultMaxAttempts,
      run_at: iso(request.runAt),
      dedupe_key: request.dedupeKey ?? null,
      created_at: now,
      updated_at: now,
    };
    if (request.dedupeKey === undefined) {
      const inserted = await this.db.insertInto('jobs').values(row).returningAll().executeTakeFirstOrThrow();
      return { job: rowToJob(inserted), created: true };
    }
    // The pending job holding the key may finish between our insert and our read; then the insert wins next time.
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await this.db
        .insertInto('jobs')
        .values({ ...row, id: attempt === 0 ? row.id : newId() })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { job: rowToJob(inserted), created: true };
      const existing = await this.db
        .selectFrom('jobs')
        .selectAll()
        .where('dedupe_key', '=', request.dedupeKey)
        .where('status', 'in', pendingJobStatuses)
        .executeTakeFirst();
      if (existing) return { job: rowToJob(existing), created: false };
    }
    throw new ProvenaError(
      'TRANSIENT_FAILURE',
      `Job with dedupe key ${request.dedupeKey} changed state while being enqueued; retry.`,
      {
        dedupeKey: request.dedupeKey,
      },
    );
  }

  async hasClaimable(names: readonly string[], now?: Date): Promise<boolean> {
    if (names.length === 0) return false;
    const at = iso(now);
    const ready = await this.db
      .selectFrom('jobs')
      .select('id')
      .where('status', 'in', readyStatuses)
      .where('name', 'in', names)
      .where('run_at', '<=', at)
      .limit(1)
      .executeTakeFirst();
    if (ready) return true;
    const expired = await this.db
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', 'running')
      .where('lease_expires_at', '<', at)
      .limit(1)
      .executeTakeFirst();
    return expired !== undefined;
  }

  async reapExpired(now?: Date): Promise<{ retried: number; dead: number }> {
    const at = iso(now);
    let query = this.db
      .selectFrom('jobs')
      .select(['id', 'lease_owner', 'attempts', 'max_attempts'])
      .where('status', '=', 'running')
      .where('lease_expires_at', '<', at)
      .orderBy('lease_expires_at')
      .limit(reapBatch);
    if (this.dialect === 'postgres') query = query.forUpdate().skipLocked();
    const expired = await query.execute();
    let retried = 0;
    let dead = 0;
    for (const row of expired) {
      const attempts = Number(row.attempts);
      // A job whose every attempt ends with its worker gone (it crashes the process, say) must not loop forever.
      const giveUp = attempts >= Number(row.max_attempts);
      const message = `The worker ${row.lease_owner ?? '?'} stopped renewing its lease (crashed, killed or stalled) during attempt ${attempts}.`;
      const result = await this.db
        .updateTable('jobs')
        .set({
          status: giveUp ? 'dead' : 'failed',
          run_at: at,
          lease_expires_at: null,
          last_error: errorJson('TRANSIENT_FAILURE', message, attempts, at),
          ...(giveUp ? { finished_at: at } : {}),
          updated_at: at,
        })
        .where('id', '=', row.id)
        .where('status', '=', 'running')
        .where('lease_expires_at', '<', at)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) {
        if (giveUp) dead++;
        else retried++;
      }
    }
    return { retried, dead };
  }

  async claim(request: ClaimRequest): Promise<Job[]> {
    if (request.names.length === 0 || request.limit < 1) return [];
    const now = request.now ?? new Date();
    const at = now.toISOString();
    let ready = this.db
      .selectFrom('jobs')
      .select('id')
      .where('queue', '=', request.queue)
      .where('status', 'in', readyStatuses)
      .where('run_at', '<=', at)
      .where('name', 'in', request.names)
      .orderBy('priority', 'desc')
      .orderBy('run_at')
      .orderBy('id')
      .limit(request.limit);
    if (this.dialect === 'postgres') ready = ready.forUpdate().skipLocked();
    const rows = await this.db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        attempts: eb('attempts', '+', 1),
        lease_owner: request.owner,
        lease_expires_at: new Date(now.getTime() + request.leaseMs).toISOString(),
        started_at: at,
        updated_at: at,
      }))
      .where('id', 'in', ready)
      .returningAll()
      .execute();
    return rows.map(rowToJob).sort(byClaimOrder);
  }

  async extendLease(lease: JobLease, leaseMs: number, now?: Date): Promise<boolean> {
    const at = now ?? new Date();
    const result = await this.fenced(lease)
      .set({ lease_expires_at: new Date(at.getTime() + leaseMs).toISOString(), updated_at: at.toISOString() })
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async complete(lease: JobLease, followUps: readonly JobRequest[] = [], now?: Date): Promise<boolean> {
    for (const followUp of followUps) checkJobRequest(followUp);
    return this.atomically(async (repo) => {
      const at = iso(now);
      const result = await repo
        .fenced(lease)
        .set({ status: 'succeeded', lease_expires_at: null, finished_at: at, updated_at: at })
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      for (const followUp of followUps) await repo.enqueue(followUp);
      return true;
    });
  }

  async fail(
    lease: JobLease,
    failure: { code: string; message: string; retryAt?: Date },
    now?: Date,
  ): Promise<'failed' | 'dead' | undefined> {
    const at = iso(now);
    const row = await this.db
      .selectFrom('jobs')
      .select(['attempts', 'max_attempts'])
      .where('id', '=', lease.id)
      .where('lease_owner', '=', lease.owner)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (!row) return undefined;
    const attempts = Number(row.attempts);
    const status = failure.retryAt !== undefined && attempts < Number(row.max_attempts) ? 'failed' : 'dead';
    const result = await this.fenced(lease)
      .set({
        status,
        lease_expires_at: null,
        last_error: errorJson(failure.code, failure.message, attempts, at),
        ...(status === 'failed' ? { run_at: failure.retryAt!.toISOString() } : { finished_at: at }),
        updated_at: at,
      })
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0 ? status : undefined;
  }

  async release(lease: JobLease, now?: Date): Promise<boolean> {
    const at = iso(now);
    const result = await this.fenced(lease)
      .set((eb) => ({
        status: 'queued',
        attempts: eb('attempts', '-', 1),
        lease_owner: null,
        lease_expires_at: null,
        run_at: at,
        updated_at: at,
      }))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async cancel(id: string, now?: Date): Promise<Job | undefined> {
    const at = iso(now);
    const row = await this.db
      .updateTable('jobs')
      .set({ status: 'cancelled', lease_expires_at: null, finished_at: at, updated_at: at })
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'failed', 'running', 'dead'])
      .returningAll()
      .executeTakeFirst();
    return row ? rowToJob(row) : undefined;
  }

  async retry(id: string, now?: Date): Promise<Job | undefined> {
    const at = iso(now);
    const row = await this.db
      .updateTable('jobs')
      .set({
        status: 'queued',
        attempts: 0,
        run_at: at,
        lease_owner: null,
        lease_expires_at: null,
        finished_at: null,
        updated_at: at,
      })
      .where('id', '=', id)
      .where('status', 'in', ['dead', 'cancelled', 'failed'])
      .returningAll()
      .executeTakeFirst();
    return row ? rowToJob(row) : undefined;
  }

  async get(id: string): Promise<Job | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? rowToJob(row) : undefined;
  }

  async list(filter: JobFilter, page: { limit: number; cursor?: string }): Promise<Page<Job>> {
    let query = this.db.selectFrom('jobs').selectAll();
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.queue) query = query.where('queue', '=', filter.queue);
    if (filter.name) query = query.where('name', '=', filter.name);
    if (page.cursor) query = query.where('id', '<', page.cursor);
    const rows = await query
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    const items = rows.slice(0, page.limit).map(rowToJob);
    return { items, ...(rows.length > page.limit ? { nextCursor: items[items.length - 1]!.id } : {}) };
  }

  async stats(): Promise<QueueStats[]> {
    const rows = await this.db
      .selectFrom('jobs')
      .select((eb) => ['queue', 'status', eb.fn.countAll<number | string>().as('n')])
      .groupBy(['queue', 'status'])
      .execute();
    const byQueue = new Map<string, QueueStats>();
    for (const row of rows) {
      const stats = byQueue.get(row.queue) ?? { queue: row.queue, ...emptyJobCounts() };
      if ((jobStatuses as readonly string[]).includes(row.status)) stats[row.status as JobStatus] = Number(row.n);
      byQueue.set(row.queue, stats);
    }
    return [...byQueue.values()].sort((a, b) => a.queue.localeCompare(b.queue));
  }

  async purgeFinished(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('jobs')
      .where('status', 'in', ['succeeded', 'cancelled'])
      .where('finished_at', '<', before.toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** An UPDATE that only touches the job while this lease holds it. */
  private fenced(lease: JobLease) {
    return this.db
      .updateTable('jobs')
      .where('id', '=', lease.id)
      .where('lease_owner', '=', lease.owner)
      .where('status', '=', 'running');
  }

  /** Runs `work` in the caller's transaction when there is one, else in a new one. */
  private atomically<T>(work: (repo: SqlJobRepository) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db.transaction().execute((trx) => work(new SqlJobRepository(trx, this.dialect)));
  }
}
