/**
 * The search service on both dialects: the query language over assets made through the real intake, only the
 * caller's teams found and counted, facets over the whole match, pages that stay stable while assets are added, and
 * clear refusals of bad input.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { member, operator, userContext } from '../../test/contexts.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { failure } from '../../test/failure.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';

/** A small PNG of noise, distinct per seed. */
async function png(seed: number, width = 48, height = 32): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed * 2654435761;
  for (let i = 0; i < pixels.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    pixels[i] = state >>> 24;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

for (const dialect of dialects) {
  describeDialect(dialect, `search service [${dialect}]`, () => {
    let rt: TestRuntime;
    let seed = 0;
    let ownTeam: string;
    let otherTeam: string;
    const ids: Record<string, string> = {};

    async function intake(key: string, fields: Record<string, unknown>, size?: [number, number]): Promise<string> {
      const { asset } = await rt.intake.intake(operator, await png(++seed, ...(size ?? [48, 32])), {
        fileName: `${key}.png`,
        fields: { ...completeFields, ...fields },
        mode: 'bulk',
      });
      ids[key] = asset.id;
      return asset.id;
    }

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
      ownTeam = (await rt.store.catalog.ensure('team', 'Harbour Team')).entry.id;
      otherTeam = (await rt.store.catalog.ensure('team', 'Elsewhere Team')).entry.id;
      await intake('lighthouse', {
        title: 'Lighthouse poster',
        prompt: 'a lighthouse at dusk, oil painting',
        team: 'Harbour Team',
        campaign: 'Summer 26',
        model: 'sdxl-1.0',
      });
      await intake(
        'harbour',
        {
          title: 'Harbour at night',
          prompt: 'fishing boats in a harbour, lighthouse far away',
          team: 'Harbour Team',
          campaign: 'Summer 26',
          model: 'flux-dev',
        },
        [32, 48],
      );
      await intake('secret', {
        title: 'Lighthouse teaser',
        prompt: 'a lighthouse on a cliff',
        team: 'Elsewhere Team',
        campaign: 'Winter 27',
        model: 'sdxl-1.0',
      });
    });
    afterAll(async () => rt?.dispose());

    const viewer = () => userContext('harbour-viewer', [member(ownTeam, 'viewer')]);

    it('finds by words of the title and the prompt, ranking a title hit first', async () => {
      const page = await rt.search.search(operator, { q: 'lighthouse' });
      const found = page.items.map((item) => item.asset.id);
      expect(found).toEqual(expect.arrayContaining([ids.lighthouse, ids.harbour, ids.secret]));
      // "Harbour at night" has the word in its prompt only: below both titles.
      expect(found.indexOf(ids.harbour!)).toBe(2);
      expect(page.query).toBe('lighthouse');
    });

    it('applies filters of the query language and answers the query in canonical form', async () => {
      const page = await rt.search.search(operator, { q: 'lighthouse model:"SDXL-1.0" -campaign:"winter 27"' });
      expect(page.items.map((item) => item.asset.id)).toEqual([ids.lighthouse]);
      const portrait = await rt.search.search(operator, { q: 'orientation:portrait' });
      expect(portrait.items.map((item) => item.asset.id)).toEqual([ids.harbour]);
    });

    it("answers each hit with its current version's thumbhash once renditions made one", async () => {
      const asset = (await rt.store.assets.get(ids.lighthouse!))!;
      const version = (await rt.store.assets.getVersion(asset.id, asset.currentVersion))!;
      await rt.store.enrichment.saveResults([
        {
          versionId: version.id,
          enricher: 'renditions',
          model: 'sharp',
          modelVersion: '1',
          status: 'done',
          producedAt: new Date().toISOString(),
          result: {
            signals: {
              width: 48,
              height: 32,
              placeholder: { kind: 'thumbhash', value: 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG' },
            },
          },
        },
      ]);
      const page = await rt.search.search(operator, { q: 'lighthouse' });
      const byId = new Map(page.items.map((item) => [item.asset.id, item.thumbhash]));
      expect(byId.get(ids.lighthouse!)).toBe('HBkSHYSIeHiPiHh8eJd4eTN0EEQG');
      expect(byId.get(ids.harbour!)).toBeUndefined();
    });

    it("finds and counts only the caller's teams' assets", async () => {
      const page = await rt.search.search(viewer(), { q: 'lighthouse', facets: ['team', 'campaign', 'model'] });
      expect(page.items.map((item) => item.asset.id).sort()).toEqual([ids.lighthouse, ids.harbour].sort());
      expect(page.total).toBe(2);
      expect(page.facets?.team).toEqual([{ value: ownTeam, label: 'Harbour Team', count: 2 }]);
      expect(page.facets?.model).toEqual(
        expect.arrayContaining([
          { value: 'sdxl-1.0', count: 1 },
          { value: 'flux-dev', count: 1 },
        ]),
      );
      expect(page.facets?.campaign?.map((count) => count.label)).toEqual(['Summer 26']);
      // The other team's asset is not found by any query of the viewer.
      const none = await rt.search.search(viewer(), { q: 'cliff' });
      expect(none.items).toEqual([]);
      expect(otherTeam).toBeTruthy();
    });

    it('pages with a cursor that stays stable while assets are added', async () => {
      for (let i = 0; i < 5; i++) await intake(`buoy-${i}`, { title: `Buoy ${i}`, prompt: 'a red buoy' });
      const first = await rt.search.search(operator, { q: 'buoy', limit: 2 });
      expect(first.items).toHaveLength(2);
      await intake('buoy-late', { title: 'Buoy late', prompt: 'a red buoy' });
      const seen = first.items.map((item) => item.asset.id);
      let cursor = first.nextCursor;
      while (cursor) {
        const next = await rt.search.search(operator, { q: 'buoy', limit: 2, cursor });
        seen.push(...next.items.map((item) => item.asset.id));
        cursor = next.nextCursor;
      }
      // Every asset of the first answer once; none twice (the late one may or may not fall after the cursor).
      expect(new Set(seen).size).toBe(seen.length);
      for (let i = 0; i < 5; i++) expect(seen).toContain(ids[`buoy-${i}`]);
    });

    it('refuses bad input with what to fix', async () => {
      const syntax = await failure(rt.search.search(operator, { q: 'sunset "beach' }));
      expect(syntax.code).toBe('QUERY_INVALID');
      expect(syntax.message).toMatch(/column/);
      expect((await failure(rt.search.search(operator, { q: 'colr:red' }))).code).toBe('QUERY_INVALID');
      expect((await failure(rt.search.search(operator, { q: 'x', limit: 0 }))).message).toMatch(/limit/);
      expect((await failure(rt.search.search(operator, { q: 'x', facets: ['colour'] }))).message).toMatch(/facet/);
      expect((await failure(rt.search.search(operator, { q: 'x', cursor: 'not-a-cursor' }))).message).toMatch(/cursor/);
      expect((await failure(rt.search.search(operator, { q: 'expires:<30d' }))).code).toBe('QUERY_INVALID');
      const long = Array.from({ length: 10_000 }, (_, i) => `w${i}`).join(' ');
      expect((await failure(rt.search.search(operator, { q: long }))).code).toBe('QUERY_INVALID');
    });

    it('rebuilds the index for storage maintainers only', async () => {
      const { documents } = await rt.search.rebuild(operator);
      expect(documents).toBeGreaterThanOrEqual(3);
      expect((await failure(rt.search.rebuild(viewer()))).code).toBe('FORBIDDEN');
      expect((await rt.search.search(operator, { q: 'lighthouse' })).items.length).toBeGreaterThanOrEqual(3);
    });
  });
}
