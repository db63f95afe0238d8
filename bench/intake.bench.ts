/**
 * npm run bench:intake — bulk intake of generated 1024×1024 PNGs (A1111 parameters + IPTC XMP) into a fresh embedded
 * store, through the real CLI, then the same over HTTP with 4 concurrent clients.
 * Targets (2 cores): ≥ 100 files/s, peak RSS < 300 MB and not growing with the number of files.
 * Also measures intake with provenance reading switched off, for the provenance engine's ≤ 15 % overhead target.
 * Usage: npm run bench:intake [-- --files 1000]
 */
import { copyFileSync, linkSync, mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { adminToken } from '../test/cli.ts';
import { fmt, intakeCorpus, runMeasured, type ChildRun } from './support.ts';
import { freePort } from '../test/free-port.ts';

const count = Number(process.argv[process.argv.indexOf('--files') + 1] || 1000) || 1000;
// The shell wrapper, as users run it (it fixes glibc's mmap threshold; see bin/provena).
const bin = new URL('../bin/provena', import.meta.url).pathname;
// Every field is declared so that the run without provenance reading admits the same files.
const fields = [
  '--prompt',
  'bench prompt',
  '--tool',
  'Stable Diffusion web UI',
  '--tool-version',
  '1.10.1',
  '--requestor',
  'bench',
  '--team',
  'Bench',
  '--intended-use',
  'web',
  '--campaign',
  'Bench',
  '--rights-status',
  'pending',
];

async function cliIntake(
  files: string[],
  dir: string,
  env: Record<string, string> = {},
): Promise<ChildRun & { lines: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'provena-bench-'));
  try {
    const run = await runMeasured(bin, ['ingest', dir, '--json', '--strict', ...fields], {
      PROVENA_DATA_DIR: dataDir,
      ...env,
    }).done;
    const statuses = run.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { status: string }).status);
    const created = statuses.filter((s) => s === 'created').length;
    if (run.code !== 0 || created !== files.length)
      throw new Error(
        `intake failed (exit ${run.code}, ${created}/${files.length} created): ${run.stderr.slice(0, 500)} ${run.stdout.slice(0, 500)}`,
      );
    return { ...run, lines: statuses.length };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function httpIntake(files: string[], clients: number): Promise<{ seconds: number; peakRssMb: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'provena-bench-http-'));
  const port = await freePort();
  const authorization = `Bearer ${adminToken({ PROVENA_DATA_DIR: dataDir })}`;
  const server = runMeasured(bin, ['serve'], {
    PROVENA_DATA_DIR: dataDir,
    PROVENA_PORT: String(port),
    PROVENA_LOG_LEVEL: 'warn',
    // Intake alone: the in-process enrichment worker would compete for the same two cores (bench:enrich measures it).
    PROVENA_EMBEDDED_WORKER: 'off',
    // One client's throughput is measured here, not the per-client limits a shared server applies.
    PROVENA_RATE_LIMIT_UPLOADS: '1000000',
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (
      await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 300) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const started = performance.now();
  let next = 0;
  const client = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const form = new FormData();
      for (let i = 0; i < fields.length; i += 2)
        form.append(
          fields[i]!.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
          fields[i + 1]!,
        );
      form.append('file', await openAsBlob(file, { type: 'image/png' }), basename(file));
      const res = await fetch(`${base}/api/v1/assets`, { method: 'POST', body: form, headers: { authorization } });
      if (res.status !== 201) throw new Error(`upload of ${file} answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = server.peak();
  process.kill(server.pid()!, 'SIGTERM');
  await server.done;
  rmSync(dataDir, { recursive: true, force: true });
  return { seconds, peakRssMb };
}

const corpus = await intakeCorpus(count);
const mb = corpus.bytes / 1024 / 1024;
console.log(`corpus: ${count} PNGs 1024×1024, ${fmt(mb)} MB (${corpus.dir})`);

// The first quarter of the same corpus, for the peak-RSS comparison.
const quarterFiles = corpus.files.slice(0, Math.floor(count / 4));
// Separate folders so each run ingests exactly its files: hard links (ingest does not follow symbolic links out of a
// folder), or copies where the corpus lies on another file system.
const linkDir = (files: string[], name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `provena-${name}-`));
  for (const f of files) {
    try {
      linkSync(f, join(dir, basename(f)));
    } catch {
      copyFileSync(f, join(dir, basename(f)));
    }
  }
  return dir;
};
const fullDir = linkDir(corpus.files, 'full');
const quarterDir = linkDir(quarterFiles, 'quarter');

// The machine is shared and noisy: the runs with and without provenance alternate, three of each, and the median
// of each is reported, so that the overhead compares like with like.
const fulls: ChildRun[] = [];
const bares: ChildRun[] = [];
for (let round = 0; round < 3; round++) {
  fulls.push(await cliIntake(corpus.files, fullDir));
  bares.push(await cliIntake(corpus.files, fullDir, { PROVENA_READ_PROVENANCE: 'false' }));
}
const median = (runs: ChildRun[]) => [...runs].sort((a, b) => a.seconds - b.seconds)[1]!;
const full = median(fulls);
const bare = median(bares);
const quarter = await cliIntake(quarterFiles, quarterDir);
const http = await httpIntake(corpus.files, 4);

/** One table row; MB/s only for runs over the whole corpus, whose size is `mb`. */
const row = (label: string, files: number, run: { seconds: number; peakRssMb: number }, wholeCorpus = true) => [
  label,
  String(files),
  fmt(run.seconds, 2),
  fmt(files / run.seconds),
  wholeCorpus ? fmt(mb / run.seconds) : '',
  fmt(run.peakRssMb),
];
const rows = [
  ['run', 'files', 'seconds', 'files/s', 'MB/s', 'peak RSS MB'],
  row('CLI ingest, with provenance (median of 3)', count, full),
  row(`CLI ingest, ${quarterFiles.length} files`, quarterFiles.length, quarter, false),
  row('CLI ingest, provenance off (median of 3)', count, bare),
  row('HTTP upload, 4 clients', count, http),
];
console.log(rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(42) : c.padStart(11))).join('')).join('\n'));
console.log(
  `\nprovenance step adds ${fmt(((full.seconds - bare.seconds) / bare.seconds) * 100)} % to bulk intake time (target ≤ 15 %)`,
);
console.log(
  `peak RSS ${fmt(quarter.peakRssMb)} MB at ${quarterFiles.length} files vs ${fmt(full.peakRssMb)} MB at ${count} files (target < 300 MB, flat)`,
);
console.log('(CLI timings include process start-up, ~1 s for tsx.)');
rmSync(fullDir, { recursive: true, force: true });
rmSync(quarterDir, { recursive: true, force: true });
