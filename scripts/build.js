/**
 * `npm run build` (and `npm install`'s prepare step; with `--if-stale`, only when dist/ is not current): compiles
 * src/ into dist/ with tsc, without type-checking (`npm run check` does that), copies the data files the modules read beside themselves, and stamps the build with
 * the state of the sources so that bin/provena.js runs it only while it is current. The new tree is built aside and
 * swapped in, so a CLI started meanwhile never sees half a build.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsCurrent, buildStampFile, sourceState } from '../bin/compiled-cli.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const staging = join(root, `dist.building-${process.pid}`);
if (process.argv.includes('--if-stale') && buildIsCurrent(root)) process.exit(0);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/lib/tsc.js');
} catch {
  // Installed without devDependencies: the CLI runs from source through tsx instead.
  console.warn('provena build: typescript is not installed; the CLI will run from source (slower to start).');
  process.exit(0);
}

// Read before compiling: a source edited during the build makes the stamp stale, never the other way round.
const state = sourceState(root);
rmSync(staging, { recursive: true, force: true });
const compiled = spawnSync(
  process.execPath,
  [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', staging, '--listEmittedFiles'],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
// A module outside src/ pulled in by an import would be written beside its source (outDir/../…): refuse the build.
const strays = compiled.stdout
  .split('\n')
  .filter((line) => line.startsWith('TSFILE: '))
  .map((line) => line.slice('TSFILE: '.length))
  .filter((file) => !file.startsWith(`${staging}/`));
if (compiled.status !== 0 || strays.length > 0) {
  rmSync(staging, { recursive: true, force: true });
  for (const file of strays) rmSync(file, { force: true });
  console.error(
    compiled.stdout
      .split('\n')
      .filter((line) => !line.startsWith('TSFILE: '))
      .join('\n'),
  );
  if (strays.length > 0) console.error(`provena build: src/ imports files outside it: ${strays.join(', ')}`);
  console.error('provena build: tsc failed.');
  process.exit(compiled.status || 1);
}

// Data files the modules open relative to themselves (vocabularies, …).
const src = join(root, 'src');
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || /\.(ts|md)$/.test(entry.name)) continue;
  const from = join(entry.parentPath, entry.name);
  cpSync(from, join(staging, relative(src, from)));
}
writeFileSync(join(staging, buildStampFile), `${JSON.stringify(state)}\n`);

const previous = `${dist}.previous-${process.pid}`;
try {
  renameSync(dist, previous);
} catch (error) {
  // No build yet, or another build swapped its own in meanwhile: either way there is nothing to keep aside.
  if (error.code !== 'ENOENT') throw error;
}
renameSync(staging, dist);
rmSync(previous, { recursive: true, force: true });
console.log(`provena build: compiled ${state.files} source files into ${relative(process.cwd(), dist) || dist}.`);
