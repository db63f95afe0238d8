/**
 * A worker process running the test jobs, for the multi-process tests: `node --import tsx worker-process.ts`.
 * Settings come from the environment (JOB_TEST_DATABASE_URL or JOB_TEST_SQLITE_PATH, JOB_TEST_RUN_LOG,
 * JOB_TEST_LEASE_MS, JOB_TEST_CONCURRENCY). Every handler start is appended to the run log as "<job id> <attempt>"
 * before any work, so that the test can count runs across processes, including runs cut short by a kill.
 */
import { appendFileSync } from 'node:fs';
import { testAuditKey } from '../../../test/audit-key.ts';
import { openStore } from '../../storage/store.ts';
import { createRegistry } from '../registry.ts';
import { Worker } from '../worker.ts';
import { testJobs } from './test-jobs.ts';

const env = process.env;
const store = await openStore({
  ...(env.JOB_TEST_DATABASE_URL ? { url: env.JOB_TEST_DATABASE_URL } : {}),
  sqlitePath: env.JOB_TEST_SQLITE_PATH ?? '',
  // The test jobs' results are audit entries, made with the key the test's own store keyed the log with.
  auditKey: testAuditKey,
});
const log = env.JOB_TEST_RUN_LOG!;
const worker = new Worker({
  store,
  registry: createRegistry(testJobs({ onRun: (job) => appendFileSync(log, `${job.id} ${job.attempts}\n`) })),
  concurrency: Number(env.JOB_TEST_CONCURRENCY ?? 4),
  leaseMs: Number(env.JOB_TEST_LEASE_MS ?? 2000),
  minPollMs: 10,
  maxPollMs: 100,
  backoff: { baseMs: 20, maxMs: 200 },
  onEvent: (event) => {
    if (event.type === 'error') process.stderr.write(`${event.message}\n`);
  },
});
worker.start();
const shutdown = () => {
  void worker
    .stop({ graceMs: 2000 })
    .then(() => store.close())
    .then(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
process.stdout.write(`ready ${worker.owner}\n`);
