/**
 * The worker loop: claims jobs it has handlers for, runs them under a lease it keeps renewing, and records the
 * outcome. Runs inside `provena serve` on the embedded database and as `provena worker` processes at scale; any
 * number of workers share one database safely because every claim and state change is fenced by the lease.
 *
 * Concurrency: at most `concurrency` jobs at once in this process, and at most `queueConcurrency[queue]` of one
 * queue. When nothing is ready it polls with a growing interval (minPollMs doubling to maxPollMs); finishing a job
 * or calling wake() polls at once.
 */
import { hostname } from 'node:os';
import { systemContext } from '../domain/access.ts';
import { ProvenaError } from '../domain/errors.ts';
import { backoffMs, type BackoffPolicy, type Job, type JobLease } from '../domain/jobs.ts';
import type { Store, StoreTx } from '../domain/ports.ts';
import { defaultTimeoutSeconds, type JobRegistry, type JobResult } from './registry.ts';
import { classifyFailure } from './retry-policy.ts';

export interface WorkerOptions {
  store: Pick<Store, 'transaction' | 'jobs'>;
  registry: JobRegistry;
  /** Global cap: jobs running at once in this worker. */
  concurrency: number;
  /** Per-queue caps (each also bounded by `concurrency`); unlisted queues are bounded by `concurrency` alone. */
  queueConcurrency?: Readonly<Record<string, number>>;
  /** Only these queues (default: every queue in the registry). */
  queues?: readonly string[];
  leaseMs: number;
  minPollMs?: number;
  maxPollMs?: number;
  backoff: BackoffPolicy;
  /** Succeeded and cancelled jobs are deleted this long after finishing (default 7 days); 0 keeps them. */
  retentionMs?: number;
  /** Lease owner id; default host:pid:random. */
  owner?: string;
  onEvent?: (event: WorkerEvent) => void;
}

export type WorkerEvent =
  | { type: 'claimed' | 'succeeded' | 'lease-lost' | 'released'; job: Job }
  | { type: 'failed' | 'dead'; job: Job; code: string; message: string }
  /** Leases found expired (their worker died or stalled): `retried` run again, `dead` had no attempts left. */
  | { type: 'reaped'; retried: number; dead: number }
  | { type: 'error'; message: string; error: unknown };

type AbortReason = 'lease-lost' | 'timeout' | 'shutdown';

interface Running {
  job: Job;
  controller: AbortController;
  reason?: AbortReason;
  done: Promise<void>;
}

const purgeEveryMs = 10 * 60 * 1000;

export class Worker {
  readonly owner: string;
  private readonly running = new Map<string, Running>();
  private readonly queues: Array<[string, string[]]>;
  /** Every job name of those queues: what the cheap "anything to claim?" check asks about on each poll. */
  private readonly jobNames: string[];
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  /** A wake() that came while the loop was busy: the next sleep is skipped, so no finished slot waits a poll. */
  private wokenEarly = false;
  private rotation = 0;
  private lastPurge = 0;

  constructor(private readonly options: WorkerOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1)
      throw new Error('Worker concurrency must be a whole number ≥ 1');
    if (!(options.leaseMs >= 100)) throw new Error('Worker lease must be at least 100 ms');
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    const wanted = options.queues ? new Set(options.queues) : undefined;
    this.queues = [...options.registry.queues].filter(([queue]) => !wanted || wanted.has(queue));
    this.jobNames = this.queues.flatMap(([, names]) => names);
  }

  get runningCount(): number {
    return this.running.size;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Polls now (e.g. after enqueueing in this process). */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.wokenEarly = true;
  }

  /**
   * Stops claiming, lets running jobs finish for up to `graceMs`, then aborts the rest and hands them back (released:
   * queued again, the attempt not counted) so that another worker picks them up at once rather than after lease expiry.
   */
  async stop(options: { graceMs?: number } = {}): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    this.loop = undefined;
    const pending = () => Promise.allSettled([...this.running.values()].map((r) => r.done));
    if (this.running.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        pending(),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, options.graceMs ?? 30_000))),
      ]);
      clearTimeout(timer);
    }
    for (const running of this.running.values()) this.abort(running, 'shutdown');
    await pending();
  }

  private async run(): Promise<void> {
    const minPoll = this.options.minPollMs ?? 200;
    const maxPoll = Math.max(this.options.maxPollMs ?? 5000, minPoll);
    let idle = minPoll;
    while (!this.stopping) {
      let claimed = 0;
      try {
        claimed = await this.fill();
        await this.purge();
      } catch (error) {
        // The database is down or busy: say so and keep polling, backing off.
        this.emit({ type: 'error', message: `claiming jobs failed: ${(error as Error).message}`, error });
      }
      if (this.stopping) break;
      if (claimed > 0) {
        idle = minPoll;
        if (this.running.size < this.options.concurrency) continue;
      }
      await this.sleep(claimed > 0 ? maxPoll : idle);
      if (claimed === 0) idle = Math.min(idle * 2, maxPoll);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.wokenEarly) {
      this.wokenEarly = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    }).finally(() => {
      this.wakeUp = undefined;
    });
  }

  /** Claims as many jobs as there are free slots, queue by queue (starting from a rotating queue, so none starves). */
  private async fill(): Promise<number> {
    if (this.running.size >= this.options.concurrency || this.queues.length === 0) return 0;
    if (!(await this.options.store.jobs.hasClaimable(this.jobNames))) return 0;
    const { retried, dead } = await this.options.store.jobs.reapExpired();
    if (retried + dead > 0) this.emit({ type: 'reaped', retried, dead });
    let claimed = 0;
    this.rotation = (this.rotation + 1) % this.queues.length;
    for (let i = 0; i < this.queues.length; i++) {
      const [queue, queueNames] = this.queues[(this.rotation + i) % this.queues.length]!;
      const inQueue = [...this.running.values()].filter((r) => r.job.queue === queue).length;
      const cap = Math.min(
        this.options.queueConcurrency?.[queue] ?? this.options.concurrency,
        this.options.concurrency,
      );
      const free = Math.min(this.options.concurrency - this.running.size, cap - inQueue);
      if (free <= 0) continue;
      const jobs = await this.options.store.transaction((tx) =>
        tx.jobs.claim({ queue, names: queueNames, owner: this.owner, limit: free, leaseMs: this.options.leaseMs }),
      );
      for (const job of jobs) this.launch(job);
      claimed += jobs.length;
    }
    return claimed;
  }

  private async purge(): Promise<void> {
    const retention = this.options.retentionMs ?? 7 * 24 * 3600 * 1000;
    if (retention <= 0 || Date.now() - this.lastPurge < purgeEveryMs) return;
    this.lastPurge = Date.now();
    await this.options.store.jobs.purgeFinished(new Date(Date.now() - retention));
  }

  private launch(job: Job): void {
    const running = { job, controller: new AbortController() } as Running;
    this.running.set(job.id, running);
    this.emit({ type: 'claimed', job });
    running.done = this.execute(running)
      .catch((error: unknown) =>
        this.emit({ type: 'error', message: `job ${job.id} (${job.name}): ${(error as Error).message}`, error }),
      )
      .finally(() => {
        this.running.delete(job.id);
        this.wake();
      });
  }

  private abort(running: Running, reason: AbortReason): void {
    if (running.reason) return;
    running.reason = reason;
    running.controller.abort(new ProvenaError('TRANSIENT_FAILURE', `job aborted: ${reason}`));
  }

  private async execute(running: Running): Promise<void> {
    const { job } = running;
    const lease: JobLease = { id: job.id, owner: this.owner };
    const definition = this.options.registry.definition(job.name);
    const timeoutMs = (definition?.timeoutSeconds ?? defaultTimeoutSeconds) * 1000;
    let renewing = false;
    const heartbeat = setInterval(
      () => {
        if (renewing) return;
        renewing = true;
        this.options.store.jobs
          .extendLease(lease, this.options.leaseMs)
          .then((held) => {
            if (!held) this.abort(running, 'lease-lost');
          })
          .catch((error: unknown) =>
            this.emit({
              type: 'error',
              message: `renewing the lease of job ${job.id} failed: ${(error as Error).message}`,
              error,
            }),
          )
          .finally(() => (renewing = false));
      },
      Math.max(Math.floor(this.options.leaseMs / 3), 50),
    );
    const timeout = setTimeout(() => this.abort(running, 'timeout'), timeoutMs);
    const stillHeld = async (tx: Pick<StoreTx, 'jobs'>): Promise<void> => {
      if (!running.reason && (await tx.jobs.extendLease(lease, this.options.leaseMs))) return;
      this.abort(running, 'lease-lost');
      throw new ProvenaError(
        'CONFLICT',
        `Job ${job.id} is no longer held by this worker (cancelled, timed out or taken over): nothing was recorded.`,
        { id: job.id },
      );
    };

    let result: JobResult | void = undefined;
    let failure: unknown;
    try {
      if (!definition) throw new Error(`no handler for job "${job.name}"`);
      const payload: unknown = this.options.registry.parse(job.name, job.payload);
      result = await untilAborted(
        definition.handler(payload, {
          job,
          ctx: systemContext(job.name),
          signal: running.controller.signal,
          stillHeld,
        }),
        running.controller.signal,
      );
    } catch (error) {
      failure = error;
    } finally {
      clearInterval(heartbeat);
      clearTimeout(timeout);
    }

    if (running.reason === 'lease-lost') return this.emit({ type: 'lease-lost', job });
    if (running.reason === 'shutdown') {
      if (await this.options.store.jobs.release(lease)) this.emit({ type: 'released', job });
      return;
    }
    if (running.reason === 'timeout')
      failure = new ProvenaError('TRANSIENT_FAILURE', `The job did not finish within ${timeoutMs / 1000} s.`);

    if (failure === undefined) {
      try {
        const held = await this.options.store.transaction(async (tx) => {
          if (!(await tx.jobs.complete(lease, result?.followUps ?? []))) return false;
          await result?.commit?.(tx);
          return true;
        });
        this.emit({ type: held ? 'succeeded' : 'lease-lost', job });
        return;
      } catch (error) {
        failure = error;
      }
    }
    const { code, message, decision } = classifyFailure(failure);
    const retryAt =
      decision === 'retry' ? new Date(Date.now() + backoffMs(job.attempts, this.options.backoff)) : undefined;
    const status = await this.options.store.jobs.fail(lease, { code, message, ...(retryAt ? { retryAt } : {}) });
    if (status) this.emit({ type: status, job, code, message });
    else this.emit({ type: 'lease-lost', job });
  }

  private emit(event: WorkerEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A logging hook must not break the loop.
    }
  }
}

/**
 * Waits for the handler, or for the signal: a handler that ignores its signal cannot hold the slot (or the lease)
 * after a timeout, a lost lease or a forced shutdown. Its eventual outcome is dropped.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
