/**
 * npm run bench:cli — how fast the `provena` command answers: `--version`, `show <id>`, `ls` and `ingest` of one file
 * on an embedded store, through bin/provena as users run it, against a bare `node -e 0` on the same machine in the
 * same run. Median of ten runs each (interleaved, so that a busy spell hits every command alike), reported in
 * milliseconds and as a ratio to the bare start.
 * Targets (2 cores): `--version` ≤ 300 ms, `show` ≤ 500 ms.
 * Usage: npm run bench:cli [-- --runs 10]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateIntakeImage } from '../test/provenance-fixtures.ts';
import { currentCompiledEntry } from '../bin/compiled-cli.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 10) || 10;
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin', 'provena');

const fields = ['--prompt', 'bench', '--tool', 'ComfyUI', '--tool-version', '0.3', '--requestor', 'bench', '--team'];
const moreFields = ['Bench', '--intended-use', 'web', '--campaign', 'Bench', '--rights-status', 'pending'];

function timeMs(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${String(result.stderr).slice(0, 500)}`);
  return ms;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

if (!currentCompiledEntry(root))
  execFileSync(process.execPath, [join(root, 'scripts', 'build.js')], { stdio: 'inherit' });

const work = mkdtempSync(join(tmpdir(), 'provena-bench-cli-'));
try {
  const dataDir = join(work, 'data');
  const env = { ...process.env, PROVENA_DATA_DIR: dataDir };
  const drop = join(work, 'drop');
  mkdirSync(drop);
  // A store with one asset to show and list; each timed ingest takes a new file (a duplicate would do less work).
  const seedFile = join(work, 'seed.png');
  writeFileSync(seedFile, (await generateIntakeImage(1, 512)).bytes);
  const seeded = execFileSync(bin, ['ingest', seedFile, '--json', ...fields, ...moreFields], { env, encoding: 'utf8' });
  const assetId = (JSON.parse(seeded.trim().split('\n')[0]!) as { assetId: string }).assetId;
  for (let i = 0; i < runs; i++)
    writeFileSync(join(drop, `one-${i}.png`), (await generateIntakeImage(i + 2, 512)).bytes);

  const commands: Record<string, (i: number) => [string, string[]]> = {
    'node -e 0': () => [process.execPath, ['-e', '0']],
    'provena --version': () => [bin, ['--version']],
    'provena show <id>': () => [bin, ['show', assetId]],
    'provena ls': () => [bin, ['ls']],
    'provena ingest <one file>': (i) => [bin, ['ingest', join(drop, `one-${i}.png`), ...fields, ...moreFields]],
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  // One untimed round: the page cache and the database file are warm for every command alike.
  for (const make of Object.values(commands)) timeMs(...make(runs - 1), env);
  for (let i = 0; i < runs; i++) {
    for (const [name, make] of Object.entries(commands)) times[name]!.push(timeMs(...make(i), env));
  }
  // The untimed round ingested the last file already; its timed run is a duplicate and is left out.
  times['provena ingest <one file>']!.pop();

  const bare = median(times['node -e 0']!);
  console.log(
    `\nCLI start, median of ${runs} runs (ingest: ${runs - 1}), 2-core targets: --version ≤ 300 ms, show ≤ 500 ms`,
  );
  console.log(
    `${'command'.padEnd(28)}${'median ms'.padStart(10)}${'× node -e 0'.padStart(13)}${'min–max ms'.padStart(16)}`,
  );
  for (const [name, values] of Object.entries(times)) {
    const m = median(values);
    const range = `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`;
    console.log(
      `${name.padEnd(28)}${m.toFixed(0).padStart(10)}${(m / bare).toFixed(1).padStart(13)}${range.padStart(16)}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
