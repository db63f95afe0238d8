/**
 * Runs the real `provena` binary for end-to-end tests: bin/provena.js, which test/global-setup.ts has made sure runs
 * the current compiled build (as an installed copy does). Calls are awaited to their exit; the time limit is sized
 * for a loaded two-core machine, far above what a call needs, so that it only catches a hang.
 */
import { execFile, execFileSync } from 'node:child_process';
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

/**
 * Creates the admin `admin` in the data directory (and database) that `env` names, with the CLI as an operator
 * would, and answers an API token of theirs with every scope: nothing is open on a Provena server without an
 * account (decision 0019), so an end-to-end test or a benchmark that starts `provena serve` on a fresh data
 * directory calls it as this admin.
 */
export function adminToken(env: Record<string, string>): string {
  const run = (args: string[], input = '') =>
    execFileSync(process.execPath, [provenaBin, ...args], {
      env: { ...process.env, ...env },
      input,
      encoding: 'utf8',
      timeout: cliCallLimitMs,
    });
  run(['users', 'create-admin', 'admin', '--password-stdin'], 'a long password for the tests\n');
  const { secret } = JSON.parse(
    run([
      'tokens',
      'create',
      '--for',
      'admin',
      '--name',
      'tests',
      '--scope',
      'read',
      'write',
      'review',
      'publish',
      'admin',
      '--json',
    ]),
  ) as { secret: string };
  return secret;
}
