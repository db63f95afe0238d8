/**
 * Which form of the CLI runs. `npm install` compiles src/ into dist/ (scripts/build.js) so that a command starts
 * without transpiling anything; the compiled form is used only while it is current — no file under src/ added,
 * removed or changed since the build. Otherwise (a developer editing src/, or no build at all) the TypeScript sources
 * run through tsx, which is slower to start but never stale.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const buildStampFile = 'build-stamp.json';

/** What a build records and a start compares: the number of source files and the newest modification time. */
export function sourceState(root) {
  let files = 0;
  let newestMtimeMs = 0;
  for (const entry of readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })) {
    // Tests are not compiled: editing one leaves the build current.
    if (!entry.isFile() || entry.name.endsWith('.test.ts')) continue;
    files++;
    newestMtimeMs = Math.max(newestMtimeMs, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return { files, newestMtimeMs };
}

/** Whether dist/ was built from the sources as they are now. */
export function buildIsCurrent(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, 'dist', buildStampFile), 'utf8'));
  } catch {
    return false;
  }
  const now = sourceState(root);
  return now.files === stamp.files && now.newestMtimeMs === stamp.newestMtimeMs;
}

/** The compiled entry point when dist/ is current, otherwise undefined. PROVENA_FROM_SOURCE=1 forces the sources. */
export function currentCompiledEntry(root) {
  return process.env.PROVENA_FROM_SOURCE !== '1' && buildIsCurrent(root)
    ? join(root, 'dist', 'main', 'cli.js')
    : undefined;
}
