/**
 * SqlSearchRepository's facet counts on both dialects, through every form the match takes (no text, words, an
 * exclusion only, stop words only, a corrected typo): each facet counts exactly the documents the query matches, the
 * same set the hits are drawn from, and the total is their number.
 */
import { beforeAll, expect, it } from 'vitest';
import { parseSearchQuery } from '../../domain/search-query.ts';
import type { SearchFacet } from '../../domain/search.ts';
import { describeEachDialect } from '../../../test/dialects.ts';
import { addStoredAsset } from '../../../test/stored-assets.ts';

describeEachDialect('search repository: facets', ({ store }) => {
  let team: string;

  beforeAll(async () => {
    team = (await store().catalog.ensure('team', 'Facet Harbour')).entry.id;
    const assets: { title: string; status?: 'approved'; tool?: string; riskTier?: 1 | 2 | 3 }[] = [
      { title: 'lighthouse at dawn.png', status: 'approved', tool: 'ComfyUI', riskTier: 1 },
      { title: 'lighthouse in fog.png', tool: 'ComfyUI', riskTier: 2 },
      { title: 'lighthouse keeper.png', status: 'approved', tool: 'Midjourney', riskTier: 2 },
      { title: 'harbour boats.png', status: 'approved', tool: 'Midjourney', riskTier: 1 },
      { title: 'meadow flowers.png', riskTier: 3 },
    ];
    for (const asset of assets) await addStoredAsset(store(), { ...asset, teamId: team });
  });

  const facets: SearchFacet[] = ['status', 'risk', 'tool', 'team'];
  const search = (q: string) =>
    store().search.search({ query: parseSearchQuery(q, new Date()), teamIds: [team], limit: 50, facets });

  it('counts what the words match, each facet over the same documents, with the total', async () => {
    const result = await search('lighthouse');
    expect(result.hits).toHaveLength(3);
    expect(result.total).toBe(3);
    expect(result.facets?.status).toEqual([
      { value: 'approved', count: 2 },
      { value: 'draft', count: 1 },
    ]);
    expect(result.facets?.risk).toEqual([
      { value: '2', count: 2 },
      { value: '1', count: 1 },
    ]);
    expect(result.facets?.tool).toEqual([
      { value: 'ComfyUI', count: 2 },
      { value: 'Midjourney', count: 1 },
    ]);
    expect(result.facets?.team).toEqual([{ value: team, label: 'Facet Harbour', count: 3 }]);
  });

  it('counts with filters, without text, with an exclusion only, with stop words only and through a correction', async () => {
    const filtered = await search('lighthouse status:approved');
    expect(filtered.total).toBe(2);
    expect(filtered.facets?.tool).toEqual([
      { value: 'ComfyUI', count: 1 },
      { value: 'Midjourney', count: 1 },
    ]);

    const noText = await search('status:approved');
    expect(noText.total).toBe(3);
    expect(noText.facets?.risk).toEqual([
      { value: '1', count: 2 },
      { value: '2', count: 1 },
    ]);

    const excluded = await search('-lighthouse');
    expect(excluded.total).toBe(2);
    expect(excluded.hits).toHaveLength(2);
    expect(excluded.facets?.risk).toEqual([
      { value: '1', count: 1 },
      { value: '3', count: 1 },
    ]);

    const stopWords = await search('the and');
    expect(stopWords.hits).toEqual([]);
    expect(stopWords.total).toBe(0);

    const typo = await search('lighthuose');
    expect(typo.total).toBe(typo.hits.length);
    expect(typo.facets?.status?.reduce((sum, count) => sum + count.count, 0)).toBe(typo.hits.length);
  });
});
