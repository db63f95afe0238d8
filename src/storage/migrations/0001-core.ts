import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/** Assets, versions, blobs, the catalogue (teams, campaigns, users) and the hash-chained audit log. */
export function coreMigration(dialect: Dialect) {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const table of ['teams', 'campaigns', 'users']) {
        await db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('slug', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
      }
      await db.schema
        .createTable('blobs')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('assets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('quarantine_reasons', sql.raw(json), (c) => c.notNull())
        .addColumn('prompt', 'text')
        .addColumn('tool', 'text')
        .addColumn('model', 'text')
        .addColumn('tool_version', 'text')
        .addColumn('intended_use', 'text')
        .addColumn('rights_status', 'text', (c) => c.notNull())
        .addColumn('requestor_id', 'text', (c) => c.references('users.id'))
        .addColumn('team_id', 'text', (c) => c.references('teams.id'))
        .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id'))
        .addColumn('current_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      for (const column of ['status', 'team_id', 'campaign_id', 'tool']) {
        await db.schema.createIndex(`assets_${column}_idx`).on('assets').columns([column, 'id']).execute();
      }
      await db.schema
        .createTable('asset_versions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('blob_sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('provenance', sql.raw(json), (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('asset_versions_asset_number_uq', ['asset_id', 'number'])
        .execute();
      await db.schema.createIndex('asset_versions_blob_idx').on('asset_versions').column('blob_sha256').execute();
      // Exact-duplicate guard under concurrency: no two assets may be created from the same bytes. Later versions
      // (number > 1, e.g. a revert) may reuse bytes, so the rule is partial.
      await db.schema
        .createIndex('asset_versions_first_blob_uq')
        .on('asset_versions')
        .column('blob_sha256')
        .unique()
        .where(sql.ref('number'), '=', 1)
        .execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('before_digest', 'text')
        .addColumn('after_digest', 'text')
        .addColumn('details', sql.raw(json))
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_log_subject_idx')
        .on('audit_log')
        .columns(['subject_type', 'subject_id', 'seq'])
        .execute();
      // The chain head: one row, locked by every append so that concurrent writers cannot fork the chain.
      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into audit_head (id, seq, hash) values (1, 0, ${'0'.repeat(64)})`.execute(db);
    },
  };
}
