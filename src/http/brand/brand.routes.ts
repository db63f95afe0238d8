/**
 * /api/v1/brands: brands, their guideline versions (imported as JSON or YAML, exported again) and reference logos;
 * /api/v1/assets/:id/brand-check: an asset's brand checks, a check run now, and the re-review flag. Thin: each
 * handler calls the brand service and returns what it answers.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { ProvenaError, validationFailed } from '../../domain/errors.ts';
import type { BrandCheckService } from '../../services/brand-check.service.ts';
import {
  defaultMaxLogoBytes,
  type BrandGuidelineService,
  type GuidelineDocument,
} from '../../services/brand-guideline.service.ts';
import { unsupportedContentType } from '../errors.ts';
import { clientHasEtag, fileHeaders } from '../file-responses.ts';
import {
  addLogoSchema,
  assetChecksSchema,
  clearRereviewSchema,
  createBrandSchema,
  exportGuidelineSchema,
  getBrandSchema,
  getVersionSchema,
  importGuidelineSchema,
  listBrandsSchema,
  listVersionsSchema,
  logoFileSchema,
  runCheckSchema,
  versionChangesSchema,
} from './brand.schemas.ts';

export interface BrandRouteDeps {
  brands: BrandGuidelineService;
  brandChecks: BrandCheckService;
  /** The largest logo file read (the service refuses the same). */
  maxLogoBytes?: number;
}

export const brandRoutes =
  (deps: BrandRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    await app.register(guidelineImportRoutes(deps));

    app.get('/api/v1/brands', { schema: listBrandsSchema }, async (request) => ({
      items: await deps.brands.listBrands(request.context),
    }));

    app.post('/api/v1/brands', { schema: createBrandSchema }, async (request, reply) =>
      reply.code(201).send(await deps.brands.createBrand(request.context, request.body)),
    );

    app.get('/api/v1/brands/:brand', { schema: getBrandSchema }, async (request) =>
      deps.brands.brand(request.context, request.params.brand),
    );

    app.get('/api/v1/brands/:brand/guidelines', { schema: listVersionsSchema }, async (request) => ({
      items: await deps.brands.versions(request.context, request.params.brand),
    }));

    app.get('/api/v1/brands/:brand/guidelines/:n', { schema: getVersionSchema }, async (request) => {
      const stored = await deps.brands.guideline(request.context, request.params.brand, request.params.n);
      return { ...stored, guideline: stored.guideline as unknown as Record<string, unknown> };
    });

    app.get('/api/v1/brands/:brand/guidelines/:n/changes', { schema: versionChangesSchema }, async (request) =>
      deps.brands.versionChanges(request.context, request.params.brand, request.params.n),
    );

    app.get('/api/v1/brands/:brand/guideline', { schema: exportGuidelineSchema }, async (request, reply) => {
      const exported = await deps.brands.exportGuideline(request.context, request.params.brand, request.query);
      return reply
        .type(exported.format === 'yaml' ? 'application/yaml; charset=utf-8' : 'application/json; charset=utf-8')
        .header('X-Guideline-Version', String(exported.version))
        .send(exported.text);
    });

    app.post('/api/v1/brands/:brand/logos', { schema: addLogoSchema }, async (request, reply) => {
      const { name, bytes } = await receiveLogo(request, deps.maxLogoBytes ?? defaultMaxLogoBytes);
      return reply.code(201).send(await deps.brands.addLogo(request.context, request.params.brand, { name, bytes }));
    });

    app.get('/api/v1/brands/:brand/logos/:name/file', { schema: logoFileSchema }, async (request, reply) => {
      const { logo, open } = await deps.brands.logoFile(request.context, request.params.brand, request.params.name);
      const etag = `"${logo.sha256}"`;
      // A logo's bytes never change under its name (a new file needs a new name); revalidated, as brands are private.
      reply.header('etag', etag).header('cache-control', 'private, no-cache');
      if (clientHasEtag(request, etag)) return reply.status(304).send(null);
      const bytes = await open();
      reply.header('content-length', logo.size);
      fileHeaders(reply, { mediaType: logo.mediaType, fileName: logo.name, disposition: 'inline' });
      return reply.send(bytes);
    });

    app.get('/api/v1/assets/:id/brand-check', { schema: assetChecksSchema }, async (request) =>
      deps.brandChecks.checksOf(request.context, request.params.id),
    );

    app.post('/api/v1/assets/:id/brand-check', { schema: runCheckSchema }, async (request) => ({
      items: await deps.brandChecks.check(request.context, request.params.id),
    }));

    app.delete('/api/v1/assets/:id/brand-check/rereview', { schema: clearRereviewSchema }, async (request, reply) => {
      await deps.brandChecks.clearRereview(request.context, request.params.id);
      return reply.status(204).send(null);
    });
  };

/**
 * The import in a plugin of its own: here only, the JSON body reaches the service as the text sent (Fastify scopes
 * parsers to the plugin), so that a syntax error is answered like every other problem, naming where it is.
 */
const guidelineImportRoutes =
  (deps: BrandRouteDeps): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      const document: GuidelineDocument = { text: body as string };
      done(null, document);
    });
    app.addContentTypeParser(['application/yaml', 'text/yaml'], { parseAs: 'string' }, (_request, body, done) => {
      const document: GuidelineDocument = { text: body as string, format: 'yaml' };
      done(null, document);
    });
    app.post('/api/v1/brands/:brand/guidelines', { schema: importGuidelineSchema }, async (request, reply) => {
      const body = request.body;
      const document: GuidelineDocument =
        typeof body === 'object' && body !== null && 'text' in body ? (body as GuidelineDocument) : { value: body };
      const imported = await deps.brands.importGuideline(
        request.context,
        request.params.brand,
        document,
        request.query.note,
      );
      return reply.code(201).send({ ...imported, guideline: imported.guideline });
    });
  };

/** The logo upload: a "name" field and one file in the part "file", read whole up to the limit. */
async function receiveLogo(request: FastifyRequest, limit: number): Promise<{ name: string; bytes: Uint8Array }> {
  if (!request.isMultipart()) throw unsupportedContentType(request);
  let name: string | undefined;
  let bytes: Uint8Array | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || bytes) {
        part.file.resume();
        throw validationFailed([{ field: part.fieldname, problem: 'send exactly one file, in the part named "file"' }]);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of part.file) {
        size += (chunk as Buffer).length;
        if (size > limit) {
          part.file.resume();
          throw new ProvenaError(
            'FILE_TOO_LARGE',
            `The logo file is larger than ${limit} bytes, the most a reference logo may be.`,
            {
              limit,
            },
          );
        }
        chunks.push(chunk as Buffer);
      }
      bytes = Buffer.concat(chunks);
    } else if (part.fieldname !== 'name') {
      throw validationFailed([
        { field: part.fieldname, problem: 'unknown field: a logo upload takes "name" and "file"' },
      ]);
    } else if (name !== undefined) {
      throw validationFailed([{ field: 'name', problem: 'given more than once' }]);
    } else {
      name = String(part.value);
    }
  }
  const problems = [
    ...(name === undefined ? [{ field: 'name', problem: 'required: what logo rules call this logo' }] : []),
    ...(bytes === undefined
      ? [{ field: 'file', problem: 'required: a part named "file" holding the logo image' }]
      : []),
  ];
  if (problems.length > 0) throw validationFailed(problems);
  return { name: name!, bytes: bytes! };
}
