/**
 * bench:search:library — builds the search benchmark's synthetic library (library.ts) into a new database and reports
 * build time, rows/s, on-disk size per asset and peak resident memory.
 *
 *   npm run bench:search:library -- --assets 100000 --dialect sqlite --out .data/bench-search/
 *   npm run bench:search:library -- --assets 1000000 --dialect postgres
 *
 * Flags: --assets N (default 1,000,000), --seed N (default 1), --batch N (assets per transaction, default 2,000),
 * --dialect sqlite|postgres (default sqlite), --out DIR (default .data/bench-search/; SQLite: DIR/library-<N>.db,
 * replaced if it exists), --after-build MODULE (a module whose default export `(db, dialect) => Promise<void>` runs
 * once the rows are written — the search index's reindex — timed apart).
 *
 * PostgreSQL: a fresh database `bench_search_<N>_<seed>` (dropped first if it exists) on the server of
 * PROVENA_BENCH_DATABASE_URL, else PROVENA_TEST_DATABASE_URL (scripts/test-postgres.sh prints one). The database is
 * kept: the search benchmark reads it. DIR/library-<dialect>-<N>.json records where the library is, its seed and
 * the figures, so that the search benchmark can find it. Open it with searchLibraryAuditKey.
 *
 * The build runs SQLite with synchronous=OFF (a benchmark database, rebuilt rather than recovered) and ends with
 * ANALYZE on both dialects, as an operator's bulk load would.
 */
import { mkdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase, type Dialect } from '../../src/storage/database.ts';
import type { Database } from '../../src/storage/schema.ts';
import { fmt } from '../support.ts';
import { buildSearchLibrary } from './library.ts';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const count = (name: string, fallback: number): number => {
  const text = flag(name);
  if (text === undefined) return fallback;
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0) {
    process.stderr.write(`--${name} must be a positive whole number, not "${text}"\n`);
    process.exit(2);
  }
  return value;
};

const assets = count('assets', 1_000_000);
const seed = count('seed', 1);
const batch = count('batch', 2000);
const dialectFlag = flag('dialect') ?? 'sqlite';
if (dialectFlag !== 'sqlite' && dialectFlag !== 'postgres') {
  process.stderr.write(`--dialect must be sqlite or postgres, not "${dialectFlag}"\n`);
  process.exit(2);
}
const dialect: Dialect = dialectFlag;
const out = resolve(flag('out') ?? '.data/bench-search/');
const afterBuildModule = flag('after-build');
if (afterBuildModule !== undefined && !existsSync(resolve(afterBuildModule))) {
  process.stderr.write(`--after-build names no file: ${resolve(afterBuildModule)}\n`);
  process.exit(2);
}

async function freshPostgresDatabase(): Promise<{ url: string; name: string; serverUrl: string }> {
  const serverUrl = process.env.PROVENA_BENCH_DATABASE_URL ?? process.env.PROVENA_TEST_DATABASE_URL;
  if (!serverUrl) {
    process.stderr.write(
      'PostgreSQL needs a server: set PROVENA_BENCH_DATABASE_URL (or PROVENA_TEST_DATABASE_URL), e.g. the URL ' +
        'scripts/test-postgres.sh start DIR prints.\n',
    );
    process.exit(2);
  }
  const name = `bench_search_${assets}_${seed}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, serverUrl };
}

async function onDiskBytes(db: Kysely<Database>, where: { sqlitePath?: string; name?: string }): Promise<number> {
  if (dialect === 'sqlite') {
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
    const file = where.sqlitePath!;
    return ['', '-wal', '-shm'].reduce(
      (sum, suffix) => sum + (existsSync(file + suffix) ? statSync(file + suffix).size : 0),
      0,
    );
  }
  const { rows } = await sql<{ size: string | number }>`select pg_database_size(${where.name!}) as size`.execute(db);
  return Number(rows[0]!.size);
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const sqlitePath = join(out, `library-${assets}.db`);
  let url: string | undefined;
  let databaseName: string | undefined;
  if (dialect === 'postgres') {
    const made = await freshPostgresDatabase();
    url = made.url;
    databaseName = made.name;
  } else {
    for (const suffix of ['', '-wal', '-shm']) rmSync(sqlitePath + suffix, { force: true });
  }
  const afterBuild = afterBuildModule
    ? (
        (await import(pathToFileURL(resolve(afterBuildModule)).href)) as {
          default?: (db: Kysely<Database>, dialect: Dialect) => Promise<void>;
        }
      ).default
    : undefined;
  if (afterBuildModule !== undefined && typeof afterBuild !== 'function') {
    process.stderr.write(`--after-build ${afterBuildModule}: no default export (db, dialect) => Promise<void>\n`);
    process.exit(2);
  }

  const { db } = await openDatabase({ ...(url ? { url } : {}), sqlitePath });
  try {
    if (dialect === 'sqlite') await sql`pragma synchronous = off`.execute(db);
    process.stdout.write(
      `search library: ${assets.toLocaleString('en')} assets, seed ${seed}, ${dialect} (${url ? url.replace(/\/\/[^@]*@/, '//') : sqlitePath})\n`,
    );
    const report = await buildSearchLibrary({
      db,
      dialect,
      assets,
      seed,
      batch,
      onProgress: ({ assets: done, total, rows, elapsedMs }) => {
        if (done % (batch * 10) !== 0 && done !== total) return;
        const rss = process.memoryUsage().rss / 2 ** 20;
        process.stderr.write(
          `  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} assets, ${rows.toLocaleString('en')} rows, ` +
            `${fmt(elapsedMs / 1000)} s, rss ${fmt(rss, 0)} MB\n`,
        );
      },
      ...(afterBuild ? { afterBuild: (built: Kysely<Database>) => afterBuild(built, dialect) } : {}),
    });
    const analyzeStarted = performance.now();
    await sql`analyze`.execute(db);
    const analyzeMs = performance.now() - analyzeStarted;
    const bytes = await onDiskBytes(db, { sqlitePath, ...(databaseName ? { name: databaseName } : {}) });
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    // CPU time of this process (generation, digests, the SQLite engine in-process): less at the mercy of other
    // processes on a shared machine than the wall-clock time.
    const cpu = process.cpuUsage();
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const figures = {
      dialect,
      assets,
      seed,
      ...(url ? { url } : { sqlitePath }),
      builtAt: new Date().toISOString(),
      rows: report.rows,
      buildSeconds: Math.round(report.buildMs) / 1000,
      ...(report.afterBuildMs !== undefined ? { afterBuildSeconds: Math.round(report.afterBuildMs) / 1000 } : {}),
      analyzeSeconds: Math.round(analyzeMs) / 1000,
      rowsPerSecond: Math.round(report.rowsPerSecond),
      assetsPerSecond: Math.round(report.assetsPerSecond),
      onDiskBytes: bytes,
      bytesPerAsset: Math.round(bytes / assets),
      peakRssMb: Math.round(peakRssMb),
      processCpuSeconds: Math.round(cpuSeconds * 10) / 10,
    };
    process.stdout.write(
      [
        `  build            ${fmt(report.buildMs / 1000)} s  (${figures.assetsPerSecond.toLocaleString('en')} assets/s, ${figures.rowsPerSecond.toLocaleString('en')} rows/s, ${report.rows.toLocaleString('en')} rows)`,
        ...(report.afterBuildMs !== undefined ? [`  after-build hook ${fmt(report.afterBuildMs / 1000)} s`] : []),
        `  analyze          ${fmt(analyzeMs / 1000)} s`,
        `  on disk          ${fmt(bytes / 2 ** 20, 0)} MB, ${figures.bytesPerAsset.toLocaleString('en')} bytes per asset`,
        `  peak RSS         ${figures.peakRssMb} MB`,
        `  process CPU      ${fmt(cpuSeconds)} s (user + system, the whole run)`,
        '',
      ].join('\n'),
    );
    const manifest = join(out, `library-${dialect}-${assets}.json`);
    writeFileSync(manifest, `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(`  manifest         ${manifest}\n`);
  } finally {
    await db.destroy();
  }
}

await main();
