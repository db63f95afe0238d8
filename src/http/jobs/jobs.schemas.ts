import { Type, type Static } from 'typebox';
import { jobStatuses } from '../../domain/jobs.ts';
import { conflictingErrorResponses, errorResponses, PageLimit, pageOf, stringEnum } from '../schemas.ts';

const Id = Type.String({ format: 'uuid', description: 'Job id (UUIDv7)' });
const JobStatusEnum = stringEnum(jobStatuses);
const QueueName = Type.String({ maxLength: 100, pattern: '^[a-z0-9][a-z0-9._:-]*$' });

const Counts = {
  queued: Type.Integer({ description: 'Waiting to run' }),
  running: Type.Integer({ description: 'Leased by a worker now' }),
  succeeded: Type.Integer(),
  failed: Type.Integer({ description: 'Last attempt failed; a retry is scheduled' }),
  dead: Type.Integer({ description: 'Gave up (attempts used up or a permanent error); see lastError' }),
  cancelled: Type.Integer(),
};

export const JobBody = Type.Object(
  {
    id: Type.String(),
    queue: Type.String(),
    name: Type.String(),
    payload: Type.Unknown({ description: 'The job payload (its schema depends on the job name)' }),
    priority: Type.Integer({
      description: 'Higher runs first within a queue (interactive 100, normal 50, backfill 10)',
    }),
    status: JobStatusEnum,
    attempts: Type.Integer(),
    maxAttempts: Type.Integer(),
    runAt: Type.String({ description: 'Not before this time (the retry time of a failed job)' }),
    leaseOwner: Type.Optional(Type.String({ description: 'The worker running it (or that ran it last)' })),
    leaseExpiresAt: Type.Optional(Type.String()),
    lastError: Type.Optional(
      Type.Object(
        { code: Type.String(), message: Type.String(), attempt: Type.Integer(), at: Type.String() },
        { description: 'The error of the last failed attempt' },
      ),
    ),
    dedupeKey: Type.Optional(Type.String()),
    createdAt: Type.String(),
    startedAt: Type.Optional(Type.String()),
    finishedAt: Type.Optional(Type.String()),
    updatedAt: Type.String(),
  },
  { $id: 'Job' },
);
export type JobBodyType = Static<typeof JobBody>;

export const listJobsSchema = {
  tags: ['jobs'],
  summary: 'List background jobs, newest first, with filters and cursor pagination',
  querystring: Type.Object(
    {
      status: Type.Optional(JobStatusEnum),
      queue: Type.Optional(QueueName),
      name: Type.Optional(QueueName),
      limit: PageLimit,
      cursor: Type.Optional(Type.String({ format: 'uuid' })),
    },
    { additionalProperties: false },
  ),
  response: {
    200: pageOf(Type.Ref('Job')),
    ...errorResponses,
  },
};

export const jobStatsSchema = {
  tags: ['jobs'],
  summary: 'Queue depth, running, failed and dead jobs per queue, with totals',
  response: {
    200: Type.Object({
      queues: Type.Array(Type.Object({ queue: Type.String(), ...Counts })),
      totals: Type.Object(Counts),
    }),
    ...errorResponses,
  },
};

const oneJob = (summary: string, description?: string) => ({
  tags: ['jobs'],
  summary,
  ...(description ? { description } : {}),
  params: Type.Object({ id: Id }),
  response: { 200: Type.Ref('Job'), ...conflictingErrorResponses },
});

export const getJobSchema = oneJob('One job with its status and last error');
export const retryJobSchema = oneJob(
  'Run a dead, cancelled or failed job again now, with fresh attempts',
  'CONFLICT when the job is queued, running or succeeded.',
);
export const cancelJobSchema = oneJob(
  'Cancel a queued, failed, running or dead job',
  'A running job stops at its next lease renewal and writes no result. CONFLICT when it already succeeded or was cancelled.',
);
