/**
 * What the one read path (SqlSearchRepository) matches beyond the words typed, on both dialects: stop words dropped
 * (FTS5 would otherwise look for "a" in every document), synonyms from the domain table with the word typed ranked
 * first, and misspelt words corrected toward indexed words one edit away — on PostgreSQL from a vocabulary that a
 * new asset's words join in its own transaction, without a rebuild.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operator } from '../../../test/contexts.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../../test/runtime.ts';
import { parseSearchQuery } from '../../domain/search-query.ts';

/** A small PNG of noise, distinct per seed. */
async function png(seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(40 * 30 * 3);
  let state = seed * 2654435761;
  for (let i = 0; i < pixels.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    pixels[i] = state >>> 24;
  }
  return sharp(pixels, { raw: { width: 40, height: 30, channels: 3 } })
    .png()
    .toBuffer();
}

for (const dialect of dialects) {
  describeDialect(dialect, `search expansions [${dialect}]`, () => {
    let rt: TestRuntime;
    let seed = 0;
    const ids: Record<string, string> = {};

    async function intake(key: string, title: string, prompt: string): Promise<void> {
      const { asset } = await rt.intake.intake(operator, await png(++seed), {
        fileName: `${key}.png`,
        fields: { ...completeFields, title, prompt, campaign: 'Spring' },
        mode: 'bulk',
      });
      ids[key] = asset.id;
    }
    const found = async (text: string) =>
      (await rt.store.search.search({ query: parseSearchQuery(text, new Date()), limit: 100 })).hits.map(
        (hit) => hit.assetId,
      );
    const named = async (text: string) => {
      const names = new Map(Object.entries(ids).map(([key, id]) => [id, key]));
      return (await found(text)).map((id) => names.get(id));
    };

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
      await intake('car', 'A red car', 'a red car on a coastal road');
      await intake('automobile', 'Vintage automobile', 'a vintage automobile in a garage');
      await intake('lighthouse', 'Lighthouse at dusk', 'a lighthouse on a rock at dusk');
      await intake('harbour', 'Harbour boats', 'fishing boats in the harbour');
    }, 120_000);
    afterAll(async () => rt?.dispose());

    it('drops stop words as PostgreSQL does: a query of them alone finds nothing', async () => {
      expect(await named('a lighthouse at the dusk')).toEqual(['lighthouse']);
      expect(await found('a')).toEqual([]);
      expect(await found('the OR of')).toEqual([]);
      expect(await named('boats -the')).toEqual(['harbour']);
    });

    it('finds synonyms, the word typed first, never inside phrases or exclusions', async () => {
      expect(await named('automobile')).toEqual(['automobile', 'car']);
      expect(await named('car')).toEqual(['car', 'automobile']);
      expect(await named('coastal automobile')).toEqual(['car']);
      expect(await found('"red automobile"')).toEqual([]);
      expect(await named('"red car"')).toEqual(['car']);
      expect(await named('coastal OR garage -automobile')).toEqual(['car']);
    });

    it('corrects a word the index does not hold toward indexed words one edit away', async () => {
      expect(await named('lighthose')).toEqual(['lighthouse']);
      expect(await named('harbuor boats')).toEqual(['harbour']);
      expect(await named('title:vintaeg')).toEqual(['automobile']);
      // Short words are not corrected (too many neighbours), nor phrases, prefixes or exclusions.
      expect(await found('boas')).toEqual([]);
      expect(await found('"lighthose at dusk"')).toEqual([]);
      expect(await found('lighthose*')).toEqual([]);
      expect((await named('dusk -lighthose')).sort()).toEqual(['lighthouse']);
    });

    it("corrects toward a new asset's words at once, without a rebuild", async () => {
      expect(await found('seahorce')).toEqual([]);
      await intake('seahorse', 'Seahorse in a reef', 'a seahorse among coral');
      expect(await named('seahorce')).toEqual(['seahorse']);
    });
  });
}
