/**
 * Provenance read + normalise time per file (npm run bench:provenance).
 *
 *   - every file in ../shared/fixtures/provenance (when present), several rounds each;
 *   - 1,000 generated files (test/provenance-fixtures.ts: one file per generator format, repeated in sets).
 * Reported separately for files without C2PA and with C2PA (full validation through c2pa-wasm). The one-off
 * validator load is measured on its own and not counted per file.
 * Targets: ≤ 3 ms median without C2PA, ≤ 40 ms p95 with C2PA.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProvenanceFixtures } from '../test/provenance-fixtures.ts';
import { readRawMetadataFromFile } from '../src/provenance/containers/index.ts';
import { createProvenanceEngine } from '../src/provenance/engine.ts';

interface Sample {
  file: string;
  mediaType: string;
  c2pa: boolean;
  source: 'shared' | 'generated';
}

const SHARED = fileURLToPath(new URL('../../shared/fixtures/provenance/', import.meta.url));
const SHARED_ROUNDS = 20;
const GENERATED_FILES = 1000;

const mediaTypeOf = (name: string): string =>
  name.endsWith('.png') ? 'image/png' : name.endsWith('.webp') ? 'image/webp' : 'image/jpeg';

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

async function main(): Promise<void> {
  const engine = createProvenanceEngine();
  const samples: Sample[] = [];

  if (existsSync(SHARED)) {
    for (const name of readdirSync(SHARED)
      .filter((n) => /\.(png|jpe?g|webp)$/i.test(n))
      .sort()) {
      const file = join(SHARED, name);
      const raw = await readRawMetadataFromFile(file);
      samples.push({ file, mediaType: mediaTypeOf(name), c2pa: raw.c2paStore !== undefined, source: 'shared' });
    }
  } else {
    console.log(`(no shared fixtures at ${SHARED}; generated files only)`);
  }

  const dir = await mkdtemp(join(tmpdir(), 'provena-bench-provenance-'));
  const generated: Sample[] = [];
  try {
    for (let set = 0; generated.length < GENERATED_FILES; set++) {
      for (const fixture of await generateProvenanceFixtures(join(dir, `set-${set}`))) {
        if (generated.length >= GENERATED_FILES) break;
        const raw = await readRawMetadataFromFile(fixture.file);
        generated.push({
          file: fixture.file,
          mediaType: fixture.mediaType,
          c2pa: raw.c2paStore !== undefined,
          source: 'generated',
        });
      }
    }

    // One-off costs: the validator's wasm compile happens on the first C2PA file.
    const firstC2pa = samples.find((s) => s.c2pa);
    let wasmLoadMs: number | undefined;
    if (firstC2pa) {
      const t0 = performance.now();
      await engine.extract({
        path: firstC2pa.file,
        mediaType: firstC2pa.mediaType,
        size: statSync(firstC2pa.file).size,
      });
      wasmLoadMs = performance.now() - t0;
    }
    // Warm-up (JIT) on a few of each.
    for (const s of [...samples, ...generated.slice(0, 50)]) {
      await engine.extract({ path: s.file, mediaType: s.mediaType, size: statSync(s.file).size });
    }

    const times: Record<string, number[]> = {};
    const record = (key: string, ms: number): void => void (times[key] ??= []).push(ms);
    const run = async (s: Sample): Promise<number> => {
      const size = statSync(s.file).size;
      const t0 = performance.now();
      await engine.extract({ path: s.file, mediaType: s.mediaType, size });
      return performance.now() - t0;
    };
    for (let round = 0; round < SHARED_ROUNDS; round++) {
      for (const s of samples) record(`shared ${s.c2pa ? 'C2PA' : 'non-C2PA'}`, await run(s));
    }
    for (const s of generated) record(`generated ${s.c2pa ? 'C2PA' : 'non-C2PA'}`, await run(s));
    for (const [key, list] of Object.entries(times)) {
      const group = key.endsWith('non-C2PA') ? 'all non-C2PA' : 'all C2PA';
      for (const ms of list) record(group, ms);
    }

    const rows = Object.entries(times).map(([group, list]) => {
      const sorted = [...list].sort((a, b) => a - b);
      const median = quantile(sorted, 0.5);
      const p95 = quantile(sorted, 0.95);
      const isC2pa = !group.endsWith('non-C2PA');
      const target = isC2pa ? `p95 ≤ 40 ms` : `median ≤ 3 ms`;
      const ok = isC2pa ? p95 <= 40 : median <= 3;
      return { group, n: list.length, median, p95, max: sorted[sorted.length - 1] ?? NaN, target, ok };
    });
    const pad = (s: string, n: number) => s.padEnd(n);
    const num = (v: number) => v.toFixed(2).padStart(9);
    console.log('\nProvenance read + normalise, per file (ms)\n');
    console.log(
      `${pad('group', 22)}${'files'.padStart(7)}${'median'.padStart(9)}${'p95'.padStart(9)}${'max'.padStart(9)}   ${pad('target', 16)}result`,
    );
    console.log('-'.repeat(86));
    for (const r of rows) {
      console.log(
        `${pad(r.group, 22)}${String(r.n).padStart(7)}${num(r.median)}${num(r.p95)}${num(r.max)}   ${pad(r.target, 16)}${r.ok ? 'PASS' : 'MISS'}`,
      );
    }
    if (wasmLoadMs !== undefined)
      console.log(`\nfirst C2PA file incl. one-off validator load: ${wasmLoadMs.toFixed(1)} ms`);
    console.log(
      `shared fixtures: ${samples.length} files × ${SHARED_ROUNDS} rounds; generated: ${generated.length} files`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
