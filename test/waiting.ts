/**
 * Waiting for something another process or a background loop does on its own schedule. The limit only catches a
 * hang: it is sized for a loaded two-core machine (vitest's own test timeout, in vitest.config.ts, is larger still),
 * and no test asserts how long anything took.
 */
import { setTimeout as delay } from 'node:timers/promises';

export const waitLimitMs = 120_000;

/** Polls `check` until it holds; on timeout the error names what was awaited and, if given, what the process said. */
export async function until(
  check: () => Promise<boolean> | boolean,
  what: string,
  options: { output?: () => string; timeoutMs?: number; everyMs?: number } = {},
): Promise<void> {
  const { output, timeoutMs = waitLimitMs, everyMs = 50 } = options;
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting for ${what}${output ? `; process output:\n${output()}` : ''}`);
    await delay(everyMs);
  }
}

/** Reads until the value passes `check` and returns it; on timeout the error shows the last value read. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  options: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const { timeoutMs = waitLimitMs, everyMs = 20 } = options;
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met; last value: ${JSON.stringify(value)}`);
    await delay(everyMs);
  }
}
