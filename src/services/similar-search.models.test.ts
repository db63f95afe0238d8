/**
 * Similar search with the real default embedder (MobileNet) on SQLite, end to end: assets enriched by the real
 * pipeline, then a query image — a resized, re-encoded copy of one of them — finds that asset first, and "more like
 * this" from the copy's original finds the copy. Checks what the fakes cannot: that the query embedder's model is
 * the one whose vectors enrichment stored, and that a query image is decoded and embedded as an upload is.
 */
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../test/contexts.ts';
import { render } from '../../test/enrichment.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';

const { prompt: _declaredPrompt, ...renderFields } = completeFields;

describe('similar search with the default embedder (MobileNet) [sqlite]', () => {
  let rt: TestRuntime;
  const ids: Record<string, string> = {};
  let koi: Buffer;

  beforeAll(async () => {
    rt = await createTestRuntime('sqlite', { moderation: 'false' });
    const enrichment = await rt.openEnrichment();
    koi = await render(77, 'a koi pond, watercolor', '5', 256);
    const pictures: [string, Buffer][] = [
      ['koi', koi],
      ['desert', await render(12, 'a desert at noon, photograph', '9', 256)],
      ['forest', await render(31, 'a pine forest in fog', '3', 256)],
    ];
    for (const [key, bytes] of pictures) {
      const { asset } = await rt.intake.intake(operator, Readable.from([bytes]), {
        fileName: `${key}.png`,
        fields: { ...renderFields, title: `Model ${key}` },
        mode: 'bulk',
      });
      ids[key] = asset.id;
      await enrichment.enrichVersion(operator, asset.id, undefined);
    }
  }, 120_000);
  afterAll(async () => rt?.dispose());

  it('finds the asset a query image was copied from first, and keeps nothing of the image', async () => {
    const before = (await rt.assets.list(operator, {}, { limit: 100 })).items.length;
    const copy = await sharp(koi).resize(200).jpeg({ quality: 85 }).toBuffer();
    const page = await rt.similarSearch.searchByImage(operator, copy, { limit: 3 });
    expect(page.modes).toEqual(['vector']);
    expect(page.items[0]?.asset.id).toBe(ids.koi);
    expect(page.items[0]!.similarity).toBeGreaterThan(page.items[1]!.similarity!);
    expect((await rt.assets.list(operator, {}, { limit: 100 })).items.length).toBe(before);
  });

  it('answers more like an enriched asset through the search service', async () => {
    const page = await rt.search.search(operator, { like: ids.koi, limit: 5 });
    expect(page.items.map((item) => item.asset.id).sort()).toEqual([ids.desert, ids.forest].sort());
    expect(page.modes).toEqual(['vector']);
  });
});
