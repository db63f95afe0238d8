/**
 * Similar and semantic search (issue 14 §4, docs/search.md "Similar and semantic search", decision 0032): "more like
 * this" from an asset's current embedding, search by a query image (decoded and embedded, nothing stored), words
 * ranked by CLIP's text encoder when it is the configured embedder, and the hybrid of a text ranking and a vector
 * ranking fused by reciprocal rank. Both rankings run within the query's filters and the caller's teams. Vector and
 * hybrid answers are one page of at most `limit` (no cursor: a fused order has no keyset to resume from).
 */
import type { Readable } from 'node:stream';
import { can, type RequestContext } from '../domain/access.ts';
import type { Asset } from '../domain/asset.ts';
import { isProvenaError, ProvenaError, validationFailed, type FieldProblem } from '../domain/errors.ts';
import { isId } from '../domain/ids.ts';
import type { BlobStore, StagedBlob, UnitOfWork } from '../domain/ports.ts';
import { formatSearchQuery, parseSearchQuery, type SearchQuery } from '../domain/search-query.ts';
import type { SearchFacet } from '../domain/search.ts';
import {
  fuseRankings,
  partTextForVectors,
  vectorRestriction,
  type QueryEmbedder,
  type SearchMode,
} from '../domain/similar-search.ts';
import { authorise, readable, teamsInReach } from './authorise.ts';
import { checkedPageSize, checkedQueryText, maxSearchPageSize } from './search-input.ts';
import type { SearchPage } from './search.service.ts';

export interface SimilarSearchDeps {
  store: UnitOfWork<'search' | 'assets' | 'enrichment'>;
  /** The configured embedder, made on first use (its weights load with the first image or words); undefined: none. */
  embedder: () => Promise<QueryEmbedder | undefined>;
  /**
   * Whether the configured embedder has a text encoder (CLIP), from the configuration: a text search asks on every
   * query and must not load a model to learn that it has none.
   */
  embedsText: boolean;
  /** Where a query image is held while it is decoded; discarded after, whatever happens. */
  staging: Pick<BlobStore, 'stage' | 'discard'>;
  /** The asset upload's limit, which a query image has too. */
  maxUploadBytes: number;
  now?: () => Date;
}

/** A parsed search, as SearchService hands it over when it ranks by vectors. */
export interface VectorSearchRequest {
  query: SearchQuery;
  limit: number;
  /** "More like this": the asset whose current embedding is the query vector. */
  like?: string;
  facets?: readonly SearchFacet[];
}

export interface ImageSearchInput {
  /** Optional query text: its filters restrict, its free words rank by text too (hybrid). */
  q?: unknown;
  limit?: unknown;
}

/** How deep each ranking of a hybrid search goes before fusion: enough for the largest page to draw from both. */
const hybridDepth = maxSearchPageSize;

export class SimilarSearch {
  constructor(private readonly deps: SimilarSearchDeps) {}

  /** Whether a text query with free words ranks by vectors too (the configured embedder has a text encoder). */
  embedsText(): boolean {
    return this.deps.embedsText;
  }

  /** "More like this", or words through CLIP's text encoder, each fused with the text ranking of the query's words. */
  async search(ctx: RequestContext, request: VectorSearchRequest): Promise<SearchPage> {
    const embedder = await this.embedder();
    let vector: Float32Array;
    if (request.like !== undefined) {
      const like = request.like;
      // An asset the caller may not read is NOT_FOUND, as one that does not exist.
      if (!isId(like))
        throw new ProvenaError('NOT_FOUND', `Asset ${like} does not exist.`, { what: 'Asset', id: like });
      readable(ctx, await this.deps.store.assets.get(like), like);
      const stored = (await this.deps.store.enrichment.currentEmbeddings([like], embedder.model)).get(like);
      if (!stored)
        throw new ProvenaError(
          'CONFLICT',
          `Asset ${like} has no ${embedder.model} embedding yet: it is not enriched (or its enrichment failed). Search like it once its enrichment is done, or enrich it (provena enrich ${like}).`,
          { reason: 'not-enriched', assetId: like, model: embedder.model },
        );
      vector = stored;
    } else {
      const { words } = partTextForVectors(request.query.text);
      if (!embedder.embedsText || words === '')
        throw new ProvenaError('INTERNAL', 'A vector search needs an asset, an image or words for a text encoder.');
      vector = await embedder.embedText(words);
    }
    return this.ranked(ctx, { ...request, model: embedder.model, vector });
  }

  /** Receives a query image's bytes (before any is read: the caller must be able to read some assets). */
  async stageImage(ctx: RequestContext, source: Readable | Uint8Array): Promise<StagedBlob> {
    if (teamsInReach(ctx)?.length === 0) authorise(ctx, 'asset:read');
    return this.deps.staging.stage(source, { maxBytes: this.deps.maxUploadBytes });
  }

  async discardImage(_ctx: RequestContext, staged: StagedBlob): Promise<void> {
    await this.deps.staging.discard(staged);
  }

  /** Search by a query image: nothing of it is kept (the staged bytes are discarded, no row is written). */
  async searchByImage(
    ctx: RequestContext,
    source: Readable | Uint8Array,
    input: ImageSearchInput,
  ): Promise<SearchPage> {
    return this.searchByStagedImage(ctx, await this.stageImage(ctx, source), input);
  }

  async searchByStagedImage(ctx: RequestContext, staged: StagedBlob, input: ImageSearchInput): Promise<SearchPage> {
    try {
      const { text, limit } = checkedImageInput(input);
      const query = parseSearchQuery(text, (this.deps.now ?? (() => new Date()))());
      const embedder = await this.embedder();
      const vector = await embedder.embedImageFile(staged).catch((error: unknown) => {
        throw queryImageRefused(error);
      });
      const page = await this.ranked(ctx, { query, limit, model: embedder.model, vector });
      const copy = await this.exactCopy(ctx, staged.sha256);
      return copy ? { ...page, exactCopy: copy } : page;
    } finally {
      await this.deps.staging.discard(staged);
    }
  }

  /**
   * The asset holding these very bytes, when the caller may read it: the content address the upload already
   * computed makes this one indexed look-up.
   */
  private async exactCopy(
    ctx: RequestContext,
    sha256: string,
  ): Promise<{ assetId: string; versionNumber: number } | undefined> {
    const found = await this.deps.store.assets.findByBlob(sha256);
    if (!found || found.deleted) return undefined;
    const asset = await this.deps.store.assets.get(found.assetId);
    if (!asset || !can(ctx, 'asset:read', asset.team?.id ?? null)) return undefined;
    return { assetId: found.assetId, versionNumber: found.versionNumber };
  }

  private async embedder(): Promise<QueryEmbedder> {
    const embedder = await this.deps.embedder();
    if (!embedder)
      throw new ProvenaError(
        'CONFLICT',
        'Similar-image search needs an image embedder, and this server runs without one (embedder none): set the embedder to mobilenet or clip and enrich the library.',
        { reason: 'no-embedder' },
      );
    return embedder;
  }

  /**
   * The vector ranking, and the text ranking when the query has free words (unless those words made the vector: then
   * text and vector both rank them), fused by reciprocal rank; one page of the best `limit`.
   */
  private async ranked(
    ctx: RequestContext,
    request: VectorSearchRequest & { model: string; vector: Float32Array },
  ): Promise<SearchPage> {
    const teamIds = teamsInReach(ctx);
    const scope = teamIds ? { teamIds } : {};
    const hasWords = partTextForVectors(request.query.text).words !== '';
    const depth = hasWords ? Math.max(hybridDepth, request.limit) : request.limit;
    const [neighbours, text] = await Promise.all([
      this.deps.store.search.nearest({
        query: request.query,
        ...scope,
        model: request.model,
        vector: request.vector,
        k: depth,
        ...(request.like !== undefined ? { excludeAssetId: request.like } : {}),
      }),
      hasWords ? this.deps.store.search.search({ query: request.query, ...scope, limit: depth }) : undefined,
    ]);
    const similarity = new Map(neighbours.map((hit) => [hit.assetId, hit.similarity]));
    const textHits = (text?.hits ?? []).filter((hit) => hit.assetId !== request.like);
    const modes: SearchMode[] = text ? ['text', 'vector'] : ['vector'];
    const ranking = text
      ? fuseRankings([textHits.map((hit) => hit.assetId), neighbours.map((hit) => hit.assetId)])
      : neighbours.map((hit) => ({ id: hit.assetId, score: hit.similarity }));
    const chosen = ranking.slice(0, request.limit);
    const assets = new Map<string, Asset>(
      (await this.deps.store.assets.listByIds(chosen.map((hit) => hit.id))).map((asset) => [asset.id, asset]),
    );
    // An asset deleted between the reads is left out rather than shown half.
    const items = chosen.flatMap((hit) => {
      const asset = assets.get(hit.id);
      if (!asset) return [];
      const similar = similarity.get(hit.id);
      return [{ asset, score: hit.score, ...(similar !== undefined ? { similarity: similar } : {}) }];
    });
    // Facets count what the vector ranking could return: the filters' match in the caller's teams (free words aside).
    const counted = request.facets?.length
      ? await this.deps.store.search.search({
          query: vectorRestriction(request.query),
          ...scope,
          limit: 1,
          facets: request.facets,
        })
      : undefined;
    return {
      query: formatSearchQuery(request.query),
      items,
      modes,
      ...(counted?.total !== undefined ? { total: counted.total } : {}),
      ...(counted?.facets ? { facets: counted.facets } : {}),
      ...(counted?.approximate ? { approximate: true as const } : {}),
    };
  }
}

/** A query image the decoder refuses is the client's to fix: a 400 naming the file and the reason. */
function queryImageRefused(error: unknown): unknown {
  if (!isProvenaError(error)) return error;
  if (!['UNSUPPORTED_MEDIA_TYPE', 'CORRUPT_FILE', 'IMAGE_TOO_LARGE', 'EMPTY_FILE'].includes(error.code)) return error;
  return new ProvenaError(
    'VALIDATION_FAILED',
    `file: the query image cannot be used: ${error.message}`,
    { problems: [{ field: 'file', problem: error.message }], reason: error.code },
    { cause: error },
  );
}

function checkedImageInput(input: ImageSearchInput): { text: string; limit: number } {
  const problems: FieldProblem[] = [];
  const text = checkedQueryText(input.q, problems);
  const limit = checkedPageSize(input.limit, problems);
  if (problems.length > 0) throw validationFailed(problems);
  return { text, limit };
}
