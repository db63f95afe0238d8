/**
 * Runs the real `provena` binary for end-to-end tests: bin/provena.js, which test/global-setup.ts has made sure runs
 * the current compiled build (as an installed copy does). Calls are awaited to their exit; the time limit is sized
 * for a loaded two-core machine, far above what a call needs, so that it only catches a hang.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export const provenaBin = new URL('../bin/provena.js', import.meta.url).pathname;

/** Far above any single call (a second or two when the machine is busy); a test that makes many calls says so. */
export const cliCallLimitMs = 120_000;
/** The time limit of a test that drives the binary through a whole scenario. */
export const cliScenarioTimeoutMs = 600_000;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runProvena(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [provenaBin, ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 1 << 24,
      timeout: cliCallLimitMs,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number | string; killed?: boolean; stdout: string; stderr: string };
    if (e.killed) throw new Error(`provena ${args.join(' ')} did not finish within ${cliCallLimitMs} ms`);
    return { code: Number(e.code), stdout: e.stdout, stderr: e.stderr };
  }
}

/** `--json` output with one JSON object per line. */
export const jsonLines = <T>(stdout: string): T[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
