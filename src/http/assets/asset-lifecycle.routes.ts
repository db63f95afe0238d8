/**
 * An asset's lifecycle after intake: new versions (streamed multipart, the same upload handling and upload slots as
 * POST /api/v1/assets) and revert, editing (PATCH, with If-Match), soft delete and restore.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProvenaError } from '../../domain/errors.ts';
import type { AssetEditService } from '../../services/asset-edit.service.ts';
import type { AssetLifecycleService } from '../../services/asset-lifecycle.service.ts';
import type { IntakeService, VersionResult } from '../../services/intake.service.ts';
import { addVersionSchema, deleteSchema, editSchema, restoreSchema, revertSchema } from './asset-lifecycle.schemas.ts';
import { assetTag, presentAsset } from './assets.presenter.ts';
import { receiveUpload } from './multipart-upload.ts';
import { uploadSlotsFor, type UploadLimits } from './upload-slots.ts';

export interface AssetLifecycleRouteDeps {
  intake: IntakeService;
  edits: AssetEditService;
  lifecycle: AssetLifecycleService;
  uploads: UploadLimits;
}

const versionBody = (result: VersionResult) => ({
  status: result.status,
  ...(result.duplicateOf ? { duplicateOf: result.duplicateOf } : {}),
  ...(result.version ? { version: result.version.number } : {}),
  asset: presentAsset(result.asset),
});

/** The asset's updatedAt named by an If-Match header (an ETag of GET /api/v1/assets/:id); undefined for none or *. */
function expectedUpdatedAt(ifMatch: string | undefined): string | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const tag = /^\s*(?:W\/)?"([^"]+)"\s*$/.exec(ifMatch);
  if (!tag)
    throw new ProvenaError(
      'VALIDATION_FAILED',
      'If-Match must be one ETag as GET /api/v1/assets/:id sends it (a quoted string).',
      { problems: [{ field: 'If-Match', problem: 'one quoted ETag' }] },
    );
  return tag[1];
}

export const assetLifecycleRoutes =
  (deps: AssetLifecycleRouteDeps): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const slots = uploadSlotsFor(deps.uploads);

    app.post(
      '/api/v1/assets/:id/versions',
      // Multipart is read as a stream in the handler; the body schema documents it in OpenAPI only.
      { schema: addVersionSchema, validatorCompiler: () => () => true },
      async (request, reply) => {
        const ctx = request.context;
        const { id } = request.params;
        // Taken before any of the body is read, given back when the upload ends however it ends (upload-slots.ts).
        const release = slots.take();
        try {
          const { staged, fileName } = await receiveUpload(
            request,
            (file) => deps.intake.stageVersion(ctx, id, file),
            (file) => deps.intake.discard(ctx, file),
            // A new version is its file alone: a field is refused before the file is read.
            () => false,
          );
          const result = await deps.intake.addStagedVersion(ctx, id, staged, { fileName });
          return reply.status(result.status === 'created' ? 201 : 200).send(versionBody(result));
        } finally {
          release();
        }
      },
    );

    app.post('/api/v1/assets/:id/versions/:n/revert', { schema: revertSchema }, async (request, reply) => {
      const result = await deps.intake.revert(request.context, request.params.id, request.params.n);
      return reply.status(result.status === 'created' ? 201 : 200).send(versionBody(result));
    });

    app.patch(
      '/api/v1/assets/:id',
      // The edit service checks the body and names every unknown field and wrong value at once (Ajv would coerce a
      // number into a string field); the schema documents it. An id that is no asset's is NOT_FOUND there too.
      { schema: editSchema, validatorCompiler: () => () => true },
      async (request, reply) => {
        const body = request.body as unknown;
        if (body === null || typeof body !== 'object' || Array.isArray(body))
          throw new ProvenaError('VALIDATION_FAILED', 'The body must be a JSON object of the fields to change.', {
            problems: [{ field: 'body', problem: 'a JSON object' }],
          });
        const expected = expectedUpdatedAt(request.headers['if-match']);
        const outcome = await deps.edits.edit(request.context, request.params.id, body as Record<string, unknown>, {
          ...(expected !== undefined ? { expectedUpdatedAt: expected } : {}),
        });
        reply.header('etag', assetTag(outcome.asset));
        return {
          asset: presentAsset(outcome.asset),
          changes: outcome.changes,
          tags: outcome.tags,
          released: outcome.released,
          ...(outcome.remainingReasons ? { remainingReasons: outcome.remainingReasons } : {}),
        };
      },
    );

    app.delete('/api/v1/assets/:id', { schema: deleteSchema }, async (request) => {
      const asset = await deps.lifecycle.delete(request.context, request.params.id);
      return { id: asset.id, deletedAt: asset.deletion!.at, purgeAfter: asset.deletion!.purgeAfter };
    });

    app.post('/api/v1/assets/:id/restore', { schema: restoreSchema }, async (request) =>
      presentAsset(await deps.lifecycle.restore(request.context, request.params.id)),
    );
  };
