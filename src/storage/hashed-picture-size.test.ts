/** The size of the hashed picture, stored beside the hashes (migration 0006): the similarity index load needs it. */
import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import { fillHashedPictureSizes } from './migrations/0006-hashed-picture-size.ts';

const h = (x: string, picture?: { width: number; height: number }) => ({
  full: { dHash: x.repeat(16), pHash: 'f'.repeat(16) },
  inset: { dHash: '8'.repeat(16), pHash: '0123456789abcdef' },
  ...(picture ? { picture } : {}),
});

describeEachDialect('hashed picture size', ({ store }) => {
  it('stores the size with the hashes and reads it back, by version and in the index load', async () => {
    const repo = store().enrichment;
    const tiny = await addStoredAsset(store());
    const unknown = await addStoredAsset(store());
    await repo.replaceHashes(tiny.versionIds[0]!, tiny.assetId, h('1', { width: 8, height: 1 }), 'hashes@2');
    await repo.replaceHashes(unknown.versionIds[0]!, unknown.assetId, h('2'), 'hashes@2');
    expect(await repo.hashes(tiny.versionIds[0]!)).toEqual(h('1', { width: 8, height: 1 }));
    expect(await repo.hashes(unknown.versionIds[0]!)).toEqual(h('2'));
    const loaded = (await repo.currentHashes('', 1000)).filter((r) =>
      [tiny.assetId, unknown.assetId].includes(r.assetId),
    );
    expect(Object.fromEntries(loaded.map((r) => [r.assetId, r.hashes.picture]))).toEqual({
      [tiny.assetId]: { width: 8, height: 1 },
      [unknown.assetId]: undefined,
    });
  });

  it('migration 0006 gives rows stored before it their version size, and leaves a version without one unknown', async () => {
    const repo = store().enrichment;
    const image = await addStoredAsset(store());
    const video = await addStoredAsset(store());
    const db = store().db;
    await sql`update asset_versions set width = 1, height = 1 where id = ${image.versionIds[0]!}`.execute(db);
    await repo.replaceHashes(image.versionIds[0]!, image.assetId, h('3'), 'hashes@2');
    await repo.replaceHashes(video.versionIds[0]!, video.assetId, h('4'), 'hashes@2');
    await fillHashedPictureSizes(db as Kysely<unknown>);
    expect((await repo.hashes(image.versionIds[0]!))?.picture).toEqual({ width: 1, height: 1 });
    expect((await repo.hashes(video.versionIds[0]!))?.picture).toBeUndefined();
  });
});
