/**
 * The preset and export routes over a full runtime: presets listed and changed (presets:manage), one export with its
 * headers, the JSON-LD, a bulk export's zip stream, and the refusals (a denied use, an unknown preset, a bad body).
 */
import { expect, it } from 'vitest';
import { samplePng } from '../../../test/bad-inputs.ts';
import { operator } from '../../../test/contexts.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { useTestApp } from '../../../test/http-app.ts';
import { completeFields } from '../../../test/runtime.ts';
import { zipEntries } from '../../../test/zip-entries.ts';
import type { ExportManifest } from '../../domain/export-archive.ts';

for (const dialect of dialects) {
  describeDialect(dialect, `export routes [${dialect}]`, () => {
    const t = useTestApp(dialect, { embedder: 'none', moderation: 'false' });
    const ingest = async (seed: number, fileName: string) =>
      (
        await t.rt.intake.intake(operator, await samplePng(seed, 96), {
          fileName,
          fields: completeFields,
          mode: 'interactive',
        })
      ).asset.id;

    it('lists the presets; creates, replaces and deletes one', async () => {
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/presets' });
      expect(list.statusCode).toBe(200);
      expect(list.json<{ items: { name: string }[] }>().items.map((p) => p.name)).toEqual([
        'email-800',
        'print',
        'social-1080',
        'thumbnail-400',
        'web-1600',
      ]);
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/presets',
        payload: { name: 'intranet-640', width: 640, format: 'jpeg', quality: 70 },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ name: 'intranet-640', fit: 'inside', updatedBy: 'user:admin' });
      const replaced = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/presets/intranet-640',
        payload: { width: 640, format: 'webp' },
      });
      expect(replaced.statusCode).toBe(200);
      expect(replaced.json()).toMatchObject({ name: 'intranet-640', format: 'webp' });
      const bad = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/presets/intranet-640',
        payload: { format: 'gif', width: 0 },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ error: { message: string } }>().error.message).toContain(
        'preset.format: "gif" is unknown; must be one of original, jpeg, png, webp',
      );
      expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/presets/intranet-640' })).statusCode).toBe(204);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/presets/intranet-640' })).statusCode).toBe(404);
    });

    it('exports one file with its headers, the same bytes again from the cache, and its JSON-LD', async () => {
      const id = await ingest(51, 'harbour.png');
      const url = `/api/v1/assets/${id}/export?preset=web-1600&channel=internal`;
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/webp');
      expect(res.headers['content-disposition']).toContain('harbour.web-1600.webp');
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers['x-provena-c2pa']).toBe('none');
      expect(res.headers.link).toContain(`/api/v1/assets/${id}/jsonld?version=1`);
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
      const again = await t.app.inject({ method: 'GET', url });
      expect(again.headers.etag).toBe(res.headers.etag);
      expect(again.rawPayload.equals(res.rawPayload)).toBe(true);
      const jsonLd = await t.app.inject({ method: 'GET', url: `/api/v1/assets/${id}/jsonld` });
      expect(jsonLd.statusCode).toBe(200);
      expect(jsonLd.headers['content-type']).toContain('application/ld+json');
      expect(jsonLd.json()).toMatchObject({ '@context': expect.anything() as unknown, '@type': 'ImageObject' });
    });

    it('refuses a denied use (403 USAGE_DENIED, nothing sent), an unknown preset and a missing channel (400)', async () => {
      const id = await ingest(52, 'draft.png');
      // A draft is not approved: it may not go to the web.
      const denied = await t.app.inject({
        method: 'GET',
        url: `/api/v1/assets/${id}/export?preset=web-1600&channel=web`,
      });
      expect(denied.statusCode).toBe(403);
      expect(denied.json<{ error: { code: string } }>().error.code).toBe('USAGE_DENIED');
      const unknown = await t.app.inject({
        method: 'GET',
        url: `/api/v1/assets/${id}/export?preset=billboard&channel=internal`,
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json<{ error: { message: string } }>().error.message).toContain('"billboard" is unknown');
      const noChannel = await t.app.inject({ method: 'GET', url: `/api/v1/assets/${id}/export?preset=web-1600` });
      expect(noChannel.statusCode).toBe(400);
    });

    it('exports many as a zip stream, the refused in its manifest; none allowed is a 403', async () => {
      const a = await ingest(53, 'one.png');
      const b = await ingest(54, 'two.png');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/exports',
        payload: { assetIds: [a, b, '01900000-0000-7000-8000-000000000000'], preset: 'email-800', channel: 'internal' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      const entries = zipEntries(res.rawPayload);
      expect([...entries.keys()]).toEqual([
        'one.email-800.jpg',
        'one.email-800.jpg.jsonld',
        'two.email-800.jpg',
        'two.email-800.jpg.jsonld',
        'manifest.json',
      ]);
      const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as ExportManifest;
      expect(manifest.refused).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
      const none = await t.app.inject({
        method: 'POST',
        url: '/api/v1/exports',
        payload: { assetIds: [a], preset: 'email-800', channel: 'web' },
      });
      expect(none.statusCode).toBe(403);
      const both = await t.app.inject({
        method: 'POST',
        url: '/api/v1/exports',
        payload: { assetIds: [a], query: 'one', preset: 'email-800', channel: 'internal' },
      });
      expect(both.statusCode).toBe(400);
      expect(both.json<{ error: { message: string } }>().error.message).toContain('exactly one of');
    });
  });
}
