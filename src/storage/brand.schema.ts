/** Row shapes of the brand tables (migration 0012), owned by brand.repository.ts. */
import type { ColumnType } from 'kysely';
import type { Database } from './schema.ts';

type Json = ColumnType<unknown, string, string>;

export interface BrandRow {
  id: string;
  slug: string;
  name: string;
  created_at: string;
  created_by: string;
}

export interface BrandGuidelineRow {
  brand_id: string;
  version: number;
  document: Json;
  digest: string;
  note: string | null;
  created_at: string;
  created_by: string;
}

export interface BrandLogoRow {
  id: string;
  brand_id: string;
  name: string;
  blob_sha256: string;
  size: number;
  media_type: string;
  width: number;
  height: number;
  created_at: string;
  created_by: string;
}

export interface BrandCheckRow {
  id: string;
  asset_id: string;
  version_number: number;
  brand_id: string;
  guideline_version: number;
  results: Json;
  rule_digests: Json;
  score: number;
  verdict: string;
  cause: string;
  current: number;
  checked_at: string;
  checked_by: string;
}

export interface BrandRereviewRow {
  asset_id: string;
  brand_id: string;
  check_id: string;
  previous_check_id: string;
  flagged_at: string;
}

export interface BrandTables {
  brands: BrandRow;
  brand_guidelines: BrandGuidelineRow;
  brand_logos: BrandLogoRow;
  brand_checks: BrandCheckRow;
  brand_rereviews: BrandRereviewRow;
}

export type BrandDatabase = Database & BrandTables;
