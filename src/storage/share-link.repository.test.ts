import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { outcome } from '../../test/outcome.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import { updateOf } from '../domain/asset-edit.ts';
import { newId } from '../domain/ids.ts';
import { newShareToken, shareTokenDigest, type StoredShareLink } from '../domain/share-link.ts';

const at = '2030-01-01T00:00:00.000Z';

describeEachDialect('share link repository', ({ store }) => {
  const repo = () => store().shareLinks;
  let seq = 0;

  async function team(name = `team ${++seq}`) {
    return (await store().catalog.ensure('team', name)).entry.id;
  }

  async function link(overrides: Partial<StoredShareLink> = {}): Promise<StoredShareLink> {
    const teamId = overrides.teamId ?? (await team());
    const { assetId } = await addStoredAsset(store(), { teamId });
    const record: StoredShareLink = {
      id: newId(),
      scope: { kind: 'asset', assetId },
      teamId,
      channel: 'web',
      preset: null,
      passwordProtected: false,
      expiresAt: '2030-02-01T00:00:00.000Z',
      owner: { key: 'account:alice', label: 'user:alice' },
      createdAt: at,
      hitCount: 0,
      tokenDigest: shareTokenDigest(newShareToken()),
      ...overrides,
    };
    await repo().insert(record);
    return record;
  }

  it('stores a link by its token digest and gives it back with every field, its secrets only on the stored form', async () => {
    const stored = await link({
      region: 'FR',
      preset: 'web-1600',
      watermark: 'for review',
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$abc$def',
      passwordProtected: true,
    });
    const found = await repo().findByTokenDigest(stored.tokenDigest);
    expect(found).toEqual(stored);
    expect(await repo().find(stored.id)).toEqual(stored);
    expect(await repo().findByTokenDigest(shareTokenDigest(newShareToken()))).toBeUndefined();
    const listed = await repo().list({ ownerKey: 'account:alice' }, { limit: 200 });
    const mine = listed.items.find((l) => l.id === stored.id)!;
    expect(mine).toMatchObject({ id: stored.id, passwordProtected: true, watermark: 'for review', region: 'FR' });
    expect(mine).not.toHaveProperty('tokenDigest');
    expect(mine).not.toHaveProperty('passwordHash');
  });

  it('refuses a second link with the same token digest', async () => {
    const first = await link();
    expect(await outcome(link({ tokenDigest: first.tokenDigest }))).toBe('CONFLICT');
  });

  it('stores a collection link, and refuses one that names neither an asset nor a collection (check constraint)', async () => {
    const teamId = await team();
    const collectionId = newId();
    await store().collections.insertCollection({
      id: collectionId,
      name: `c${++seq}`,
      teamId,
      visibility: 'private',
      owner: { key: 'account:alice', label: 'user:alice' },
      createdAt: at,
      updatedAt: at,
    });
    const ok = await link({ teamId, scope: { kind: 'collection', collectionId } });
    expect((await repo().find(ok.id))?.scope).toEqual({ kind: 'collection', collectionId });
    // A scope kind that names nothing: the row would have neither id.
    const bad = await outcome(
      link({ teamId, scope: { kind: 'collection', collectionId: undefined as unknown as string } }),
    );
    expect(bad).toBe('VALIDATION_FAILED');
  });

  it("lists an owner's links or a team's, newest first in keyset pages, revoked ones only when asked", async () => {
    const teamId = await team();
    const owner = { key: `account:${newId()}`, label: 'user:bob' };
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await link({ teamId, owner })).id);
    const other = await link({ teamId });
    expect(await repo().revoke(made[0]!, at, 'user:bob')).toBe(true);
    expect(await repo().revoke(made[0]!, at, 'user:bob')).toBe(false);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await repo().list({ ownerKey: owner.key }, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((l) => l.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(made.slice(1).reverse());
    const withRevoked = await repo().list({ ownerKey: owner.key, includeRevoked: true }, { limit: 10 });
    expect(withRevoked.items.map((l) => l.id)).toEqual([...made].reverse());
    expect(withRevoked.items.at(-1)).toMatchObject({ revokedAt: at, revokedBy: 'user:bob' });

    const team_ = await repo().list({ teamIds: [teamId] }, { limit: 10 });
    expect(team_.items.map((l) => l.id)).toEqual([other.id, ...made.slice(1).reverse()]);
    expect((await repo().list({ teamIds: [] }, { limit: 10 })).items).toEqual([]);
  });

  it('counts every hit on its link, counts hits by outcome, detail and time, and sums the statistics', async () => {
    const stored = await link();
    const assetId = stored.scope.kind === 'asset' ? stored.scope.assetId : '';
    const hit = (minute: number, outcome_: 'allowed' | 'password' | 'denied', detail?: string, bytes?: number) =>
      repo().recordHit({
        id: newId(),
        linkId: stored.id,
        at: `2030-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`,
        outcome: outcome_,
        ...(detail ? { detail } : {}),
        assetId,
        ...(bytes !== undefined ? { bytes } : {}),
      });
    await hit(1, 'allowed', 'open');
    await hit(2, 'allowed', 'download', 1000);
    await hit(3, 'allowed', 'download', 500);
    await hit(4, 'password', 'wrong');
    await hit(5, 'password', 'missing');
    await hit(6, 'password', 'wrong');
    await hit(7, 'denied', 'download');

    expect(await repo().countHits(stored.id, 'password', '2030-01-01T00:00:00.000Z', 'wrong')).toBe(2);
    expect(await repo().countHits(stored.id, 'password', '2030-01-01T00:05:00.000Z', 'wrong')).toBe(1);
    expect(await repo().countHits(stored.id, 'password', '2030-01-01T00:00:00.000Z')).toBe(3);

    const found = await repo().find(stored.id);
    expect(found).toMatchObject({ hitCount: 7, lastHitAt: '2030-01-01T00:07:00.000Z' });
    const stats = await repo().stats(stored.id);
    expect(stats).toEqual({
      linkId: stored.id,
      hits: 7,
      byOutcome: { allowed: 3, denied: 1, expired: 0, revoked: 0, password: 3, locked: 0 },
      downloads: 2,
      bytes: 1500,
      firstHitAt: '2030-01-01T00:01:00.000Z',
      lastHitAt: '2030-01-01T00:07:00.000Z',
      byAsset: [{ assetId, downloads: 2, bytes: 1500 }],
    });
  });

  it("goes with its asset when the asset is purged, hits and all; a collection link's hits lose only that asset", async () => {
    const teamId = await team();
    const stored = await link({ teamId });
    const assetId = stored.scope.kind === 'asset' ? stored.scope.assetId : '';
    const collectionId = newId();
    await store().collections.insertCollection({
      id: collectionId,
      name: `kept ${++seq}`,
      teamId,
      visibility: 'private',
      owner: { key: 'account:alice', label: 'user:alice' },
      createdAt: at,
      updatedAt: at,
    });
    const kept = await link({ teamId, scope: { kind: 'collection', collectionId } });
    for (const linkId of [stored.id, kept.id])
      await repo().recordHit({ id: newId(), linkId, at, outcome: 'allowed', detail: 'download', assetId, bytes: 9 });
    const asset = (await store().assets.get(assetId))!;
    const deletion = { at, by: 'user:alice', purgeAfter: at };
    await store().transaction((tx) =>
      tx.assets.update(assetId, { ...updateOf(asset), deletion, updatedAt: at }, asset.updatedAt),
    );
    await store().transaction((tx) => tx.assets.purge(assetId, () => Promise.resolve()));
    expect(await repo().find(stored.id)).toBeUndefined();
    expect(await repo().countHits(stored.id, 'allowed', at)).toBe(0);
    expect(await repo().stats(kept.id)).toMatchObject({ hits: 1, downloads: 1, bytes: 9, byAsset: [] });
  });

  it('answers empty statistics for a link without hits', async () => {
    const stored = await link();
    const stats = await repo().stats(stored.id);
    expect(stats).toMatchObject({ hits: 0, downloads: 0, bytes: 0, byAsset: [] });
    expect(stats).not.toHaveProperty('firstHitAt');
  });
});
