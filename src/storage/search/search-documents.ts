/**
 * The search index's read (decision 0029): asset ids with a relevance score, best first, for an engine query already
 * translated (text-match.ts: an FTS5 MATCH string on SQLite, to_tsquery text on PostgreSQL; either is bound as a
 * parameter) and simple filters on the document's columns. Paged by keyset on (score, asset id), never by offset.
 * The search service builds facets, scope and ranking fusion on top.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Dialect } from '../database.ts';
import type { Database } from '../schema.ts';
import { postgresRankWeights, searchTextColumns } from './search-index.ts';

/** Columns filtered by equality (any of some values). */
export const searchKeywordColumns = [
  'status',
  'kind',
  'risk_tier',
  'team_id',
  'campaign_id',
  'requestor_id',
  'tool',
  'model',
  'ai_involvement',
  'rights_status',
  'intended_use',
  'orientation',
  'c2pa_state',
  'brand_verdict',
] as const;
export type SearchKeywordColumn = (typeof searchKeywordColumns)[number];

/** Columns filtered by range: numbers, or ISO-8601 UTC text for the times (text order is time order). */
export const searchRangeColumns = [
  'width',
  'height',
  'faces',
  'brand_score',
  'risk_tier',
  'created_at',
  'updated_at',
  'deleted_at',
] as const;
export type SearchRangeColumn = (typeof searchRangeColumns)[number];

export interface SearchRange {
  gt?: number | string;
  gte?: number | string;
  lt?: number | string;
  lte?: number | string;
}

export interface SearchDocumentFilters {
  /** Each column given: the document's value is one of these. */
  anyOf?: Partial<Record<SearchKeywordColumn, readonly (string | number)[]>>;
  /** Each column given: the value is none of these (a document without a value passes). */
  noneOf?: Partial<Record<SearchKeywordColumn, readonly (string | number)[]>>;
  /** Each column given: the value is within every bound (a document without a value fails). */
  ranges?: Partial<Record<SearchRangeColumn, SearchRange>>;
  /** Default 'exclude': soft-deleted assets are left out. */
  deleted?: 'exclude' | 'include' | 'only';
}

/** Where a page ended: the next page holds what ranks after it. */
export interface SearchCursor {
  score: number;
  assetId: string;
}

export interface SearchDocumentsRequest {
  /**
   * The engine's query: an FTS5 MATCH expression (SQLite) or to_tsquery text for the `provena` configuration
   * (PostgreSQL), made by text-match.ts from a parsed query. Absent: filters only, every score 0, in asset id order.
   */
  match?: string;
  /**
   * The documents that do NOT match `match` are wanted (text-match.ts's `complement`: a query of exclusions only,
   * which FTS5's binary NOT cannot write); every score 0, in asset id order.
   */
  complement?: boolean;
  filters?: SearchDocumentFilters;
  /** 1–1,000. */
  limit: number;
  after?: SearchCursor;
}

export interface ScoredAsset {
  assetId: string;
  /** Higher is better: -bm25 with the columns' weights (SQLite), ts_rank_cd with the classes' weights (PostgreSQL). */
  score: number;
}

const bm25Weights = searchTextColumns.map((column) => column.bm25).join(', ');

export async function searchDocuments(
  db: Kysely<Database>,
  dialect: Dialect,
  request: SearchDocumentsRequest,
): Promise<ScoredAsset[]> {
  const limit = Math.min(1000, Math.max(1, Math.floor(request.limit)));
  const conditions = filterConditions(request.filters ?? {});
  let matched: RawBuilder<unknown>;
  if (request.match !== undefined && request.complement)
    conditions.push(
      dialect === 'sqlite'
        ? sql`d.doc_id not in (select rowid from search_fts where search_fts match ${request.match})`
        : sql`not (d.search_vector @@ to_tsquery('provena', ${request.match}))`,
    );
  if (request.match === undefined || request.complement) {
    matched = sql`select d.asset_id, 0 as score from search_documents d where ${and(conditions)}`;
  } else if (dialect === 'sqlite') {
    matched = sql`
      select d.asset_id, -bm25(search_fts, ${sql.raw(bm25Weights)}) as score
      from search_fts join search_documents d on d.doc_id = search_fts.rowid
      where search_fts match ${request.match} and ${and(conditions)}`;
  } else {
    // double precision: the cursor's score must compare equal to the value it was read as (real would not).
    matched = sql`
      select d.asset_id, ts_rank_cd(${postgresRankWeights}::float4[], d.search_vector, q)::double precision as score
      from search_documents d, to_tsquery('provena', ${request.match}) q
      where d.search_vector @@ q and ${and(conditions)}`;
  }
  const after = request.after
    ? sql`where m.score < ${request.after.score} or (m.score = ${request.after.score} and m.asset_id > ${request.after.assetId})`
    : sql``;
  const { rows } = await sql<{ asset_id: string; score: number }>`
    select m.asset_id, m.score from (${matched}) m ${after}
    order by m.score desc, m.asset_id limit ${limit}`.execute(db);
  return rows.map((row) => ({ assetId: row.asset_id, score: Number(row.score) }));
}

function and(conditions: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conditions.length === 0 ? sql`1 = 1` : sql.join(conditions, sql` and `);
}

const keyword = new Set<string>(searchKeywordColumns);
const ranged = new Set<string>(searchRangeColumns);

/** Each filter as SQL over `d`; column names only from the lists above, every value bound. */
export function filterConditions(filters: SearchDocumentFilters): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [];
  const column = (name: string, allowed: Set<string>) => {
    // The types already say so; this keeps a name from a caller's cast out of the SQL text.
    if (!allowed.has(name)) throw new Error(`not a search document filter column: ${name}`);
    return sql.ref(`d.${name}`);
  };
  for (const [name, values] of Object.entries(filters.anyOf ?? {})) {
    if (!values) continue;
    conditions.push(values.length === 0 ? sql`1 = 0` : sql`${column(name, keyword)} in (${sql.join(values)})`);
  }
  for (const [name, values] of Object.entries(filters.noneOf ?? {})) {
    if (!values || values.length === 0) continue;
    const ref = column(name, keyword);
    conditions.push(sql`(${ref} is null or ${ref} not in (${sql.join(values)}))`);
  }
  for (const [name, range] of Object.entries(filters.ranges ?? {})) {
    if (!range) continue;
    const ref = column(name, ranged);
    if (range.gt !== undefined) conditions.push(sql`${ref} > ${range.gt}`);
    if (range.gte !== undefined) conditions.push(sql`${ref} >= ${range.gte}`);
    if (range.lt !== undefined) conditions.push(sql`${ref} < ${range.lt}`);
    if (range.lte !== undefined) conditions.push(sql`${ref} <= ${range.lte}`);
  }
  const deleted = filters.deleted ?? 'exclude';
  if (deleted === 'exclude') conditions.push(sql`d.deleted_at is null`);
  if (deleted === 'only') conditions.push(sql`d.deleted_at is not null`);
  return conditions;
}
