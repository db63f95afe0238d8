/**
 * A picture with a side under 32 px carries no information in its perceptual hashes (minimumHashedSide in
 * domain/sameness.ts): the first-run tester saw a 640×480 gradient proposed as a variant of a 1×1 and an 8×8 image.
 */
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEnrichers, enrichmentDepsOn, render } from '../../test/enrichment.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { EnrichmentService } from './enrichment.service.ts';
import { operator } from '../../test/contexts.ts';

const { prompt: _declaredPrompt, ...renderFields } = completeFields;

/** A left-to-right grey gradient, the first-run tester's 640×480 picture. */
async function gradient(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      raw.fill(Math.round((255 * x) / (width - 1)), (y * width + x) * 3, (y * width + x + 1) * 3);
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

const solid = (size: number, grey: number) =>
  sharp({ create: { width: size, height: size, channels: 3, background: { r: grey, g: grey, b: grey } } })
    .png()
    .toBuffer();

for (const dialect of dialects) {
  describeDialect(dialect, `tiny images and near-duplicates [${dialect}]`, () => {
    let rt: TestRuntime;
    let service: EnrichmentService;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
      service = await rt.openEnrichment();
    });
    afterAll(async () => rt?.dispose());

    const ingest = async (bytes: Buffer, fileName: string, fields: Record<string, unknown> = completeFields) =>
      (await rt.intake.intake(operator, Readable.from([bytes]), { fileName, fields, mode: 'bulk' })).asset;

    it('never links a 1×1 or an 8×8 image with a 640×480 gradient, in either order, nor puts them in a family', async () => {
      const ids: string[] = [];
      for (const [bytes, name] of [
        [await solid(1, 128), 'one.png'],
        [await solid(8, 40), 'eight.png'],
        [await gradient(640, 480), 'gradient.png'],
        [await solid(1, 200), 'one-light.png'],
      ] as const) {
        const asset = await ingest(bytes, name);
        ids.push(asset.id);
        const outcome = await service.enrichVersion(operator, asset.id, undefined);
        expect(
          outcome.steps.filter((s) => s.status === 'failed'),
          name,
        ).toEqual([]);
        expect(outcome.nearDuplicates, name).toEqual([]);
      }
      for (const id of ids) {
        const view = await rt.enrichments.view(operator, id);
        // Still hashed (and shown); only never matched.
        expect(view.hashes).toBeDefined();
        expect(view.nearDuplicates).toEqual([]);
        expect(view.family).toBeUndefined();
      }

      // A process started later loads the stored hashes, with their picture sizes, and still matches none of them.
      const enrichers = await createEnrichers({ maxPixels: rt.config.maxPixels });
      try {
        const fresh = new EnrichmentService(enrichmentDepsOn(rt, enrichers));
        await fresh.loadIndex();
        for (const id of ids) {
          const recheck = await fresh.enrichVersion(operator, id, undefined, { only: ['hashes'], force: true });
          expect(recheck.nearDuplicates).toEqual([]);
        }
      } finally {
        await enrichers.dispose?.();
      }
    });

    it('still links two near-duplicates whose sides are both at least 32 px', async () => {
      const originalBytes = await render(4321, 'a red kite over the dunes', '7', 64);
      const original = await ingest(originalBytes, 'kite.png', renderFields);
      await service.enrichVersion(operator, original.id, undefined);
      const copy = await ingest(
        await sharp(originalBytes).resize(32).jpeg({ quality: 90 }).toBuffer(),
        'kite.jpg',
        renderFields,
      );
      const outcome = await service.enrichVersion(operator, copy.id, undefined);
      expect(outcome.nearDuplicates.filter((l) => l.verdict === 'near-duplicate').map((l) => l.matchedAssetId)).toEqual(
        [original.id],
      );
    });
  });
}
