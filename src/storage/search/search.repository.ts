/**
 * The search port over the index (decision 0029): a parsed query (domain/search-query.ts) as one SQL query over
 * search_documents — the text through FTS5 or tsquery (text-match.ts; bound, never spliced), every filter and the
 * caller's teams as conditions with bound values — ranked, keyset-paged, and, when asked, counted by facet over the
 * whole match.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { ProvenaError } from '../../domain/errors.ts';
import type { NumberRange, SearchFilter, TextNode } from '../../domain/search-query.ts';
import { vectorRestriction } from '../../domain/similar-search.ts';
import {
  searchFacets,
  type FacetCount,
  type NearestHit,
  type NearestRequest,
  type SearchFacet,
  type SearchRebuildProgress,
  type SearchRepository,
  type SearchRequest,
  type SearchResult,
} from '../../domain/search.ts';
import type { Dialect } from '../database.ts';
import type { Database } from '../schema.ts';
import {
  createdMonth,
  postgresRankWeights,
  rebuildSearchIndex,
  searchColumnsOfScope,
  searchTextColumns,
} from './search-index.ts';
import { paletteColourMatch } from './colour-match.ts';
import { toFts5Match, toTsQuery } from './text-match.ts';
import { correctableWords, expandTerms, withoutStopWords } from '../../domain/search-expansion.ts';
import { SearchVocabulary } from './search-vocabulary.ts';
import { VectorSearch, type VectorRestriction } from '../vector/vector-search.ts';

const bm25Weights = searchTextColumns.map((column) => column.bm25).join(', ');

/** The share of its rank a document keeps when it matches only through a synonym or a correction. */
export const alternativeMatchWeight = 0.5;

/**
 * How much of a broad match a search reads (decision 0038), so that its cost stops growing with the number of
 * documents its words match.
 */
export interface SearchBounds {
  /**
   * A text query ranks at most this many of its matches: the newest (PostgreSQL: by creation time; SQLite: by
   * document id, the order documents were indexed in), read in that order from an index and cut there. A query
   * matching no more than this is ranked exactly; a broader one pages through its newest matches only.
   */
  rankCandidates: number;
  /**
   * Facets count every match up to this many; a broader match is counted over a sample of about this many spread
   * evenly over it (by document id on SQLite, by a hash of the asset id on PostgreSQL), scaled up and flagged
   * approximate.
   */
  facetSample: number;
  /**
   * PostgreSQL: a text match the planner expects to hold more than this many documents is read a month at a time,
   * newest first (decision 0040); a narrower one in one pass. Default: four times rankCandidates.
   */
  monthlyReadAbove?: number;
}

export const defaultSearchBounds: SearchBounds = { rankCandidates: 2000, facetSample: 5000 };

/** PostgreSQL's sample buckets: a document is in bucket hashtext(asset_id) & 1023 (an indexed expression). */
const sampleBuckets = 1024;

/** A sampled facet count: the documents whose bucket (or id modulo) passes, each standing for `scale` of the match. */
interface FacetSample {
  every: number;
  scale: number;
}

/** Each facet's value as SQL over the document `d`. */
const facetValues: Record<SearchFacet, string> = {
  status: 'd.status',
  risk: 'd.risk_tier',
  team: 'd.team_id',
  campaign: 'd.campaign_id',
  tool: 'd.tool',
  model: 'd.model',
  ai: 'd.ai_involvement',
  type: 'd.kind',
  orientation: 'd.orientation',
  c2pa: 'd.c2pa_state',
  brand: 'd.brand_verdict',
  faces: "case when d.faces is null then null when d.faces > 0 then 'yes' else 'no' end",
  rights: 'd.rights_status',
  use: 'd.intended_use',
};

interface Cursor {
  score: number;
  assetId: string;
}

const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof value.score === 'number' && Number.isFinite(value.score) && typeof value.assetId === 'string')
      return { score: value.score, assetId: value.assetId };
  } catch {
    // Answered below.
  }
  throw new ProvenaError('VALIDATION_FAILED', 'The cursor is not one a search returned: start from the first page.', {
    field: 'cursor',
  });
}

export class SqlSearchRepository implements SearchRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly bounds: SearchBounds = defaultSearchBounds,
  ) {}

  async search(request: SearchRequest): Promise<SearchResult> {
    const limit = Math.min(1000, Math.max(1, Math.floor(request.limit)));
    if (request.teamIds?.length === 0) return { hits: [], ...(request.facets?.length ? { total: 0, facets: {} } : {}) };
    const corrections = await this.corrections(request);
    // PostgreSQL: a match the planner expects to be broad is read a month at a time (decision 0040).
    const estimate =
      this.dialect === 'postgres' && request.query.text ? await this.estimatedMatch(request, corrections) : undefined;
    const byMonth =
      estimate !== undefined &&
      estimate > (this.bounds.monthlyReadAbove ?? 4 * this.bounds.rankCandidates) &&
      !hasPrefix(request.query.text!);
    const matched = this.matched(request, corrections, [], { candidates: this.bounds.rankCandidates, byMonth });
    const after = request.cursor ? await this.rescored(matched, decodeCursor(request.cursor)) : undefined;
    const page = after
      ? sql`where m.score < ${after.score} or (m.score = ${after.score} and m.asset_id < ${after.assetId})`
      : sql``;
    const { rows } = await sql<{ asset_id: string; score: number }>`
      select m.asset_id, m.score from (${matched}) m ${page}
      order by m.score desc, m.asset_id desc limit ${limit + 1}`.execute(this.db);
    const hits = rows.slice(0, limit).map((row) => ({ assetId: row.asset_id, score: Number(row.score) }));
    const last = hits[hits.length - 1];
    const result: SearchResult = {
      hits,
      ...(rows.length > limit && last
        ? { nextCursor: encodeCursor({ score: last.score, assetId: last.assetId }) }
        : {}),
    };
    if (request.facets && request.facets.length > 0)
      Object.assign(
        result,
        await this.facets(request, corrections, request.facets, request.facetLimit ?? 20, estimate),
      );
    return result;
  }

  async rebuild(
    options: { onProgress?: (progress: SearchRebuildProgress) => void; retokenise?: boolean } = {},
  ): Promise<{ documents: number }> {
    // pgvector installed after migration 0015 ran: its column and HNSW index are made (and filled) here.
    await this.vectors().enableIndex();
    return rebuildSearchIndex(this.db, this.dialect, options);
  }

  /**
   * The vector ranking (decision 0032): VectorSearch over the current embeddings, restricted to the assets whose
   * document the query's filters and restricting text match in the caller's teams — the same matched() the text
   * ranking runs, so both rankings of a hybrid search see exactly the same assets.
   */
  async nearest(request: NearestRequest): Promise<NearestHit[]> {
    if (request.teamIds?.length === 0) return [];
    const query = vectorRestriction(request.query);
    const conditions: RawBuilder<unknown>[] = [];
    if (query.text || query.filters.length > 0 || request.teamIds) {
      const matched = this.matched({ query, ...(request.teamIds ? { teamIds: request.teamIds } : {}), limit: 1 });
      conditions.push(sql`assets.id in (select m.asset_id from (${matched}) m)`);
    }
    if (request.excludeAssetId !== undefined) conditions.push(sql`assets.id <> ${request.excludeAssetId}`);
    const restrict: VectorRestriction | undefined =
      conditions.length === 0 ? undefined : () => sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
    const neighbours = await this.vectors().nearest({
      model: request.model,
      vector: request.vector,
      k: request.k,
      ...(restrict ? { restrict } : {}),
    });
    return neighbours.map((n) => ({ assetId: n.assetId, similarity: n.similarity }));
  }

  /** One per repository, made on first use: on SQLite it holds the model's binary codes in memory once loaded. */
  private vectorSearch: VectorSearch | undefined;
  private vectors(): VectorSearch {
    return (this.vectorSearch ??= new VectorSearch(this.db));
  }

  /**
   * The cursor's asset with its score now: bm25 weighs terms by how rare they are in the whole index, so every
   * score moves when assets are added, while their order (for one term, exactly) stays. Paging after the last
   * asset's present score keeps pages from repeating or skipping; an asset that no longer matches keeps the score
   * it was shown with.
   */
  private async rescored(matched: RawBuilder<unknown>, cursor: Cursor): Promise<Cursor> {
    const { rows } = await sql<{ score: number }>`
      select m.score from (${matched}) m where m.asset_id = ${cursor.assetId}`.execute(this.db);
    const score = rows[0]?.score;
    return score === undefined ? cursor : { score: Number(score), assetId: cursor.assetId };
  }

  private vocabulary: SearchVocabulary | undefined;

  /** The indexed words one edit away from the query's unknown or rare words (search-vocabulary.ts). */
  private async corrections(request: SearchRequest): Promise<Map<string, string[]>> {
    const typed = request.query.text && withoutStopWords(request.query.text);
    if (!typed) return new Map();
    this.vocabulary ??= new SearchVocabulary(this.db, this.dialect);
    return this.vocabulary.corrections(correctableWords(typed));
  }

  /**
   * Every matching document's id and score, as a subquery. The text is matched as typed (stop words dropped, as
   * PostgreSQL drops them) OR'd with its alternatives (search-expansion.ts: synonyms, the corrections given); a
   * document that matches only through an alternative scores `alternativeMatchWeight` of its rank, so that the word
   * typed ranks first where the engines have no per-term weights. `columns` (over the document `d`) are selected too:
   * the facets read their values here rather than joining the match back to the documents.
   *
   * `candidates`: rank only the newest that many matches (SearchBounds.rankCandidates), read in recency order and cut
   * before any is ranked. `sample`: only the documents of the facets' sample (FacetSample).
   */
  private matched(
    request: SearchRequest,
    corrections: ReadonlyMap<string, readonly string[]> = new Map(),
    columns: readonly RawBuilder<unknown>[] = [],
    bound: { candidates?: number; byMonth?: boolean; sample?: FacetSample } = {},
  ): RawBuilder<unknown> {
    const also = columns.length === 0 ? sql`` : sql`, ${sql.join(columns)}`;
    const conditions = [
      sql`d.deleted_at is null`,
      ...(request.teamIds ? [sql`d.team_id in (${sql.join([...request.teamIds])})`] : []),
      ...request.query.filters.map((filter) => this.filterCondition(filter)),
      ...(bound.sample && this.dialect === 'postgres'
        ? [sql`(hashtext(d.asset_id) & ${sql.lit(sampleBuckets - 1)}) < ${sql.lit(bound.sample.every)}`]
        : []),
    ];
    // SQLite: a document id modulo, checked on the FTS5 row before the document is read where there is text.
    const sampledBy = (id: RawBuilder<unknown>) =>
      bound.sample && this.dialect === 'sqlite' ? sql` and ${id} % ${sql.lit(bound.sample.every)} = 0` : sql``;
    const where = sql.join(conditions, sql` and `);
    if (!request.query.text)
      return sql`select d.asset_id, 0 as score${also} from search_documents d where ${where}${sampledBy(sql`d.doc_id`)}`;
    const typed = withoutStopWords(request.query.text);
    // Stop words only: nothing to search for, so nothing matches (PostgreSQL's answer to such a tsquery).
    if (!typed) return sql`select d.asset_id, 0 as score${also} from search_documents d where 1 = 0`;
    const text = expandTerms(typed, corrections);
    const expanded = text !== typed;
    if (this.dialect === 'postgres') {
      const rank = (alias: 'c' | 'd') => {
        const vector = sql.ref(`${alias}.search_vector`);
        const weight = expanded
          ? sql`(case when ${vector} @@ to_tsquery('provena', ${toTsQuery(typed)}) then 1.0 else ${sql.lit(alternativeMatchWeight)} end)`
          : sql`1`;
        // double precision: a cursor's score must compare equal to the value it was read as (real would not).
        return sql`(ts_rank_cd(${postgresRankWeights}::float4[], ${vector}, q) * ${weight})::double precision`;
      };
      // The newest matches of a broad match, a month at a time (decision 0040): each month's are the match index's
      // bitmap for the text, the filters it holds and that month, so that only as many months are read as hold the
      // bound. Each month's scan decodes the words' whole posting lists again, so a narrower match is read at once.
      if (bound.candidates !== undefined && bound.byMonth)
        return sql`
          select c.asset_id, ${rank('c')} as score
          from (
            select x.asset_id, x.search_vector
            from (${monthsNewestFirst(createdMonthWindow(request.query.filters))}) months
            cross join lateral (
              select d.asset_id, d.search_vector from search_documents d
              where ${sql.raw(createdMonth('d'))} = months.month
                and d.search_vector @@ to_tsquery('provena', ${toTsQuery(text)}) and ${where}
              order by d.created_at desc, d.asset_id desc limit ${bound.candidates}
            ) x
            limit ${bound.candidates}
          ) c, to_tsquery('provena', ${toTsQuery(text)}) q`;
      if (bound.candidates !== undefined)
        return sql`
          select c.asset_id, ${rank('c')} as score
          from (
            select d.asset_id, d.search_vector from search_documents d
            where d.search_vector @@ to_tsquery('provena', ${toTsQuery(text)}) and ${where}
            order by d.created_at desc, d.asset_id desc limit ${bound.candidates}
          ) c, to_tsquery('provena', ${toTsQuery(text)}) q`;
      return sql`
        select d.asset_id, ${rank('d')} as score${also}
        from search_documents d, to_tsquery('provena', ${toTsQuery(text)}) q
        where d.search_vector @@ q and ${where}`;
    }
    const { match, complement } = toFts5Match(text, searchColumnsOfScope);
    // A query of exclusions only matches what the positive form does not (FTS5's NOT is binary).
    if (complement)
      return sql`
        select d.asset_id, 0 as score${also} from search_documents d
        where d.doc_id not in (select rowid from search_fts where search_fts match ${match}) and ${where}${sampledBy(sql`d.doc_id`)}`;
    const weight = expanded
      ? sql`(case when d.doc_id in (select rowid from search_fts where search_fts match ${toFts5Match(typed, searchColumnsOfScope).match}) then 1.0 else ${sql.lit(alternativeMatchWeight)} end)`
      : sql`1`;
    const matching = sql`
      select d.asset_id, -bm25(search_fts, ${sql.raw(bm25Weights)}) * ${weight} as score${also}
      from search_fts join search_documents d indexed by search_documents_filters_idx on d.doc_id = search_fts.rowid
      where search_fts match ${match}${sampledBy(sql`search_fts.rowid`)} and ${where}`;
    // FTS5 hands its matches over in rowid order, newest first when asked: bm25 runs only on the rows kept.
    return bound.candidates === undefined
      ? matching
      : sql`select c.asset_id, c.score from (${matching} order by search_fts.rowid desc limit ${bound.candidates}) c`;
  }

  private filterCondition(filter: SearchFilter): RawBuilder<unknown> {
    const condition = this.positiveCondition(filter);
    // A negated filter keeps documents without the value too (`-model:sdxl` keeps assets with no model).
    return filter.negated ? sql`(case when ${condition} then 1 else 0 end) = 0` : sql`(${condition})`;
  }

  private positiveCondition(filter: SearchFilter): RawBuilder<unknown> {
    const anyOf = (column: string, values: readonly (string | number)[]) =>
      values.length === 0 ? sql`1 = 0` : sql`${sql.raw(column)} in (${sql.join([...values])})`;
    // PostgreSQL: as an array the planner computes once, so that the match index can look the ids up.
    const named = (column: string, table: 'teams' | 'campaigns' | 'users', values: readonly string[]) => {
      const lowered = values.map((value) => value.toLowerCase());
      const ids = sql`select id from ${sql.table(table)} where lower(slug) in (${sql.join(lowered)}) or lower(name) in (${sql.join(lowered)})`;
      return this.dialect === 'postgres'
        ? sql`${sql.raw(column)} = any(array(${ids}))`
        : sql`${sql.raw(column)} in (${ids})`;
    };
    switch (filter.field) {
      case 'ai':
        return anyOf('d.ai_involvement', filter.values);
      case 'tool':
      case 'model':
        return sql`lower(${sql.ref(`d.${filter.field}`)}) in (${sql.join(filter.values.map((value) => value.toLowerCase()))})`;
      case 'campaign':
        return named('d.campaign_id', 'campaigns', filter.values);
      case 'team':
        return named('d.team_id', 'teams', filter.values);
      case 'requestor':
        return named('d.requestor_id', 'users', filter.values);
      case 'status':
        return anyOf('d.status', filter.values);
      case 'risk':
        return anyOf('d.risk_tier', filter.values);
      case 'rights':
        return anyOf('d.rights_status', filter.values);
      case 'use':
        return anyOf('d.intended_use', filter.values);
      case 'brand':
        return 'bands' in filter ? anyOf('d.brand_verdict', filter.bands) : anyRange(sql`d.brand_score`, filter.scores);
      case 'colour':
        return sql.join(filter.colours.map(paletteColourMatch), sql` or `);
      case 'orientation':
        return anyOf('d.orientation', filter.values);
      case 'width':
        return anyRange(sql`d.width`, filter.ranges);
      case 'height':
        return anyRange(sql`d.height`, filter.ranges);
      case 'pixels':
        return anyRange(sql`(d.width * d.height)`, filter.ranges);
      case 'type':
        return anyOf('d.kind', filter.values);
      case 'c2pa':
        return sql.join(
          filter.values.map((value) =>
            value === 'present'
              ? sql`d.c2pa_state <> 'absent'`
              : value === 'valid'
                ? sql`d.c2pa_state in ('valid', 'trusted')`
                : sql`d.c2pa_state = ${value}`,
          ),
          sql` or `,
        );
      case 'faces':
        return anyRange(sql`d.faces`, filter.ranges);
      case 'created':
      case 'updated': {
        const column = sql.ref(`d.${filter.field}_at`);
        return sql.join(
          filter.ranges.map((range) => {
            const bounds = [
              ...(range.gte !== undefined ? [sql`${column} >= ${range.gte}`] : []),
              ...(range.lt !== undefined ? [sql`${column} < ${range.lt}`] : []),
            ];
            return bounds.length === 0 ? sql`1 = 1` : sql`(${sql.join(bounds, sql` and `)})`;
          }),
          sql` or `,
        );
      }
      case 'expires':
        throw new ProvenaError(
          'QUERY_INVALID',
          `expires: at column ${filter.span.start + 1}: assets have no expiry dates yet (rights windows are not recorded); leave it out.`,
          { position: filter.span.start + 1, end: filter.span.end, expected: 'another field' },
        );
      case 'has':
      case 'in':
        return sql.join(
          filter.values.map((value) => {
            switch (value) {
              case 'duplicates':
                return sql`exists (select 1 from near_duplicate_links l where l.verdict = 'near-duplicate'
                  and (l.asset_id = d.asset_id or l.matched_asset_id = d.asset_id))`;
              case 'variants':
                return sql`exists (select 1 from family_members f where f.asset_id = d.asset_id)`;
              case 'family':
                return sql`exists (select 1 from family_members f where f.asset_id = d.asset_id and f.state = 'confirmed')`;
              case 'c2pa':
                return sql`d.c2pa_state <> 'absent'`;
              case 'faces':
                return sql`d.faces > 0`;
              case 'text':
                return sql`coalesce(d.ocr_text, '') <> ''`;
            }
          }),
          sql` or `,
        );
    }
  }

  private async facets(
    request: SearchRequest,
    corrections: ReadonlyMap<string, readonly string[]>,
    facets: readonly SearchFacet[],
    facetLimit: number,
    estimate?: number,
  ): Promise<{ total: number; facets: Partial<Record<SearchFacet, FacetCount[]>>; approximate?: true }> {
    const sample = await this.facetSample(request, corrections, estimate);
    if (sample) {
      const sampled = await this.facetCounts(request, corrections, facets, facetLimit, sample);
      // The estimate that chose to sample was too high: the match is small enough to count.
      if (sampled.total >= this.bounds.facetSample) return { ...sampled, approximate: true };
    }
    return this.facetCounts(request, corrections, facets, facetLimit);
  }

  /**
   * Whether the match may be broader than SearchBounds.facetSample, and if so which sample to count. SQLite asks
   * FTS5 how many documents the text alone matches (its doclists only: no document is read) and takes every k-th
   * document id; PostgreSQL asks the planner's estimate (counting would read the heap rows) and takes the buckets of
   * the hash of the asset id that make about the bound. A sample that finds the match within the bound after all
   * (the filters kept few) is followed by the exact count.
   */
  private async facetSample(
    request: SearchRequest,
    corrections: ReadonlyMap<string, readonly string[]>,
    known?: number,
  ): Promise<FacetSample | undefined> {
    const cap = this.bounds.facetSample;
    if (this.dialect === 'postgres') {
      const estimate = known ?? (await this.estimatedMatch(request, corrections));
      if (estimate <= cap) return undefined;
      const every = Math.max(1, Math.floor((sampleBuckets * cap) / estimate));
      return { every, scale: sampleBuckets / every };
    }
    const typed = request.query.text ? withoutStopWords(request.query.text) : '';
    const fts = typed ? toFts5Match(expandTerms(typed, corrections), searchColumnsOfScope) : undefined;
    const { rows: breadth } = await (
      fts && !fts.complement
        ? sql<{ n: number }>`select count(*) as n from search_fts where search_fts match ${fts.match}`
        : sql<{ n: number }>`select max(doc_id) as n from search_documents`
    ).execute(this.db);
    const every = Math.ceil(Number(breadth[0]?.n ?? 0) / cap);
    return every > 1 ? { every, scale: every } : undefined;
  }

  /** PostgreSQL: the planner's estimate of the whole match (counting would read the heap rows). */
  private async estimatedMatch(
    request: SearchRequest,
    corrections: ReadonlyMap<string, readonly string[]>,
  ): Promise<number> {
    const { rows } = await sql<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>`
      explain (format json) select 1 from (${this.matched(request, corrections)}) m`.execute(this.db);
    return rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0;
  }

  private async facetCounts(
    request: SearchRequest,
    corrections: ReadonlyMap<string, readonly string[]>,
    facets: readonly SearchFacet[],
    facetLimit: number,
    sample?: FacetSample,
  ): Promise<{ total: number; facets: Partial<Record<SearchFacet, FacetCount[]>> }> {
    const matchedWith = (columns: readonly RawBuilder<unknown>[]) =>
      this.matched(request, corrections, columns, sample ? { sample } : {});
    const scaled = (n: number | string) => (sample ? about(Number(n) * sample.scale) : Number(n));
    const asked = searchFacets.filter((facet) => facets.includes(facet));
    // The match is read once, with the asked facets' values read by the match itself and no score (ranking every
    // match is the costly part; the outer select drops it), into a materialised set that each facet's grouping and
    // the total then scan. A CTE named more than once is otherwise re-evaluated per reference on SQLite.
    const values = asked.map((facet, i) => sql`cast(${sql.raw(facetValues[facet])} as text) as ${sql.ref(`f${i}`)}`);
    const names = asked.map((_, i) => sql`${sql.ref(`x.f${i}`)} as ${sql.ref(`f${i}`)}`);
    const parts = [
      sql`select '' as facet, null as value, count(*) as n from m`,
      ...asked.map(
        (facet, i) => sql`select ${facet} as facet, ${sql.ref(`m.f${i}`)} as value, count(*) as n from m group by 2`,
      ),
    ];
    const { rows } = await sql<{ facet: string; value: string | null; n: number | string }>`
      with m as materialized (
        select ${sql.join(names.length > 0 ? names : [sql`1 as one`])} from (${matchedWith(values)}) x)
      ${sql.join(parts, sql` union all `)}`.execute(this.db);
    let total = 0;
    const counts: Partial<Record<SearchFacet, FacetCount[]>> = {};
    for (const row of rows) {
      if (row.facet === '') total = scaled(row.n);
      else if (row.value !== null)
        (counts[row.facet as SearchFacet] ??= []).push({ value: row.value, count: scaled(row.n) });
    }
    for (const facet of asked) {
      const list = (counts[facet] ?? []).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
      counts[facet] = list.slice(0, facetLimit);
    }
    await this.label(counts.team, 'teams');
    await this.label(counts.campaign, 'campaigns');
    return { total, facets: counts };
  }

  /** Teams and campaigns are counted by id and shown by name. */
  private async label(counts: FacetCount[] | undefined, table: 'teams' | 'campaigns'): Promise<void> {
    if (!counts || counts.length === 0) return;
    const rows = await this.db
      .selectFrom(table)
      .select(['id', 'name'])
      .where(
        'id',
        'in',
        counts.map((count) => count.value),
      )
      .execute();
    const names = new Map(rows.map((row) => [row.id, row.name]));
    for (const count of counts) {
      const name = names.get(count.value);
      if (name) count.label = name;
    }
  }
}

/**
 * The months a query's `created:` filters allow ('2026-01'), where they bound them: a month-by-month read need not
 * visit the others. Coarse (a range ending at the start of a month names that month too): the filters themselves
 * still decide.
 */
function createdMonthWindow(filters: readonly SearchFilter[]): { from?: string; to?: string } {
  const window: { from?: string; to?: string } = {};
  for (const filter of filters) {
    if (filter.field !== 'created' || filter.negated || filter.ranges.length === 0) continue;
    const starts = filter.ranges.map((range) => range.gte);
    const ends = filter.ranges.map((range) => range.lt);
    if (starts.every((start) => start !== undefined)) {
      const from = starts.sort()[0]!.slice(0, 7);
      if (window.from === undefined || from > window.from) window.from = from;
    }
    if (ends.every((end) => end !== undefined)) {
      const to = ends.sort()[ends.length - 1]!.slice(0, 7);
      if (window.to === undefined || to < window.to) window.to = to;
    }
  }
  return window;
}

/**
 * PostgreSQL: the months from the newest document's to the oldest's (within `window`), newest first, as rows of
 * `month`. Dates, not timestamps with a time zone: the months must be the ISO text's, whatever the session's zone.
 */
function monthsNewestFirst(window: { from?: string; to?: string }): RawBuilder<unknown> {
  const newest = sql`left((select max(created_at) from search_documents), 7)`;
  const oldest = sql`left((select min(created_at) from search_documents), 7)`;
  const first = window.to === undefined ? newest : sql`least(${newest}, ${window.to})`;
  const last = window.from === undefined ? oldest : sql`greatest(${oldest}, ${window.from})`;
  return sql`
    select to_char(m, 'YYYY-MM') as month
    from generate_series(to_date(${first}, 'YYYY-MM')::timestamp, to_date(${last}, 'YYYY-MM')::timestamp,
      interval '-1 month') m`;
}

/**
 * Whether the text has a prefix term: GIN gathers every word a prefix matches afresh at each scan, so that a read
 * month by month would repeat that for every month.
 */
function hasPrefix(node: TextNode): boolean {
  if (node.type === 'term') return node.kind === 'prefix';
  return node.type === 'not' ? hasPrefix(node.child) : node.children.some(hasPrefix);
}

/** An estimated count to two significant figures (12,345 → 12,000): no more precise than the sample. */
function about(n: number): number {
  if (n < 100) return Math.round(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / unit) * unit;
}

/** Any of the ranges (each one's bounds all hold). */
function anyRange(column: RawBuilder<unknown>, ranges: readonly NumberRange[]): RawBuilder<unknown> {
  const one = (range: NumberRange) => {
    const bounds = [
      ...(range.gt !== undefined ? [sql`${column} > ${range.gt}`] : []),
      ...(range.gte !== undefined ? [sql`${column} >= ${range.gte}`] : []),
      ...(range.lt !== undefined ? [sql`${column} < ${range.lt}`] : []),
      ...(range.lte !== undefined ? [sql`${column} <= ${range.lte}`] : []),
    ];
    return bounds.length === 0 ? sql`${column} is not null` : sql`(${sql.join(bounds, sql` and `)})`;
  };
  return ranges.length === 0 ? sql`1 = 0` : sql`(${sql.join(ranges.map(one), sql` or `)})`;
}
