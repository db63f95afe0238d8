/**
 * Presets and the rendition cache (migration 0017) on both dialects: the seeded defaults, save/replace/delete, a
 * cached rendition found by its key and the first recording winning, and a purge taking the asset's exported
 * renditions with it.
 */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import { updateOf } from '../domain/asset-edit.ts';
import { defaultPresets } from '../domain/export-presets.ts';
import type { CachedRendition } from '../domain/rendition-cache.ts';

const digest = (c: string) => c.repeat(64);

const rendition = (source: string, key: string, sha256: string): CachedRendition => ({
  sourceSha256: source,
  renditionDigest: key,
  sha256,
  size: 1234,
  mediaType: 'image/webp',
  width: 800,
  height: 600,
  c2pa: 'signed',
  jsonLd: { '@type': 'ImageObject', name: 'x' },
  createdAt: '2026-12-07T12:00:00.000Z',
});

describeEachDialect('preset and rendition cache storage', ({ store }) => {
  it('starts with the default presets, by name', async () => {
    const presets = await store().presets.list();
    expect(presets.map((p) => p.name)).toEqual(defaultPresets.map((p) => p.name).sort());
    expect(await store().presets.get('web-1600')).toMatchObject({
      ...defaultPresets.find((p) => p.name === 'web-1600'),
      updatedBy: 'system:seed',
    });
  });

  it('saves a new preset, replaces it, deletes it', async () => {
    const preset = { name: 'ooh-4k', width: 3840, fit: 'inside', format: 'jpeg', quality: 90 } as const;
    const full = { ...preset, colourSpace: 'srgb', metadata: 'provenance' } as const;
    expect(await store().presets.save(full, '2026-12-07T12:00:00.000Z', 'user:ana')).toEqual({ created: true });
    expect(await store().presets.save({ ...full, quality: 70 }, '2026-12-07T12:01:00.000Z', 'user:bo')).toEqual({
      created: false,
    });
    expect(await store().presets.get('ooh-4k')).toEqual({
      ...full,
      quality: 70,
      updatedAt: '2026-12-07T12:01:00.000Z',
      updatedBy: 'user:bo',
    });
    expect(await store().presets.delete('ooh-4k')).toBe(true);
    expect(await store().presets.delete('ooh-4k')).toBe(false);
    expect(await store().presets.get('ooh-4k')).toBeUndefined();
  });

  it('finds a rendition by source and digest; of two recordings of one key the first stays', async () => {
    const first = rendition(digest('1'), digest('2'), digest('3'));
    expect(await store().renditionCache.find(first.sourceSha256, first.renditionDigest)).toBeUndefined();
    expect(await store().transaction((tx) => tx.renditionCache.record(first))).toEqual(first);
    const second = { ...first, sha256: digest('4'), size: 99 };
    expect(await store().transaction((tx) => tx.renditionCache.record(second))).toEqual(first);
    expect(await store().renditionCache.find(first.sourceSha256, first.renditionDigest)).toEqual(first);
    expect(await store().renditionCache.find(first.sourceSha256, digest('5'))).toBeUndefined();
    // Both blobs are registered: doctor keeps the one recorded and the loser is removed with the other orphans.
    expect(await store().assets.isBlobReferenced(digest('3'))).toBe(true);
  });

  it("a purge removes the renditions exported from the asset's bytes and answers their blobs", async () => {
    const { assetId } = await addStoredAsset(store(), { title: 'purged-export.png' });
    const version = (await store().assets.getVersion(assetId, 1))!;
    const exported = rendition(version.blob.sha256, digest('6'), digest('7'));
    await store().transaction((tx) => tx.renditionCache.record(exported));
    const asset = (await store().assets.get(assetId))!;
    const deletion = { at: '2026-01-01T00:00:00.000Z', by: 'user:ana', purgeAfter: '2026-01-31T00:00:00.000Z' };
    await store().transaction((tx) =>
      tx.assets.update(assetId, { ...updateOf(asset), deletion, updatedAt: deletion.at }, asset.updatedAt),
    );
    const gone = await store().transaction((tx) => tx.assets.purge(assetId, () => Promise.resolve()));
    expect(gone).toContain(exported.sha256);
    expect(await store().renditionCache.find(exported.sourceSha256, exported.renditionDigest)).toBeUndefined();
    expect(await store().assets.isBlobReferenced(exported.sha256)).toBe(false);
  });
});
