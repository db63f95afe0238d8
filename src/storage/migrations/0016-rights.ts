import type { Kysely } from 'kysely';
import { defaultChannels } from '../../domain/usage.ts';

/**
 * Rights records and the organisation's channels (issue 15 §1, decision 0033). `asset_rights` keeps every revision of
 * an asset's record (the newest is the current one) with the asset version that was current when it was set; the
 * primary key (asset, revision) makes two concurrent changes of the same revision collide (CONFLICT). A purged asset
 * takes its records with it (cascade). `channels` is the list a record's approved channels and a usage check's
 * channel come from, seeded with the default channels.
 */
export function rightsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('asset_rights')
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('version_number', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('set_at', 'text', (c) => c.notNull())
        .addColumn('set_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('asset_rights_pk', ['asset_id', 'revision'])
        .execute();
      await db.schema
        .createTable('channels')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addColumn('added_by', 'text', (c) => c.notNull())
        .execute();
      const at = new Date().toISOString();
      await (db as Kysely<{ channels: { name: string; added_at: string; added_by: string } }>)
        .insertInto('channels')
        .values(defaultChannels.map((name) => ({ name, added_at: at, added_by: 'system:migration' })))
        .execute();
    },
  };
}
