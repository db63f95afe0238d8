import type { Kysely } from 'kysely';

/**
 * The keyed audit log (decision 0012). Each entry records how its hash was made: existing entries are plain SHA-256,
 * new ones HMAC-SHA-256 under the key named by `key_id`. The head records the key the log is kept with; it stays NULL
 * until the first process with a key seals what was written before (storage/audit-cut-over.ts), which is also when
 * existing asset and version rows get their `row_digest`. No key is known here, so nothing is computed here.
 */
export function keyedAuditMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('audit_log')
        .addColumn('hash_scheme', 'text', (c) => c.notNull().defaultTo('sha256'))
        .execute();
      await db.schema.alterTable('audit_log').addColumn('key_id', 'text').execute();
      await db.schema.alterTable('audit_head').addColumn('key_id', 'text').execute();
      await db.schema.alterTable('assets').addColumn('row_digest', 'text').execute();
      await db.schema.alterTable('asset_versions').addColumn('row_digest', 'text').execute();
    },
  };
}
