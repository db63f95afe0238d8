import { expect, it } from 'vitest';
import { errorCodes } from '../../domain/errors.ts';
import { samplePng } from '../../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { fieldParts, multipart } from '../../../test/multipart.ts';
import { useTestApp } from '../../../test/http-app.ts';
import { completeFields } from '../../../test/runtime.ts';
import { operator } from '../../../test/contexts.ts';

interface ErrorReply {
  error: { code: string; message: string; details: { problems?: Array<{ field: string }> }; requestId: string };
}

for (const dialect of dialects) {
  describeDialect(dialect, `assets API [${dialect}]`, () => {
    const t = useTestApp(dialect, { maxUploadBytes: String(100_000) });

    const upload = async (
      file: Buffer,
      fields: Record<string, string> = completeFields,
      fileName = 'lighthouse.png',
    ) => {
      const { body, headers } = multipart([
        ...fieldParts(fields),
        { name: 'file', value: file, fileName, contentType: 'image/png' },
      ]);
      return t.app.inject({ method: 'POST', url: '/api/v1/assets', payload: body, headers });
    };
    const expectError = (res: { statusCode: number; json(): unknown }, status: number, code: string) => {
      expect(res.statusCode).toBe(status);
      const body = res.json() as ErrorReply;
      expect(body.error.code).toBe(code);
      expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(Object.keys(errorCodes)).toContain(code);
      return body;
    };

    it('uploads, reads back with versions and provenance, and downloads the original', async () => {
      const png = await samplePng(200, 96);
      const res = await upload(png);
      expect(res.statusCode).toBe(201);
      const created = res.json<{
        status: string;
        asset: { id: string; versions: Array<{ sha256: string; originalUrl: string; provenance: object }> };
      }>();
      expect(created.status).toBe('created');
      const id = created.asset.id;

      const got = await t.app.inject({ url: `/api/v1/assets/${id}` });
      expect(got.statusCode).toBe(200);
      expect(got.json()).toMatchObject({
        id,
        status: 'enriching',
        team: { name: 'Brand Studio' },
        versions: [{ number: 1, width: 96, height: 96, mediaType: 'image/png' }],
      });
      expect(got.json<{ versions: Array<{ provenance: object }> }>().versions[0]!.provenance).toHaveProperty(
        'aiInvolvement',
      );

      const original = await t.app.inject({ url: created.asset.versions[0]!.originalUrl });
      expect(original.statusCode).toBe(200);
      expect(original.headers['content-type']).toBe('image/png');
      expect(original.headers.etag).toBe(`"${created.asset.versions[0]!.sha256}"`);
      expect(Buffer.compare(original.rawPayload, png)).toBe(0);

      const partial = await t.app.inject({ url: `/api/v1/assets/${id}/original`, headers: { range: 'bytes=1-3' } });
      expect(partial.statusCode).toBe(206);
      expect(partial.headers['content-range']).toBe(`bytes 1-3/${png.length}`);
      expect(partial.rawPayload.toString('latin1')).toBe('PNG');
      const suffix = await t.app.inject({ url: `/api/v1/assets/${id}/original`, headers: { range: 'bytes=-4' } });
      expect(Buffer.compare(suffix.rawPayload, png.subarray(png.length - 4))).toBe(0);
      expectError(
        await t.app.inject({ url: `/api/v1/assets/${id}/original`, headers: { range: `bytes=${png.length + 5}-` } }),
        416,
        'RANGE_NOT_SATISFIABLE',
      );
      const cached = await t.app.inject({
        url: `/api/v1/assets/${id}/original`,
        headers: { 'if-none-match': original.headers.etag as string },
      });
      expect(cached.statusCode).toBe(304);

      const again = await upload(png, completeFields, 'again.png');
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ status: 'duplicate', duplicateOf: id });

      const history = await t.app.inject({ url: `/api/v1/assets/${id}/history` });
      expect(history.json<{ items: Array<{ action: string }> }>().items.map((e) => e.action)).toEqual([
        'asset.created',
        'asset.transitioned',
      ]);
    });

    it('lists with filters and cursor pagination', async () => {
      for (let i = 0; i < 5; i++) {
        const res = await upload(
          await samplePng(300 + i),
          { ...completeFields, campaign: 'Paging 100%_', tool: 'Midjourney' },
          `page-${i}.png`,
        );
        expect(res.statusCode).toBe(201);
      }
      const first = await t.app.inject({ url: '/api/v1/assets?campaign=paging%20100%25_&limit=3' });
      expect(first.statusCode).toBe(200);
      const page1 = first.json<{ items: Array<{ id: string }>; nextCursor: string }>();
      expect(page1.items).toHaveLength(3);
      const second = await t.app.inject({
        url: `/api/v1/assets?campaign=paging%20100%25_&limit=3&cursor=${page1.nextCursor}`,
      });
      const page2 = second.json<{ items: Array<{ id: string }>; nextCursor?: string }>();
      expect(page2.items).toHaveLength(2);
      expect(page2.nextCursor).toBeUndefined();
      expect(new Set([...page1.items, ...page2.items].map((a) => a.id)).size).toBe(5);
      const byTool = await t.app.inject({ url: '/api/v1/assets?tool=midjourney&status=enriching&limit=50' });
      expect(byTool.json<{ items: unknown[] }>().items).toHaveLength(5);
      const none = await t.app.inject({ url: '/api/v1/assets?q=%25' });
      expect(none.json<{ items: unknown[] }>().items).toHaveLength(0);
    });

    it('answers bad requests with precise error codes and stays up', async () => {
      const missing = expectError(
        await upload(await samplePng(400), { prompt: 'only a prompt' }),
        422,
        'INTAKE_INCOMPLETE',
      );
      expect(missing.error.details.problems!.map((p) => p.field)).toEqual([
        'tool',
        'toolVersion',
        'requestor',
        'team',
        'intendedUse',
        'campaign',
        'rightsStatus',
      ]);
      const unknown = expectError(
        await upload(await samplePng(401), { ...completeFields, rightsStatus: 'free', mood: 'happy' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(unknown.error.details.problems!.map((p) => p.field)).toEqual(['rightsStatus', 'mood']);
      expectError(await upload(Buffer.alloc(150_000, 1)), 413, 'FILE_TOO_LARGE');
      expectError(await upload(await samplePng(402), completeFields, '../secret.png'), 400, 'INVALID_FILE_NAME');
      expectError(await upload(await samplePng(404), completeFields, 'bell\u0007.png'), 400, 'INVALID_FILE_NAME');
      expectError(await upload(Buffer.alloc(0), completeFields, 'empty.png'), 422, 'EMPTY_FILE');

      const noFile = multipart(fieldParts(completeFields));
      expectError(
        await t.app.inject({ method: 'POST', url: '/api/v1/assets', payload: noFile.body, headers: noFile.headers }),
        400,
        'VALIDATION_FAILED',
      );
      const { body, headers } = multipart([
        ...fieldParts(completeFields),
        { name: 'file', value: await samplePng(403), fileName: 'x.png' },
      ]);
      const cut = body.subarray(0, body.length - 60);
      expectError(
        await t.app.inject({ method: 'POST', url: '/api/v1/assets', payload: cut, headers }),
        400,
        'MALFORMED_REQUEST',
      );
      expectError(
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/assets',
          payload: '{"prompt":"x"}',
          headers: { 'content-type': 'application/json' },
        }),
        415,
        'UNSUPPORTED_CONTENT_TYPE',
      );
      expectError(
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/assets',
          payload: 'x',
          headers: { 'content-type': 'multipart/form-data' },
        }),
        400,
        'MALFORMED_REQUEST',
      );

      expectError(await t.app.inject({ url: '/api/v1/assets/not-an-id' }), 400, 'VALIDATION_FAILED');
      expectError(await t.app.inject({ url: '/api/v1/assets/01900000-0000-7000-8000-000000000000' }), 404, 'NOT_FOUND');
      expectError(await t.app.inject({ url: '/api/v1/assets?status=shiny' }), 400, 'VALIDATION_FAILED');
      expectError(await t.app.inject({ url: '/api/v1/assets?flavour=red' }), 400, 'VALIDATION_FAILED');
      expectError(await t.app.inject({ url: '/api/v1/assets?limit=5000' }), 400, 'VALIDATION_FAILED');
      expectError(await t.app.inject({ url: '/api/v1/nowhere' }), 404, 'NOT_FOUND');

      expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
      expect(await t.rt.maintenance.verifyAudit(operator)).toMatchObject({ ok: true });
    });

    it('serves an OpenAPI document generated from the route schemas, and interactive docs', async () => {
      const doc = (await t.app.inject({ url: '/openapi.json' })).json<{
        openapi: string;
        paths: Record<string, unknown>;
      }>();
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/assets',
          '/api/v1/assets/{id}',
          '/api/v1/assets/{id}/original',
          '/healthz',
          '/readyz',
        ]),
      );
      expect((await t.app.inject({ url: '/docs/' })).statusCode).toBe(200);
    });
  });
}
