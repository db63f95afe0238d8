import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { createSearchFilterIndexes } from '../search/search-index.ts';

/**
 * The search's facet sample over a broad match (decision 0038) reads, on PostgreSQL, an index of a hash bucket of
 * each document's asset id; search-index.ts creates it with the index's other filter indexes, and this migration for
 * a library indexed before.
 */
export function searchSampleMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await createSearchFilterIndexes(db, dialect);
    },
  };
}
