/** currentHashesStoredSince: the similarity index's refresh with hashes other processes stored (migration 0004). */
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import type { Store } from '../domain/ports.ts';
import { describeEachDialect } from '../../test/dialects.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import { hashesStoredBeforeMigration } from './migrations/0004-hash-refresh.ts';

const now = () => new Date().toISOString();

const addAsset = (store: Store, versions = 1) => addStoredAsset(store, { versions });

const h = (x: string) => ({
  full: { dHash: x.repeat(16), pHash: 'f'.repeat(16) },
  inset: { dHash: '8'.repeat(16), pHash: '0123456789abcdef' },
});

/** A point in time strictly after every stamp written so far and before every later one (ms resolution). */
async function boundary(): Promise<string> {
  await sleep(5);
  const at = now();
  await sleep(5);
  return at;
}

describeEachDialect('hashes stored since', ({ store }) => {
  it('returns only current-version hashes written at or after the point, paged by asset id', async () => {
    const repo = store().enrichment;
    const a = await addAsset(store(), 2);
    const b = await addAsset(store());
    const c = await addAsset(store());
    const d = await addAsset(store());
    const ours = <T extends { assetId: string }>(rows: T[]): T[] =>
      rows.filter((r) => [a, b, c, d].some((x) => x.assetId === r.assetId));
    await repo.replaceHashes(a.versionIds[0]!, a.assetId, h('1'), 'hashes@1');
    await repo.replaceHashes(a.versionIds[1]!, a.assetId, h('2'), 'hashes@1');
    await repo.replaceHashes(b.versionIds[0]!, b.assetId, h('3'), 'hashes@1');
    const since = await boundary();

    expect(ours(await repo.currentHashesStoredSince(since, '', 100))).toEqual([]);
    // Everything ever stored is "since the epoch", the stamp of rows written before the migration.
    expect(ours(await repo.currentHashesStoredSince(hashesStoredBeforeMigration, '', 100))).toHaveLength(2);

    // A superseded version rewritten now (a forced re-run of version 1) is recent, but not current: never returned.
    await repo.replaceHashes(a.versionIds[0]!, a.assetId, h('4'), 'hashes@1');
    await repo.replaceHashes(c.versionIds[0]!, c.assetId, h('5'), 'hashes@1');
    await repo.replaceHashes(d.versionIds[0]!, d.assetId, h('6'), 'hashes@1');
    const recent = ours(await repo.currentHashesStoredSince(since, '', 100));
    expect(recent.map((r) => r.hashes)).toEqual(
      [c, d].sort((x, y) => (x.assetId < y.assetId ? -1 : 1)).map((x) => h(x === c ? '5' : '6')),
    );

    // Rewriting the current version restamps it (an upsert, not a second row).
    await repo.replaceHashes(a.versionIds[1]!, a.assetId, h('7'), 'hashes@1');
    const withA = ours(await repo.currentHashesStoredSince(since, '', 100));
    expect(withA.find((r) => r.assetId === a.assetId)?.hashes).toEqual(h('7'));
    expect(withA.filter((r) => r.assetId === a.assetId)).toHaveLength(1);

    // Keyset pages by asset id, like the startup load.
    const paged: string[] = [];
    let after = '';
    for (;;) {
      const page = await repo.currentHashesStoredSince(since, after, 1);
      if (page.length === 0) break;
      expect(page).toHaveLength(1);
      paged.push(page[0]!.assetId);
      after = page[0]!.assetId;
    }
    expect(ours(paged.map((assetId) => ({ assetId }))).map((r) => r.assetId)).toEqual(
      [a, c, d].map((x) => x.assetId).sort(),
    );

    const later = await boundary();
    expect(ours(await repo.currentHashesStoredSince(later, '', 100))).toEqual([]);
  });
});
