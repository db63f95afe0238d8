/**
 * Row shape of the search index (migration 0013, decision 0029): one denormalised row per asset, written only by the
 * database's triggers and by rebuildSearchIndex (storage/search/search-index.ts), never by a repository.
 */
import type { ColumnType } from 'kysely';

/** Written by the index's own statements only: readable, never inserted or updated through Kysely. */
type Derived<T> = ColumnType<T, never, never>;

export interface SearchDocumentRow {
  /** SQLite only: the FTS5 rowid (search_fts is an external-content table over this one). */
  doc_id: Derived<number>;
  asset_id: Derived<string>;
  title: Derived<string>;
  description: Derived<string | null>;
  prompt: Derived<string | null>;
  negative_prompt: Derived<string | null>;
  /** Labels of the current version's tags of every source but 'objects', distinct, space-separated. */
  tags: Derived<string | null>;
  /** Labels of the object detector's tags (source 'objects'). */
  objects: Derived<string | null>;
  /** The OCR step's text (enrichment_results, enricher 'text'). */
  ocr_text: Derived<string | null>;
  /** The current version's file name, with `_` and `.` as spaces so that its words are words. */
  file_name: Derived<string | null>;
  /** The campaign's name. */
  campaign: Derived<string | null>;
  status: Derived<string>;
  kind: Derived<string>;
  risk_tier: Derived<number | null>;
  team_id: Derived<string | null>;
  campaign_id: Derived<string | null>;
  requestor_id: Derived<string | null>;
  tool: Derived<string | null>;
  model: Derived<string | null>;
  ai_involvement: Derived<string | null>;
  rights_status: Derived<string>;
  intended_use: Derived<string | null>;
  width: Derived<number | null>;
  height: Derived<number | null>;
  /** 'landscape' | 'portrait' | 'square'; NULL when the size is unknown. */
  orientation: Derived<string | null>;
  /** 'absent' | 'present' (not validated) | 'valid' | 'invalid' | 'trusted'. */
  c2pa_state: Derived<string>;
  /** Faces found by the faces step; NULL when it has not run. */
  faces: Derived<number | null>;
  /** The lowest score among the asset's current brand checks (one per brand), and that check's verdict. */
  brand_score: Derived<number | null>;
  brand_verdict: Derived<string | null>;
  created_at: Derived<string>;
  updated_at: Derived<string>;
  deleted_at: Derived<string | null>;
  /** PostgreSQL only: the weighted tsvector, a stored generated column. */
  search_vector: Derived<string>;
}
