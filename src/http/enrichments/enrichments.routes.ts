/** /api/v1/assets/:id/enrichments and /renditions/:role: what enrichment made of an asset version. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { EnrichmentReader } from '../../services/enrichment.service.ts';
import { presentEnrichments } from './enrichments.presenter.ts';
import { enrichmentsSchema, renditionSchema } from './enrichments.schemas.ts';

export interface EnrichmentRouteDeps {
  enrichments: EnrichmentReader;
}

export const enrichmentRoutes =
  (deps: EnrichmentRouteDeps): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get('/api/v1/assets/:id/enrichments', { schema: enrichmentsSchema }, async (request) => {
      const view = await deps.enrichments.view(request.params.id, request.query.version);
      return presentEnrichments(view);
    });

    app.get('/api/v1/assets/:id/renditions/:role', { schema: renditionSchema }, async (request, reply) => {
      const found = await deps.enrichments.rendition(request.params.id, request.params.role, request.query);
      const { rendition } = found;
      const etag = `"${rendition.sha256}"`;
      reply
        .header('etag', etag)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .type(rendition.mediaType);
      if (request.headers['if-none-match']?.split(',').some((t) => t.trim() === etag)) return reply.status(304).send();
      reply.header('content-length', rendition.size);
      return reply.send(await found.open());
    });
  };
