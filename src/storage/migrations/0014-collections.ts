import { sql, type Kysely } from 'kysely';

/**
 * Collections and saved searches (issue 14 §5, decision 0028). Each belongs to an owner (`owner_key`: `account:<id>`
 * or `operator:<os user>`, with the label shown) within a team, private or shared with the team; names are unique per
 * owner regardless of case (`name_key`).
 *
 * `collection_members` keeps the manual order as a sparse integer position (bigint: a collection moved to its end
 * often climbs past 2³¹ before it is renumbered). No unique index on the position: a renumbering rewrites every row
 * in one statement, and ties (two concurrent moves to the same gap) are broken by the asset id, as the listing does.
 * A purged asset leaves every collection with it (cascade); a soft-deleted one stays a member, hidden.
 */
export function collectionsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('collections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('visibility', 'text', (c) => c.notNull().check(sql`visibility in ('private', 'team')`))
        .addColumn('owner_key', 'text', (c) => c.notNull())
        .addColumn('owner_label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('collections_owner_name_unique', ['owner_key', 'name_key'])
        .execute();
      // A team's shared collections, for everyone's list.
      await db.schema
        .createIndex('collections_team_idx')
        .on('collections')
        .columns(['team_id', 'visibility'])
        .execute();
      await db.schema
        .createTable('collection_members')
        .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id').onDelete('cascade'))
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('position', 'bigint', (c) => c.notNull().check(sql`position > 0`))
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addColumn('added_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('collection_members_pk', ['collection_id', 'asset_id'])
        .execute();
      // The listing's order and keyset.
      await db.schema
        .createIndex('collection_members_order_idx')
        .on('collection_members')
        .columns(['collection_id', 'position', 'asset_id'])
        .execute();
      // The purge's cascade from an asset.
      await db.schema.createIndex('collection_members_asset_idx').on('collection_members').column('asset_id').execute();
      await db.schema
        .createTable('saved_searches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addColumn('visibility', 'text', (c) => c.notNull().check(sql`visibility in ('private', 'team')`))
        .addColumn('owner_key', 'text', (c) => c.notNull())
        .addColumn('owner_label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('saved_searches_owner_name_unique', ['owner_key', 'name_key'])
        .execute();
      await db.schema
        .createIndex('saved_searches_team_idx')
        .on('saved_searches')
        .columns(['team_id', 'visibility'])
        .execute();
    },
  };
}
