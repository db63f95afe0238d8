/**
 * GET /api/v1/search over HTTP on both dialects: what the serialiser lets through — facet counts by facet name and
 * each hit's thumbhash (both dropped silently by a response schema that does not name them).
 */
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { operator } from '../../../test/contexts.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { useTestApp } from '../../../test/http-app.ts';
import { completeFields } from '../../../test/runtime.ts';

const png = (shade: number) =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: { r: shade, g: 80, b: 160 } } })
    .png()
    .toBuffer();

for (const dialect of dialects) {
  describeDialect(dialect, `search routes [${dialect}]`, () => {
    const t = useTestApp(dialect, { embedder: 'none', moderation: 'false' });
    const ids: string[] = [];

    beforeAll(async () => {
      for (const [i, campaign] of ['Spring 26', 'Spring 26', 'Autumn 26'].entries()) {
        const { asset } = await t.rt.intake.intake(operator, await png(40 * i), {
          fileName: `harbour-${i}.png`,
          fields: { ...completeFields, title: `Harbour ${i}`, campaign },
          mode: 'bulk',
        });
        ids.push(asset.id);
      }
      const stored = (await t.rt.store.assets.get(ids[0]!))!;
      const version = stored.versions.find((v) => v.number === stored.currentVersion)!;
      await t.rt.store.enrichment.saveResults([
        {
          versionId: version.id,
          enricher: 'renditions',
          model: 'sharp',
          modelVersion: '1',
          status: 'done',
          producedAt: new Date().toISOString(),
          result: { signals: { placeholder: { kind: 'thumbhash', value: 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG' } } },
        },
      ]);
    });

    it('answers the facet counts by name, with campaign names, and each hit’s thumbhash', async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/search?q=harbour&facets=campaign,status,orientation',
      });
      expect(response.statusCode).toBe(200);
      const body = response.json<{
        total: number;
        facets: Record<string, { value: string; label?: string; count: number }[]>;
        items: { asset: { id: string }; thumbhash?: string }[];
      }>();
      expect(body.total).toBe(3);
      expect(body.facets.campaign?.map((c) => [c.label, c.count])).toEqual([
        ['Spring 26', 2],
        ['Autumn 26', 1],
      ]);
      expect(body.facets.orientation).toEqual([{ value: 'landscape', count: 3 }]);
      expect(body.facets.status?.[0]?.count).toBe(3);
      const thumbhashes = new Map(body.items.map((item) => [item.asset.id, item.thumbhash]));
      expect(thumbhashes.get(ids[0]!)).toBe('HBkSHYSIeHiPiHh8eJd4eTN0EEQG');
      expect(thumbhashes.get(ids[1]!)).toBeUndefined();
    });
  });
}
