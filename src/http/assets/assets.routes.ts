/** /api/v1/assets: upload (streamed multipart), read, list, download the original, audit trail, status transitions. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProvenaError, validationFailed } from '../../domain/errors.ts';
import type { AssetService } from '../../services/asset.service.ts';
import type { BrandCheckService } from '../../services/brand-check.service.ts';
import { brandCheckSummary } from '../brand/brand.presenter.ts';
import type { IntakeService } from '../../services/intake.service.ts';
import type { DeliveryGate } from '../../domain/usage.ts';
import { deliveryRoute, gateDelivery } from '../delivery.ts';
import type { WorkflowService } from '../../services/workflow.service.ts';
import { unsupportedContentType } from '../errors.ts';
import { assetTag, presentAsset } from './assets.presenter.ts';
import {
  getSchema,
  historySchema,
  listSchema,
  originalSchema,
  transitionSchema,
  uploadSchema,
} from './assets.schemas.ts';
import { clientHasEtag, fileHeaders } from '../file-responses.ts';
import { parseRange } from './range.ts';
import { receiveUpload } from './multipart-upload.ts';
import { uploadSlotsFor, type UploadLimits } from './upload-slots.ts';

export interface AssetRouteDeps {
  intake: IntakeService;
  assets: AssetService;
  workflow: WorkflowService;
  uploads: UploadLimits;
  /** The usage check every download asks before a byte leaves (the rights service). */
  delivery: DeliveryGate;
  /** When given, one asset's read carries its latest brand checks. */
  brandChecks?: Pick<BrandCheckService, 'checksOf'>;
}

/**
 * `?quarantine=true`: missing or invalid intake fields quarantine the asset with its reasons (fixed later by PATCH)
 * instead of refusing the upload. Read here because the route's validator is off for the streamed multipart body.
 */
function quarantineOptIn(query: unknown): boolean {
  const value = typeof query === 'object' && query !== null ? (query as Record<string, unknown>).quarantine : undefined;
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1' || value === '') return true;
  throw validationFailed([{ field: 'quarantine', problem: 'must be true or false' }]);
}

export const assetRoutes =
  (deps: AssetRouteDeps): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const slots = uploadSlotsFor(deps.uploads);
    app.post(
      '/api/v1/assets',
      {
        schema: uploadSchema,
        // Multipart is read as a stream in the handler and its fields are checked by the intake service; the body
        // schema above documents it in OpenAPI only.
        validatorCompiler: () => () => true,
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw unsupportedContentType(request);
        const ctx = request.context;
        // Taken before any of the body is read, given back when the upload ends however it ends (upload-slots.ts).
        const release = slots.take();
        try {
          const { staged, fileName, fields } = await receiveUpload(
            request,
            (file) => deps.intake.stage(ctx, file),
            (file) => deps.intake.discard(ctx, file),
          );
          const result = await deps.intake.intakeStaged(ctx, staged, {
            fileName,
            fields,
            mode: quarantineOptIn(request.query) ? 'bulk' : 'interactive',
          });
          return reply.status(result.status === 'duplicate' ? 200 : 201).send({
            status: result.status,
            ...(result.duplicateOf ? { duplicateOf: result.duplicateOf } : {}),
            filledFromFile: result.filledFromFile,
            asset: presentAsset(result.asset),
          });
        } finally {
          release();
        }
      },
    );

    app.get('/api/v1/assets/:id', { schema: getSchema }, async (request, reply) => {
      const asset = await deps.assets.get(request.context, request.params.id);
      // PATCH takes it back as If-Match, so that an edit applies only to the asset as it was read.
      reply.header('etag', assetTag(asset));
      const checks = deps.brandChecks ? await deps.brandChecks.checksOf(request.context, asset.id) : undefined;
      return { ...presentAsset(asset), ...(checks ? { brandChecks: brandCheckSummary(checks) } : {}) };
    });

    app.get('/api/v1/assets', { schema: listSchema }, async (request) => {
      const { limit, cursor, q, ...filter } = request.query;
      const page = await deps.assets.list(
        request.context,
        { ...filter, ...(q ? { text: q } : {}) },
        { ...(limit ? { limit } : {}), ...(cursor ? { cursor } : {}) },
      );
      return { items: page.items.map(presentAsset), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    });

    app.get('/api/v1/assets/:id/history', { schema: historySchema }, async (request) => ({
      items: await deps.assets.history(request.context, request.params.id),
    }));

    app.post('/api/v1/assets/:id/transitions', { schema: transitionSchema }, async (request) => {
      const { name, reason } = request.body;
      const outcome = await deps.workflow.transition(request.context, request.params.id, name, {
        ...(reason !== undefined ? { reason } : {}),
      });
      return { transition: outcome.transition, from: outcome.from, to: outcome.to, asset: presentAsset(outcome.asset) };
    });

    const originalRoute = { schema: originalSchema, config: deliveryRoute('original') };
    app.get('/api/v1/assets/:id/original', originalRoute, async (request, reply) => {
      const original = await deps.assets.original(request.context, request.params.id, request.query.version);
      const { version } = original;
      // Before anything else is answered, a 304 included: a denied use learns nothing of the bytes.
      await gateDelivery(deps.delivery, request, { assetId: version.assetId, version: version.number }, 'original');
      const etag = `"${version.blob.sha256}"`;
      const cacheControl = 'private, max-age=31536000, immutable';
      // The client holds these bytes already: nothing is sent, so nothing needs verifying.
      if (clientHasEtag(request, etag))
        return reply.status(304).header('etag', etag).header('cache-control', cacheControl).send();
      const ifRange = request.headers['if-range'];
      const range = ifRange && ifRange !== etag ? undefined : parseRange(request.headers.range, version.blob.size);
      if (range === 'unsatisfiable') {
        reply.header('content-range', `bytes */${version.blob.size}`);
        throw new ProvenaError(
          'RANGE_NOT_SATISFIABLE',
          `The file has ${version.blob.size} bytes; the requested range lies outside it.`,
          {
            size: version.blob.size,
          },
        );
      }
      // Opened (and so verified against its SHA-256) before any header is set: damaged bytes are an error response
      // without this file's ETag, never a 200 under it.
      const bytes = await original.open(range);
      reply.header('etag', etag).header('accept-ranges', 'bytes').header('cache-control', cacheControl);
      fileHeaders(reply, { mediaType: version.mediaType, fileName: version.fileName, disposition: 'attachment' });
      if (range) {
        reply
          .status(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${version.blob.size}`)
          .header('content-length', range.end - range.start + 1);
      } else {
        reply.header('content-length', version.blob.size);
      }
      return reply.send(bytes);
    });
  };
