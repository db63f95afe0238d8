import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { outcome } from '../../test/outcome.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import { parseRightsRecord, type StoredRights } from '../domain/rights.ts';
import { defaultChannels } from '../domain/usage.ts';

const channels = [...defaultChannels];

describeEachDialect('rights repository', ({ store }) => {
  const repo = () => store().rights;

  const revision = (assetId: string, n: number, patch: Record<string, unknown> = {}): StoredRights => ({
    assetId,
    revision: n,
    versionNumber: 1,
    record: parseRightsRecord({ status: 'pending', ...patch }, channels),
    setAt: `2026-01-0${n}T00:00:00.000Z`,
    setBy: 'user:lea',
  });

  it('keeps every revision, the newest as the current one, with the version current when it was set', async () => {
    const { assetId } = await addStoredAsset(store(), { versions: 2 });
    expect(await repo().current(assetId)).toBeUndefined();
    await repo().insert(revision(assetId, 1));
    await repo().insert({
      ...revision(assetId, 2, {
        status: 'cleared',
        approvedChannels: ['web'],
        regionsDenied: ['FR'],
        expiresAt: '2027-12-31',
        thirdPartyInputs: [{ kind: 'prompt-reference', title: 'a painting', reference: 'https://example.com/p' }],
      }),
      versionNumber: 2,
    });
    const current = await repo().current(assetId);
    expect(current).toMatchObject({ revision: 2, versionNumber: 2, setBy: 'user:lea' });
    expect(current?.record).toMatchObject({
      status: 'cleared',
      approvedChannels: ['web'],
      regionsDenied: ['FR'],
      expiresAt: '2027-12-31',
      thirdPartyInputs: [{ kind: 'prompt-reference', title: 'a painting', reference: 'https://example.com/p' }],
    });
    expect((await repo().history(assetId)).map((r) => [r.revision, r.record.status])).toEqual([
      [2, 'cleared'],
      [1, 'pending'],
    ]);
  });

  it('refuses a revision that exists already (two concurrent changes): CONFLICT', async () => {
    const { assetId } = await addStoredAsset(store());
    await repo().insert(revision(assetId, 1));
    expect(await outcome(repo().insert(revision(assetId, 1, { status: 'cleared' })))).toBe('CONFLICT');
    expect((await repo().history(assetId)).length).toBe(1);
  });

  it('refuses a record for an asset that does not exist', async () => {
    expect(await outcome(repo().insert(revision('00000000-0000-7000-8000-000000000000', 1)))).toBe('CONFLICT');
  });

  it('goes with its asset when the asset is purged', async () => {
    const { assetId } = await addStoredAsset(store());
    await repo().insert(revision(assetId, 1));
    await store().transaction(async (tx) => {
      await tx.assets.update(
        assetId,
        {
          title: 'a.png',
          quarantineReasons: [],
          rightsStatus: 'unknown',
          currentVersion: 1,
          updatedAt: '2026-01-02T00:00:00.000Z',
          deletion: { at: '2026-01-02T00:00:00.000Z', by: 't', purgeAfter: '2026-01-02T00:00:00.000Z' },
        },
        (await tx.assets.get(assetId))!.updatedAt,
      );
      await tx.assets.purge(assetId, () => Promise.resolve());
    });
    expect(await repo().history(assetId)).toEqual([]);
  });

  it('seeds the default channels; adds and removes others', async () => {
    expect((await repo().channels()).map((c) => c.name).sort()).toEqual([...defaultChannels].sort());
    expect(await repo().addChannel({ name: 'cinema', addedAt: '2026-01-01T00:00:00Z', addedBy: 'user:lea' })).toBe(
      true,
    );
    expect(await repo().addChannel({ name: 'cinema', addedAt: '2026-01-02T00:00:00Z', addedBy: 'user:max' })).toBe(
      false,
    );
    expect((await repo().channels()).find((c) => c.name === 'cinema')).toEqual({
      name: 'cinema',
      addedAt: '2026-01-01T00:00:00Z',
      addedBy: 'user:lea',
    });
    expect(await repo().removeChannel('cinema')).toBe(true);
    expect(await repo().removeChannel('cinema')).toBe(false);
    expect((await repo().channels()).map((c) => c.name)).not.toContain('cinema');
  });
});
