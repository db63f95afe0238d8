/**
 * Durable background jobs: the types, the pure rules (request limits, backoff) and the JobRepository port that
 * storage/ implements on the project's own database (no external queue). The typed registry and the worker loop
 * live in src/jobs/.
 */
import type { Page } from './asset.ts';
import { validationFailed, type FieldProblem } from './errors.ts';

/**
 * queued: waiting for run_at. running: leased by a worker. failed: the last attempt failed and a retry is scheduled
 * (claimable again at run_at). dead: gave up (attempts exhausted or a permanent error), kept with its last error.
 */
export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'dead', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** Statuses in which a job still owes work; a dedupe key is unique among these. */
export const pendingJobStatuses = ['queued', 'running', 'failed'] as const satisfies readonly JobStatus[];

/** Higher runs first within a queue: what a person is waiting for goes before bulk catch-up work. */
export const jobPriorities = { interactive: 100, normal: 50, backfill: 10 } as const;
export type JobPriorityName = keyof typeof jobPriorities;

export const jobLimits = {
  nameLength: 100,
  dedupeKeyLength: 300,
  /** Payloads name what to work on (ids, options); results belong in their own tables. */
  payloadBytes: 64 * 1024,
  maxAttempts: 100,
  priority: 1000,
  errorMessageLength: 2000,
} as const;

export const defaultMaxAttempts = 5;

export interface JobRequest {
  name: string;
  queue: string;
  payload: unknown;
  /** Default jobPriorities.normal. */
  priority?: number;
  /** At most one pending job per key (e.g. `renditions:<assetVersionId>`): enqueueing it again returns that job. */
  dedupeKey?: string;
  /** Not before this time (default now). */
  runAt?: Date;
  /** Default defaultMaxAttempts. */
  maxAttempts?: number;
}

export interface JobError {
  code: string;
  message: string;
  attempt: number;
  at: string;
}

export interface Job {
  id: string;
  queue: string;
  name: string;
  payload: unknown;
  priority: number;
  status: JobStatus;
  /** Attempts started so far, including a running one. */
  attempts: number;
  maxAttempts: number;
  runAt: string;
  leaseOwner?: string;
  leaseExpiresAt?: string;
  lastError?: JobError;
  dedupeKey?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  updatedAt: string;
}

/** Proof that a worker holds a job: every state change a worker makes is conditional on it (fencing). */
export interface JobLease {
  id: string;
  owner: string;
}

export interface ClaimRequest {
  queue: string;
  /** Only jobs this worker has handlers for; unknown names wait for a worker that knows them. */
  names: readonly string[];
  owner: string;
  limit: number;
  leaseMs: number;
  now?: Date;
}

export interface JobFilter {
  status?: JobStatus;
  queue?: string;
  name?: string;
}

export type JobCounts = Record<JobStatus, number>;

export interface QueueStats extends JobCounts {
  queue: string;
}

export interface JobRepository {
  /** Inside the caller's transaction when called on a StoreTx: rolled back with it. */
  enqueue(request: JobRequest): Promise<{ job: Job; created: boolean }>;
  /** Cheap read (no write lock): is a job with one of these names ready to claim, or any lease past expiry? */
  hasClaimable(names: readonly string[], now?: Date): Promise<boolean>;
  /** Leases past expiry: back to `failed` (retry now), or `dead` once attempts are used up. */
  reapExpired(now?: Date): Promise<{ retried: number; dead: number }>;
  /** Leases up to `limit` ready jobs, highest priority first, oldest first within a priority. */
  claim(request: ClaimRequest): Promise<Job[]>;
  /** False when the lease was lost (expired and taken, cancelled): the worker must stop and write nothing. */
  extendLease(lease: JobLease, leaseMs: number, now?: Date): Promise<boolean>;
  /** Marks succeeded and queues the follow-ups, only while the lease is held; false (and nothing queued) otherwise. */
  complete(lease: JobLease, followUps?: readonly JobRequest[], now?: Date): Promise<boolean>;
  /**
   * Records a failed attempt. With `retryAt` and attempts left: `failed`, runnable again at retryAt. Otherwise
   * `dead` with the error. Undefined when the lease was lost.
   */
  fail(
    lease: JobLease,
    failure: { code: string; message: string; retryAt?: Date },
    now?: Date,
  ): Promise<'failed' | 'dead' | undefined>;
  /** Gives a leased job back unharmed (graceful shutdown): queued again, the attempt not counted. */
  release(lease: JobLease, now?: Date): Promise<boolean>;
  /** queued | failed | running | dead → cancelled. Undefined when the job is missing or already finished. */
  cancel(id: string, now?: Date): Promise<Job | undefined>;
  /** dead | cancelled | failed → queued with fresh attempts. Undefined when the job is missing or not in those states. */
  retry(id: string, now?: Date): Promise<Job | undefined>;
  get(id: string): Promise<Job | undefined>;
  /** Newest first. */
  list(filter: JobFilter, page: { limit: number; cursor?: string }): Promise<Page<Job>>;
  stats(): Promise<QueueStats[]>;
  /** Deletes succeeded and cancelled jobs finished before `before`; returns how many. */
  purgeFinished(before: Date): Promise<number>;
}

/**
 * Enqueues one kind of job inside the caller's transaction, typed by its payload: what a service is given instead of
 * a job name (jobs/registry.ts makes one from the job's type, which spells the name once). A function-valued property,
 * so that a queue whose schema accepts less than the service sends does not type-check.
 */
export interface JobQueue<P> {
  readonly enqueue: (
    tx: { jobs: JobRepository },
    payload: P,
    /** `runAt`: not before then (a purge due when a retention period ends, say). */
    options?: { priority?: JobPriorityName; runAt?: Date },
  ) => Promise<{ job: Job; created: boolean }>;
}

/** Limits every request must meet, whoever enqueues it; one error lists every problem. */
export function checkJobRequest(request: JobRequest): void {
  const problems: FieldProblem[] = [];
  const name = (field: 'name' | 'queue', value: unknown) => {
    if (typeof value !== 'string' || !/^[a-z0-9][a-z0-9._:-]*$/.test(value) || value.length > jobLimits.nameLength) {
      problems.push({ field, problem: `must be 1–${jobLimits.nameLength} characters of a-z, 0-9, ".", "_", ":", "-"` });
    }
  };
  name('name', request.name);
  name('queue', request.queue);
  const int = (field: string, value: number | undefined, min: number, max: number) => {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
      problems.push({ field, problem: `must be a whole number from ${min} to ${max}` });
    }
  };
  int('priority', request.priority, -jobLimits.priority, jobLimits.priority);
  int('maxAttempts', request.maxAttempts, 1, jobLimits.maxAttempts);
  if (
    request.dedupeKey !== undefined &&
    (request.dedupeKey.length === 0 || request.dedupeKey.length > jobLimits.dedupeKeyLength)
  ) {
    problems.push({ field: 'dedupeKey', problem: `must be 1–${jobLimits.dedupeKeyLength} characters` });
  }
  if (request.runAt !== undefined && Number.isNaN(request.runAt.getTime()))
    problems.push({ field: 'runAt', problem: 'is not a valid time' });
  let size = 0;
  try {
    size = Buffer.byteLength(JSON.stringify(request.payload ?? null));
  } catch {
    problems.push({ field: 'payload', problem: 'must be JSON-serialisable' });
  }
  if (size > jobLimits.payloadBytes)
    problems.push({ field: 'payload', problem: `is ${size} bytes; at most ${jobLimits.payloadBytes}` });
  if (problems.length > 0) throw validationFailed(problems);
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with jitter before attempt `attempt + 1`: base·2^(attempt−1), capped, then a random point in
 * its upper half, so that jobs that failed together (a database blip) do not all retry in the same instant.
 */
export function backoffMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(policy.baseMs * 2 ** exponent, policy.maxMs);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export const emptyJobCounts = (): JobCounts => ({
  queued: 0,
  running: 0,
  succeeded: 0,
  failed: 0,
  dead: 0,
  cancelled: 0,
});
