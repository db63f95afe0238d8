/**
 * The asset repository's lifecycle (migration 0011) on both dialects: update with its updatedAt precondition and
 * row digest, soft-deleted rows left out of every read but the ones that ask for them, purgeable, and the events
 * outbox's seq order.
 */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import { updateOf } from '../domain/asset-edit.ts';
import type { ProvenaError } from '../domain/errors.ts';

const h = (x: string) => ({
  full: { dHash: x.repeat(16), pHash: 'f'.repeat(16) },
  inset: { dHash: '8'.repeat(16), pHash: '0123456789abcdef' },
});

describeEachDialect('asset lifecycle storage', ({ store }) => {
  it('update rewrites the fields from the updatedAt it was given, CONFLICT from a stale one; status untouched', async () => {
    const { assetId } = await addStoredAsset(store(), { title: 'before.png' });
    const asset = (await store().assets.get(assetId))!;
    const at = new Date(Date.parse(asset.updatedAt) + 1000).toISOString();
    await store().transaction((tx) =>
      tx.assets.update(
        assetId,
        { ...updateOf(asset), title: 'after', description: 'described', updatedAt: at },
        asset.updatedAt,
      ),
    );
    expect(await store().assets.get(assetId)).toMatchObject({
      title: 'after',
      description: 'described',
      status: 'draft',
      updatedAt: at,
    });
    const stale = await store()
      .transaction((tx) => tx.assets.update(assetId, { ...updateOf(asset), title: 'lost' }, asset.updatedAt))
      .catch((error: unknown) => error as ProvenaError);
    expect(stale).toMatchObject({ code: 'CONFLICT' });
    // The row's digest follows every update: audit verification finds each row as written.
    for await (const row of store().assets.digestedRows())
      if (row.type === 'asset' && row.asset.id === assetId) expect(row.digest).toContain('"description"');
  });

  it('a soft-deleted asset is missing to get, versions, lists, transitions and hash loading, but not to its own lookups', async () => {
    const kept = await addStoredAsset(store(), { title: 'kept-lifecycle.png' });
    const gone = await addStoredAsset(store(), { title: 'gone-lifecycle.png', versions: 2 });
    await store().transaction(async (tx) => {
      await tx.enrichment.replaceHashes(kept.versionIds[0]!, kept.assetId, h('1'), 'hashes@1');
      await tx.enrichment.replaceHashes(gone.versionIds[1]!, gone.assetId, h('2'), 'hashes@1');
    });
    const asset = (await store().assets.get(gone.assetId))!;
    const deletion = { at: '2026-01-01T00:00:00.000Z', by: 'user:ana', purgeAfter: '2026-01-31T00:00:00.000Z' };
    await store().transaction((tx) =>
      tx.assets.update(gone.assetId, { ...updateOf(asset), deletion, updatedAt: deletion.at }, asset.updatedAt),
    );

    expect(await store().assets.get(gone.assetId)).toBeUndefined();
    expect(await store().assets.getVersion(gone.assetId, 1)).toBeUndefined();
    expect(await store().assets.get(gone.assetId, { includeDeleted: true })).toMatchObject({ deletion });
    const titles = async (query: object) =>
      (await store().assets.list({ text: 'lifecycle', ...query }, { limit: 50 })).items.map((a) => a.title);
    expect(await titles({})).toEqual(['kept-lifecycle.png']);
    expect(await titles({ deleted: 'only' })).toEqual(['gone-lifecycle.png']);
    const status = await store()
      .transaction((tx) => tx.assets.setStatus(gone.assetId, 'enriching', deletion.at, 'draft'))
      .catch((error: unknown) => error as ProvenaError);
    expect(status).toMatchObject({ code: 'NOT_FOUND' });
    const hashed = (await store().enrichment.currentHashes('', 1000)).map((r) => r.assetId);
    expect(hashed).toContain(kept.assetId);
    expect(hashed).not.toContain(gone.assetId);
    // Its bytes are still its own, and its team still its team.
    const sha = asset.versions[0]!.blob.sha256;
    expect(await store().assets.findByBlob(sha)).toEqual({ assetId: gone.assetId, versionNumber: 1, deleted: true });
    expect((await store().assets.teamsOf([gone.assetId])).has(gone.assetId)).toBe(true);

    expect(await store().assets.purgeable('2026-01-30T23:59:59.999Z', 10)).not.toContain(gone.assetId);
    expect(await store().assets.purgeable('2026-01-31T00:00:00.000Z', 10)).toContain(gone.assetId);
  });

  it('events get consecutive seqs in commit order and are read after a seq', async () => {
    const before = await store().events.after(0, 10_000);
    const last = before.at(-1)?.seq ?? 0;
    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        store().transaction((tx) =>
          tx.events.append({
            type: 'asset.edited',
            subjectType: 'asset',
            subjectId: `asset-${n}`,
            actor: 'operator:tester',
            payload: { fields: ['title'], n },
          }),
        ),
      ),
    );
    const after = await store().events.after(last, 10);
    expect(after.map((e) => e.seq)).toEqual([last + 1, last + 2, last + 3, last + 4]);
    expect(after.map((e) => e.subjectId).sort()).toEqual(['asset-1', 'asset-2', 'asset-3', 'asset-4']);
    expect(after[0]).toMatchObject({ type: 'asset.edited', actor: 'operator:tester', payload: { fields: ['title'] } });
    expect(await store().events.after(last + 2, 1)).toHaveLength(1);
    expect(await store().events.after(last + 4, 10)).toEqual([]);
  });
});
