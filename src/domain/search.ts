/**
 * Searching the library (issue 14, docs/search.md): what the search service asks of the index and what it answers.
 * The query itself is the parsed query language (search-query.ts); the index (storage/search/) holds one document
 * per asset, kept current by the database in the transaction of every change.
 */
import type { SearchQuery } from './search-query.ts';

/**
 * The facets a result can count, each a field of the search document. Counts are over everything the query and its
 * filters match within the caller's teams, not only the page shown.
 */
export const searchFacets = [
  'status',
  'risk',
  'team',
  'campaign',
  'tool',
  'model',
  'ai',
  'type',
  'orientation',
  'c2pa',
  'brand',
  'faces',
  'rights',
  'use',
] as const;
export type SearchFacet = (typeof searchFacets)[number];

/** The facets counted when the caller asks for facets without naming them. */
export const defaultSearchFacets: readonly SearchFacet[] = ['status', 'risk', 'campaign', 'model', 'ai', 'orientation'];

/** One value of a facet and how many matching assets have it; `label` is a team's or campaign's name. */
export interface FacetCount {
  value: string;
  label?: string;
  count: number;
}

export interface SearchRequest {
  query: SearchQuery;
  /** Only assets of these teams (the caller's reach); absent: every asset. An asset without a team is in none. */
  teamIds?: readonly string[];
  limit: number;
  /** Opaque: where the previous page ended (keyset on relevance and asset id; stable while assets are added). */
  cursor?: string;
  facets?: readonly SearchFacet[];
  /** Up to this many values per facet, most frequent first. */
  facetLimit?: number;
}

export interface SearchHit {
  assetId: string;
  /** Higher is better; comparable within one result only (bm25 on SQLite, ts_rank_cd on PostgreSQL; 0 without text). */
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  nextCursor?: string;
  /** How many assets match in all (counted when facets are asked for). */
  total?: number;
  facets?: Partial<Record<SearchFacet, FacetCount[]>>;
  /**
   * true: the match was too broad to count every asset, so `total` and the facet counts are estimated from a sample
   * spread over it (shown as "about"); absent: they are exact.
   */
  approximate?: true;
}

export interface SearchRebuildProgress {
  done: number;
  total: number;
}

/**
 * A vector ranking (domain/similar-search.ts): the assets whose current embedding of `model` is nearest `vector`,
 * among those the query's filters and the restricting part of its text admit, in the caller's teams.
 */
export interface NearestRequest {
  query: SearchQuery;
  teamIds?: readonly string[];
  model: string;
  vector: Float32Array;
  /** How many, best first. */
  k: number;
  /** Never in the answer: the asset a "more like this" starts from. */
  excludeAssetId?: string;
}

export interface NearestHit {
  assetId: string;
  /** Cosine similarity, -1…1. */
  similarity: number;
}

/** The search index (storage/search/): reads, and the rebuild for an analyser or enricher change. */
export interface SearchRepository {
  search(request: SearchRequest): Promise<SearchResult>;
  /** The vector ranking within the query's conditions and the caller's teams (the query's free words do not restrict). */
  nearest(request: NearestRequest): Promise<NearestHit[]>;
  /**
   * Recomputes every document from the base tables (the index is otherwise kept current by the database itself);
   * `retokenise` after an analyser change indexes every text again. Answers how many documents there are.
   */
  rebuild(options?: {
    onProgress?: (progress: SearchRebuildProgress) => void;
    retokenise?: boolean;
  }): Promise<{ documents: number }>;
}
