import { sql, type Kysely } from 'kysely';

/**
 * Review (decision 0017): sign-offs per asset version, claims on assets in review, comments with an optional region,
 * and when an asset's status last changed (`assets.status_changed_at`), which orders the review queue (oldest in
 * review first) where `updated_at` would move with every edit of the asset's fields.
 *
 * An approval of a role is unique per asset and version (a partial unique index on both dialects), so that of two
 * reviewers approving the same role at the same instant one wins and the other gets CONFLICT. A claim or sign-off names
 * the account by id without a foreign key: a sign-off outlives its reviewer's account, and the catalogue's requestors
 * and the accounts are apart. Existing rows take `updated_at` as their last status change: the closest the data holds.
 */
export function reviewMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('assets').addColumn('status_changed_at', 'text').execute();
      await sql`update assets set status_changed_at = updated_at`.execute(db);
      // The queue: assets in review, oldest first, keyset by (status_changed_at, id).
      await db.schema
        .createIndex('assets_status_changed_idx')
        .on('assets')
        .columns(['status', 'status_changed_at', 'id'])
        .execute();
      // …of one team (the queue's team filter), in the same order.
      await db.schema
        .createIndex('assets_team_status_changed_idx')
        .on('assets')
        .columns(['status', 'team_id', 'status_changed_at', 'id'])
        .execute();
      // Separation of duties in the queue: the assets the caller uploaded a version of, found by actor label.
      await db.schema
        .createIndex('asset_versions_created_by_idx')
        .on('asset_versions')
        .columns(['created_by', 'asset_id'])
        .execute();
      await db.schema
        .createTable('sign_offs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('version_number', 'integer', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('reviewer', 'brand', 'legal', 'compliance')`))
        .addColumn('decision', 'text', (c) =>
          c.notNull().check(sql`decision in ('approve', 'request-changes', 'reject')`),
        )
        .addColumn('reason', 'text')
        .addColumn('reviewer_id', 'text', (c) => c.notNull())
        .addColumn('reviewer_username', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sign_offs_asset_version_idx')
        .on('sign_offs')
        .columns(['asset_id', 'version_number'])
        .execute();
      await db.schema
        .createIndex('sign_offs_one_approval_idx')
        .on('sign_offs')
        .columns(['asset_id', 'version_number', 'role'])
        .unique()
        .where(sql.ref('decision'), '=', 'approve')
        .execute();
      await db.schema
        .createTable('review_claims')
        .addColumn('asset_id', 'text', (c) => c.primaryKey().references('assets.id').onDelete('cascade'))
        .addColumn('claimant_id', 'text', (c) => c.notNull())
        .addColumn('claimant_username', 'text', (c) => c.notNull())
        .addColumn('claimed_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('review_claims_claimant_idx').on('review_claims').column('claimant_id').execute();
      await db.schema
        .createTable('review_comments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('version_number', 'integer', (c) => c.notNull())
        .addColumn('author_id', 'text')
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('region_x', 'double precision')
        .addColumn('region_y', 'double precision')
        .addColumn('region_w', 'double precision')
        .addColumn('region_h', 'double precision')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addCheckConstraint(
          'review_comments_region_check',
          sql`(region_x is null and region_y is null and region_w is null and region_h is null) or (region_x >= 0 and region_y >= 0 and region_w > 0 and region_h > 0 and region_x + region_w <= 1.000001 and region_y + region_h <= 1.000001)`,
        )
        .execute();
      await db.schema
        .createIndex('review_comments_asset_idx')
        .on('review_comments')
        .columns(['asset_id', 'created_at'])
        .execute();
    },
  };
}
