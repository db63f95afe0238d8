import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import type { AssetFilter } from '../domain/asset.ts';
import { colourFamilyOf } from '../domain/colour-family.ts';
import { parseColourFilter } from '../domain/colour-filter.ts';
import type { PaletteColour } from '../domain/enrichment.ts';
import { hexToLab } from '../domain/lab.ts';
import type { Store } from '../domain/ports.ts';
import { SqlAssetRepository } from './asset.repository.ts';
import { fillPaletteFamilies } from './migrations/0005-palette-family.ts';

const colour = (hex: string, share: number): PaletteColour => {
  const lab = hexToLab(hex);
  return { hex, lab, share, name: hex, family: colourFamilyOf(lab) };
};

/** An asset whose versions have these palettes (the last one current); returns its id. */
async function assetWithPalettes(store: Store, ...palettes: PaletteColour[][]): Promise<string> {
  const { assetId, versionIds } = await addStoredAsset(store, {
    versions: Math.max(1, palettes.length),
    title: 'colour.png',
    tool: 'ColourTest',
  });
  for (const [i, palette] of palettes.entries()) await store.enrichment.replacePalette(versionIds[i]!, palette);
  return assetId;
}

/** Every page of a filtered list, following the cursor, with `limit` per page. */
async function listAll(store: Store, filter: AssetFilter, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const page = await store.assets.list({ tool: 'ColourTest', ...filter }, { limit, ...(cursor ? { cursor } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((a) => a.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error('cursor never ended');
}

describeEachDialect('palette colour families', ({ store }) => {
  it('stores and reads the family, and computes it on read for a row written without one', async () => {
    const id = await assetWithPalettes(store(), [colour('#8b4513', 0.7), colour('#ffc0cb', 0.3)]);
    const versionId = (await store().assets.get(id))!.versions[0]!.id;
    expect((await store().enrichment.palette(versionId)).map((c) => c.family)).toEqual(['brown', 'pink']);
    const db = store().db;
    await sql`update palette_colours set family = null where version_id = ${versionId}`.execute(db);
    expect((await store().enrichment.palette(versionId)).map((c) => c.family)).toEqual(['brown', 'pink']);
  });

  it('migration 0005 fills the family of stored rows from their Lab, in batches', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(await assetWithPalettes(store(), [colour('#000080', 0.6), colour('#808000', 0.4)]));
    const db = store().db;
    await sql`update palette_colours set family = null`.execute(db);
    expect(await fillPaletteFamilies(db as Kysely<unknown>)).toBeGreaterThanOrEqual(6);
    const rows = await sql<{ family: string | null }>`select family from palette_colours where version_id in (
      select id from asset_versions where asset_id in (${sql.join(ids)}))`.execute(db);
    expect(rows.rows.map((r) => r.family).sort()).toEqual(['blue', 'blue', 'blue', 'green', 'green', 'green']);
    expect(await fillPaletteFamilies(db as Kysely<unknown>)).toBe(0);
  });

  it('lists assets whose current version has enough of a colour family, across cursor pages', async () => {
    await sql`delete from palette_colours`.execute(store().db);
    const redAndBlue = await assetWithPalettes(store(), [colour('#ff0000', 0.6), colour('#0000ff', 0.4)]);
    const mostlyBlue = await assetWithPalettes(store(), [colour('#0000ff', 0.95), colour('#ff0000', 0.05)]);
    const wasRed = await assetWithPalettes(store(), [colour('#ff0000', 1)], [colour('#00ff00', 1)]);
    const noPalette = await assetWithPalettes(store());
    const anotherRed = await assetWithPalettes(store(), [colour('#dc143c', 0.5), colour('#ffffff', 0.5)]);

    const red = (share?: number) => ({
      colour: parseColourFilter({ colour: 'red', ...(share !== undefined ? { share } : {}) }),
    });
    expect(await listAll(store(), red(), 50)).toEqual([anotherRed, redAndBlue]);
    expect(await listAll(store(), red(), 1)).toEqual([anotherRed, redAndBlue]);
    expect(await listAll(store(), red(0.01), 1)).toEqual([anotherRed, mostlyBlue, redAndBlue]);
    expect(await listAll(store(), red(0.55), 50)).toEqual([redAndBlue]);
    expect(await listAll(store(), { colour: parseColourFilter({ colour: 'green' }) }, 50)).toEqual([wasRed]);
    expect(await listAll(store(), { colour: parseColourFilter({ colour: 'white' }) }, 50)).toEqual([anotherRed]);
    expect(await listAll(store(), { colour: parseColourFilter({ colour: 'purple' }) }, 50)).toEqual([]);
    expect(await listAll(store(), {}, 50)).toContain(noPalette);
  });

  it('lists assets with a palette colour within the CIEDE2000 tolerance of a hex colour, across cursor pages', async () => {
    await sql`delete from palette_colours`.execute(store().db);
    const orange = await assetWithPalettes(store(), [colour('#ff6a00', 0.5), colour('#202020', 0.5)]);
    const scarlet = await assetWithPalettes(store(), [colour('#ff2400', 0.9)]);
    const alsoOrange = await assetWithPalettes(store(), [colour('#f26300', 0.2)]);
    const smallOrange = await assetWithPalettes(store(), [colour('#ff6600', 0.05), colour('#0000ff', 0.95)]);
    const dark = await assetWithPalettes(store(), [colour('#7a3000', 1)]);

    const near = (colour: string, more: { share?: number; tolerance?: number } = {}) => ({
      colour: parseColourFilter({ colour, ...more }),
    });
    expect(await listAll(store(), near('#ff6600'), 50)).toEqual([alsoOrange, orange]);
    expect(await listAll(store(), near('#ff6600'), 1)).toEqual([alsoOrange, orange]);
    expect(await listAll(store(), near('ff6600', { share: 0.01 }), 1)).toEqual([smallOrange, alsoOrange, orange]);
    expect(await listAll(store(), near('#ff6600', { tolerance: 1 }), 50)).toEqual([orange]);
    expect(await listAll(store(), near('#ff2400', { tolerance: 2 }), 50)).toEqual([scarlet]);
    expect(await listAll(store(), near('#00ff00'), 50)).toEqual([]);
    expect(await listAll(store(), near('#7a3000', { tolerance: 0 }), 50)).toEqual([dark]);
  });

  it('bounds the scan of a hex-colour list per request and resumes it from the cursor', async () => {
    await sql`delete from palette_colours`.execute(store().db);
    const first = await assetWithPalettes(store(), [colour('#ff6a00', 1)]);
    // Scarlet lies inside the ΔE search box of #ff6600 but beyond the tolerance: examined, then dropped.
    for (let i = 0; i < 3; i++) await assetWithPalettes(store(), [colour('#ff2400', 1)]);
    const last = await assetWithPalettes(store(), [colour('#ff6a00', 1)]);
    const repository = new SqlAssetRepository(store().db, { batch: 2, rounds: 1 });
    const filter = { tool: 'ColourTest', colour: parseColourFilter({ colour: '#ff6600' }) };
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await repository.list(filter, { limit: 1, ...(cursor ? { cursor } : {}) });
      pages.push(page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor && pages.length < 10);
    expect(pages).toEqual([[last], [], [first]]);
  });

  it('ends the cursor of a hex-colour list when the assets run out exactly at a batch boundary', async () => {
    await sql`delete from palette_colours`.execute(store().db);
    // Scarlet lies inside the ΔE search box of #ff6600 but beyond the tolerance: two full batches, no match.
    const tool = `ColourEdge${Math.random().toString(36).slice(2, 8)}`;
    for (let i = 0; i < 4; i++) {
      const { versionIds } = await addStoredAsset(store(), { title: 'colour.png', tool });
      await store().enrichment.replacePalette(versionIds[0]!, [colour('#ff2400', 1)]);
    }
    const repository = new SqlAssetRepository(store().db, { batch: 2, rounds: 2 });
    const filter = { tool, colour: parseColourFilter({ colour: '#ff6600' }) };
    const cursors: (string | undefined)[] = [];
    let cursor: string | undefined;
    do {
      const page = await repository.list(filter, { limit: 1, ...(cursor ? { cursor } : {}) });
      expect(page.items).toEqual([]);
      cursor = page.nextCursor;
      cursors.push(cursor);
    } while (cursor && cursors.length < 5);
    expect(cursors.at(-1)).toBeUndefined();
  });
});
