import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * Enrichment results per asset version (with the producing model and version), renditions, palette colours,
 * perceptual hashes, tags, embeddings, near-duplicate links, variant families and the prompt/seed/batch lineage
 * that variant suggestions look up.
 *
 * Perceptual hashes are 64-bit values stored as two signed 32-bit halves: every dialect stores, indexes and compares
 * 32-bit integers the same way, whereas a 64-bit column would come back as a lossy JS number from the pg driver
 * (its INT8 parser is set to Number). Hamming queries run in the in-memory index, not in SQL.
 */
export function enrichmentMigration(dialect: Dialect) {
  const json = sql.raw(dialect === 'postgres' ? 'jsonb' : 'text');
  const bytes = sql.raw(dialect === 'postgres' ? 'bytea' : 'blob');
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('enrichment_results')
        .addColumn('version_id', 'text', (c) => c.notNull().references('asset_versions.id'))
        .addColumn('enricher', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('model_version', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('produced_at', 'text', (c) => c.notNull())
        .addColumn('result', json, (c) => c.notNull())
        .addPrimaryKeyConstraint('enrichment_results_pk', ['version_id', 'enricher'])
        .execute();
      // "Which versions still need enricher X at model version Y" for backfills after a model upgrade.
      await db.schema
        .createIndex('enrichment_results_model_idx')
        .on('enrichment_results')
        .columns(['enricher', 'model_version'])
        .execute();

      await db.schema
        .createTable('renditions')
        .addColumn('version_id', 'text', (c) => c.notNull().references('asset_versions.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('blob_sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('at_seconds', 'double precision')
        .addPrimaryKeyConstraint('renditions_pk', ['version_id', 'role', 'position'])
        .execute();
      await db.schema.createIndex('renditions_blob_idx').on('renditions').column('blob_sha256').execute();

      await db.schema
        .createTable('palette_colours')
        .addColumn('version_id', 'text', (c) => c.notNull().references('asset_versions.id'))
        .addColumn('rank', 'integer', (c) => c.notNull())
        .addColumn('hex', 'text', (c) => c.notNull())
        .addColumn('lab_l', 'double precision', (c) => c.notNull())
        .addColumn('lab_a', 'double precision', (c) => c.notNull())
        .addColumn('lab_b', 'double precision', (c) => c.notNull())
        .addColumn('share', 'double precision', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('palette_colours_pk', ['version_id', 'rank'])
        .execute();
      // Colour filters (search, brand checks) narrow by name first, then measure ΔE on the Lab columns.
      await db.schema
        .createIndex('palette_colours_name_idx')
        .on('palette_colours')
        .columns(['name', 'share'])
        .execute();

      await db.schema
        .createTable('perceptual_hashes')
        .addColumn('version_id', 'text', (c) => c.primaryKey().references('asset_versions.id'))
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id'))
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('d_hi', 'integer', (c) => c.notNull())
        .addColumn('d_lo', 'integer', (c) => c.notNull())
        .addColumn('p_hi', 'integer', (c) => c.notNull())
        .addColumn('p_lo', 'integer', (c) => c.notNull())
        .addColumn('inset_d_hi', 'integer', (c) => c.notNull())
        .addColumn('inset_d_lo', 'integer', (c) => c.notNull())
        .addColumn('inset_p_hi', 'integer', (c) => c.notNull())
        .addColumn('inset_p_lo', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('perceptual_hashes_asset_idx').on('perceptual_hashes').column('asset_id').execute();
      await db.schema
        .createIndex('perceptual_hashes_p_idx')
        .on('perceptual_hashes')
        .columns(['p_hi', 'p_lo'])
        .execute();

      await db.schema
        .createTable('tags')
        .addColumn('version_id', 'text', (c) => c.notNull().references('asset_versions.id'))
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('confidence', 'double precision', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('tags_pk', ['version_id', 'source', 'category', 'label'])
        .execute();
      await db.schema.createIndex('tags_label_idx').on('tags').columns(['label', 'version_id']).execute();

      await db.schema
        .createTable('embeddings')
        .addColumn('version_id', 'text', (c) => c.notNull().references('asset_versions.id'))
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('model_version', 'text', (c) => c.notNull())
        .addColumn('dimensions', 'integer', (c) => c.notNull())
        .addColumn('vector', bytes, (c) => c.notNull())
        .addColumn('produced_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('embeddings_pk', ['version_id', 'model'])
        .execute();

      await db.schema
        .createTable('near_duplicate_links')
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id'))
        .addColumn('version_number', 'integer', (c) => c.notNull())
        .addColumn('matched_asset_id', 'text', (c) => c.notNull().references('assets.id'))
        .addColumn('verdict', 'text', (c) => c.notNull())
        .addColumn('d_hash', 'integer', (c) => c.notNull())
        .addColumn('p_hash', 'integer', (c) => c.notNull())
        .addColumn('via', 'text', (c) => c.notNull())
        .addColumn('embedding_cosine', 'double precision')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('near_duplicate_links_pk', ['asset_id', 'version_number', 'matched_asset_id'])
        .execute();
      await db.schema
        .createIndex('near_duplicate_links_matched_idx')
        .on('near_duplicate_links')
        .column('matched_asset_id')
        .execute();

      await db.schema
        .createTable('variant_families')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('canonical_asset_id', 'text', (c) => c.notNull().references('assets.id'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('variant_families_state_idx')
        .on('variant_families')
        .columns(['state', 'id'])
        .execute();

      // One family per asset: the primary key on asset_id is what makes "move a member" a single update.
      await db.schema
        .createTable('family_members')
        .addColumn('asset_id', 'text', (c) => c.primaryKey().references('assets.id'))
        .addColumn('family_id', 'text', (c) => c.notNull().references('variant_families.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('matched_asset_id', 'text')
        .addColumn('added_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('family_members_family_idx')
        .on('family_members')
        .columns(['family_id', 'added_at'])
        .execute();

      await db.schema
        .createTable('asset_lineage')
        .addColumn('asset_id', 'text', (c) => c.primaryKey().references('assets.id'))
        .addColumn('version_number', 'integer', (c) => c.notNull())
        .addColumn('prompt_key', 'text')
        .addColumn('seed', 'text')
        .addColumn('batch_id', 'text')
        .execute();
      await db.schema
        .createIndex('asset_lineage_prompt_idx')
        .on('asset_lineage')
        .columns(['prompt_key', 'asset_id'])
        .execute();
      await db.schema
        .createIndex('asset_lineage_batch_idx')
        .on('asset_lineage')
        .columns(['batch_id', 'asset_id'])
        .execute();
    },
  };
}
