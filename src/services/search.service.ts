/**
 * Search (issue 14, docs/search.md): the query language parsed here (QUERY_INVALID naming the column and what was
 * expected), run by the index over the assets of the caller's teams only — nothing outside them is found or counted
 * — and answered as assets with their relevance, a cursor for the next page, and facet counts when asked. The index
 * is kept current by the database; `rebuild` is for an analyser or enricher change.
 */
import type { RequestContext } from '../domain/access.ts';
import type { Asset } from '../domain/asset.ts';
import { ProvenaError, validationFailed, type FieldProblem } from '../domain/errors.ts';
import type { UnitOfWork } from '../domain/ports.ts';
import { formatSearchQuery, parseSearchQuery } from '../domain/search-query.ts';
import {
  defaultSearchFacets,
  searchFacets,
  type FacetCount,
  type SearchFacet,
  type SearchRebuildProgress,
} from '../domain/search.ts';
import { partTextForVectors, type SearchMode } from '../domain/similar-search.ts';
import { authorise, teamsInReach } from './authorise.ts';
import { checkedPageSize, checkedQueryText } from './search-input.ts';
import type { SimilarSearch } from './similar-search.ts';

export interface SearchServiceDeps {
  store: UnitOfWork<'search' | 'assets' | 'enrichment'>;
  /** "More like this" and words through CLIP's text encoder (similar-search.ts); without it, text only. */
  similar?: SimilarSearch;
  now?: () => Date;
}

export interface SearchInput {
  /** The query text; empty or absent: every asset in reach, newest first. */
  q?: unknown;
  limit?: unknown;
  cursor?: unknown;
  /** true: the default facets; a list: those (names from searchFacets). */
  facets?: unknown;
  /** "More like this": an asset id; its nearest assets within the query's filters (decision 0032). */
  like?: unknown;
  /**
   * false: rank text only, with keyset pages, even when the embedder could rank the words too (CLIP); default true.
   */
  semantic?: unknown;
}

export interface SearchHitView {
  asset: Asset;
  /** Text only: the engine's relevance; vector only: cosine similarity; hybrid: the reciprocal rank fusion score. */
  score: number;
  /** Cosine similarity to the query vector, where the vector ranking found the asset. */
  similarity?: number;
  /** The current version's ThumbHash (base64), once its renditions are made: what a grid shows until the image loads. */
  thumbhash?: string;
}

export interface SearchPage {
  /** The query as understood, in canonical form (what a saved search stores). */
  query: string;
  items: SearchHitView[];
  nextCursor?: string;
  total?: number;
  facets?: Partial<Record<SearchFacet, FacetCount[]>>;
  /** The total and facet counts are estimated from a sample of a broad match (SearchResult.approximate). */
  approximate?: true;
  /** The rankings used: text, vector, or both fused (absent: text). */
  modes?: SearchMode[];
  /** Search by image: an asset the caller may read holds these very bytes (as this version). */
  exactCopy?: { assetId: string; versionNumber: number };
}

export { maxSearchPageSize } from './search-input.ts';

export class SearchService {
  constructor(private readonly deps: SearchServiceDeps) {}

  async search(ctx: RequestContext, input: SearchInput): Promise<SearchPage> {
    const { text, limit, cursor, facets } = checkedInput(input);
    const query = parseSearchQuery(text, (this.deps.now ?? (() => new Date()))());
    const like = checkedLike(input.like, cursor);
    // Vector and hybrid answers are one page; a cursor continues a text ranking.
    const semantic =
      like === undefined &&
      cursor === undefined &&
      input.semantic !== false &&
      partTextForVectors(query.text).words !== '' &&
      this.deps.similar?.embedsText() === true;
    if (like !== undefined || semantic) {
      if (!this.deps.similar) throw new ProvenaError('CONFLICT', 'This server has no similar-image search.', {});
      return this.withPlaceholders(
        await this.deps.similar.search(ctx, {
          query,
          limit,
          ...(like !== undefined ? { like } : {}),
          ...(facets ? { facets } : {}),
        }),
      );
    }
    const teamIds = teamsInReach(ctx);
    const result = await this.deps.store.search.search({
      query,
      ...(teamIds ? { teamIds } : {}),
      limit,
      ...(cursor ? { cursor } : {}),
      ...(facets ? { facets } : {}),
    });
    const assets = new Map(
      (await this.deps.store.assets.listByIds(result.hits.map((hit) => hit.assetId))).map((asset) => [asset.id, asset]),
    );
    // An asset deleted between the two reads is left out of the page rather than shown half.
    const items = result.hits.flatMap((hit) => {
      const asset = assets.get(hit.assetId);
      return asset ? [{ asset, score: hit.score }] : [];
    });
    return this.withPlaceholders({
      query: formatSearchQuery(query),
      items,
      ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
      ...(result.total !== undefined ? { total: result.total } : {}),
      ...(result.facets ? { facets: result.facets } : {}),
      ...(result.approximate ? { approximate: true as const } : {}),
      modes: ['text'],
    });
  }

  private async withPlaceholders(page: SearchPage): Promise<SearchPage> {
    const placeholders = await this.deps.store.enrichment.currentPlaceholders(page.items.map((item) => item.asset.id));
    return {
      ...page,
      items: page.items.map((item) => {
        const thumbhash = placeholders.get(item.asset.id);
        return thumbhash === undefined ? item : { ...item, thumbhash };
      }),
    };
  }

  /** Recomputes the whole index (storage:maintain): after an analyser change, or to repair it. */
  async rebuild(
    ctx: RequestContext,
    options: { onProgress?: (progress: SearchRebuildProgress) => void; retokenise?: boolean } = {},
  ): Promise<{ documents: number }> {
    authorise(ctx, 'storage:maintain');
    return this.deps.store.search.rebuild(options);
  }
}

function checkedLike(like: unknown, cursor: string | undefined): string | undefined {
  if (like === undefined || like === '') return undefined;
  const problems: FieldProblem[] = [];
  if (typeof like !== 'string' || like.length > 100)
    problems.push({ field: 'like', problem: 'must be the id of an asset' });
  if (cursor !== undefined)
    problems.push({ field: 'cursor', problem: 'similar-asset results are one page: leave the cursor out with like' });
  if (problems.length > 0) throw validationFailed(problems);
  return like as string;
}

function checkedInput(input: SearchInput): {
  text: string;
  limit: number;
  cursor: string | undefined;
  facets: readonly SearchFacet[] | undefined;
} {
  const problems: FieldProblem[] = [];
  const text = checkedQueryText(input.q, problems);
  const limit = checkedPageSize(input.limit, problems);
  const cursor = input.cursor;
  if (cursor !== undefined && (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 512))
    problems.push({ field: 'cursor', problem: 'must be the nextCursor of a previous page' });
  let facets: readonly SearchFacet[] | undefined;
  if (input.facets === true) facets = defaultSearchFacets;
  else if (Array.isArray(input.facets)) {
    const unknown = input.facets.filter((name) => !searchFacets.includes(name as SearchFacet));
    if (unknown.length > 0)
      problems.push({
        field: 'facets',
        problem: `${unknown.map(String).join(', ')}: not a facet (one of ${searchFacets.join(', ')})`,
      });
    else facets = input.facets as SearchFacet[];
  } else if (input.facets !== undefined && input.facets !== false)
    problems.push({ field: 'facets', problem: 'must be true or a list of facet names' });
  if (problems.length > 0) throw validationFailed(problems);
  return { text, limit, cursor: cursor as string | undefined, facets };
}
