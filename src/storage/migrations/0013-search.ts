import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';
import { createSearchIndex, rebuildSearchIndex } from '../search/search-index.ts';

/**
 * The full-text search index (issue 14 §1, decision 0029): search_documents, its text index (FTS5 on SQLite; the
 * `provena` text search configuration, a weighted tsvector and GIN on PostgreSQL) and the triggers that keep it
 * current, then filled from the assets already stored. Its definition lives in storage/search/search-index.ts; a
 * later change to it ships as a migration that drops the index and creates it again from the definition of the day.
 */
export function searchMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await createSearchIndex(db, dialect);
      await rebuildSearchIndex(db, dialect);
    },
  };
}
