/**
 * bench:search:knn — nearest-neighbour search over embeddings at library scale (npm run bench:search:knn).
 *
 * Builds a library of N assets (default 1,000,000), each with one current version and one embedding of the default
 * embedder's shape (1280-d, non-negative, L2-normalised, drawn from a mixture of a few thousand clusters with noise,
 * like image features), written straight through SQL in bulk (intake and inference are not what is measured), then
 * measures VectorSearch.nearest (src/storage/vector/vector-search.ts) as the search service calls it:
 *
 * - build time, peak resident memory during the build, on-disk size per asset;
 * - the first query's cost (SQLite: loading every code into memory) and the resident memory after it;
 * - kNN top 20 p50/p95/p99 over the query set (default 200), and recall@20 against the exact answer, unfiltered and
 *   with a team filter admitting ~5% and ~0.2% of the library, for each re-rank depth (SQLite) or ef_search
 *   (PostgreSQL) given;
 *
 * against the targets: p95 ≤ 50 ms, recall@20 ≥ 0.95, build ≤ 2 GB. The exact answer is computed while the library
 * is generated (each query's top 20 kept as vectors stream past), so that it costs no second pass over the data.
 *
 * Flags: --assets N, --dialect sqlite|postgres (PostgreSQL: PROVENA_TEST_DATABASE_URL or --pg URL names a server; a
 * fresh database is made there and dropped after), --queries N, --clusters N (default assets/250), --noise X, --rerank 200,400,800
 * (SQLite), --ef 40,100,200 (PostgreSQL), --keep (leave the database). Figures measured on a busy machine are noisy.
 */
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { newId } from '../../src/domain/ids.ts';
import { emptyProvenance } from '../../src/domain/provenance.ts';
import type { Dialect } from '../../src/storage/database.ts';
import { toJson } from '../../src/storage/json.ts';
import { indexedDimensions } from '../../src/storage/migrations/0015-vector-search.ts';
import { openStore, type SqlStore } from '../../src/storage/store.ts';
import { binaryCode, codeToBytes } from '../../src/storage/vector/binary-code.ts';
import { clusteredVectors } from '../../src/storage/vector/test-vectors.ts';
import { vectorLiteral, vectorToBytes } from '../../src/storage/vector/vector-bytes.ts';
import { VectorSearch, type VectorRestriction } from '../../src/storage/vector/vector-search.ts';
import { fmt, percentile, scratchPostgresDatabase } from '../support.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const numbers = (name: string, fallback: number[]): number[] =>
  option(name)
    ?.split(',')
    .map(Number)
    .filter((n) => Number.isFinite(n) && n > 0) ?? fallback;

const assetCount = Number(option('assets') ?? 1_000_000);
const dialect = (option('dialect') ?? 'sqlite') as Dialect;
const queryCount = Number(option('queries') ?? 200);
/** About 250 assets per cluster (4,000 clusters at a million): variants, campaigns, series of one subject. */
const clusterCount = Number(option('clusters') ?? Math.max(10, Math.round(assetCount / 250)));
const noise = Number(option('noise') ?? 1.0);
const rerankDepths = numbers('rerank', [200, 400, 800]);
const efSearches = numbers('ef', [40, 100, 200]);
const keep = args.includes('--keep');
const dimensions = 1280;
const k = 20;
const model = 'bench-embedder';
const batch = 1000;
const targets = { p95Ms: 50, recall: 0.95, buildMb: 2048 };

if (!Number.isInteger(assetCount) || assetCount < 1000) throw new Error('--assets must be a whole number ≥ 1000');
if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error('--dialect must be sqlite or postgres');

/** Teams: one admitting ~0.2% of the library, nineteen sharing the rest (one of them is the ~5% filter). */
const teamNames = ['tiny', ...Array.from({ length: 19 }, (_, i) => `team-${String(i).padStart(2, '0')}`)];
const teamOfIndex = (n: number): number => (n % 500 === 0 ? 0 : 1 + (n % 19));

let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const mb = (bytes: number) => bytes / 1024 / 1024;

/** A query's exact top k, kept as the library streams past: similarities ascending, worst first. */
class RunningTop {
  readonly sims: number[] = [];
  readonly ids: string[] = [];
  offer(id: string, sim: number): void {
    if (this.sims.length === k && sim <= this.sims[0]!) return;
    let at = 0;
    while (at < this.sims.length && this.sims[at]! < sim) at++;
    this.sims.splice(at, 0, sim);
    this.ids.splice(at, 0, id);
    if (this.sims.length > k) {
      this.sims.shift();
      this.ids.shift();
    }
  }
}

interface Filter {
  label: string;
  restrict?: VectorRestriction;
  /** Which team index the filter admits (undefined: all). */
  team?: number;
}

async function openBenchStore(): Promise<{
  store: SqlStore;
  dispose: () => Promise<void>;
  diskBytes: () => Promise<number>;
}> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'provena-bench-knn-'));
    const sqlitePath = join(dir, 'provena.db');
    const store = await openStore({ sqlitePath });
    return {
      store,
      diskBytes: () =>
        Promise.resolve(
          [sqlitePath, `${sqlitePath}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0),
        ),
      dispose: async () => {
        await store.close();
        if (keep) console.log(`  kept ${sqlitePath}`);
        else rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const serverUrl = option('pg') ?? process.env.PROVENA_TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('PostgreSQL needs --pg URL or PROVENA_TEST_DATABASE_URL');
  const { url, drop } = await scratchPostgresDatabase(serverUrl, 'bench_knn');
  const store = await openStore({ url, sqlitePath: '' });
  return {
    store,
    diskBytes: async () => {
      const { rows } = await sql<{ size: number }>`select pg_database_size(current_database()) as size`.execute(
        store.db,
      );
      return Number(rows[0]!.size);
    },
    dispose: async () => {
      await store.close();
      if (keep) {
        console.log(`  kept database ${url}`);
        return;
      }
      await drop();
    },
  };
}

async function build(store: SqlStore, queries: Float32Array[], tops: Map<string, RunningTop[]>): Promise<number> {
  // Rows written straight, in bulk, into tables whose row types live with their repositories.
  const db = store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const teamIds: string[] = [];
  for (const name of teamNames) teamIds.push((await store.catalog.ensure('team', name)).entry.id);
  const hnswIndexes = dialect === 'postgres' && (await pgvectorPresent(store));
  if (dialect === 'postgres' && !hnswIndexes) console.log('  PostgreSQL without pgvector: exact search only');
  // Bulk load first and index after, as an operator importing a library would (incremental HNSW inserts at this
  // volume take far longer than one build).
  if (hnswIndexes)
    for (const d of indexedDimensions) await sql`drop index if exists ${sql.id(`embeddings_ann_${d}_idx`)}`.execute(db);
  const source = clusteredVectors({ dimensions, clusters: clusterCount, noise, seed: 2026 });
  const queryNorms = queries.map((q) => Math.sqrt(q.reduce((s, x) => s + x * x, 0)));
  const at = new Date().toISOString();
  const started = performance.now();
  for (let from = 0; from < assetCount; from += batch) {
    const blobs: Record<string, unknown>[] = [];
    const assets: Record<string, unknown>[] = [];
    const versions: Record<string, unknown>[] = [];
    const embeddings: Record<string, unknown>[] = [];
    const codes: Record<string, unknown>[] = [];
    for (let n = from; n < Math.min(assetCount, from + batch); n++) {
      const assetId = newId();
      const versionId = newId();
      const sha256 = versionId.replace(/-/g, '').padEnd(64, 'b');
      const team = teamOfIndex(n);
      const vector = source.next();
      blobs.push({ sha256, size: 1000, media_type: 'image/png', created_at: at });
      assets.push({
        id: assetId,
        title: `asset ${n}`,
        kind: 'image',
        status: 'draft',
        quarantine_reasons: toJson([]),
        rights_status: 'cleared',
        team_id: teamIds[team]!,
        current_version: 1,
        created_at: at,
        updated_at: at,
      });
      versions.push({
        id: versionId,
        asset_id: assetId,
        number: 1,
        blob_sha256: sha256,
        media_type: 'image/png',
        file_name: `a${n}.png`,
        provenance: toJson(emptyProvenance()),
        created_at: at,
        created_by: 'operator:bench',
      });
      embeddings.push({
        version_id: versionId,
        model,
        model_version: '1',
        dimensions,
        vector: vectorToBytes(vector),
        produced_at: at,
        ...(hnswIndexes ? { ann: sql`${vectorLiteral(vector)}::halfvec` } : {}),
      });
      if (dialect === 'sqlite')
        codes.push({
          version_id: versionId,
          model,
          asset_id: assetId,
          version_number: 1,
          code: codeToBytes(binaryCode(vector)),
          stored_at: at,
        });
      // The exact answers, as the vectors go past.
      let vNorm = 0;
      for (let d = 0; d < dimensions; d++) vNorm += vector[d]! * vector[d]!;
      vNorm = Math.sqrt(vNorm);
      for (let q = 0; q < queries.length; q++) {
        const query = queries[q]!;
        let dot = 0;
        for (let d = 0; d < dimensions; d++) dot += query[d]! * vector[d]!;
        const sim = dot / (queryNorms[q]! * vNorm);
        tops.get('all')![q]!.offer(versionId, sim);
        tops.get(`team:${team}`)?.[q]!.offer(versionId, sim);
      }
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('blobs').values(blobs).execute();
      await trx.insertInto('assets').values(assets).execute();
      await trx.insertInto('asset_versions').values(versions).execute();
      // Fewer rows per statement: PostgreSQL's vector literals are long.
      for (let i = 0; i < embeddings.length; i += 250)
        await trx
          .insertInto('embeddings')
          .values(embeddings.slice(i, i + 250))
          .execute();
      if (codes.length) await trx.insertInto('embedding_codes').values(codes).execute();
    });
    sampleRss();
    if ((from / batch) % 10 === 0) {
      const rate = (from + batch) / ((performance.now() - started) / 1000);
      process.stderr.write(`  ${from + batch} / ${assetCount} assets (${fmt(rate, 0)}/s)\r`);
    }
  }
  const loaded = performance.now();
  process.stderr.write(`\n`);
  console.log(`  rows written in ${fmt((loaded - started) / 1000)} s`);
  if (hnswIndexes) {
    await db.connection().execute(async (conn) => {
      await sql`set maintenance_work_mem = '1GB'`.execute(conn);
      await sql`set max_parallel_maintenance_workers = 1`.execute(conn);
      for (const d of indexedDimensions)
        await sql`create index ${sql.id(`embeddings_ann_${d}_idx`)} on embeddings
                  using hnsw ((ann::halfvec(${sql.raw(String(d))})) halfvec_cosine_ops)
                  where dimensions = ${sql.raw(String(d))}`.execute(conn);
    });
    console.log(`  HNSW index built in ${fmt((performance.now() - loaded) / 1000)} s`);
  }
  if (dialect === 'postgres') await sql`analyze`.execute(db);
  return (performance.now() - started) / 1000;
}

async function pgvectorPresent(store: SqlStore): Promise<boolean> {
  return (await new VectorSearch(store.db).method()).method === 'hnsw';
}

async function measure(
  label: string,
  search: VectorSearch,
  queries: Float32Array[],
  filter: Filter,
  tops: Map<string, RunningTop[]>,
): Promise<void> {
  const times: number[] = [];
  let recall = 0;
  const expected = tops.get(filter.team === undefined ? 'all' : `team:${filter.team}`)!;
  for (let q = 0; q < queries.length; q++) {
    const started = performance.now();
    const got = await search.nearest({
      model,
      vector: queries[q]!,
      k,
      ...(filter.restrict ? { restrict: filter.restrict } : {}),
    });
    times.push(performance.now() - started);
    const want = expected[q]!.ids;
    const gotIds = new Set(got.map((n) => n.versionId));
    recall += want.length === 0 ? 1 : want.filter((id) => gotIds.has(id)).length / want.length;
    if (got.length !== Math.min(k, want.length))
      console.log(`  ! query ${q}: ${got.length} results, ${want.length} exist`);
  }
  sampleRss();
  times.sort((a, b) => a - b);
  const r = recall / queries.length;
  const p95 = percentile(times, 95);
  console.log(
    `  ${label.padEnd(44)} p50 ${fmt(percentile(times, 50), 1).padStart(6)}  p95 ${fmt(p95, 1).padStart(6)}  ` +
      `p99 ${fmt(percentile(times, 99), 1).padStart(6)} ms   recall@20 ${fmt(r, 3)}` +
      `   ${p95 <= targets.p95Ms ? '✓' : '✗'} p95  ${r >= targets.recall ? '✓' : '✗'} recall`,
  );
}

async function main(): Promise<void> {
  console.log(
    `bench:search:knn — ${assetCount} assets, ${dialect}, ${dimensions}-d, ${clusterCount} clusters (noise ${noise}), ` +
      `${queryCount} queries, top ${k}. Figures on a shared machine are noisy.`,
  );
  const querySource = clusteredVectors({ dimensions, clusters: clusterCount, noise, seed: 2026 });
  // Queries from the library's own distribution (its clusters), as "more like this" and image queries are; drawn
  // from a generator of the same seed, so they share its centres without being stored items.
  for (let i = 0; i < 7; i++) querySource.next();
  const queries = Array.from({ length: queryCount }, () => querySource.next());
  const tops = new Map<string, RunningTop[]>();
  const fresh = () => queries.map(() => new RunningTop());
  tops.set('all', fresh());
  tops.set('team:1', fresh());
  tops.set('team:0', fresh());

  const { store, dispose, diskBytes } = await openBenchStore();
  try {
    const rssBefore = process.memoryUsage().rss;
    const seconds = await build(store, queries, tops);
    const disk = await diskBytes();
    console.log(
      `  build ${fmt(seconds, 1)} s; peak RSS during build ${fmt(mb(peakRss), 0)} MB (from ${fmt(mb(rssBefore), 0)} MB)` +
        ` ${mb(peakRss) <= targets.buildMb ? '✓' : '✗'} ≤ 2 GB; on disk ${fmt(disk / assetCount, 0)} bytes per asset` +
        ` (${fmt(mb(disk), 0)} MB)`,
    );
    const teamIds = new Map<number, string>();
    for (const [i, name] of teamNames.entries()) teamIds.set(i, (await store.catalog.ensure('team', name)).entry.id);
    const filters: Filter[] = [
      { label: 'no filter' },
      { label: 'team filter (~5%)', team: 1, restrict: (eb) => eb('assets.team_id', '=', teamIds.get(1)!) },
      { label: 'team filter (~0.2%)', team: 0, restrict: (eb) => eb('assets.team_id', '=', teamIds.get(0)!) },
    ];
    const settings =
      dialect === 'sqlite'
        ? rerankDepths.map((depth) => ({
            label: `re-rank ${depth}`,
            options: { rerankDepth: depth, refreshMs: 60_000 },
          }))
        : efSearches.map((ef) => ({ label: `ef_search ${ef}`, options: { efSearch: ef } }));
    // One searcher for all settings on SQLite would share its codes; a new one per setting reloads them, so the
    // first query's cost is measured once, here.
    const rssBeforeLoad = process.memoryUsage().rss;
    const loadStarted = performance.now();
    const first = new VectorSearch(store.db, settings[0]!.options);
    await first.nearest({ model, vector: queries[0]!, k });
    console.log(
      `  first query (SQLite: loads every code) ${fmt(performance.now() - loadStarted, 0)} ms; ` +
        `RSS after ${fmt(mb(process.memoryUsage().rss), 0)} MB (+${fmt(mb(process.memoryUsage().rss - rssBeforeLoad), 0)} MB)`,
    );
    for (const setting of settings) {
      const search = setting === settings[0] ? first : new VectorSearch(store.db, setting.options);
      // Not measured: a new searcher's first query loads its codes (SQLite).
      await search.nearest({ model, vector: queries[0]!, k });
      for (const filter of filters) await measure(`${setting.label}, ${filter.label}`, search, queries, filter, tops);
    }
  } finally {
    await dispose();
  }
}

await main();
