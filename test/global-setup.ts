/**
 * Vitest global setup: makes a PostgreSQL server available to every test file, so that each storage test runs on
 * both dialects. Uses PROVENA_TEST_DATABASE_URL when set (CI starts the cluster in .ci/run); otherwise starts a
 * private cluster with scripts/test-postgres.sh. Without PostgreSQL binaries the PostgreSQL half is skipped with a
 * warning on a developer machine, and the run fails under PROVENA_TEST_REQUIRE_ALL=1 (CI; test/requirements.ts).
 *
 * Before the tests, it brings the compiled CLI (dist/) up to date when the sources changed since the last build, so
 * that the end-to-end tests run `provena` as an installed copy does, and the web app (web/dist) for the browser tests.
 *
 * It also gives the run one temporary root, removed at teardown, and points TMPDIR at it: every `os.tmpdir()` in
 * the test workers, and every child process they start (the `provena` binary, worker processes, ffmpeg, openssl,
 * python), lands there. Tests still remove their own folders; this catches the ones that forget, so repeated runs do
 * not fill /tmp. A run that is killed cannot tear down, so the next run removes roots whose owner process is gone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type {} from 'vitest';

const runRootPrefix = 'provena-test-run-';
const ownerFile = 'owner';
/** A root this old is left over whatever its owner file says (another machine's run sharing /tmp, say). */
const abandonedAfterMs = 24 * 3600_000;

export default function setup(project: TestProject): () => void {
  for (const build of ['build.js', 'build-web.js'])
    execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', build), '--if-stale'], {
      stdio: 'inherit',
    });
  const systemTmp = tmpdir();
  removeAbandonedRunRoots(systemTmp);
  const runRoot = mkdtempSync(join(systemTmp, runRootPrefix));
  writeFileSync(join(runRoot, ownerFile), `${hostname()} ${process.pid}\n`);

  const stopPostgres = startPostgres(project, systemTmp);
  // Set after PostgreSQL starts: its folder stays in the system temp folder (the run root is 0700, which the
  // `postgres` user could not enter), and vitest copies process.env into each worker when it starts them.
  const previousTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = runRoot;
  return () => {
    try {
      stopPostgres();
    } finally {
      if (previousTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTmpdir;
      rmSync(runRoot, { recursive: true, force: true });
    }
  };
}

function startPostgres(project: TestProject, systemTmp: string): () => void {
  const given = process.env.PROVENA_TEST_DATABASE_URL;
  if (given) {
    project.provide('pgUrl', given);
    return () => {};
  }
  const dir = mkdtempSync(join(systemTmp, 'provena-pg-'));
  const script = join(import.meta.dirname, '..', 'scripts', 'test-postgres.sh');
  try {
    const url = execFileSync('bash', [script, 'start', dir], { encoding: 'utf8' }).trim();
    project.provide('pgUrl', url);
  } catch (error) {
    // Stops a server that started before a later step failed; `stop` cannot run without the binaries, hence rmSync.
    try {
      execFileSync('bash', [script, 'stop', dir], { stdio: 'ignore' });
    } catch {
      // Nothing was started.
    }
    rmSync(dir, { recursive: true, force: true });
    if (process.env.PROVENA_TEST_REQUIRE_ALL === '1') throw error;
    console.warn(`\nSKIPPED every PostgreSQL test: PostgreSQL could not be started: ${String(error).split('\n')[0]}\n`);
    project.provide('pgUrl', '');
    return () => {};
  }
  return () => execFileSync('bash', [script, 'stop', dir]);
}

/**
 * Removes run roots left by runs that were killed: those whose owner process on this machine no longer exists, and
 * any untouched for a day. Roots of runs still going (or just starting: no owner file yet) are left alone.
 */
function removeAbandonedRunRoots(systemTmp: string): void {
  const now = Date.now();
  for (const name of readdirSync(systemTmp)) {
    if (!name.startsWith(runRootPrefix)) continue;
    const root = join(systemTmp, name);
    try {
      if (now - statSync(root).mtimeMs > abandonedAfterMs || ownerGone(root))
        rmSync(root, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by another run, or not ours to read: either way nothing to do.
    }
  }
}

/** Whether the run that made `root` has ended (a missing or unreadable owner file tells nothing: false). */
function ownerGone(root: string): boolean {
  let owner: string;
  try {
    owner = readFileSync(join(root, ownerFile), 'utf8');
  } catch {
    return false;
  }
  const [host, pidText] = owner.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  // Another machine's (or container's) process cannot be seen from here: only age removes its root.
  if (host !== hostname()) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
