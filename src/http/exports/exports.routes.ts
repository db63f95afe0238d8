/**
 * Export with provenance: one asset version as a channel rendition (GET /api/v1/assets/:id/export), its JSON-LD
 * (GET /api/v1/assets/:id/jsonld) and many assets as a zip stream (POST /api/v1/exports). The export service asks the
 * delivery gate itself before any byte is read (via 'export').
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { selectionOf, type ExportService } from '../../services/export.service.ts';
import { deliveryRoute } from '../delivery.ts';
import { contentDisposition, fileHeaders } from '../file-responses.ts';
import { bulkExportSchema, exportFileSchema, jsonLdSchema } from './exports.schemas.ts';

export const exportRoutes =
  (deps: { exports: ExportService }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get(
      '/api/v1/assets/:id/export',
      { schema: exportFileSchema, config: deliveryRoute('export') },
      async (request, reply) => {
        const { preset, channel, region, version } = request.query;
        const file = await deps.exports.exportOne(request.context, request.params.id, {
          preset,
          channel,
          ...(region !== undefined ? { region } : {}),
          ...(version !== undefined ? { version } : {}),
        });
        fileHeaders(reply, { mediaType: file.mediaType, fileName: file.fileName, disposition: 'attachment' });
        // Each request is checked anew (rights expire): clients may not reuse an answer without asking again.
        return reply
          .header('cache-control', 'private, no-store')
          .header('etag', `"${file.sha256}"`)
          .header('content-length', file.size)
          .header('x-provena-c2pa', file.c2pa)
          .header(
            'link',
            `</api/v1/assets/${request.params.id}/jsonld?version=${file.decision.version}>; rel="describedby"; type="application/ld+json"`,
          )
          .send(file.stream);
      },
    );

    app.get('/api/v1/assets/:id/jsonld', { schema: jsonLdSchema }, async (request, reply) => {
      const document = await deps.exports.jsonLd(request.context, request.params.id, request.query.version);
      return reply.type('application/ld+json').send(document);
    });

    app.post(
      '/api/v1/exports',
      { schema: bulkExportSchema, config: deliveryRoute('export') },
      async (request, reply) => {
        const { assetIds, collection, query, preset, channel, region } = request.body;
        const bulk = await deps.exports.exportMany(
          request.context,
          selectionOf({
            ...(assetIds !== undefined ? { assetIds } : {}),
            ...(collection !== undefined ? { collection } : {}),
            ...(query !== undefined ? { query } : {}),
          }),
          { preset, channel, ...(region !== undefined ? { region } : {}) },
        );
        const name = `export-${preset}-${new Date().toISOString().slice(0, 10)}.zip`;
        return reply
          .type('application/zip')
          .header('x-content-type-options', 'nosniff')
          .header('content-disposition', contentDisposition('attachment', name))
          .header('cache-control', 'private, no-store')
          .send(bulk.stream);
      },
    );
  };
