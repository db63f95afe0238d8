/** /api/v1/assets/:id/enrichments and /renditions/:role: what enrichment made of an asset version. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DeliveryGate } from '../../domain/usage.ts';
import type { EnrichmentReader } from '../../services/enrichment.service.ts';
import { deliveryRoute, gateDelivery } from '../delivery.ts';
import { clientHasEtag, fileHeaders, renditionFileName } from '../file-responses.ts';
import { presentEnrichments } from './enrichments.presenter.ts';
import { enrichmentsSchema, renditionSchema } from './enrichments.schemas.ts';

export interface EnrichmentRouteDeps {
  enrichments: EnrichmentReader;
  /** The usage check every rendition asks before a byte leaves (the rights service). */
  delivery: DeliveryGate;
}

export const enrichmentRoutes =
  (deps: EnrichmentRouteDeps): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get('/api/v1/assets/:id/enrichments', { schema: enrichmentsSchema }, async (request) => {
      const view = await deps.enrichments.view(request.context, request.params.id, request.query.version);
      return presentEnrichments(view);
    });

    const renditionRoute = { schema: renditionSchema, config: deliveryRoute('rendition') };
    app.get('/api/v1/assets/:id/renditions/:role', renditionRoute, async (request, reply) => {
      const { version, position } = request.query;
      const found = await deps.enrichments.rendition(request.context, request.params.id, request.params.role, {
        ...(version !== undefined ? { version } : {}),
        ...(position !== undefined ? { position } : {}),
      });
      const use = { assetId: request.params.id, version: found.versionNumber };
      await gateDelivery(deps.delivery, request, use, 'rendition');
      const { rendition } = found;
      const etag = `"${rendition.sha256}"`;
      const cacheControl = 'private, max-age=31536000, immutable';
      if (clientHasEtag(request, etag))
        return reply.status(304).header('etag', etag).header('cache-control', cacheControl).send();
      // Opened (and so verified) before any header is set, as the original is.
      const bytes = await found.open();
      reply.header('etag', etag).header('cache-control', cacheControl).header('content-length', rendition.size);
      fileHeaders(reply, {
        mediaType: rendition.mediaType,
        fileName: renditionFileName(found.fileName, rendition.role, rendition.mediaType),
        disposition: 'inline',
      });
      return reply.send(bytes);
    });
  };
