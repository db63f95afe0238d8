/**
 * The typed job registry. A job type (jobType) names a job once, with its queue, payload schema and defaults; its
 * definition (defineJob) adds the handler. Code enqueues a job by its type — `registry.enqueue(tx, enrichVersionJob,
 * payload)`, or a service through the JobQueue port that jobQueue(type) makes — so the payload's type comes from the
 * schema and the name is never spelled again. `createRegistry` refuses to build (so the process refuses to start)
 * when a name has two definitions, a definition has no handler, or a type that code enqueues has no definition.
 * Payloads are checked against their schema when enqueued and again when run (a row written by an older version may
 * no longer fit), so a handler receives exactly its static type.
 */
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { RequestContext } from '../domain/access.ts';
import { validationFailed } from '../domain/errors.ts';
import {
  checkJobRequest,
  jobPriorities,
  type Job,
  type JobPriorityName,
  type JobQueue,
  type JobRequest,
} from '../domain/jobs.ts';
import type { StoreTx } from '../domain/ports.ts';

export interface JobContext {
  job: Readonly<Job>;
  /** Who the handler acts as: the system, named after the job (`system:enrich.version` in the audit log). */
  ctx: RequestContext;
  /** Aborted when the lease is lost (cancelled, or expired and taken over), on timeout, or at a forced shutdown. */
  signal: AbortSignal;
  /**
   * For a handler that records its results in a transaction of its own (rather than through JobResult.commit): call
   * it first in that transaction. It throws (CONFLICT) when this worker no longer holds the job — cancelled, timed
   * out, taken over — so that nothing is recorded; otherwise it renews the lease, which on PostgreSQL also locks the
   * job's row until commit, so that a cancel arriving meanwhile waits for the results instead of missing them.
   */
  stillHeld: (tx: Pick<StoreTx, 'jobs'>) => Promise<void>;
}

export interface JobResult {
  /**
   * Writes the job's result in the transaction that marks it succeeded, only while this worker still holds the
   * lease: a job re-run after its lease expired never has its result written twice. Use only `tx` in here: on the
   * embedded database the store has one connection, which this transaction holds.
   */
  commit?: (tx: StoreTx) => Promise<void>;
  /** Jobs that this one's completion makes due (validated, queued atomically with the completion). */
  followUps?: readonly JobRequest[];
}

/** What a job is, apart from how it runs: what enqueueing needs. */
export interface JobType<N extends string = string, S extends TSchema = TSchema> {
  name: N;
  queue: string;
  payload: S;
  /** Default priority when enqueued (default 'normal'). */
  priority?: JobPriorityName;
  maxAttempts?: number;
  /** The handler is aborted and the attempt failed after this long (default 10 minutes). */
  timeoutSeconds?: number;
  /** At most one pending job per key: asking for the same work twice queues it once. Default: no key. */
  dedupeKey?: (payload: Static<S>) => string;
}

export interface JobDefinition<N extends string = string, S extends TSchema = TSchema> extends JobType<N, S> {
  handler: (payload: Static<S>, context: JobContext) => Promise<JobResult | void>;
}

/** Keeps the literal name and the schema type, so that enqueueing by the type knows its payload type. */
export function jobType<const N extends string, S extends TSchema>(type: JobType<N, S>): JobType<N, S> {
  return type;
}

/** Any definition, whatever its payload: what lists of definitions hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobDefinition = JobDefinition<string, any>;

/** A job type with its handler (`defineJob({ ...enrichVersionJob, handler })`), keeping its literal name and schema. */
export function defineJob<const N extends string, S extends TSchema>(
  definition: JobDefinition<N, S>,
): JobDefinition<N, S> {
  return definition;
}

type Defs = readonly AnyJobDefinition[];
export type JobNameOf<D extends Defs> = D[number]['name'];
/** The payload type of one job name: the discriminated union of definitions, narrowed by name. */
export type PayloadOf<D extends Defs, N extends JobNameOf<D>> = Static<Extract<D[number], { name: N }>['payload']>;

export interface EnqueueOptions {
  priority?: JobPriorityName | number;
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

export const defaultTimeoutSeconds = 600;

/** Each schema compiled once, whoever enqueues or runs its jobs. */
const compiled = new WeakMap<TSchema, ReturnType<typeof Compile>>();
const checkerOf = (schema: TSchema) => {
  let check = compiled.get(schema);
  if (!check) compiled.set(schema, (check = Compile(schema)));
  return check;
};

/** Checks a payload against the schema of its job; VALIDATION_FAILED lists every problem. */
function checkPayload(name: string, schema: TSchema, payload: unknown): void {
  const check = checkerOf(schema);
  if (check.Check(payload)) return;
  const problems = [...check.Errors(payload)]
    .slice(0, 20)
    .map((e) => ({ field: `payload${e.instancePath.replace(/\//g, '.')}`, problem: e.message }));
  throw validationFailed(
    problems.length ? problems : [{ field: 'payload', problem: `does not fit the schema of ${name}` }],
  );
}

/** A validated request for a job of this type, with its queue, priority, attempts and dedupe key from the type. */
export function jobRequest<S extends TSchema>(
  type: JobType<string, S>,
  payload: Static<S>,
  options: EnqueueOptions = {},
): JobRequest {
  checkPayload(type.name, type.payload, payload);
  const priority = options.priority ?? type.priority ?? 'normal';
  const dedupeKey = options.dedupeKey ?? type.dedupeKey?.(payload);
  const maxAttempts = options.maxAttempts ?? type.maxAttempts;
  const request: JobRequest = {
    name: type.name,
    queue: type.queue,
    payload,
    priority: typeof priority === 'number' ? priority : jobPriorities[priority],
    ...(dedupeKey !== undefined ? { dedupeKey } : {}),
    ...(options.runAt !== undefined ? { runAt: options.runAt } : {}),
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
  };
  checkJobRequest(request);
  return request;
}

/**
 * The JobQueue port (domain/jobs.ts) for one job type: what a service that queues this job is given, since services/
 * cannot import jobs/. It enqueues inside the caller's transaction.
 */
export function jobQueue<S extends TSchema>(type: JobType<string, S>): JobQueue<Static<S>> {
  return {
    enqueue: (tx, payload, options = {}) => tx.jobs.enqueue(jobRequest(type, payload, options)),
  };
}

export class JobRegistry<D extends Defs = Defs> {
  private readonly definitions = new Map<string, AnyJobDefinition>();

  /** Use createRegistry: it performs the start-up checks. */
  constructor(definitions: D) {
    for (const definition of definitions) {
      this.definitions.set(definition.name, definition);
      checkerOf(definition.payload as TSchema);
    }
  }

  get names(): string[] {
    return [...this.definitions.keys()];
  }

  /** Queue name → the job names in it. */
  get queues(): Map<string, string[]> {
    const queues = new Map<string, string[]>();
    for (const definition of this.definitions.values())
      queues.set(definition.queue, [...(queues.get(definition.queue) ?? []), definition.name]);
    return queues;
  }

  definition(name: string): AnyJobDefinition | undefined {
    return this.definitions.get(name);
  }

  /** A request for a job of a type this registry runs: typed, validated, with the type's queue and defaults. */
  request<S extends TSchema>(
    type: JobType<JobNameOf<D>, S>,
    payload: Static<S>,
    options: EnqueueOptions = {},
  ): JobRequest {
    if (this.definitions.get(type.name)?.queue !== type.queue)
      throw new Error(`No job definition for "${type.name}" in queue "${type.queue}"`);
    return jobRequest(type, payload, options);
  }

  /** Enqueues inside `tx` (the transaction of the change that makes the job due). */
  async enqueue<S extends TSchema>(
    tx: Pick<StoreTx, 'jobs'>,
    type: JobType<JobNameOf<D>, S>,
    payload: Static<S>,
    options?: EnqueueOptions,
  ): Promise<{ job: Job; created: boolean }> {
    return tx.jobs.enqueue(this.request(type, payload, options));
  }

  /** Checks a stored payload against the schema of its job; VALIDATION_FAILED lists every problem. */
  parse(name: string, payload: unknown): unknown {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`No job definition for "${name}"`);
    checkPayload(name, definition.payload as TSchema, payload);
    return payload;
  }
}

/**
 * Builds the registry or throws, listing every problem: duplicate names, definitions without a handler, names in
 * `expected` (those enqueued somewhere) without a definition.
 */
export function createRegistry<const D extends Defs>(
  definitions: D,
  options: { expected?: readonly Pick<JobType, 'name'>[] } = {},
): JobRegistry<D> {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const definition of definitions) {
    if (seen.has(definition.name)) problems.push(`job "${definition.name}" is defined more than once`);
    seen.add(definition.name);
    if (typeof definition.handler !== 'function') problems.push(`job "${definition.name}" has no handler`);
    try {
      checkJobRequest({
        name: definition.name,
        queue: definition.queue,
        payload: null,
        ...(definition.maxAttempts !== undefined ? { maxAttempts: definition.maxAttempts } : {}),
      });
    } catch (error) {
      problems.push(`job "${definition.name}": ${(error as Error).message}`);
    }
  }
  for (const { name } of options.expected ?? [])
    if (!seen.has(name)) problems.push(`job "${name}" is enqueued but has no handler`);
  if (problems.length > 0) throw new Error(`The job registry is invalid: ${problems.join('; ')}`);
  return new JobRegistry(definitions);
}
