/**
 * Opens the database for either dialect and brings its schema up to date. SQLite (better-sqlite3, WAL) is the
 * embedded default; PostgreSQL is the scale back end. Both sit behind the same Kysely<Database>.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type Migration,
  type SqliteDatabase,
  type SqliteDriver,
} from 'kysely';
import { translateDbError } from './db-errors.ts';
import { coreMigration } from './migrations/0001-core.ts';
import { jobsMigration } from './migrations/0002-jobs.ts';
import { enrichmentMigration } from './migrations/0003-enrichment.ts';
import { hashRefreshMigration } from './migrations/0004-hash-refresh.ts';
import { paletteFamilyMigration } from './migrations/0005-palette-family.ts';
import { hashedPictureSizeMigration } from './migrations/0006-hashed-picture-size.ts';
import { keyedAuditMigration } from './migrations/0007-keyed-audit.ts';
import { identityMigration } from './migrations/0008-identity.ts';
import { riskPolicyMigration } from './migrations/0009-risk-policy.ts';
import { reviewMigration } from './migrations/0010-review.ts';
import { assetLifecycleMigration } from './migrations/0011-asset-lifecycle.ts';
import { brandMigration } from './migrations/0012-brand.ts';
import { searchMigration } from './migrations/0013-search.ts';
import { collectionsMigration } from './migrations/0014-collections.ts';
import { vectorSearchMigration } from './migrations/0015-vector-search.ts';
import { rightsMigration } from './migrations/0016-rights.ts';
import { presetsAndExportsMigration } from './migrations/0017-presets-and-exports.ts';
import { shareLinksMigration } from './migrations/0018-share-links.ts';
import { dashboardMigration } from './migrations/0019-dashboard.ts';
import { searchSampleMigration } from './migrations/0020-search-sample.ts';
import { searchMatchIndexMigration } from './migrations/0021-search-match-index.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
}

/** Versioned migrations, applied in name order. Never edit a released one: add the next number. */
function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-core': coreMigration(dialect),
    '0002-jobs': jobsMigration(dialect),
    '0003-enrichment': enrichmentMigration(dialect),
    '0004-hash-refresh': hashRefreshMigration(),
    '0005-palette-family': paletteFamilyMigration(),
    '0006-hashed-picture-size': hashedPictureSizeMigration(),
    '0007-keyed-audit': keyedAuditMigration(),
    '0008-identity': identityMigration(),
    '0009-risk-policy': riskPolicyMigration(dialect),
    '0010-review': reviewMigration(),
    '0011-asset-lifecycle': assetLifecycleMigration(dialect),
    '0012-brand': brandMigration(dialect),
    '0013-search': searchMigration(dialect),
    '0014-collections': collectionsMigration(),
    '0015-vector-search': vectorSearchMigration(dialect),
    '0016-rights': rightsMigration(),
    '0017-presets-and-exports': presetsAndExportsMigration(dialect),
    '0018-share-links': shareLinksMigration(),
    '0019-dashboard': dashboardMigration(dialect),
    '0020-search-sample': searchSampleMigration(dialect),
    '0021-search-match-index': searchMatchIndexMigration(dialect),
  };
}

/**
 * SQLite write transactions must take the write lock up front (BEGIN IMMEDIATE): a deferred transaction that reads
 * then writes fails with SQLITE_BUSY_SNAPSHOT when another process (a CLI ingest beside the server) wrote meanwhile,
 * and busy_timeout cannot help it.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver() as SqliteDriver;
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

/**
 * better-sqlite3 statements are reusable, but Kysely prepares every query anew, which costs more than running it.
 * Kysely's SQLite driver holds one connection behind a mutex, so a cached statement is never in use twice at once.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        if (cache.size >= 500) cache.clear();
        statement = sqlite.prepare(sql);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

export function parseDatabaseUrl(url: string): Dialect {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  if (url.startsWith('sqlite:') || url.startsWith('file:')) return 'sqlite';
  throw new Error(`unsupported database URL scheme in "${url}" (use postgres://… or sqlite:PATH)`);
}

export async function openDatabase(options: { url?: string; sqlitePath: string }): Promise<DatabaseHandle> {
  const dialect: Dialect = options.url ? parseDatabaseUrl(options.url) : 'sqlite';
  let db: Kysely<Database>;
  if (dialect === 'postgres') {
    // Loaded only for PostgreSQL: the embedded default (and every CLI call on it) never pays for the driver.
    const { default: pg } = await import('pg');
    // bigint (int8) columns hold sizes and audit sequence numbers, all far below 2^53.
    pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
    // No JIT compilation: it starts when a plan's estimated cost passes jit_above_cost, and Provena's queries that
    // estimate high run in milliseconds (the search's month-by-month read: 15-20 ms compiling a 5 ms query; the
    // review counts: seconds, decision 0017). An operator's own PGOPTIONS or the URL's `options` still apply.
    const startup = [process.env.PGOPTIONS, '-c jit=off'].filter(Boolean).join(' ');
    const pool = new pg.Pool({ connectionString: options.url, max: 10, options: startup });
    // An idle client losing its connection must not crash the process; the next query reports it.
    pool.on('error', () => {});
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    const path = options.url ? options.url.replace(/^(sqlite|file):(\/\/)?/, '') : options.sqlitePath;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SQLite(path);
    sqlite.pragma('journal_mode = WAL');
    // Every commit is on disk before it returns: an upload answered 201 survives a power loss (decision 0013).
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 10000');
    db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  }
  try {
    await migrate(db, dialect);
  } catch (error) {
    await db.destroy();
    throw translateDbError(dialect, error);
  }
  return { db, dialect };
}

async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations(dialect)) },
    migrationTableName: 'provena_migrations',
    migrationLockTableName: 'provena_migrations_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
}
