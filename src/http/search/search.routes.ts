/**
 * /api/v1/search: the query language (docs/search.md) over the assets of the caller's teams, ranked by relevance,
 * keyset-paged, with facet counts when asked; POST /api/v1/search/rebuild recomputes the index (storage:maintain).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TArray, type TOptional } from 'typebox';
import { searchFacets, type SearchFacet } from '../../domain/search.ts';
import { searchModes } from '../../domain/similar-search.ts';
import { maxSearchPageSize, type SearchPage, type SearchService } from '../../services/search.service.ts';
import type { SimilarSearch } from '../../services/similar-search.ts';
import { presentAsset } from '../assets/assets.presenter.ts';
import { receiveUpload } from '../assets/multipart-upload.ts';
import { uploadSlotsFor, type UploadLimits } from '../assets/upload-slots.ts';
import { AssetBody, conflictingErrorResponses, errorResponses, stringEnum } from '../schemas.ts';

const FacetCountBody = Type.Object({
  value: Type.String(),
  label: Type.Optional(Type.String({ description: "A team's or campaign's name (the value is its id)" })),
  count: Type.Integer(),
});

export const searchSchema = {
  tags: ['search'],
  summary: 'Search assets with the query language',
  description:
    'Full text over title, description, prompt, tags, detected objects, text in the image, file name and campaign (stemmed, diacritics folded, weighted: a title hit outranks a prompt hit) with field filters, e.g. `sunset beach model:"sdxl" campaign:summer-26 -tag:people status:approved color:#ff6600 created:>2026-06-01` — the language is in docs/search.md. Only assets of teams the caller may read are found or counted. A query that does not parse is a 400 QUERY_INVALID naming the column and what was expected. Without text, every matching asset, newest first.',
  querystring: Type.Object(
    {
      q: Type.Optional(Type.String({ maxLength: 2000, description: 'The query; empty: every asset in reach' })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxSearchPageSize, default: 50 })),
      cursor: Type.Optional(Type.String({ maxLength: 512, description: 'nextCursor of the previous page' })),
      facets: Type.Optional(
        Type.String({
          description: `Count these facets over the whole match (comma-separated: ${searchFacets.join(', ')}), or "true" for status, risk, campaign, model, ai and orientation`,
        }),
      ),
      like: Type.Optional(
        Type.String({
          maxLength: 100,
          description:
            "More like this asset: its nearest assets by image embedding within the query's filters (one page, no cursor)",
        }),
      ),
      semantic: Type.Optional(
        Type.Boolean({
          default: true,
          description:
            'false: rank the words by text only, keyset-paged, even where the embedder (CLIP) could rank them too',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      query: Type.String({ description: 'The query as understood, in canonical form' }),
      items: Type.Array(
        Type.Object({
          asset: AssetBody,
          score: Type.Number({
            description: 'Text: the engine relevance; vector: cosine similarity; hybrid: reciprocal rank fusion',
          }),
          similarity: Type.Optional(Type.Number({ description: 'Cosine similarity to the query vector' })),
          thumbhash: Type.Optional(
            Type.String({
              description: "The current version's ThumbHash placeholder (base64), once renditions are made",
            }),
          ),
        }),
      ),
      nextCursor: Type.Optional(Type.String()),
      total: Type.Optional(Type.Integer({ description: 'Matching assets in all (with facets)' })),
      approximate: Type.Optional(
        Type.Literal(true, {
          description:
            'The match was too broad to count every asset: total and the facet counts are estimated from a sample spread over it (show them as "about")',
        }),
      ),
      // One property per facet (a Record keyed by an enum comes out with no properties, and the serialiser would
      // then drop every count).
      facets: Type.Optional(
        Type.Object(
          Object.fromEntries(searchFacets.map((facet) => [facet, Type.Optional(Type.Array(FacetCountBody))])) as Record<
            SearchFacet,
            TOptional<TArray<typeof FacetCountBody>>
          >,
        ),
      ),
      exactCopy: Type.Optional(
        Type.Object(
          { assetId: Type.String(), versionNumber: Type.Integer() },
          { description: 'Search by image: an asset you may read holds these very bytes' },
        ),
      ),
      modes: Type.Optional(
        Type.Array(stringEnum(searchModes), {
          description: 'The rankings used: text, vector (image embedding), or both fused by reciprocal rank',
        }),
      ),
    }),
    ...conflictingErrorResponses,
  },
};

const searchPageBody = searchSchema.response[200];

export const byImageSchema = {
  tags: ['search'],
  summary: 'Search by an uploaded image (multipart/form-data: "file", optional "q" and "limit")',
  description:
    "The image is decoded like an upload (formats, pixel limit) and embedded by the configured embedder; its nearest assets in the caller's teams come back, one page of at most `limit` (no cursor). Nothing of the image is kept. Optional `q`: its filters restrict, its words also rank by text (hybrid, reciprocal rank fusion). A file that is not an image, or a decompression bomb, is a 400 naming the file; without an embedder, 409.",
  consumes: ['multipart/form-data'],
  body: Type.Object(
    {
      file: Type.String({ format: 'binary', description: 'The query image (exactly one part named "file")' }),
      q: Type.Optional(Type.String({ maxLength: 2000, description: 'A query: filters and words (docs/search.md)' })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxSearchPageSize, default: 50 })),
    },
    { additionalProperties: false },
  ),
  response: { 200: searchPageBody, ...conflictingErrorResponses, 413: Type.Ref('ErrorBody') },
};

export const rebuildSchema = {
  tags: ['search'],
  summary: 'Recompute the search index from the assets',
  description:
    'The index is kept current in the transaction of every change; rebuild after an analyser change (retokenise) or to repair it. Needs storage:maintain.',
  body: Type.Optional(
    Type.Object({ retokenise: Type.Optional(Type.Boolean({ default: false })) }, { additionalProperties: false }),
  ),
  response: { 200: Type.Object({ documents: Type.Integer() }), ...errorResponses },
};

export const searchRoutes =
  (deps: { search: SearchService; similar?: SimilarSearch; uploads?: UploadLimits }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get('/api/v1/search', { schema: searchSchema }, async (request) => {
      const { q, limit, cursor, facets, like, semantic } = request.query;
      const page = await deps.search.search(request.context, {
        ...(q !== undefined ? { q } : {}),
        ...(like !== undefined ? { like } : {}),
        ...(semantic !== undefined ? { semantic } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
        ...(facets === undefined || facets === 'false'
          ? {}
          : { facets: facets === 'true' ? true : facets.split(',').map((name) => name.trim()) }),
      });
      return presentPage(page);
    });
    const { similar, uploads } = deps;
    if (similar && uploads) {
      const slots = uploadSlotsFor(uploads);
      app.post(
        '/api/v1/search/by-image',
        // Multipart is read as a stream in the handler; the body schema documents it in OpenAPI only.
        { schema: byImageSchema, validatorCompiler: () => () => true },
        async (request) => {
          const ctx = request.context;
          // A query image takes an upload slot while it is received and decoded, as an upload does.
          const release = slots.take();
          try {
            const { staged, fields } = await receiveUpload(
              request,
              (file) => similar.stageImage(ctx, file),
              (file) => similar.discardImage(ctx, file),
              (name) => name === 'q' || name === 'limit',
            );
            return presentPage(await similar.searchByStagedImage(ctx, staged, fields));
          } finally {
            release();
          }
        },
      );
    }
    app.post('/api/v1/search/rebuild', { schema: rebuildSchema }, (request) =>
      deps.search.rebuild(request.context, { retokenise: request.body?.retokenise === true }),
    );
  };

function presentPage(page: SearchPage) {
  return {
    ...page,
    items: page.items.map((item) => ({
      asset: presentAsset(item.asset),
      score: item.score,
      ...(item.similarity !== undefined ? { similarity: item.similarity } : {}),
      ...(item.thumbhash !== undefined ? { thumbhash: item.thumbhash } : {}),
    })),
  };
}
