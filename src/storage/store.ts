/** The Store port over Kysely: repositories bound to the pool, or to one transaction. */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { AuditKey } from '../domain/audit.ts';
import type { Store, StoreTransaction, StoreTx } from '../domain/ports.ts';
import { SqlAssetRepository } from './asset.repository.ts';
import { keyAuditLog } from './audit-cut-over.ts';
import { SqlAuditRepository } from './audit.repository.ts';
import { SqlCatalogRepository } from './catalog.repository.ts';
import { openDatabase, type DatabaseHandle, type Dialect } from './database.ts';
import { translateDbError, translatingErrors } from './db-errors.ts';
import { SqlEnrichmentRepository } from './enrichment.repository.ts';
import { SqlEventRepository } from './event.repository.ts';
import { SqlFamilyRepository } from './family.repository.ts';
import { SqlIdentityRepository } from './identity.repository.ts';
import { SqlRiskPolicyRepository } from './risk-policy.repository.ts';
import { SqlBrandRepository } from './brand.repository.ts';
import { SqlCollectionRepository } from './collection.repository.ts';
import { SqlSearchRepository } from './search/search.repository.ts';
import { SqlReviewRepository } from './review.repository.ts';
import { SqlJobRepository } from './job.repository.ts';
import { SqlShareLinkRepository } from './share-link.repository.ts';
import { SqlRightsRepository } from './rights.repository.ts';
import { SqlPresetRepository } from './preset.repository.ts';
import { SqlRenditionCacheRepository } from './rendition-cache.repository.ts';
import type { Database } from './schema.ts';

export interface StoreOptions {
  url?: string;
  sqlitePath: string;
  /**
   * The audit key (decision 0012): audited writes (the audit log, asset and version rows) need it. Without it the
   * store reads and runs jobs only.
   */
  auditKey?: AuditKey;
  /** Called after a transaction that appended audit entries committed: the anchor checkpoints the new head. */
  onAuditCommitted?: () => void;
}

function repositories(db: Kysely<Database>, dialect: Dialect, key?: AuditKey, onAuditAppend?: () => void): StoreTx {
  return {
    assets: translatingErrors(dialect, new SqlAssetRepository(db, undefined, { ...(key ? { key } : {}), dialect })),
    catalog: translatingErrors(dialect, new SqlCatalogRepository(db)),
    audit: translatingErrors(dialect, new SqlAuditRepository(db, dialect, key, onAuditAppend)),
    enrichment: translatingErrors(dialect, new SqlEnrichmentRepository(db)),
    families: translatingErrors(dialect, new SqlFamilyRepository(db)),
    jobs: translatingErrors(dialect, new SqlJobRepository(db, dialect)),
    identity: translatingErrors(dialect, new SqlIdentityRepository(db)),
    riskPolicies: translatingErrors(dialect, new SqlRiskPolicyRepository(db, dialect)),
    review: translatingErrors(dialect, new SqlReviewRepository(db, dialect)),
    events: translatingErrors(dialect, new SqlEventRepository(db, dialect)),
    brand: translatingErrors(dialect, new SqlBrandRepository(db)),
    collections: translatingErrors(dialect, new SqlCollectionRepository(db, dialect)),
    search: translatingErrors(dialect, new SqlSearchRepository(db, dialect)),
    shareLinks: translatingErrors(dialect, new SqlShareLinkRepository(db)),
    rights: translatingErrors(dialect, new SqlRightsRepository(db)),
    presets: translatingErrors(dialect, new SqlPresetRepository(db)),
    renditionCache: translatingErrors(dialect, new SqlRenditionCacheRepository(db)),
  };
}

/** The repositories of one transaction, and its savepoints (named in order: attempts may nest). */
function openTransaction(
  trx: Kysely<Database>,
  dialect: Dialect,
  key: AuditKey | undefined,
  onAuditAppend: () => void,
): StoreTransaction {
  const tx = repositories(trx, dialect, key, onAuditAppend);
  let savepoints = 0;
  const attempt = async <T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> => {
    const name = sql.id(`attempt_${++savepoints}`);
    await sql`savepoint ${name}`.execute(trx);
    let result: T;
    try {
      result = await work(scope);
    } catch (error) {
      // If this fails too, the transaction fails with it: the work's writes are never committed half-done.
      await sql`rollback to savepoint ${name}`.execute(trx);
      await sql`release savepoint ${name}`.execute(trx);
      throw error;
    }
    await sql`release savepoint ${name}`.execute(trx);
    return result;
  };
  const holdBlob = async (sha256: string): Promise<void> => {
    // SQLite: every write transaction begins with the database's write lock (BEGIN IMMEDIATE), which already
    // serialises it with every other, across processes.
    if (dialect !== 'postgres') return;
    await sql`select pg_advisory_xact_lock(${blobLockSpace}::int4, ${blobLockKey(sha256)}::int4)`.execute(trx);
  };
  const scope: StoreTransaction = { ...tx, attempt, holdBlob };
  return scope;
}

/** PostgreSQL advisory locks are keyed by two integers: the first says "a blob", the second is the digest's start. */
const blobLockSpace = 0x626c6f62; // "blob"
/** Two digests that share their first 32 bits share a lock: harmless, they only wait for each other. */
const blobLockKey = (sha256: string): number => Number.parseInt(sha256.slice(0, 8), 16) | 0;

export class SqlStore implements Store {
  readonly assets;
  readonly catalog;
  readonly audit;
  readonly enrichment;
  readonly families;
  readonly jobs;
  readonly identity;
  readonly riskPolicies;
  readonly review;
  readonly events;
  readonly brand;
  readonly collections;
  readonly search;
  readonly shareLinks;
  readonly rights;
  readonly presets;
  readonly renditionCache;
  readonly dialect: Dialect;

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly options: Pick<StoreOptions, 'auditKey' | 'onAuditCommitted'> = {},
  ) {
    this.dialect = handle.dialect;
    ({
      assets: this.assets,
      catalog: this.catalog,
      audit: this.audit,
      enrichment: this.enrichment,
      families: this.families,
      jobs: this.jobs,
      identity: this.identity,
      riskPolicies: this.riskPolicies,
      review: this.review,
      events: this.events,
      brand: this.brand,
      collections: this.collections,
      search: this.search,
      shareLinks: this.shareLinks,
      rights: this.rights,
      presets: this.presets,
      renditionCache: this.renditionCache,
    } = repositories(handle.db, handle.dialect, options.auditKey));
  }

  /** For other storage modules (jobs, enrichment results) that share the connection. */
  get db(): Kysely<Database> {
    return this.handle.db;
  }

  async transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    let audited = false;
    let result: T;
    try {
      result = await this.handle.db
        .transaction()
        .execute((trx) => work(openTransaction(trx, this.dialect, this.options.auditKey, () => (audited = true))));
    } catch (error) {
      throw translateDbError(this.dialect, error);
    }
    // Committed: the anchor reads the head from the database, so an append undone by a savepoint does no harm.
    if (audited) this.options.onAuditCommitted?.();
    return result;
  }

  async ping(): Promise<void> {
    try {
      await sql`select 1`.execute(this.handle.db);
    } catch (error) {
      throw translateDbError(this.dialect, error);
    }
  }

  async close(): Promise<void> {
    await this.handle.db.destroy();
  }
}

/** Opens the database (migrating it) and, given the audit key, keys the audit log if it is not yet (audit-cut-over.ts). */
export async function openStore(options: StoreOptions): Promise<SqlStore> {
  const handle = await openDatabase(options);
  if (options.auditKey) {
    try {
      if (await keyAuditLog(handle.db, handle.dialect, options.auditKey)) options.onAuditCommitted?.();
    } catch (error) {
      await handle.db.destroy();
      throw error;
    }
  }
  return new SqlStore(handle, options);
}
