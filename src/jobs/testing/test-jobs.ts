/**
 * Job definitions for the job system's own tests (in-process and in spawned worker processes). Never registered in
 * production. Results are written through `commit` as an audit entry about the job, so "written once" is countable.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Type } from 'typebox';
import { ProvenaError, type ErrorCode } from '../../domain/errors.ts';
import type { Job } from '../../domain/jobs.ts';
import { defineJob } from '../registry.ts';

export const testQueue = 'test';

export interface TestJobHooks {
  /** Called when a handler starts, before any work: counts runs, including ones whose result is never written. */
  onRun?: (job: Readonly<Job>) => void;
}

export function testJobs(hooks: TestJobHooks = {}) {
  return [
    defineJob({
      name: 'test.record',
      queue: testQueue,
      payload: Type.Object(
        {
          n: Type.Integer(),
          sleepMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
          /** Never finishes on this attempt number (a worker killed or stalled mid-job). */
          hangOnAttempt: Type.Optional(Type.Integer({ minimum: 1 })),
          /** Fails with this code on attempts up to failTimes. */
          failWith: Type.Optional(Type.String()),
          failTimes: Type.Optional(Type.Integer({ minimum: 0 })),
          then: Type.Optional(Type.Array(Type.Integer(), { maxItems: 10 })),
        },
        { additionalProperties: false },
      ),
      maxAttempts: 4,
      handler: async (payload, { job, signal }) => {
        hooks.onRun?.(job);
        if (payload.hangOnAttempt === job.attempts)
          await new Promise((resolve) => signal.addEventListener('abort', resolve));
        if (payload.sleepMs) await delay(payload.sleepMs, undefined, { signal }).catch(() => undefined);
        if (payload.failWith && job.attempts <= (payload.failTimes ?? Infinity)) {
          throw payload.failWith === 'plain'
            ? new Error(`plain failure ${job.attempts}`)
            : new ProvenaError(payload.failWith as ErrorCode, `failure ${job.attempts}`);
        }
        return {
          commit: async (tx) => {
            await tx.audit.append({
              actor: 'test-worker',
              action: 'test.recorded',
              subjectType: 'job',
              subjectId: job.id,
              details: { n: payload.n, attempt: job.attempts },
            });
          },
          followUps: (payload.then ?? []).map((n) => ({ name: 'test.record', queue: testQueue, payload: { n } })),
        };
      },
    }),
  ] as const;
}
