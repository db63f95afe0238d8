/**
 * The worker role: `provena worker` runs background jobs in a process of its own (several may share one PostgreSQL
 * database); `provena serve` starts the same worker in-process on the embedded SQLite database.
 */
import type { Config } from '../config/config.ts';
import type { JobRegistry } from '../jobs/registry.ts';
import { Worker, type WorkerEvent } from '../jobs/worker.ts';
import { createJobRegistry } from './job-definitions.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { version } from './version.ts';

const maxBackoffMs = 3600_000;
/** How long a stopping worker lets running jobs finish before handing them back. */
export const shutdownGraceMs = 20_000;

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type Log = (level: LogLevel, message: string) => void;

/** Whether `provena serve` should run jobs itself. */
export const embedsWorker = (config: Readonly<Config>, dialect: 'sqlite' | 'postgres'): boolean =>
  config.embeddedWorker === 'on' || (config.embeddedWorker === 'auto' && dialect === 'sqlite');

export function createWorker(runtime: Pick<Runtime, 'config' | 'store'>, registry: JobRegistry, log: Log): Worker {
  const c = runtime.config;
  return new Worker({
    store: runtime.store,
    registry,
    concurrency: c.workerConcurrency,
    ...(c.queueConcurrency ? { queueConcurrency: c.queueConcurrency } : {}),
    leaseMs: c.jobLeaseSeconds * 1000,
    maxPollMs: c.jobPollMs,
    backoff: { baseMs: c.jobRetryBaseSeconds * 1000, maxMs: maxBackoffMs },
    retentionMs: c.jobRetentionDays * 24 * 3600_000,
    onEvent: (event) => logEvent(log, event),
  });
}

function logEvent(log: Log, event: WorkerEvent): void {
  switch (event.type) {
    case 'error':
      return log('error', event.message);
    case 'reaped':
      return log('warn', `expired job leases: ${event.retried} will run again, ${event.dead} gave up`);
    case 'dead':
      return log(
        'warn',
        `job ${event.job.id} (${event.job.name}) dead after attempt ${event.job.attempts}: ${event.code}: ${event.message}`,
      );
    case 'failed':
      return log(
        'info',
        `job ${event.job.id} (${event.job.name}) attempt ${event.job.attempts} failed, will retry: ${event.code}: ${event.message}`,
      );
    case 'lease-lost':
      return log(
        'warn',
        `job ${event.job.id} (${event.job.name}) lost its lease (cancelled or taken over); its result was not written`,
      );
    case 'released':
      return log('info', `job ${event.job.id} (${event.job.name}) handed back at shutdown`);
    default:
      return log('debug', `job ${event.job.id} (${event.job.name}) ${event.type}`);
  }
}

const levels: Record<Config['logLevel'], number> = {
  silent: -1,
  fatal: 0,
  error: 1,
  warn: 2,
  info: 3,
  debug: 4,
  trace: 5,
};

/** Plain lines on stderr, filtered by the configured level. */
export function streamLog(level: Config['logLevel'], stream: NodeJS.WritableStream = process.stderr): Log {
  return (at, message) => {
    if (levels[at] <= levels[level]) stream.write(`${new Date().toISOString()} ${at.toUpperCase()} ${message}\n`);
  };
}

/** `provena worker`: runs until SIGINT/SIGTERM, then lets running jobs finish (or hands them back) and exits. */
export async function work(config: Readonly<Config>): Promise<void> {
  const log = streamLog(config.logLevel);
  const runtime = await createRuntime(config);
  try {
    const registry = createJobRegistry(runtime);
    const worker = createWorker(runtime, registry, log);
    const signalled = new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    worker.start();
    log(
      'info',
      `Provena ${version} worker ${worker.owner} on ${runtime.store.dialect}: queues ${[...registry.queues.keys()].join(', ') || '(none)'}, concurrency ${config.workerConcurrency}`,
    );
    const signal = await signalled;
    log('info', `${signal}: stopping; running jobs have ${shutdownGraceMs / 1000} s to finish`);
    await worker.stop({ graceMs: shutdownGraceMs });
  } finally {
    await runtime.close();
  }
}
