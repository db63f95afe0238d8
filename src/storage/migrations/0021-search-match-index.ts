import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { createSearchFilterIndexes } from '../search/search-index.ts';

/**
 * PostgreSQL's one GIN index over the text, the month of creation and the common filters (btree_gin; decision 0040),
 * in place of the text-only GIN index: search-index.ts makes it with the index's other filter indexes, and this
 * migration for a library indexed before. SQLite is unchanged.
 */
export function searchMatchIndexMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await createSearchFilterIndexes(db, dialect);
    },
  };
}
