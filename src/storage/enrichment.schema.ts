/**
 * Row shapes of the enrichment tables (migration 0003). Kept beside schema.ts rather than in it so that the
 * enrichment repositories own their tables; they widen the shared Kysely<Database> with `withTables`.
 */
import type { ColumnType } from 'kysely';
import type { Database } from './schema.ts';

type Json = ColumnType<unknown, string, string>;

export interface EnrichmentResultRow {
  version_id: string;
  enricher: string;
  model: string;
  model_version: string;
  status: string;
  error_code: string | null;
  error_message: string | null;
  produced_at: string;
  result: Json;
}

export interface RenditionRow {
  version_id: string;
  role: string;
  position: number;
  blob_sha256: string;
  media_type: string;
  width: number;
  height: number;
  size: number;
  at_seconds: number | null;
}

export interface PaletteColourRow {
  version_id: string;
  rank: number;
  hex: string;
  lab_l: number;
  lab_a: number;
  lab_b: number;
  share: number;
  name: string;
  /** Basic colour term (migration 0005); NULL only if a writer predating it slipped in, computed on read then. */
  family: string | null;
}

export interface PerceptualHashRow {
  version_id: string;
  asset_id: string;
  model: string;
  d_hi: number;
  d_lo: number;
  p_hi: number;
  p_lo: number;
  inset_d_hi: number;
  inset_d_lo: number;
  inset_p_hi: number;
  inset_p_lo: number;
  /** When the row was last written (migration 0004): the similarity index refresh reads recent rows. */
  stored_at: string;
  /** Size of the hashed picture (migration 0006); NULL when unknown. */
  picture_width: number | null;
  picture_height: number | null;
}

export interface TagRow {
  version_id: string;
  source: string;
  label: string;
  category: string;
  confidence: number;
  model: string;
}

export interface EmbeddingRow {
  version_id: string;
  model: string;
  model_version: string;
  dimensions: number;
  vector: Uint8Array;
  produced_at: string;
}

export interface NearDuplicateLinkRow {
  asset_id: string;
  version_number: number;
  matched_asset_id: string;
  verdict: string;
  d_hash: number;
  p_hash: number;
  via: string;
  embedding_cosine: number | null;
  reason: string;
  decided_by: string;
  created_at: string;
}

export interface VariantFamilyRow {
  id: string;
  state: string;
  canonical_asset_id: string;
  reason: string;
  created_at: string;
  updated_at: string;
}

export interface FamilyMemberRow {
  asset_id: string;
  family_id: string;
  role: string;
  state: string;
  reason: string;
  matched_asset_id: string | null;
  added_at: string;
}

export interface AssetLineageRow {
  asset_id: string;
  version_number: number;
  prompt_key: string | null;
  seed: string | null;
  batch_id: string | null;
}

export interface EnrichmentTables {
  enrichment_results: EnrichmentResultRow;
  renditions: RenditionRow;
  palette_colours: PaletteColourRow;
  perceptual_hashes: PerceptualHashRow;
  tags: TagRow;
  embeddings: EmbeddingRow;
  near_duplicate_links: NearDuplicateLinkRow;
  variant_families: VariantFamilyRow;
  family_members: FamilyMemberRow;
  asset_lineage: AssetLineageRow;
}

export type EnrichmentDatabase = Database & EnrichmentTables;
