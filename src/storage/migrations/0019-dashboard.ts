import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { rightsExpiryExpression } from '../dashboard.repository.ts';
import { createSearchFilterIndexes } from '../search/search-index.ts';

/**
 * The dashboard's aggregates (issue 16, storage/dashboard.repository.ts) read indexed columns only: the outbox's
 * transitions by type and time (time to approval), and the rights records by their last day — an index on the
 * expression the query compares, so that "expiring in the next 30 days" reads the few records concerned rather than
 * every record's JSON — and the search index's narrow covering index of the columns the library's figures group by
 * (search-index.ts creates it with the index's other filter indexes; here for a library indexed before).
 */
export function dashboardMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('events_type_created_idx').on('events').columns(['type', 'created_at']).execute();
      await sql
        .raw(`create index asset_rights_expires_idx on asset_rights (${rightsExpiryExpression(dialect)})`)
        .execute(db);
      await createSearchFilterIndexes(db, dialect);
    },
  };
}
