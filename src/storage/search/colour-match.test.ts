/**
 * The search's hex-colour filter on both dialects against domain/delta-e.ts: a palette colour within CIEDE2000 of the
 * asked colour matches, one inside the Lab box but farther than the tolerance does not (the box alone let through
 * most of a high-chroma colour's neighbourhood), and the share still counts.
 */
import { beforeAll, expect, it } from 'vitest';
import { colourFamilyOf } from '../../domain/colour-family.ts';
import { deltaE2000 } from '../../domain/delta-e.ts';
import type { PaletteColour } from '../../domain/enrichment.ts';
import { hexToLab } from '../../domain/lab.ts';
import { parseSearchQuery } from '../../domain/search-query.ts';
import { describeEachDialect } from '../../../test/dialects.ts';
import { addStoredAsset } from '../../../test/stored-assets.ts';

const colour = (hex: string, share: number): PaletteColour => {
  const lab = hexToLab(hex);
  return { hex, lab, share, name: hex, family: colourFamilyOf(lab) };
};

/** 200 colours spread over the cube, the same every run. */
const hexes = Array.from({ length: 200 }, (_, i) => {
  const channel = (k: number) => ((i * k * 37 + k * 11) % 256).toString(16).padStart(2, '0');
  return `#${channel(3)}${channel(7)}${channel(13)}`;
});

describeEachDialect('search colour filter, exact CIEDE2000', ({ store }) => {
  let team: string;
  const assets = new Map<string, string>();

  beforeAll(async () => {
    team = (await store().catalog.ensure('team', 'Colour Harbour')).entry.id;
    for (const hex of [...hexes, '#1e8c3c', '#239040', '#2a7a3a']) {
      const { assetId, versionIds } = await addStoredAsset(store(), { title: hex, teamId: team });
      await store().enrichment.replacePalette(versionIds[0]!, [colour(hex, 0.6)]);
      assets.set(assetId, hex);
    }
    const { assetId, versionIds } = await addStoredAsset(store(), { title: 'a trace of green', teamId: team });
    await store().enrichment.replacePalette(versionIds[0]!, [colour('#1e8c3c', 0.05), colour('#ffffff', 0.95)]);
    assets.set(assetId, 'trace');
  });

  const found = async (q: string) => {
    const result = await store().search.search({ query: parseSearchQuery(q, new Date()), teamIds: [team], limit: 200 });
    return result.hits.map((hit) => assets.get(hit.assetId)!).sort();
  };

  it('finds exactly the colours within the tolerance, as the domain computes it', async () => {
    for (const [hex, tolerance] of [
      ['#1e8c3c', 10],
      ['#ff6600', 12],
      ['#808080', 5],
      ['#1a237e', 20],
    ] as const) {
      const target = hexToLab(hex);
      const expected = [...assets.values()]
        .filter((h) => h !== 'trace' && deltaE2000(target, hexToLab(h)) <= tolerance)
        .sort();
      expect(await found(`color:${hex}~${tolerance}`), `${hex}~${tolerance}`).toEqual(expected);
    }
    // The green itself and its near shades; a colour covering 5 % of its picture does not count.
    expect(await found('color:#1e8c3c')).toEqual(expect.arrayContaining(['#1e8c3c', '#239040']));
    expect(await found('color:#1e8c3c')).not.toContain('trace');
  });
});
