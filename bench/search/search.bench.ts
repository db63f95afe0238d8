/**
 * bench:search — full-text search, filters and facet counts over the synthetic library at scale (issue 14,
 * Performance), on SQLite or PostgreSQL:
 *
 *   npm run bench:search -- --assets 100000 --dialect sqlite
 *   npm run bench:search -- --assets 1000000 --dialect postgres --library postgres://…/bench_search_1000000_1
 *
 * Finds the library built by bench:search:library (its manifest .data/bench-search/library-<dialect>-<N>.json), or
 * builds it with the search index when there is none (or with --rebuild), then runs a fixed mixed query set made from
 * the library's vocabulary — frequent and rare words, phrases, prefixes, two- and three-word queries, words found
 * only in pictures' text, an exclusion — through SqlSearchRepository.search as the search service calls it, three
 * ways:
 *
 * - text only, top 50;
 * - text + 3 filters (status, campaign, model, team, date ranges, risk), top 50;
 * - the same with 6 facet counts (the default facets: status, risk, campaign, model, ai, orientation) and the total;
 *
 * and reports p50/p95/p99 of each against the targets (p95 ≤ 50 ms text + filters, ≤ 150 ms with facets), the
 * library's build time, on-disk size per asset (the search index's share apart), this process's resident memory,
 * and the load average while it ran: figures from a busy shared machine are noisy.
 *
 * Flags: --assets N (default 1,000,000), --dialect sqlite|postgres, --library PATH|URL (a SQLite file, a PostgreSQL
 * URL or a manifest; default: the manifest of --assets and --dialect in --out), --out DIR (default
 * .data/bench-search/), --seed N (default 1), --rounds N (timed passes over the query set, default 5), --rebuild
 * (build the library even if a manifest exists), --explain (print the plan of each kind's slowest query), --json
 * FILE (write the figures), --rank-candidates N and --facet-sample N (the repository's SearchBounds). PostgreSQL: PROVENA_BENCH_DATABASE_URL or PROVENA_TEST_DATABASE_URL names the server
 * the library is built on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { parseSearchQuery } from '../../src/domain/search-query-parser.ts';
import { defaultSearchFacets, type SearchRequest } from '../../src/domain/search.ts';
import { openDatabase, type Dialect } from '../../src/storage/database.ts';
import type { Database } from '../../src/storage/schema.ts';
import { createSearchFilterIndexes } from '../../src/storage/search/search-index.ts';
import {
  defaultSearchBounds,
  SqlSearchRepository,
  type SearchBounds,
} from '../../src/storage/search/search.repository.ts';
import { fmt, percentile } from '../support.ts';
import { searchCatalogue } from './corpus.ts';
import { artists, detailNouns, signTexts, subjects, tools } from './vocabulary.ts';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
const count = (name: string, fallback: number): number => {
  const text = flag(name);
  if (text === undefined) return fallback;
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0) fail(`--${name} must be a positive whole number, not "${text}"`);
  return value;
};

const assets = count('assets', 1_000_000);
const seed = count('seed', 1);
const rounds = count('rounds', 5);
const dialectFlag = flag('dialect') ?? 'sqlite';
if (dialectFlag !== 'sqlite' && dialectFlag !== 'postgres')
  fail(`--dialect must be sqlite or postgres, not "${dialectFlag}"`);
const dialect: Dialect = dialectFlag;
const out = resolve(flag('out') ?? '.data/bench-search/');
const explain = args.includes('--explain');
// A tenth of the defaults at 100,000 assets reads the same share of a broad match as the defaults at a million.
const bounds: SearchBounds = {
  rankCandidates: count('rank-candidates', defaultSearchBounds.rankCandidates),
  facetSample: count('facet-sample', defaultSearchBounds.facetSample),
};
const jsonFile = flag('json');
const limit = 50;
const targets = { textAndFiltersP95Ms: 50, facetsP95Ms: 150 };

/** What bench:search:library wrote beside the library. */
interface LibraryManifest {
  dialect: Dialect;
  assets: number;
  seed: number;
  url?: string;
  sqlitePath?: string;
  buildSeconds?: number;
  afterBuildSeconds?: number;
  onDiskBytes?: number;
  peakRssMb?: number;
}

function readManifest(file: string): LibraryManifest {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LibraryManifest;
  } catch (error) {
    fail(`${file} is not a library manifest: ${(error as Error).message}`);
  }
}

/** Where the library is: --library, else the manifest of this size and dialect, else a new build. */
function findLibrary(): LibraryManifest {
  const given = flag('library');
  if (given !== undefined) {
    if (given.endsWith('.json')) return readManifest(resolve(given));
    if (/^postgres(ql)?:\/\//.test(given)) return { dialect: 'postgres', assets, seed, url: given };
    if (!existsSync(resolve(given))) fail(`--library names no file: ${resolve(given)}`);
    const manifest = resolve(given).replace(/library-(\d+)\.db$/, 'library-sqlite-$1.json');
    return existsSync(manifest) && manifest.endsWith('.json')
      ? { ...readManifest(manifest), sqlitePath: resolve(given) }
      : { dialect: 'sqlite', assets, seed, sqlitePath: resolve(given) };
  }
  const manifest = join(out, `library-${dialect}-${assets}.json`);
  if (existsSync(manifest) && !args.includes('--rebuild')) return readManifest(manifest);
  process.stdout.write(`no library at ${manifest}: building one (bench:search:library with the search index)\n`);
  const built = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/search/build-library.ts',
      '--assets',
      String(assets),
      '--seed',
      String(seed),
      '--dialect',
      dialect,
      '--out',
      out,
      '--after-build',
      'bench/search/search-index-after-build.ts',
    ],
    { stdio: 'inherit' },
  );
  if (built.status !== 0) fail(`building the library failed (exit ${built.status ?? built.signal})`);
  return readManifest(manifest);
}

// ---------------------------------------------------------------------------------------------------------------
// The query set: fixed, from the vocabulary (frequent words first in each list, the long tail last).

const catalogue = searchCatalogue(seed);
const last = <T>(list: readonly T[], back = 1): T => list[list.length - back]!;
const slugOf = (index: number, of: 'teams' | 'campaigns'): string => catalogue[of][index]!.slug;
const modelOf = (tool: string, index = 0): string => tools.find((t) => t.tool === tool)!.models[index]!;

/** Free text: [what kind of query, the query]. */
const textQueries: [string, string][] = [
  ['frequent word', subjects[0]!.word],
  ['frequent word', subjects[1]!.word],
  ['frequent word (style)', 'photo'],
  ['frequent word', 'portrait'],
  ['rare word', last(subjects).word],
  ['rare word', last(subjects, 3).word],
  ['rare word (artist)', last(artists).split(' ')[1]!],
  ['rare word (detail)', last(detailNouns)],
  ['rare word (place)', 'glacier'],
  ['phrase', '"golden hour"'],
  ['phrase', '"misty forest"'],
  ['phrase', '"oil painting"'],
  ['prefix', 'drag*'],
  ['prefix', 'cyber*'],
  ['prefix', 'light*'],
  ['two words', 'cat watercolor'],
  ['two words', 'astronaut moon'],
  ['two words', 'woman beach'],
  ['three words', 'dragon castle night'],
  ['three words', 'robot city neon'],
  ['three words', 'horse meadow sunset'],
  ['text in pictures', signTexts[4]!.split(' ')[1]!.toLowerCase()],
  ['text in pictures (phrase)', `"${signTexts[2]!.toLowerCase()}"`],
  ['exclusion', 'castle -night'],
];

/** Three filters each, over status, campaign, model, team, date ranges and risk; used in turn. */
const filterSets: string[] = [
  'status:approved,published risk:1 created:2026',
  `campaign:${slugOf(0, 'campaigns')} model:"${modelOf('ComfyUI')}" status:approved,published`,
  `team:${slugOf(0, 'teams')} risk:>=2 created:>2026-06-01`,
  `model:"${modelOf('ComfyUI', 1)}" status:approved created:2025-12..2026-05`,
  `team:${slugOf(5, 'teams')} status:draft,in_review risk:2`,
  `campaign:${slugOf(10, 'campaigns')} created:>=2026-01-01 risk:1..2`,
  `model:"${modelOf('Midjourney', 1)}" team:${slugOf(2, 'teams')} created:<2026-09-01`,
  `status:published risk:1 campaign:${slugOf(3, 'campaigns')}`,
];

type Kind = 'text only' | 'text + 3 filters' | 'text + 3 filters + 6 facets';
const kinds: readonly Kind[] = ['text only', 'text + 3 filters', 'text + 3 filters + 6 facets'];

interface Case {
  kind: Kind;
  label: string;
  query: string;
  request: SearchRequest;
}

function cases(): Case[] {
  const now = new Date();
  return textQueries.flatMap(([label, text], i) => {
    const filtered = `${text} ${filterSets[i % filterSets.length]!}`;
    const plain: SearchRequest = { query: parseSearchQuery(text, now), limit };
    const withFilters: SearchRequest = { query: parseSearchQuery(filtered, now), limit };
    return [
      { kind: 'text only', label, query: text, request: plain },
      { kind: 'text + 3 filters', label, query: filtered, request: withFilters },
      {
        kind: 'text + 3 filters + 6 facets',
        label,
        query: filtered,
        request: { ...withFilters, facets: defaultSearchFacets },
      },
    ];
  });
}

// ---------------------------------------------------------------------------------------------------------------

async function sizes(
  db: Kysely<Database>,
  library: LibraryManifest,
): Promise<{ totalBytes: number; searchIndexBytes?: number }> {
  if (dialect === 'sqlite') {
    const file = library.sqlitePath!;
    const totalBytes = ['', '-wal'].reduce(
      (sum, suffix) => sum + (existsSync(file + suffix) ? statSync(file + suffix).size : 0),
      0,
    );
    try {
      // dbstat names every table and index b-tree; FTS5's shadow tables are search_fts_*.
      const { rows } = await sql<{ bytes: number }>`
        select sum(pgsize) as bytes from dbstat where name like 'search%' or name like 'sqlite_autoindex_search%'`.execute(
        db,
      );
      return { totalBytes, searchIndexBytes: Number(rows[0]?.bytes ?? 0) };
    } catch {
      return { totalBytes };
    }
  }
  const { rows } = await sql<{ total: string; search: string }>`
    select pg_database_size(current_database()) as total,
           pg_total_relation_size('search_documents') as search`.execute(db);
  return { totalBytes: Number(rows[0]!.total), searchIndexBytes: Number(rows[0]!.search) };
}

/**
 * The plans of the statements the repository runs for `request`: each one recorded as it executes, then explained
 * with its parameters (PostgreSQL: EXPLAIN ANALYZE, so the plan comes with its actual rows and times).
 */
async function plansOf(db: Kysely<Database>, request: SearchRequest): Promise<string> {
  const recorded: CompiledQuery[] = [];
  const recording = db.withPlugin({
    transformQuery: (args) => {
      recorded.push(db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  });
  await new SqlSearchRepository(recording, dialect, bounds).search(request);
  const explained: string[] = [];
  // The repository's own EXPLAIN (the planner's estimate that chooses the facets' sample) is shown as it ran.
  for (const statement of recorded.filter((recorded) => !/^\s*explain\b/i.test(recorded.sql))) {
    const prefix = dialect === 'sqlite' ? 'explain query plan ' : 'explain (analyze, buffers) ';
    const { rows } = await db.executeQuery<Record<string, unknown>>(
      CompiledQuery.raw(prefix + statement.sql, [...statement.parameters]),
    );
    const lines = rows.map((row) =>
      dialect === 'sqlite'
        ? `${String(row.id)}<${String(row.parent)} ${String(row.detail)}`
        : String(row['QUERY PLAN']),
    );
    explained.push(
      `    ${statement.sql.replace(/\s+/g, ' ').slice(0, 400)}\n${lines.map((l) => `      ${l}`).join('\n')}\n`,
    );
  }
  return explained.join('');
}

const ms = (n: number) => `${fmt(n, 1)} ms`;

async function main(): Promise<void> {
  const library = findLibrary();
  if (library.dialect !== dialect) fail(`the library is ${library.dialect}, not ${dialect}: pass --dialect`);
  const loadBefore = loadavg();
  const { db } = await openDatabase({
    ...(library.url ? { url: library.url } : {}),
    sqlitePath: library.sqlitePath ?? '',
  });
  try {
    const { rows: counted } = await sql<{ n: number | string }>`select count(*) as n from search_documents`.execute(db);
    const documents = Number(counted[0]?.n ?? 0);
    if (documents === 0) fail('the library has no search documents: build it with --after-build (or pass --rebuild)');
    // A library built before an index of the search's was defined gets it now (its build time is reported apart).
    const indexStarted = performance.now();
    await createSearchFilterIndexes(db, dialect);
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    if (indexSeconds > 1) process.stdout.write(`  filter indexes the library lacked: made in ${fmt(indexSeconds)} s\n`);
    const repository = new SqlSearchRepository(db, dialect, bounds);
    const all = cases();
    process.stdout.write(
      `search benchmark: ${dialect}, ${documents.toLocaleString('en')} documents, ${textQueries.length} queries × ` +
        `${kinds.length} kinds × ${rounds} rounds, ranking ≤ ${bounds.rankCandidates} candidates, facets sampled past ` +
        `${bounds.facetSample} (load average ${loadBefore.map((n) => fmt(n, 2)).join(' ')})\n`,
    );
    // One untimed pass: the first query of a cold process reads the index from disk into the page cache.
    const matched = new Map<Case, { hits: number; total?: string }>();
    for (const item of all) {
      const result = await repository.search(item.request);
      // ~: an estimate from the facets' sample of a broad match.
      const total = result.total === undefined ? {} : { total: `${result.approximate ? '~' : ''}${result.total}` };
      matched.set(item, { hits: result.hits.length, ...total });
    }
    const times = new Map<Case, number[]>(all.map((item) => [item, []]));
    const cpuBefore = process.cpuUsage();
    for (let round = 0; round < rounds; round++)
      for (const item of all) {
        const started = performance.now();
        await repository.search(item.request);
        times.get(item)!.push(performance.now() - started);
      }
    const cpu = process.cpuUsage(cpuBefore);
    const loadAfter = loadavg();

    const summary = kinds.map((kind) => {
      const samples = all
        .filter((item) => item.kind === kind)
        .flatMap((item) => times.get(item)!)
        .sort((a, b) => a - b);
      return {
        kind,
        samples: samples.length,
        p50: percentile(samples, 50),
        p95: percentile(samples, 95),
        p99: percentile(samples, 99),
        max: samples[samples.length - 1] ?? 0,
      };
    });
    const target = (kind: Kind) =>
      kind === 'text only'
        ? undefined
        : kind === 'text + 3 filters'
          ? targets.textAndFiltersP95Ms
          : targets.facetsP95Ms;
    process.stdout.write('\n  kind                          p50        p95        p99        max   target p95\n');
    for (const row of summary) {
      const goal = target(row.kind);
      process.stdout.write(
        `  ${row.kind.padEnd(28)} ${ms(row.p50).padStart(9)}  ${ms(row.p95).padStart(9)}  ${ms(row.p99).padStart(9)}  ` +
          `${ms(row.max).padStart(9)}   ${goal === undefined ? '—' : `≤ ${goal} ms ${row.p95 <= goal ? 'met' : 'MISSED'}`}\n`,
      );
    }

    process.stdout.write(
      '\n  per query (median of the rounds; matches: hits on the page / total with facets, ~ when estimated)\n',
    );
    for (const [label, text] of textQueries) {
      const row = kinds.map((kind) => {
        const item = all.find((c) => c.label === label && c.kind === kind && c.query.startsWith(text))!;
        const sorted = [...times.get(item)!].sort((a, b) => a - b);
        return { item, median: percentile(sorted, 50) };
      });
      const facetCase = row[2]!.item;
      process.stdout.write(
        `  ${`${label}: ${text}`.padEnd(44)} ${row.map((r) => ms(r.median).padStart(9)).join(' ')}` +
          `   ${matched.get(row[0]!.item)!.hits}/${matched.get(row[1]!.item)!.hits}/${matched.get(facetCase)!.total ?? '?'}\n`,
      );
    }
    process.stdout.write(`\n  filters in turn:\n${filterSets.map((f) => `    ${f}`).join('\n')}\n`);

    if (explain) {
      for (const kind of kinds) {
        const slowest = all
          .filter((item) => item.kind === kind)
          .sort((a, b) => Math.max(...times.get(b)!) - Math.max(...times.get(a)!))[0]!;
        process.stdout.write(`\n  slowest ${kind}: ${slowest.query}\n`);
        process.stdout.write(await plansOf(db, slowest.request));
      }
    }

    const size = await sizes(db, library);
    const rssMb = process.memoryUsage().rss / 2 ** 20;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(
      [
        '',
        `  library build    ${library.buildSeconds !== undefined ? `${fmt(library.buildSeconds)} s` : '—'}` +
          `${library.afterBuildSeconds !== undefined ? ` + search index ${fmt(library.afterBuildSeconds)} s` : ''}` +
          `${library.peakRssMb !== undefined ? ` (peak RSS ${library.peakRssMb} MB)` : ''}`,
        `  on disk          ${fmt(size.totalBytes / 2 ** 20, 0)} MB, ${Math.round(size.totalBytes / documents).toLocaleString('en')} bytes per asset` +
          (size.searchIndexBytes !== undefined
            ? `; the search index ${fmt(size.searchIndexBytes / 2 ** 20, 0)} MB, ${Math.round(size.searchIndexBytes / documents).toLocaleString('en')} bytes per asset`
            : ''),
        `  resident memory  ${fmt(rssMb, 0)} MB now, ${fmt(peakRssMb, 0)} MB peak (this process${dialect === 'postgres' ? '; the server’s is apart' : ', SQLite in it'})`,
        `  process CPU      ${fmt((cpu.user + cpu.system) / 1e6)} s over the timed rounds`,
        `  load average     ${loadBefore.map((n) => fmt(n, 2)).join(' ')} before, ${loadAfter.map((n) => fmt(n, 2)).join(' ')} after (2 cores: figures are noisy)`,
        '',
      ].join('\n'),
    );
    if (jsonFile)
      writeFileSync(
        resolve(jsonFile),
        `${JSON.stringify(
          {
            dialect,
            documents,
            rounds,
            bounds,
            measuredAt: new Date().toISOString(),
            loadAverage: { before: loadBefore, after: loadAfter },
            summary,
            library,
            size,
            rssMb: Math.round(rssMb),
            peakRssMb: Math.round(peakRssMb),
          },
          null,
          2,
        )}\n`,
      );
  } finally {
    await db.destroy();
  }
}

await main();
