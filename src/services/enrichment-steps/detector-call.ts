/**
 * Calls a detector (OCR, faces and objects) with a deadline: past it, the step fails (JOB_FAILED, recorded like any
 * failure) and the detector is told to stop through its signal, whether or not it listens. A model that hangs must
 * cost one failed step, never a stuck job. The run's own signal (a cancelled job) stops it too.
 */
import { ProvenaError } from '../../domain/errors.ts';
import type { StepContext } from './step.ts';

/** Default deadline of one detector call: generous, as a cold model loads in its first call. */
export const defaultDetectorTimeoutMs = 120_000;

export async function callDetector<T>(
  run: StepContext,
  what: string,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timeoutMs = run.deps.detectorTimeoutMs ?? defaultDetectorTimeoutMs;
  const controller = new AbortController();
  const outer = run.options.signal;
  const stop = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', stop, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new ProvenaError('JOB_FAILED', `${what} did not answer within ${timeoutMs} ms.`, { timeoutMs });
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    const answer = call(controller.signal);
    answer.catch(() => undefined); // after the deadline, a late failure has nobody to tell
    return await Promise.race([answer, deadline]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', stop);
  }
}
