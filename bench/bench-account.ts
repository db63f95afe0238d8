/**
 * The account a benchmark's server is called as: nothing is open on a Provena server without one (decision 0019), so
 * a benchmark that starts `provena serve` on a fresh data directory first creates an admin there with the CLI, as an
 * operator would, and an API token for its uploads.
 */
import { execFileSync } from 'node:child_process';

/** Creates the admin `bench` in the data directory of `env` and returns an API token (read, write) of theirs. */
export function benchToken(bin: string, env: NodeJS.ProcessEnv): string {
  const run = (args: string[], input = '') =>
    execFileSync(bin, args, { env: { ...process.env, ...env }, input, encoding: 'utf8' });
  run(['users', 'create-admin', 'bench', '--password-stdin'], 'a long password for measuring\n');
  const { secret } = JSON.parse(
    run(['tokens', 'create', '--for', 'bench', '--name', 'bench', '--scope', 'read', 'write', '--json']),
  ) as { secret: string };
  return secret;
}
