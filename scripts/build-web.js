/**
 * `npm run build:web` (and npm install's prepare step with `--if-stale`: only when web/ changed since the last build):
 * builds the web app with Vite into web/dist, which `provena serve` answers at /. Built aside and swapped in, so a
 * running server never serves half a build. Without Vite (installed without devDependencies) it says so and leaves
 * the server to answer / with how to build it.
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('../web', import.meta.url));
const dist = join(web, 'dist');
const stampFile = '.build-stamp.json';

/** The number of web sources and the newest change among them: a new, edited or deleted file makes a new state. */
function sourceState() {
  const files = [join(web, 'index.html'), join(web, 'vite.config.ts'), join(web, 'tsconfig.json')];
  // src/domain too: the page bundles some of the domain's pure modules (the colour maths).
  for (const dir of [join(web, 'src'), join(web, '..', 'src', 'domain')])
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
      if (entry.isFile() && !/\.test\.tsx?$/.test(entry.name)) files.push(join(entry.parentPath, entry.name));
  return { files: files.length, newest: Math.max(...files.map((f) => statSync(f).mtimeMs)) };
}

const state = sourceState();
if (process.argv.includes('--if-stale')) {
  try {
    const stamp = JSON.parse(readFileSync(join(dist, stampFile), 'utf8'));
    if (stamp.files === state.files && stamp.newest === state.newest) process.exit(0);
  } catch {
    // No build yet.
  }
}

// A production build whoever calls it: under vitest (test/global-setup.ts) NODE_ENV is "test", and Vite would then
// bundle React's development build.
process.env.NODE_ENV = 'production';
let vite;
try {
  vite = await import('vite');
} catch {
  console.warn('provena build: vite is not installed (no devDependencies); the web app is not built.');
  process.exit(0);
}

const staging = join(web, `dist.building-${process.pid}`);
rmSync(staging, { recursive: true, force: true });
await vite.build({
  configFile: join(web, 'vite.config.ts'),
  mode: 'production',
  build: { outDir: staging },
  logLevel: 'warn',
});
writeFileSync(join(staging, stampFile), `${JSON.stringify(state)}\n`);
const previous = `${dist}.previous-${process.pid}`;
try {
  renameSync(dist, previous);
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
renameSync(staging, dist);
rmSync(previous, { recursive: true, force: true });
console.log(`provena build: built the web app into ${relative(process.cwd(), dist) || dist}.`);
