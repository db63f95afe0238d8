import { sql, type Kysely } from 'kysely';

/**
 * The asset's lifecycle after intake (services/asset-lifecycle.service.ts, asset-edit.service.ts, intake's
 * addVersion): a description people can edit, soft deletion (who, when, and when the purge may remove the asset),
 * the version a revert copied, and the events outbox.
 *
 * `events` is the outbox that webhooks and the web app's live updates read (decision 0020): one row per transition
 * and lifecycle change, written in the transaction of the change. `seq` is given by the writer as the last seq plus
 * one while it holds the outbox's lock, so that seq order is commit order and a reader resuming "after seq N" never
 * misses a row that committed late with a smaller number (what a PostgreSQL sequence would allow).
 */
export function assetLifecycleMigration(dialect: 'sqlite' | 'postgres') {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('assets').addColumn('description', 'text').execute();
      await db.schema.alterTable('assets').addColumn('deleted_at', 'text').execute();
      await db.schema.alterTable('assets').addColumn('deleted_by', 'text').execute();
      await db.schema.alterTable('assets').addColumn('purge_after', 'text').execute();
      // The purge looks for deleted assets past their retention.
      await db.schema.createIndex('assets_purge_after_idx').on('assets').column('purge_after').execute();
      await db.schema.alterTable('asset_versions').addColumn('revert_of', 'integer').execute();
      await db.schema
        .createTable('events')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('payload', sql.raw(json), (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('events_subject_idx')
        .on('events')
        .columns(['subject_type', 'subject_id', 'seq'])
        .execute();
    },
  };
}
