import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { outcome } from '../../test/outcome.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import type { CollectionMember, NewCollectionRecord, NewSavedSearchRecord } from '../domain/collection.ts';
import { newId } from '../domain/ids.ts';
import type { Page } from '../domain/asset.ts';

const at = '2030-01-01T00:00:00.000Z';

describeEachDialect('collection repository', ({ store }) => {
  const repo = () => store().collections;
  let seq = 0;

  async function team(name = `team ${++seq}`) {
    return (await store().catalog.ensure('team', name)).entry.id;
  }

  async function collection(overrides: Partial<NewCollectionRecord> & { teamId: string }) {
    const record: NewCollectionRecord = {
      id: newId(),
      name: `Collection ${++seq}`,
      visibility: 'private',
      owner: { key: 'account:alice', label: 'user:alice' },
      createdAt: at,
      updatedAt: at,
      ...overrides,
    };
    await repo().insertCollection(record);
    return record.id;
  }

  async function add(collectionId: string, assetIds: string[], start = 1) {
    await repo().insertMembers(
      collectionId,
      assetIds.map((assetId, i) => ({ assetId, position: (start + i) * 65_536, addedAt: at, addedBy: 'user:alice' })),
    );
  }

  /** Every member in order, walking pages of `limit`. */
  async function walk(collectionId: string, limit: number, teamIds?: string[]) {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page: Page<CollectionMember> = await repo().members(collectionId, teamIds ? { teamIds } : {}, {
        limit,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((m) => m.assetId));
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  it('stores a collection with its team, finds it by id or by its owner and name in any case', async () => {
    const teamId = await team('Marketing');
    const id = await collection({ teamId, name: 'Summer Picks', description: 'best of the shoot' });
    const found = await repo().findCollection(id);
    expect(found).toMatchObject({
      id,
      name: 'Summer Picks',
      description: 'best of the shoot',
      team: { id: teamId, slug: 'marketing', name: 'Marketing' },
      visibility: 'private',
      owner: { key: 'account:alice', label: 'user:alice' },
    });
    expect((await repo().findCollectionByName('account:alice', '  summer picks '))?.id).toBe(id);
    expect(await repo().findCollectionByName('account:bob', 'Summer Picks')).toBeUndefined();
  });

  it('refuses a second collection of the same name for the same owner (case-insensitive), not for another', async () => {
    const teamId = await team();
    await collection({ teamId, name: 'Dupes' });
    expect(await outcome(collection({ teamId, name: 'DUPES' }))).toBe('CONFLICT');
    expect(await outcome(collection({ teamId, name: 'Dupes', owner: { key: 'account:bob', label: 'user:bob' } }))).toBe(
      'ok',
    );
    const other = await collection({ teamId, name: 'Other' });
    expect(await outcome(repo().updateCollection(other, { name: 'dupes', updatedAt: at }))).toBe('CONFLICT');
  });

  it("lists the owner's collections and those shared with the reader's teams, with the members they may see", async () => {
    const mine = await team();
    const theirs = await team();
    const owner = { key: `account:${newId()}`, label: 'user:carol' };
    const privateOne = await collection({ teamId: mine, owner });
    const shared = await collection({ teamId: mine, visibility: 'team' });
    const elsewhere = await collection({ teamId: theirs, visibility: 'team' });
    const mineAsset = await addStoredAsset(store(), { teamId: mine });
    const theirAsset = await addStoredAsset(store(), { teamId: theirs });
    await add(shared, [mineAsset.assetId, theirAsset.assetId]);

    const page = await repo().listCollections(
      { ownerKey: owner.key, teamIds: [mine] },
      { teamIds: [mine] },
      { limit: 200 },
    );
    const ids = page.items.map((c) => c.id);
    expect(ids).toContain(privateOne);
    expect(ids).toContain(shared);
    expect(ids).not.toContain(elsewhere);
    expect(page.items.find((c) => c.id === shared)?.memberCount).toBe(1);
    // A reader of every team sees both members.
    const all = await repo().listCollections({ ownerKey: owner.key }, {}, { limit: 200 });
    expect(all.items.find((c) => c.id === shared)?.memberCount).toBe(2);
    expect(all.items.map((c) => c.id)).toContain(elsewhere);
    // No team: only one's own.
    const none = await repo().listCollections({ ownerKey: owner.key, teamIds: [] }, { teamIds: [] }, { limit: 200 });
    expect(none.items.map((c) => c.id)).toEqual([privateOne]);
    expect(none.items[0]?.memberCount).toBe(0);
  });

  it('pages collections newest first without repeats', async () => {
    const teamId = await team();
    const owner = { key: `account:${newId()}`, label: 'user:dan' };
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await collection({ teamId, owner }));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await repo().listCollections(
        { ownerKey: owner.key, teamIds: [] },
        {},
        {
          limit: 2,
          ...(cursor ? { cursor } : {}),
        },
      );
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
  });

  it('lists members in order, hiding deleted assets and other teams, counting the same', async () => {
    const mine = await team();
    const theirs = await team();
    const id = await collection({ teamId: mine });
    const a = await addStoredAsset(store(), { teamId: mine, title: 'A' });
    const b = await addStoredAsset(store(), { teamId: theirs, title: 'B' });
    const c = await addStoredAsset(store(), { teamId: mine, title: 'C' });
    const d = await addStoredAsset(store(), { teamId: mine, title: 'D' });
    await add(id, [a.assetId, b.assetId, c.assetId, d.assetId]);
    await store().transaction(async (tx) => {
      const asset = (await tx.assets.get(d.assetId))!;
      await tx.assets.update(
        d.assetId,
        {
          title: asset.title,
          quarantineReasons: [],
          rightsStatus: asset.rightsStatus,
          currentVersion: asset.currentVersion,
          updatedAt: new Date().toISOString(),
          teamId: mine,
          deletion: { at, by: 'user:alice', purgeAfter: at },
        },
        asset.updatedAt,
      );
    });
    const page = await repo().members(id, { teamIds: [mine] }, { limit: 10 });
    expect(page.items.map((m) => m.title)).toEqual(['A', 'C']);
    expect(page.items[0]).toMatchObject({ assetId: a.assetId, kind: 'image', status: 'draft', addedBy: 'user:alice' });
    expect(await repo().countMembers(id, { teamIds: [mine] })).toBe(2);
    expect(await repo().countMembers(id, {})).toBe(3);
    expect(await repo().countMembers(id, { teamIds: [] })).toBe(0);
    expect((await repo().members(id, { teamIds: [] }, { limit: 10 })).items).toEqual([]);
    expect(await repo().totalMembers(id)).toBe(4);
  });

  it('keeps its pages stable while members are added, and through a renumbering', async () => {
    const teamId = await team();
    const id = await collection({ teamId });
    const assets = [];
    for (let i = 0; i < 6; i++) assets.push((await addStoredAsset(store(), { teamId })).assetId);
    await add(id, assets);
    const first = await repo().members(id, {}, { limit: 3 });
    expect(first.items.map((m) => m.assetId)).toEqual(assets.slice(0, 3));
    // Added meanwhile: one before the page boundary (not seen again), two at the end (seen).
    const early = (await addStoredAsset(store(), { teamId })).assetId;
    const late = [
      (await addStoredAsset(store(), { teamId })).assetId,
      (await addStoredAsset(store(), { teamId })).assetId,
    ];
    await repo().insertMembers(id, [{ assetId: early, position: 65_536 + 1, addedAt: at, addedBy: 'x' }]);
    await add(id, late, 7);
    await repo().renumber(id, 10);
    const rest: string[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await repo().members(id, {}, { limit: 3, cursor });
      rest.push(...page.items.map((m) => m.assetId));
      cursor = page.nextCursor;
    }
    expect(rest).toEqual([...assets.slice(3), ...late]);
    // The renumbering kept the order with evenly spaced positions.
    const positions = await repo().positionsOf(id, [assets[0]!, early, assets[1]!]);
    expect([positions.get(assets[0]!), positions.get(early), positions.get(assets[1]!)]).toEqual([10, 20, 30]);
    expect(await walk(id, 4)).toEqual([assets[0], early, ...assets.slice(1), ...late]);
  });

  it('refuses a cursor it did not give', async () => {
    const id = await collection({ teamId: await team() });
    expect(await outcome(repo().members(id, {}, { limit: 3, cursor: 'bm90IGEgY3Vyc29y' }))).toBe('VALIDATION_FAILED');
    expect(await outcome(repo().members(id, {}, { limit: 3, cursor: '!!' }))).toBe('VALIDATION_FAILED');
  });

  it('answers neighbours, the visible member at an index, moves and removes members', async () => {
    const mine = await team();
    const theirs = await team();
    const id = await collection({ teamId: mine });
    const a = (await addStoredAsset(store(), { teamId: mine })).assetId;
    const hidden = (await addStoredAsset(store(), { teamId: theirs })).assetId;
    const c = (await addStoredAsset(store(), { teamId: mine })).assetId;
    await add(id, [a, hidden, c]);
    expect(await repo().nextPosition(id, undefined)).toBe(65_536);
    expect(await repo().nextPosition(id, 65_536)).toBe(2 * 65_536);
    expect(await repo().nextPosition(id, 65_536, hidden)).toBe(3 * 65_536);
    expect(await repo().previousPosition(id, undefined)).toBe(3 * 65_536);
    expect(await repo().previousPosition(id, 65_536)).toBeUndefined();
    expect(await repo().visibleMemberAt(id, { teamIds: [mine] }, 1, a)).toBeUndefined();
    expect(await repo().visibleMemberAt(id, { teamIds: [mine] }, 0, a)).toEqual({ assetId: c, position: 3 * 65_536 });
    expect(await repo().visibleMemberAt(id, {}, 0, a)).toEqual({ assetId: hidden, position: 2 * 65_536 });
    await repo().setPosition(id, c, 1);
    expect(await walk(id, 10)).toEqual([c, a, hidden]);
    expect(await repo().removeMember(id, a)).toBe(true);
    expect(await repo().removeMember(id, a)).toBe(false);
    expect(await walk(id, 10)).toEqual([c, hidden]);
    expect(await outcome(add(id, [c]))).toBe('CONFLICT');
  });

  it('tells existing, deleted and missing candidates apart, and loses members when the collection goes', async () => {
    const teamId = await team();
    const id = await collection({ teamId });
    const a = (await addStoredAsset(store(), { teamId })).assetId;
    const missing = newId();
    expect(await repo().candidates([a, missing])).toEqual([{ assetId: a, teamId, deleted: false }]);
    await add(id, [a]);
    await repo().updateCollection(id, { visibility: 'team', description: null, name: 'Renamed', updatedAt: at });
    expect(await repo().findCollection(id)).toMatchObject({ name: 'Renamed', visibility: 'team' });
    await repo().deleteCollection(id);
    expect(await repo().findCollection(id)).toBeUndefined();
    expect(await repo().totalMembers(id)).toBe(0);
  });

  it('loses a purged asset from every collection (the cascade from assets), keeping the others', async () => {
    const teamId = await team();
    const id = await collection({ teamId });
    const [a, b] = [
      (await addStoredAsset(store(), { teamId })).assetId,
      (await addStoredAsset(store(), { teamId })).assetId,
    ];
    await add(id, [a, b]);
    await store().transaction((tx) => tx.assets.purge(a, () => Promise.resolve()));
    expect(await walk(id, 10)).toEqual([b]);
    expect(await repo().totalMembers(id)).toBe(1);
  });

  it('stores saved searches, unique per owner by name, listed by visibility', async () => {
    const mine = await team();
    const theirs = await team();
    const owner = { key: `account:${newId()}`, label: 'user:erin' };
    const record = (overrides: Partial<NewSavedSearchRecord>): NewSavedSearchRecord => ({
      id: newId(),
      name: `Search ${++seq}`,
      query: 'sunset status:approved',
      teamId: mine,
      visibility: 'private',
      owner,
      createdAt: at,
      updatedAt: at,
      ...overrides,
    });
    const own = record({ name: 'Approved sunsets' });
    await repo().insertSavedSearch(own);
    expect(await outcome(repo().insertSavedSearch(record({ name: 'approved SUNSETS' })))).toBe('CONFLICT');
    const shared = record({ owner: { key: 'account:x', label: 'user:x' }, visibility: 'team' });
    const sharedElsewhere = record({
      owner: { key: 'account:x', label: 'user:x' },
      visibility: 'team',
      teamId: theirs,
    });
    const privateOfOther = record({ owner: { key: 'account:x', label: 'user:x' } });
    for (const r of [shared, sharedElsewhere, privateOfOther]) await repo().insertSavedSearch(r);
    const page = await repo().listSavedSearches({ ownerKey: owner.key, teamIds: [mine] }, { limit: 200 });
    expect(page.items.map((s) => s.id).sort()).toEqual([own.id, shared.id].sort());
    expect((await repo().findSavedSearchByName(owner.key, 'APPROVED sunsets'))?.id).toBe(own.id);
    await repo().updateSavedSearch(own.id, { query: 'sunset', name: 'Sunsets', updatedAt: at });
    expect(await repo().findSavedSearch(own.id)).toMatchObject({
      name: 'Sunsets',
      query: 'sunset',
      team: { id: mine },
      owner,
    });
    await repo().deleteSavedSearch(own.id);
    expect(await repo().findSavedSearch(own.id)).toBeUndefined();
  });
});
