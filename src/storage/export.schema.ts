/** Row shapes of the preset and rendition-cache tables (migration 0017), owned by preset.repository.ts and rendition-cache.repository.ts. */
import type { ColumnType } from 'kysely';
import type { Database } from './schema.ts';

/** JSON is `jsonb` on PostgreSQL (the driver parses it) and `text` on SQLite (we parse it): see json.ts. */
type Json = ColumnType<unknown, string, string>;

export interface RenditionPresetRow {
  name: string;
  preset: Json;
  updated_at: string;
  updated_by: string;
}

export interface ExportRenditionRow {
  source_sha256: string;
  rendition_digest: string;
  blob_sha256: string;
  /** bigint: PostgreSQL hands it back as a string. */
  size: ColumnType<number | string, number, number>;
  media_type: string;
  width: number | null;
  height: number | null;
  c2pa: string;
  json_ld: Json;
  created_at: string;
}

export interface ExportTables {
  rendition_presets: RenditionPresetRow;
  export_renditions: ExportRenditionRow;
}

export type ExportDatabase = Database & ExportTables;
