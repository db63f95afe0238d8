import { Readable } from 'node:stream';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { samplePng } from '../../../test/bad-inputs.ts';
import { useTestApp } from '../../../test/http-app.ts';
import { completeFields } from '../../../test/runtime.ts';
import { FamilyService } from '../../services/family.service.ts';
import { operator } from '../../../test/contexts.ts';

describe('enrichment and family API [sqlite]', () => {
  const t = useTestApp('sqlite', { embedder: 'none', moderation: 'false' });
  const ingest = async (seed: number) =>
    (
      await t.rt.intake.intake(operator, Readable.from([await samplePng(seed, 128)]), {
        fileName: `a${seed}.png`,
        fields: completeFields,
        mode: 'bulk',
      })
    ).asset;

  it('shows pending enrichers before the job runs, then every enrichment with rendition URLs that serve WebP', async () => {
    const asset = await ingest(1);
    const before = (await t.app.inject({ url: `/api/v1/assets/${asset.id}/enrichments` })).json<{
      pending: string[];
      results: { enricher: string; status: string }[];
    }>();
    expect(before.pending).toEqual(['hashes', 'renditions', 'palette', 'concept-tags', 'variants']);
    expect(before.results.every((r) => r.status === 'pending')).toBe(true);

    await (await t.rt.openEnrichment()).enrichVersion(operator, asset.id, undefined);
    const res = await t.app.inject({ url: `/api/v1/assets/${asset.id}/enrichments` });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      pending: string[];
      renditions: { role: string; url: string }[];
      palette: unknown[];
      hashes: { full: { pHash: string } };
    }>();
    expect(body.pending).toEqual([]);
    expect(body.hashes.full.pHash).toMatch(/^[0-9a-f]{16}$/);
    expect(body.palette.length).toBeGreaterThan(0);
    const thumb = body.renditions.find((r) => r.role === 'thumbnail')!;
    const file = await t.app.inject({ url: thumb.url });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/webp');
    expect((await sharp(file.rawPayload).metadata()).format).toBe('webp');
    expect(
      (await t.app.inject({ url: thumb.url, headers: { 'if-none-match': file.headers.etag as string } })).statusCode,
    ).toBe(304);
    // The preview is not stored yet, but its URL is given and serves it (rendered on this first request).
    const view = res.json<{ renditions: { role: string }[]; previewAvailable: boolean; previewUrl?: string }>();
    expect(view.renditions.map((r) => r.role)).not.toContain('preview');
    expect(view.previewAvailable).toBe(true);
    const preview = await t.app.inject({ url: view.previewUrl! });
    expect(preview.statusCode).toBe(200);
    expect((await sharp(preview.rawPayload).metadata()).format).toBe('webp');
    const after = (await t.app.inject({ url: `/api/v1/assets/${asset.id}/enrichments` })).json<typeof view>();
    expect(after.renditions.map((r) => r.role)).toContain('preview');
    expect(after.previewUrl).toBe(view.previewUrl);
    expect((await t.app.inject({ url: `/api/v1/assets/${asset.id}/renditions/poster` })).json()).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
    expect((await t.app.inject({ url: `/api/v1/assets/${asset.id}/renditions/banner` })).statusCode).toBe(400);
  });

  it('runs the family actions over HTTP with the error table statuses', async () => {
    const [a, b, c] = [await ingest(11), await ingest(12), await ingest(13)];
    const batch = new FamilyService({ store: t.rt.store, workflow: t.rt.workflow, batchIdOf: () => 'http-batch' });
    for (const x of [a, b, c])
      await t.rt.store.transaction((tx) => batch.suggestFor(operator, tx, x, x.versions[0]!, []));
    const family = (await t.rt.families.familyOf(operator, a.id))!;
    const list = (await t.app.inject({ url: '/api/v1/families?state=suggested' })).json<{ items: { id: string }[] }>();
    expect(list.items.map((f) => f.id)).toContain(family.id);

    expect(
      (await t.app.inject({ method: 'POST', url: `/api/v1/families/${family.id}/deprecate-rest` })).statusCode,
    ).toBe(409);
    const confirmed = await t.app.inject({ method: 'POST', url: `/api/v1/families/${family.id}/confirm`, payload: {} });
    expect(confirmed.json()).toMatchObject({ state: 'confirmed' });
    const canonical = await t.app.inject({
      method: 'POST',
      url: `/api/v1/families/${family.id}/canonical`,
      payload: { assetId: c.id },
    });
    expect(canonical.json()).toMatchObject({ canonicalAssetId: c.id });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/families/${family.id}/canonical`,
          payload: { assetId: 'nope' },
        })
      ).statusCode,
    ).toBe(400);
    const deprecated = await t.app.inject({ method: 'POST', url: `/api/v1/families/${family.id}/deprecate-rest` });
    expect(
      deprecated.json<{ items: { outcome: string }[] }>().items.filter((i) => i.outcome === 'deprecated'),
    ).toHaveLength(2);
    expect((await t.rt.assets.get(operator, a.id)).status).toBe('deprecated');
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/families/${family.id}/members/${a.id}` });
    expect(removed.json<{ family: { members: unknown[] } }>().family.members).toHaveLength(2);
    expect((await t.app.inject({ url: '/api/v1/families/00000000-0000-7000-8000-000000000000' })).statusCode).toBe(404);
  });
});
