import { sql, type Kysely } from 'kysely';

/**
 * Share links (issue 15 §4, decision 0036). A link holds the SHA-256 of its token (never the token), what it shares —
 * one asset or one collection, never both — the channel, region, preset and watermark its hits are served for, an
 * optional argon2id password hash, its expiry and revocation, and a running count of its hits. `share_link_hits`
 * keeps every hit (time, outcome, asset, bytes) for the link's statistics and the password lock's window.
 *
 * A purged asset or deleted collection takes its links and their hits with it (cascade); a hit's asset is cleared
 * when that asset is purged from a collection link.
 */
export function shareLinksMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('share_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_digest', 'text', (c) => c.notNull().unique())
        .addColumn('scope_kind', 'text', (c) => c.notNull().check(sql`scope_kind in ('asset', 'collection')`))
        .addColumn('asset_id', 'text', (c) => c.references('assets.id').onDelete('cascade'))
        .addColumn('collection_id', 'text', (c) => c.references('collections.id').onDelete('cascade'))
        .addColumn('team_id', 'text', (c) => c.references('teams.id'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('region', 'text')
        .addColumn('preset', 'text')
        .addColumn('watermark', 'text')
        .addColumn('password_hash', 'text')
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by', 'text')
        .addColumn('owner_key', 'text', (c) => c.notNull())
        .addColumn('owner_label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('hit_count', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('last_hit_at', 'text')
        .addCheckConstraint(
          'share_links_one_scope',
          sql`(scope_kind = 'asset' and asset_id is not null and collection_id is null) or (scope_kind = 'collection' and collection_id is not null and asset_id is null)`,
        )
        .execute();
      // "Mine" and the team's lists, newest first; the cascades from an asset and a collection.
      await db.schema.createIndex('share_links_owner_idx').on('share_links').columns(['owner_key', 'id']).execute();
      await db.schema.createIndex('share_links_team_idx').on('share_links').columns(['team_id', 'id']).execute();
      await db.schema.createIndex('share_links_asset_idx').on('share_links').column('asset_id').execute();
      await db.schema.createIndex('share_links_collection_idx').on('share_links').column('collection_id').execute();
      await db.schema
        .createTable('share_link_hits')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('link_id', 'text', (c) => c.notNull().references('share_links.id').onDelete('cascade'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) =>
          c.notNull().check(sql`outcome in ('allowed', 'denied', 'expired', 'revoked', 'password', 'locked')`),
        )
        .addColumn('detail', 'text')
        .addColumn('asset_id', 'text', (c) => c.references('assets.id').onDelete('set null'))
        .addColumn('bytes', 'bigint')
        .execute();
      // The statistics (per outcome) and the password lock's window (wrong passwords since a time).
      await db.schema
        .createIndex('share_link_hits_link_idx')
        .on('share_link_hits')
        .columns(['link_id', 'outcome', 'at'])
        .execute();
      await db.schema.createIndex('share_link_hits_asset_idx').on('share_link_hits').column('asset_id').execute();
    },
  };
}
