/** The organisation's channel rendition presets (migration 0017): one row per name, the preset kept as JSON. */
import type { Kysely, Selectable } from 'kysely';
import type { RenditionPreset } from '../domain/export.ts';
import type { PresetRepository, StoredPreset } from '../domain/export-presets.ts';
import type { ExportDatabase, RenditionPresetRow } from './export.schema.ts';
import { fromJson, toJson } from './json.ts';
import type { Database } from './schema.ts';

const rowToPreset = (row: Selectable<RenditionPresetRow>): StoredPreset => ({
  ...fromJson<RenditionPreset>(row.preset),
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

export class SqlPresetRepository implements PresetRepository {
  private readonly db: Kysely<ExportDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<Omit<ExportDatabase, keyof Database>>();
  }

  async list(): Promise<StoredPreset[]> {
    const rows = await this.db.selectFrom('rendition_presets').selectAll().orderBy('name').execute();
    return rows.map(rowToPreset);
  }

  async get(name: string): Promise<StoredPreset | undefined> {
    const row = await this.db.selectFrom('rendition_presets').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? rowToPreset(row) : undefined;
  }

  async save(preset: RenditionPreset, at: string, by: string): Promise<{ created: boolean }> {
    const existing = await this.db
      .selectFrom('rendition_presets')
      .select('name')
      .where('name', '=', preset.name)
      .executeTakeFirst();
    await this.db
      .insertInto('rendition_presets')
      .values({ name: preset.name, preset: toJson(preset), updated_at: at, updated_by: by })
      .onConflict((oc) => oc.column('name').doUpdateSet({ preset: toJson(preset), updated_at: at, updated_by: by }))
      .execute();
    return { created: existing === undefined };
  }

  async delete(name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('rendition_presets').where('name', '=', name).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
