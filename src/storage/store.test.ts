import { describe, expect, it } from 'vitest';
import { AuditVerifier } from '../domain/audit.ts';
import { isProvenaError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { emptyProvenance } from '../domain/provenance.ts';
import type { NewAsset, StoreTx } from '../domain/ports.ts';
import { describeEachDialect, testAuditKey } from '../../test/dialects.ts';
import { likeContains } from './asset.repository.ts';

const now = () => new Date().toISOString();

async function addAsset(
  tx: StoreTx,
  overrides: Partial<NewAsset> = {},
  sha = newId().replace(/-/g, '').padEnd(64, '0'),
) {
  const team = await tx.catalog.ensure('team', 'Brand Studio');
  const asset: NewAsset = {
    id: newId(),
    title: 'cat.png',
    kind: 'image',
    status: 'draft',
    quarantineReasons: [],
    rightsStatus: 'pending',
    currentVersion: 1,
    createdAt: now(),
    updatedAt: now(),
    teamId: team.entry.id,
    tool: 'ComfyUI',
    ...overrides,
  };
  await tx.assets.insert(asset);
  await tx.assets.insertVersion({
    id: newId(),
    assetId: asset.id,
    number: 1,
    blob: { sha256: sha, size: 10 },
    mediaType: 'image/png',
    fileName: 'cat.png',
    provenance: {
      ...emptyProvenance(),
      c2pa: {
        present: true,
        embedded: true,
        statusCodes: [],
        actions: [],
        manifestStoreBytes: new Uint8Array([1, 2, 3]),
      },
    },
    createdAt: now(),
    createdBy: 'tester',
  });
  return asset;
}

describe('likeContains', () => {
  it('escapes LIKE metacharacters', () => {
    expect(likeContains('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});

describeEachDialect('SqlStore', ({ store }) => {
  it('stores an asset with its version and reads it back, bytes in provenance included', async () => {
    const asset = await store().transaction((tx) => addAsset(tx));
    const read = await store().assets.get(asset.id);
    expect(read?.team?.name).toBe('Brand Studio');
    expect(read?.versions).toHaveLength(1);
    expect(read?.versions[0]?.provenance.c2pa?.manifestStoreBytes).toEqual(new Uint8Array([1, 2, 3]));
    expect(await store().assets.findByBlob(read!.versions[0]!.blob.sha256)).toEqual({
      assetId: asset.id,
      versionNumber: 1,
      deleted: false,
    });
  });

  it('rolls back everything when the transaction fails', async () => {
    const id = newId();
    await expect(
      store().transaction(async (tx) => {
        await addAsset(tx, { id });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store().assets.get(id)).toBeUndefined();
  });

  it('undoes a failed attempt to its savepoint and commits the rest of the transaction', async () => {
    const [kept, undone, nested, after] = [newId(), newId(), newId(), newId()];
    await store().transaction(async (tx) => {
      await addAsset(tx, { id: kept });
      // A failed statement inside the attempt: PostgreSQL refuses every later one until the savepoint is rolled back.
      const error: unknown = await tx
        .attempt(async (inner) => {
          await addAsset(inner, { id: undone });
          await inner.attempt((deeper) => addAsset(deeper, { id: nested }));
          await addAsset(inner, { id: kept });
        })
        .catch((e: unknown) => e);
      expect(isProvenaError(error) && error.code).toBe('CONFLICT');
      expect(await tx.attempt(async (inner) => (await addAsset(inner, { id: after })).id)).toBe(after);
    });
    expect(await store().assets.get(kept)).toBeDefined();
    expect(await store().assets.get(after)).toBeDefined();
    expect(await store().assets.get(undone)).toBeUndefined();
    expect(await store().assets.get(nested)).toBeUndefined();
  });

  it('translates a duplicate first version of the same bytes into CONFLICT', async () => {
    const sha = 'f'.repeat(64);
    await store().transaction((tx) => addAsset(tx, {}, sha));
    const error: unknown = await store()
      .transaction((tx) => addAsset(tx, {}, sha))
      .catch((e: unknown) => e);
    expect(isProvenaError(error) && error.code).toBe('CONFLICT');
  });

  it('pages with a cursor and filters, treating LIKE metacharacters literally', async () => {
    await store().transaction(async (tx) => {
      for (let i = 0; i < 5; i++) await addAsset(tx, { title: `page-${i}%_x`, tool: 'PageTool' });
      await addAsset(tx, { title: 'page-other', tool: 'PageTool' });
    });
    const first = await store().assets.list({ tool: 'pagetool' }, { limit: 4 });
    expect(first.items).toHaveLength(4);
    const second = await store().assets.list({ tool: 'pagetool' }, { limit: 4, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeUndefined();
    const ids = new Set([...first.items, ...second.items].map((a) => a.id));
    expect(ids.size).toBe(6);
    const literal = await store().assets.list({ text: '%_x' }, { limit: 50 });
    expect(literal.items.map((a) => a.title).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `page-${i}%_x`));
    expect((await store().assets.list({ text: "'; drop table assets; --" }, { limit: 5 })).items).toEqual([]);
    expect((await store().assets.list({ team: 'brand studio' }, { limit: 1 })).items).toHaveLength(1);
  });

  it('lists only the assets of the teams given, none for no team, and an asset without a team for no team list', async () => {
    const [mine, theirs, loose] = await store().transaction(async (tx) => {
      const other = await tx.catalog.ensure('team', 'Finance');
      return [
        await addAsset(tx, { tool: 'TeamTool' }),
        await addAsset(tx, { tool: 'TeamTool', teamId: other.entry.id }),
        await addAsset(tx, { tool: 'TeamTool', teamId: undefined }),
      ];
    });
    const listed = async (teamIds?: string[]) =>
      (await store().assets.list({ tool: 'TeamTool', ...(teamIds ? { teamIds } : {}) }, { limit: 10 })).items
        .map((a) => a.id)
        .sort();
    expect(await listed()).toEqual([mine.id, theirs.id, loose.id].sort());
    expect(await listed([mine.teamId!])).toEqual([mine.id]);
    expect(await listed([mine.teamId!, theirs.teamId!])).toEqual([mine.id, theirs.id].sort());
    expect(await listed([])).toEqual([]);
    const teams = await store().assets.teamsOf([mine.id, loose.id, newId()]);
    expect(teams).toEqual(
      new Map([
        [mine.id, mine.teamId!],
        [loose.id, null],
      ]),
    );
  });

  it('changes a status only from the state the caller saw', async () => {
    const asset = await store().transaction((tx) => addAsset(tx));
    await store().transaction((tx) => tx.assets.setStatus(asset.id, 'enriching', now(), 'draft'));
    expect((await store().assets.get(asset.id))?.status).toBe('enriching');
    await expect(
      store().transaction((tx) => tx.assets.setStatus(asset.id, 'in_review', now(), 'draft')),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { status: 'enriching', expected: 'draft' } });
    await expect(
      store().transaction((tx) => tx.assets.setStatus(newId(), 'in_review', now(), 'draft')),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps a verifiable audit chain under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store().transaction((tx) =>
          tx.audit.append({ actor: 'u', action: 'test', subjectType: 'asset', subjectId: String(i) }),
        ),
      ),
    );
    // No checkpoints: this store has no anchor (the runtime's is tested in audit-tamper.test.ts).
    const verifier = new AuditVerifier(testAuditKey, await store().audit.head(), []);
    for await (const entry of store().audit.all()) verifier.entry(entry);
    expect(verifier.finish()).toMatchObject({ ok: true, entries: 20 });
  });
});
