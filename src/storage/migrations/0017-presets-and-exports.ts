import type { Kysely } from 'kysely';
import { defaultPresets } from '../../domain/export-presets.ts';
import type { ExportTables } from '../export.schema.ts';

/**
 * Channel rendition presets and the rendition cache (issue 15, decision 0035).
 *
 * `rendition_presets` holds the organisation's presets, one row per name, the preset as JSON (the domain validates
 * it; storage only keeps it), seeded with the defaults of the day this migration ran.
 *
 * `export_renditions` is the rendition cache by content address: (source SHA-256, rendition digest) → the rendition's
 * blob, with what the exporter answered about it. The blob is also registered in `blobs` so that doctor keeps it; a
 * purge of the source's last version removes its renditions (storage/asset-purge.ts).
 */
export function presetsAndExportsMigration(dialect: 'sqlite' | 'postgres') {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('rendition_presets')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('preset', json, (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      const at = new Date().toISOString();
      await (db as Kysely<Pick<ExportTables, 'rendition_presets'>>)
        .insertInto('rendition_presets')
        .values(
          defaultPresets.map((preset) => ({
            name: preset.name,
            preset: JSON.stringify(preset),
            updated_at: at,
            updated_by: 'system:seed',
          })),
        )
        .execute();
      await db.schema
        .createTable('export_renditions')
        .addColumn('source_sha256', 'text', (c) => c.notNull())
        .addColumn('rendition_digest', 'text', (c) => c.notNull())
        .addColumn('blob_sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('c2pa', 'text', (c) => c.notNull())
        .addColumn('json_ld', json, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('export_renditions_pk', ['source_sha256', 'rendition_digest'])
        .execute();
      // The purge's and doctor's look-up by the rendition's own blob.
      await db.schema.createIndex('export_renditions_blob_idx').on('export_renditions').column('blob_sha256').execute();
    },
  };
}
