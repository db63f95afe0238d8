import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodedPicture, Enrichers } from '../domain/enrichers.ts';
import { createEnrichers, enrichmentDepsOn, render, testImages } from '../../test/enrichment.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { ProvenaError } from '../domain/errors.ts';
import { promptKey } from '../domain/sameness.ts';
import { EnrichmentService, type EnrichmentDeps, type VariantSuggester } from './enrichment.service.ts';
import { itWith } from '../../test/requirements.ts';
import { operator } from '../../test/contexts.ts';

async function collect(stream: AsyncIterable<unknown>): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return chunks;
}

/** Intake fields for a render: the prompt comes from the file's own parameters. */
const { prompt: _declaredPrompt, ...renderFields } = completeFields;

for (const dialect of dialects) {
  describeDialect(dialect, `enrichment service [${dialect}]`, () => {
    let rt: TestRuntime;
    let service: EnrichmentService;
    let dir: string;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
      service = await rt.openEnrichment();
      dir = await mkdtemp(join(tmpdir(), 'provena-enrich-'));
    });
    afterAll(async () => {
      await rt?.dispose();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    const ingest = async (bytes: Buffer | string, fileName: string, fields: Record<string, unknown> = renderFields) => {
      const source = typeof bytes === 'string' ? createReadStream(bytes) : Readable.from([bytes]);
      const result = await rt.intake.intake(operator, source, { fileName, fields, mode: 'bulk' });
      expect(result.status).not.toBe('duplicate');
      return result.asset;
    };

    it('backfills every asset of a filter exactly once across list pages, several at a time', async () => {
      const campaign = 'Backfill Paging';
      const count = 205; // more than two pages of 100
      for (let i = 0; i < count; i++) {
        const bytes = await sharp({
          create: { width: 8, height: 8, channels: 3, background: { r: i % 256, g: (i * 7) % 256, b: 40 } },
        })
          .png()
          .toBuffer();
        await ingest(bytes, `paging-${i}.png`, { ...completeFields, campaign });
      }
      const reported: string[] = [];
      const items = await service.enrichAll(
        operator,
        { campaign },
        { only: ['concept-tags'], concurrency: 3, onItem: (item) => reported.push(item.assetId) },
      );
      expect(items).toHaveLength(count);
      expect(new Set(items.map((i) => i.assetId)).size).toBe(count);
      expect(items.every((i) => i.ok)).toBe(true);
      expect(reported.sort()).toEqual(items.map((i) => i.assetId).sort());
    });

    it('backfills a list of assets several at a time, reporting an unknown id in its item', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const bytes = await sharp({
          create: { width: 8, height: 8, channels: 3, background: { r: 200, g: i * 40, b: 10 } },
        })
          .png()
          .toBuffer();
        ids.push((await ingest(bytes, `listed-${i}.png`)).id);
      }
      const missing = '00000000-0000-4000-8000-00000000abcd';
      const reported: string[] = [];
      const items = await service.enrichAssets(operator, [...ids, missing], {
        only: ['palette'],
        concurrency: 3,
        onItem: (item) => reported.push(item.assetId),
      });
      expect(items.map((i) => i.assetId).sort()).toEqual([...ids, missing].sort());
      expect(reported.sort()).toEqual([...ids, missing].sort());
      expect(
        items
          .filter((i) => i.ok)
          .map((i) => i.assetId)
          .sort(),
      ).toEqual([...ids].sort());
      expect(items.find((i) => i.assetId === missing)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      for (const id of ids) expect((await rt.enrichments.view(operator, id)).palette.length).toBeGreaterThan(0);
    });

    it('enriches degenerate images end to end: every step done, a thumbnail to serve', async () => {
      const writers = {
        onePixel: () => testImages.onePixel(dir),
        strip: () => testImages.strip(dir),
        transparent: () => testImages.transparent(dir),
        cmyk: () => testImages.cmykJpeg(dir),
        sixteenBit: () => testImages.png16(dir),
        animatedGif: () => testImages.animated(dir, 'gif'),
        animatedWebp: () => testImages.animated(dir, 'webp'),
        palette: () => testImages.palettePng(dir),
        greyAlpha: () => testImages.greyAlpha(dir),
        rotated: () => testImages.rotatedJpeg(dir),
      };
      for (const [name, write] of Object.entries(writers)) {
        const path = await write();
        const asset = await ingest(path, basename(path));
        const outcome = await service.enrichVersion(operator, asset.id, undefined);
        const failed = outcome.steps.filter((s) => s.status === 'failed');
        expect(failed, name).toEqual([]);
        const view = await rt.enrichments.view(operator, asset.id);
        expect(view.hashes, name).toBeDefined();
        const thumb = await rt.enrichments.rendition(operator, asset.id, 'thumbnail');
        const meta = await sharp(Buffer.concat(await collect(await thumb.open()))).metadata();
        expect(meta.format, name).toBe('webp');
        expect(Math.max(meta.width, meta.height), name).toBeLessThanOrEqual(256);
        if (name === 'transparent') expect(view.palette).toEqual([]);
        if (name === 'cmyk') expect(view.palette[0]?.name, name).toMatch(/red/);
        if (name === 'rotated') expect([view.signals?.width, view.signals?.height]).toEqual([20, 40]);
      }
    });

    it('never alters the original: its bytes still match their address after enrichment', async () => {
      const bytes = await render(41, 'a quiet harbour', '1');
      const asset = await ingest(bytes, 'harbour.png');
      await service.enrichVersion(operator, asset.id, undefined);
      const original = Buffer.concat(await collect(await rt.blobs.open(asset.versions[0]!.blob.sha256)));
      expect(original.equals(bytes)).toBe(true);
    });

    it('is idempotent: a second run skips, force recomputes, a new model version recomputes', async () => {
      const asset = await ingest(await render(7, 'a red fox in snow', '99'), 'fox-in-snow.png');
      const first = await service.enrichVersion(operator, asset.id, undefined);
      expect(first.steps.filter((s) => s.status === 'done').map((s) => s.enricher)).toEqual([
        'hashes',
        'renditions',
        'palette',
        'concept-tags',
        'variants',
      ]);
      const version = asset.versions[0]!;
      const before = await rt.store.enrichment.results(version.id);
      const second = await service.enrichVersion(operator, asset.id, undefined);
      expect(second.steps.every((s) => s.status === 'skipped' || s.status === 'not-applicable')).toBe(true);
      expect(await rt.store.enrichment.results(version.id)).toEqual(before);
      // Thumbnail only: the preview is made on first request.
      expect((await rt.enrichments.view(operator, asset.id)).renditions.map((r) => r.role)).toEqual(['thumbnail']);

      const forced = await service.enrichVersion(operator, asset.id, undefined, { only: ['palette'], force: true });
      expect(forced.steps).toEqual([expect.objectContaining({ enricher: 'palette', status: 'done' })]);

      // The same enrichers with a new palette model version: only the palette is recomputed.
      const base = await createEnrichers({ maxPixels: rt.config.maxPixels });
      const upgraded: Enrichers = {
        ...base,
        producers: { ...base.producers, palette: { ...base.producers.palette, modelVersion: 'next' } },
      };
      const deps: EnrichmentDeps = { ...enrichmentDepsOn(rt, upgraded), variants: rt.families };
      const third = await new EnrichmentService(deps).enrichVersion(operator, asset.id, undefined);
      expect(third.steps.filter((s) => s.status === 'done').map((s) => s.enricher)).toEqual(['palette']);
      const palette = (await rt.store.enrichment.results(version.id)).filter((r) => r.enricher === 'palette');
      expect(palette).toEqual([expect.objectContaining({ modelVersion: 'next', status: 'done' })]);
    });

    it('starts palette, hashes and renditions together once decoded, only when due, and reports a failure by its step', async () => {
      const asset = await ingest(await testImages.halves(dir, 96, 48), 'early-start.png');
      const base = await createEnrichers({ maxPixels: rt.config.maxPixels, pixelThreads: 1 });
      const calls: string[] = [];
      let inFlight = 0;
      let overlapped = false;
      const track =
        <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
        async (...args: A): Promise<R> => {
          calls.push(name);
          inFlight++;
          if (inFlight > 1) overlapped = true;
          try {
            return await fn(...args);
          } finally {
            inFlight--;
          }
        };
      const failing: Enrichers = {
        ...base,
        hashes: track('hashes', (picture: DecodedPicture) => base.hashes(picture)),
        renditions: track('renditions', (...args: Parameters<Enrichers['renditions']>) => base.renditions(...args)),
        palette: track('palette', () =>
          Promise.reject(Object.assign(new Error('palette thread gone'), { code: 'JOB_FAILED' })),
        ),
      };
      const deps: EnrichmentDeps = { ...enrichmentDepsOn(rt, failing), variants: rt.families };
      try {
        const run = await new EnrichmentService(deps).enrichVersion(operator, asset.id, undefined, {
          only: ['hashes', 'renditions', 'palette'],
          force: true,
        });
        expect(run.steps.map((s) => [s.enricher, s.status])).toEqual([
          ['hashes', 'done'],
          ['renditions', 'done'],
          ['palette', 'failed'],
        ]);
        expect(run.steps[2]).toMatchObject({ error: { message: 'palette thread gone' } });
        expect([...calls].sort()).toEqual(['hashes', 'palette', 'renditions']);
        expect(overlapped).toBe(true);

        // A current result is not started again: only the failed palette is due.
        calls.length = 0;
        const again = await new EnrichmentService({ ...deps, enrichers: { ...failing } }).enrichVersion(
          operator,
          asset.id,
          undefined,
        );
        expect(calls).toEqual(['palette']);
        expect(again.steps.find((s) => s.enricher === 'hashes')?.status).toBe('skipped');
      } finally {
        await base.dispose?.();
      }
    });

    it('flags a resized, re-encoded copy as a near-duplicate and proposes a same-prompt other-seed render as a variant', async () => {
      const prompt = 'an old lighthouse at dusk, oil painting';
      const originalBytes = await render(1234, prompt, '1001');
      const original = await ingest(originalBytes, 'lighthouse.png');
      await service.enrichVersion(operator, original.id, undefined);

      const copyBytes = await sharp(originalBytes).resize(384).jpeg({ quality: 80 }).toBuffer();
      const copy = await ingest(copyBytes, 'lighthouse-small.jpg');
      const copyOutcome = await service.enrichVersion(operator, copy.id, undefined);
      expect(
        copyOutcome.nearDuplicates.filter((l) => l.verdict === 'near-duplicate').map((l) => l.matchedAssetId),
      ).toEqual([original.id]);

      const variant = await ingest(await render(5678, prompt, '1002'), 'lighthouse-2.png');
      const variantOutcome = await service.enrichVersion(operator, variant.id, undefined);
      expect(variantOutcome.nearDuplicates.filter((l) => l.verdict === 'near-duplicate')).toEqual([]);

      const view = await rt.enrichments.view(operator, variant.id);
      expect(view.family?.members.map((m) => m.assetId).sort()).toEqual([original.id, variant.id].sort());
      expect(view.family?.members.find((m) => m.assetId === variant.id)).toMatchObject({
        reason: 'prompt-seed',
        state: 'suggested',
      });
      // The copy is a near-duplicate, not a variant: it joins no family.
      expect((await rt.enrichments.view(operator, copy.id)).family).toBeUndefined();
      expect((await rt.enrichments.view(operator, original.id)).nearDuplicates.map((l) => l.assetId)).toContain(
        copy.id,
      );
      const audit = await rt.store.audit.forSubject('asset', copy.id);
      expect(audit.map((e) => e.action)).toContain('asset.near-duplicate-flagged');

      // A service started later loads the index from the database and still finds the match.
      const fresh = new EnrichmentService(
        enrichmentDepsOn(rt, await createEnrichers({ maxPixels: rt.config.maxPixels })),
      );
      expect(await fresh.loadIndex(2)).toBeGreaterThanOrEqual(3);
      const recheck = await fresh.enrichVersion(operator, copy.id, undefined, { only: ['hashes'], force: true });
      expect(recheck.nearDuplicates.filter((l) => l.verdict === 'near-duplicate').map((l) => l.matchedAssetId)).toEqual(
        [original.id],
      );
    });

    it('renders the preview on first request, stores and records it, and serves the stored file after', async () => {
      const bytes = await sharp({
        create: { width: 1600, height: 800, channels: 3, background: { r: 20, g: 90, b: 200 } },
      })
        .composite([
          {
            input: await sharp({
              create: { width: 400, height: 400, channels: 3, background: { r: 240, g: 200, b: 10 } },
            })
              .png()
              .toBuffer(),
            left: 1100,
            top: 200,
          },
        ])
        .png()
        .toBuffer();
      const asset = await ingest(bytes, 'banner-wide.png');
      // Asked for before enrichment has run: still served, the original is all it needs.
      const reader = rt.enrichments;
      const [first, concurrent] = await Promise.all([
        reader.rendition(operator, asset.id, 'preview'),
        reader.rendition(operator, asset.id, 'preview'),
      ]);
      expect(first.rendition).toMatchObject({ role: 'preview', mediaType: 'image/webp', width: 1024, height: 512 });
      expect(concurrent.rendition).toEqual(first.rendition);
      const stored = await rt.store.enrichment.renditions(asset.versions[0]!.id);
      expect(stored.filter((r) => r.role === 'preview')).toEqual([first.rendition]);
      const file = Buffer.concat(await collect(await first.open()));
      expect(file.length).toBe(first.rendition.size);
      const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height, info.channels]).toEqual([1024, 512, 3]);
      const at = (x: number, y: number) => [...data.subarray((y * 1024 + x) * 3, (y * 1024 + x) * 3 + 3)];
      expect(at(100, 100)[2]).toBeGreaterThan(150); // the blue ground
      expect(at(830, 256)[0]).toBeGreaterThan(200); // the yellow square, scaled with the rest

      // Served from the store from now on: the blob is not rendered again even if the original were gone.
      const again = await reader.rendition(operator, asset.id, 'preview');
      expect(again.rendition).toEqual(first.rendition);

      // Enrichment keeps the stored preview; recomputing the renditions drops it, and the next request makes it anew.
      await service.enrichVersion(operator, asset.id, undefined);
      expect((await rt.enrichments.view(operator, asset.id)).renditions.map((r) => r.role).sort()).toEqual([
        'preview',
        'thumbnail',
      ]);
      await service.enrichVersion(operator, asset.id, undefined, { only: ['renditions'], force: true });
      expect((await rt.enrichments.view(operator, asset.id)).renditions.map((r) => r.role)).toEqual(['thumbnail']);
      expect((await reader.rendition(operator, asset.id, 'preview')).rendition).toEqual(first.rendition);
    });

    it('gives no preview where there is nothing to render one from, and a clear error for a broken image', async () => {
      const text = await ingest(Buffer.from('Copy for the autumn campaign.'), 'autumn-copy.txt', {
        ...completeFields,
        prompt: 'autumn leaves',
      });
      await expect(rt.enrichments.rendition(operator, text.id, 'preview')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const image = await ingest(await render(901, 'a paper boat on a puddle', '3'), 'boat.png');
      await expect(rt.enrichments.rendition(operator, image.id, 'preview', { position: 1 })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(rt.enrichments.rendition(operator, image.id, 'keyframe')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });

      // Bytes that went bad on disk after intake: the request fails with the decoder's code, nothing is recorded.
      const stored = rt.blobs.pathOf(image.versions[0]!.blob.sha256);
      const good = await readFile(stored);
      await chmod(stored, 0o644);
      await writeFile(stored, good.subarray(0, good.length >> 1));
      await expect(rt.enrichments.rendition(operator, image.id, 'preview')).rejects.toMatchObject({
        code: 'CORRUPT_FILE',
      });
      expect(await rt.store.enrichment.renditions(image.versions[0]!.id)).toEqual([]);
    });

    it('gives text assets prompt tags only', async () => {
      const asset = await ingest(Buffer.from('Summer sale copy for the lighthouse campaign.'), 'summer-copy.txt', {
        ...completeFields,
        prompt: 'a watercolor of a red fox by a lighthouse',
      });
      const outcome = await service.enrichVersion(operator, asset.id, undefined);
      expect(outcome.steps.map((s) => s.enricher)).toEqual(['concept-tags', 'variants']);
      const view = await rt.enrichments.view(operator, asset.id);
      expect(view.tags.map((t) => t.label)).toEqual(expect.arrayContaining(['fox', 'lighthouse']));
      // Concept tags only, no visual ones: from the prompt, and from the file name alone for "summer".
      expect(view.tags.every((t) => t.source === 'prompt' || t.source === 'file-name')).toBe(true);
      expect(view.tags.find((t) => t.label === 'fox')?.source).toBe('prompt');
      expect(view.tags.find((t) => t.label === 'summer')?.source).toBe('file-name');
      expect(view.renditions).toEqual([]);
    });

    it('suggests variants in the closing transaction: a failed suggestion is undone and recorded, the rest commits', async () => {
      const prompt = 'a paper boat on a flooded street, linocut';
      const asset = await ingest(Buffer.from('Launch copy for the paper boat campaign.'), 'boat-copy.txt', {
        ...completeFields,
        prompt,
      });
      const enrichers = await createEnrichers({ maxPixels: rt.config.maxPixels, pixelThreads: 0 });
      // Writes the lineage as the real suggester does, then fails (as a family changed by another run would).
      const failing: VariantSuggester = {
        suggestFor: async (tx, ...args) => {
          await rt.families.suggestFor(tx, ...args);
          throw new ProvenaError('CONFLICT', 'The asset was placed in a family meanwhile.');
        },
      };
      const deps: EnrichmentDeps = { ...enrichmentDepsOn(rt, enrichers), variants: failing };
      const outcome = await new EnrichmentService(deps).enrichVersion(operator, asset.id, undefined);
      expect(outcome.steps.map((s) => [s.enricher, s.status])).toEqual([
        ['concept-tags', 'done'],
        ['variants', 'failed'],
      ]);
      expect(outcome.steps[1]).toMatchObject({ error: { code: 'CONFLICT' } });
      const stored = await rt.store.enrichment.results(asset.versions[0]!.id);
      expect(stored.map((r) => [r.enricher, r.status, r.error?.code])).toEqual([
        ['concept-tags', 'done', undefined],
        ['variants', 'failed', 'CONFLICT'],
      ]);
      expect((await rt.enrichments.view(operator, asset.id)).tags.map((t) => t.label)).toContain('paper boat');
      // The lineage the suggester wrote before failing was rolled back with its savepoint.
      expect(await rt.store.families.samePrompt(promptKey(prompt)!, 'none', 10)).toEqual([]);

      // The next run retries only the failed step, with the real suggester this time.
      const again = await new EnrichmentService({ ...deps, variants: rt.families }).enrichVersion(
        operator,
        asset.id,
        undefined,
      );
      expect(again.steps.map((s) => [s.enricher, s.status])).toEqual([
        ['concept-tags', 'skipped'],
        ['variants', 'done'],
      ]);
      expect((await rt.store.families.samePrompt(promptKey(prompt)!, 'none', 10)).map((l) => l.assetId)).toEqual([
        asset.id,
      ]);
    });

    it('refuses an unknown enricher name and a missing asset with clear errors', async () => {
      await expect(
        service.enrichVersion(operator, '00000000-0000-7000-8000-000000000000', undefined),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await expect(service.enrichVersion(operator, 'x', undefined, { only: ['ocr' as any] })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    });

    itWith('ffmpeg', 'enriches a video: poster, key frames, facts, and pixel enrichers on the poster', async () => {
      const file = join(dir, 'clip.mp4');
      execFileSync('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-f',
        'lavfi',
        '-i',
        'testsrc=duration=2:size=320x240:rate=25',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-pix_fmt',
        'yuv420p',
        file,
      ]);
      const asset = await ingest(await readFile(file), 'clip.mp4');
      const outcome = await service.enrichVersion(operator, asset.id, undefined);
      expect(outcome.steps.filter((s) => s.status === 'failed')).toEqual([]);
      // The preview is cut from the poster frame on first request.
      const preview = await rt.enrichments.rendition(operator, asset.id, 'preview');
      expect(preview.rendition).toMatchObject({ width: 320, height: 240, mediaType: 'image/webp' });
      const view = await rt.enrichments.view(operator, asset.id);
      expect(view.video).toMatchObject({ codec: 'h264', width: 320, height: 240 });
      expect(view.renditions.map((r) => r.role).sort()).toEqual([
        'keyframe',
        'keyframe',
        'keyframe',
        'keyframe',
        'poster',
        'preview',
        'thumbnail',
      ]);
      expect(view.palette.length).toBeGreaterThan(0);
    });
  });
}

describe('enrichment with the default embedder (MobileNet) [sqlite]', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime('sqlite');
  });
  afterAll(async () => rt?.dispose());

  it('stores the embedding with its model and version, moderation tags, and confirms a near-duplicate by embedding', async () => {
    const service = await rt.openEnrichment();
    const ingest = async (bytes: Buffer, fileName: string) =>
      (
        await rt.intake.intake(operator, Readable.from([bytes]), {
          fileName,
          fields: renderFields,
          mode: 'bulk',
        })
      ).asset;
    const originalBytes = await render(77, 'a koi pond, watercolor', '5');
    const original = await ingest(originalBytes, 'koi.png');
    await service.enrichVersion(operator, original.id, undefined);
    const copy = await ingest(await sharp(originalBytes).resize(448).jpeg({ quality: 90 }).toBuffer(), 'koi.jpg');
    const outcome = await service.enrichVersion(operator, copy.id, undefined);
    expect(outcome.steps.filter((s) => s.status === 'failed')).toEqual([]);
    // The hashes match; the embedding decides: confirmed at cosine ≥ 0.9, demoted to a variant candidate below.
    const [link] = outcome.nearDuplicates.filter((l) => l.matchedAssetId === original.id);
    expect(link?.decidedBy).toContain('mobilenet');
    const cosine = link!.distances.embeddingCosine!;
    expect(cosine).toBeGreaterThan(0.5);
    expect(link!.verdict).toBe(cosine >= 0.9 ? 'near-duplicate' : 'variant-candidate');
    const view = await rt.enrichments.view(operator, copy.id);
    expect(view.embeddings.map((e) => [e.model, e.dimensions])).toEqual([['mobilenet-v2-nsfw', 1280]]);
    expect(view.embeddings[0]?.modelVersion).toMatch(/^nsfwjs-/);
    expect(view.results.find((r) => r.enricher === 'visual-tags')?.result.moderation).toBeDefined();
    // Flagged once in the audit log (by the hash check) although the links were written twice.
    const flags = (await rt.store.audit.forSubject('asset', copy.id)).filter(
      (e) => e.action === 'asset.near-duplicate-flagged',
    );
    expect(flags).toHaveLength(1);
  });
});
