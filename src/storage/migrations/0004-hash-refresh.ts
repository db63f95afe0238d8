import type { Kysely } from 'kysely';

/**
 * When each perceptual-hash row was last written (`stored_at`, ISO-8601 UTC text from Date.toISOString(): fixed
 * width, so text order is time order on both dialects), so that every process's in-memory similarity index can
 * read the hashes other processes stored since its last look (EnrichmentService.refreshIndex) instead of only at
 * startup. Rows written before this migration get the epoch: every process loads them at startup anyway.
 */
export const hashesStoredBeforeMigration = '1970-01-01T00:00:00.000Z';

/** The same statements on both dialects. */
export function hashRefreshMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // SQLite can only add a NOT NULL column with a constant default; replaceHashes always sets it.
      await db.schema
        .alterTable('perceptual_hashes')
        .addColumn('stored_at', 'text', (c) => c.notNull().defaultTo(hashesStoredBeforeMigration))
        .execute();
      // The refresh reads a short, recent range of stored_at.
      await db.schema.createIndex('perceptual_hashes_stored_idx').on('perceptual_hashes').column('stored_at').execute();
    },
  };
}
