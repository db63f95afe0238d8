import { sql, type Kysely } from 'kysely';

/**
 * Brand compliance (issue 13, decision 0022): brands, the versions of each brand's guideline (whose `appliesTo`
 * names the teams and campaigns it checks), its reference logos, and the brand check's results.
 *
 * A guideline version is immutable (a change is the next version): its document, who wrote it, when, and the digest
 * of its canonical JSON, so that a result names exactly what it was checked against. A logo reference names a blob
 * by digest; its bytes are in the blob store like any rendition (`blobs` row), so that doctor does not call it an
 * orphan. (No foreign key to `blobs`: the purge of an asset deletes blob rows no version refers to, and must not
 * fail on bytes a logo happens to share.)
 *
 * `brand_checks` keeps every result: one row per check of an asset version against a guideline version, with the
 * per-rule results, the score, the verdict and the digest of each rule evaluated (what a later version compares to
 * re-run only the rules that changed). `current` marks the latest result of each asset and brand (a partial unique
 * index: exactly one), which the bump walks in asset order. `brand_rereviews` holds the assets whose verdict changed
 * under a new guideline version, naming the new result and the previous one, until a person clears it or a new
 * version of the asset is checked.
 */
export function brandMigration(dialect: 'sqlite' | 'postgres') {
  const json = sql.raw(dialect === 'postgres' ? 'jsonb' : 'text');
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('brands')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('brand_guidelines')
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
        .addColumn('document', json, (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('brand_guidelines_pk', ['brand_id', 'version'])
        .execute();
      await db.schema
        .createTable('brand_logos')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('blob_sha256', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('brand_logos_name_unique', ['brand_id', 'name'])
        .execute();
      await db.schema
        .createTable('brand_checks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        .addColumn('version_number', 'integer', (c) => c.notNull())
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('guideline_version', 'integer', (c) => c.notNull())
        .addColumn('results', json, (c) => c.notNull())
        .addColumn('rule_digests', json, (c) => c.notNull())
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('verdict', 'text', (c) => c.notNull().check(sql`verdict in ('pass', 'warn', 'fail')`))
        .addColumn('cause', 'text', (c) => c.notNull())
        .addColumn('current', 'integer', (c) => c.notNull().check(sql`current in (0, 1)`))
        .addColumn('checked_at', 'text', (c) => c.notNull())
        .addColumn('checked_by', 'text', (c) => c.notNull())
        .execute();
      // An asset's history, newest first.
      await db.schema
        .createIndex('brand_checks_asset_idx')
        .on('brand_checks')
        .columns(['asset_id', 'checked_at'])
        .execute();
      // One current result per asset and brand; the bump walks a brand's current results in asset order.
      await db.schema
        .createIndex('brand_checks_current_idx')
        .on('brand_checks')
        .columns(['brand_id', 'asset_id'])
        .unique()
        .where(sql.ref('current'), '=', 1)
        .execute();
      await db.schema
        .createTable('brand_rereviews')
        .addColumn('asset_id', 'text', (c) => c.primaryKey().references('assets.id').onDelete('cascade'))
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('check_id', 'text', (c) => c.notNull().references('brand_checks.id').onDelete('cascade'))
        .addColumn('previous_check_id', 'text', (c) => c.notNull().references('brand_checks.id').onDelete('cascade'))
        .addColumn('flagged_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('brand_rereviews_brand_idx').on('brand_rereviews').column('brand_id').execute();
    },
  };
}
