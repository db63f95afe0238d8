/**
 * SqlSearchRepository.nearest on both dialects: the vector ranking honours the query's filters, its exclusions and
 * field terms, and the caller's teams — through the same matched() the text ranking runs — while free words do not
 * restrict it; the asset a "more like this" starts from is left out.
 */
import { beforeAll, expect, it } from 'vitest';
import { parseSearchQuery } from '../../domain/search-query.ts';
import type { NearestRequest } from '../../domain/search.ts';
import { describeEachDialect } from '../../../test/dialects.ts';
import { addStoredAsset } from '../../../test/stored-assets.ts';

const model = 'nearest-test-embedder';

/** A unit-ish vector pointing mostly along axis `axis`, turned by `turn` towards axis 1: smaller turn, nearer. */
function vectorNear(axis: number, turn: number): Float32Array {
  const v = new Float32Array(8);
  v[axis] = 1;
  v[(axis + 1) % 8] = turn;
  return v;
}

describeEachDialect('search repository: nearest', ({ store }) => {
  const ids: Record<string, string> = {};
  let harbour: string;
  let elsewhere: string;

  beforeAll(async () => {
    harbour = (await store().catalog.ensure('team', 'Nearest Harbour')).entry.id;
    elsewhere = (await store().catalog.ensure('team', 'Nearest Elsewhere')).entry.id;
    const assets: [string, { title: string; team: string; status?: 'approved' }, Float32Array][] = [
      ['closest', { title: 'castle at sunset.png', team: harbour }, vectorNear(0, 0.1)],
      ['second', { title: 'harbour boats.png', team: harbour, status: 'approved' }, vectorNear(0, 0.3)],
      ['third', { title: 'castle gate.png', team: harbour, status: 'approved' }, vectorNear(0, 0.6)],
      ['hidden', { title: 'secret castle.png', team: elsewhere }, vectorNear(0, 0.05)],
      ['far', { title: 'meadow.png', team: harbour }, vectorNear(4, 0)],
    ];
    for (const [key, options, vector] of assets) {
      const { assetId, versionIds } = await addStoredAsset(store(), {
        title: options.title,
        teamId: options.team,
        ...(options.status ? { status: options.status } : {}),
      });
      ids[key] = assetId;
      await store().transaction((tx) =>
        tx.enrichment.saveEmbedding(versionIds[0]!, { model, modelVersion: '1', vector }, new Date().toISOString()),
      );
    }
  });

  const nearest = async (q: string, extra: Partial<NearestRequest> = {}) =>
    (
      await store().search.nearest({
        query: parseSearchQuery(q, new Date()),
        model,
        vector: vectorNear(0, 0),
        k: 10,
        ...extra,
      })
    ).map((hit) => hit.assetId);

  it('ranks every asset by similarity when nothing restricts it', async () => {
    const hits = await store().search.nearest({
      query: parseSearchQuery('', new Date()),
      model,
      vector: vectorNear(0, 0),
      k: 4,
    });
    expect(hits.map((hit) => hit.assetId)).toEqual([ids.hidden, ids.closest, ids.second, ids.third]);
    expect(hits[0]!.similarity).toBeGreaterThan(hits[3]!.similarity);
    expect(hits[0]!.similarity).toBeLessThanOrEqual(1.001);
  });

  it("finds only the caller's teams' assets, and nothing for a caller of no team", async () => {
    expect(await nearest('', { teamIds: [harbour] })).toEqual([ids.closest, ids.second, ids.third, ids.far]);
    expect(await nearest('', { teamIds: [] })).toEqual([]);
  });

  it('honours filters, exclusions and field terms, but not free words', async () => {
    expect(await nearest('status:approved')).toEqual([ids.second, ids.third]);
    expect(await nearest('-castle', { teamIds: [harbour] })).toEqual([ids.second, ids.far]);
    expect(await nearest('title:castle')).toEqual([ids.hidden, ids.closest, ids.third]);
    // A free word ranks in the text ranking; here it restricts nothing.
    expect(await nearest('meadow', { teamIds: [harbour] })).toEqual([ids.closest, ids.second, ids.third, ids.far]);
    expect(await nearest('meadow status:approved -gate')).toEqual([ids.second]);
  });

  it('leaves out the asset the search starts from', async () => {
    expect(await nearest('', { teamIds: [harbour], excludeAssetId: ids.closest })).toEqual([
      ids.second,
      ids.third,
      ids.far,
    ]);
  });
});
