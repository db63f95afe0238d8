/**
 * /api/v1/search: the query language (docs/search.md) over the assets of the caller's teams, ranked by relevance,
 * keyset-paged, with facet counts when asked; POST /api/v1/search/rebuild recomputes the index (storage:maintain).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { searchFacets } from '../../domain/search.ts';
import { maxSearchPageSize, type SearchService } from '../../services/search.service.ts';
import { presentAsset } from '../assets/assets.presenter.ts';
import { AssetBody, errorResponses, stringEnum } from '../schemas.ts';

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
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      query: Type.String({ description: 'The query as understood, in canonical form' }),
      items: Type.Array(Type.Object({ asset: AssetBody, score: Type.Number() })),
      nextCursor: Type.Optional(Type.String()),
      total: Type.Optional(Type.Integer({ description: 'Matching assets in all (with facets)' })),
      facets: Type.Optional(Type.Record(stringEnum(searchFacets), Type.Array(FacetCountBody))),
    }),
    ...errorResponses,
  },
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
  (deps: { search: SearchService }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get('/api/v1/search', { schema: searchSchema }, async (request) => {
      const { q, limit, cursor, facets } = request.query;
      const page = await deps.search.search(request.context, {
        ...(q !== undefined ? { q } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
        ...(facets === undefined || facets === 'false'
          ? {}
          : { facets: facets === 'true' ? true : facets.split(',').map((name) => name.trim()) }),
      });
      return { ...page, items: page.items.map((item) => ({ asset: presentAsset(item.asset), score: item.score })) };
    });
    app.post('/api/v1/search/rebuild', { schema: rebuildSchema }, (request) =>
      deps.search.rebuild(request.context, { retokenise: request.body?.retokenise === true }),
    );
  };
