/**
 * The typed job registry. Each job name has one payload schema and one handler; `createRegistry` refuses to build
 * (so the process refuses to start) when a name has two definitions, a definition has no handler, or a name that
 * code enqueues has no definition. Payloads are checked against their schema when enqueued and again when run (a
 * row written by an older version may no longer fit), so a handler receives exactly its static type.
 */
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { validationFailed } from '../domain/errors.ts';
import { checkJobRequest, jobPriorities, type Job, type JobPriorityName, type JobRequest } from '../domain/jobs.ts';
import type { StoreTx } from '../domain/ports.ts';

export interface JobContext {
  job: Readonly<Job>;
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

export interface JobDefinition<N extends string = string, S extends TSchema = TSchema> {
  name: N;
  queue: string;
  payload: S;
  handler: (payload: Static<S>, context: JobContext) => Promise<JobResult | void>;
  /** Default priority when enqueued through the registry (default 'normal'). */
  priority?: JobPriorityName;
  maxAttempts?: number;
  /** The handler is aborted and the attempt failed after this long (default 10 minutes). */
  timeoutSeconds?: number;
}

/** Any definition, whatever its payload: what lists of definitions hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobDefinition = JobDefinition<string, any>;

/** Keeps the literal name and the schema type, so a registry built from definitions knows each payload type. */
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

interface Entry {
  definition: AnyJobDefinition;
  check: ReturnType<typeof Compile>;
}

export class JobRegistry<D extends Defs = Defs> {
  private readonly entries = new Map<string, Entry>();

  /** Use createRegistry: it performs the start-up checks. */
  constructor(definitions: D) {
    for (const definition of definitions) {
      this.entries.set(definition.name, { definition, check: Compile(definition.payload as TSchema) });
    }
  }

  get names(): string[] {
    return [...this.entries.keys()];
  }

  /** Queue name → the job names in it. */
  get queues(): Map<string, string[]> {
    const queues = new Map<string, string[]>();
    for (const { definition } of this.entries.values())
      queues.set(definition.queue, [...(queues.get(definition.queue) ?? []), definition.name]);
    return queues;
  }

  definition(name: string): AnyJobDefinition | undefined {
    return this.entries.get(name)?.definition;
  }

  /** A request for `name` with a typed, validated payload, its queue, priority and attempts from the definition. */
  request<N extends JobNameOf<D>>(name: N, payload: PayloadOf<D, N>, options: EnqueueOptions = {}): JobRequest {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`No job definition for "${name}"`);
    this.parse(name, payload);
    const priority = options.priority ?? entry.definition.priority ?? 'normal';
    const request: JobRequest = {
      name,
      queue: entry.definition.queue,
      payload,
      priority: typeof priority === 'number' ? priority : jobPriorities[priority],
      ...(options.dedupeKey !== undefined ? { dedupeKey: options.dedupeKey } : {}),
      ...(options.runAt !== undefined ? { runAt: options.runAt } : {}),
      ...((options.maxAttempts ?? entry.definition.maxAttempts) !== undefined
        ? { maxAttempts: options.maxAttempts ?? entry.definition.maxAttempts }
        : {}),
    };
    checkJobRequest(request);
    return request;
  }

  /** Enqueues inside `tx` (the transaction of the change that makes the job due). */
  async enqueue<N extends JobNameOf<D>>(
    tx: Pick<StoreTx, 'jobs'>,
    name: N,
    payload: PayloadOf<D, N>,
    options?: EnqueueOptions,
  ): Promise<Job> {
    return (await tx.jobs.enqueue(this.request(name, payload, options))).job;
  }

  /** Checks a stored payload against the schema of its job; VALIDATION_FAILED lists every problem. */
  parse(name: string, payload: unknown): unknown {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`No job definition for "${name}"`);
    if (!entry.check.Check(payload)) {
      const problems = [...entry.check.Errors(payload)]
        .slice(0, 20)
        .map((e) => ({ field: `payload${e.instancePath.replace(/\//g, '.')}`, problem: e.message }));
      throw validationFailed(
        problems.length ? problems : [{ field: 'payload', problem: `does not fit the schema of ${name}` }],
      );
    }
    return payload;
  }
}

/**
 * Builds the registry or throws, listing every problem: duplicate names, definitions without a handler, names in
 * `expected` (those enqueued somewhere) without a definition.
 */
export function createRegistry<const D extends Defs>(
  definitions: D,
  options: { expected?: readonly string[] } = {},
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
  for (const name of options.expected ?? [])
    if (!seen.has(name)) problems.push(`job "${name}" is enqueued but has no handler`);
  if (problems.length > 0) throw new Error(`The job registry is invalid: ${problems.join('; ')}`);
  return new JobRegistry(definitions);
}
