import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/** Enrichment results per asset version, perceptual hashes, tags, embeddings, variant families. */
export function enrichmentMigration(_dialect: Dialect) {
  return {
    async up(_db: Kysely<unknown>): Promise<void> {},
  };
}
