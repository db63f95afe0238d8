/**
 * The image content steps (text, faces, objects) in the enrichment run, with fake detectors behind the ports of
 * domain/image-content.ts: what each records and shows, one detail-size decode and one detection per run, the
 * switches, re-runs with `only`, and a detector that fails or never answers.
 */
import { execFileSync } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Enrichers } from '../domain/enrichers.ts';
import { ProvenaError } from '../domain/errors.ts';
import type {
  DetailImage,
  PeopleAndObjectDetector,
  PeopleAndObjects,
  TextInImage,
  TextRecogniser,
} from '../domain/image-content.ts';
import { createEnrichers, enrichmentDepsOn } from '../../test/enrichment.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { operator } from '../../test/contexts.ts';
import { itWith } from '../../test/requirements.ts';
import { describeEnrichment } from '../cli/enrichment.commands.ts';
import { EnrichmentService, type EnrichmentDeps } from './enrichment.service.ts';

const producer = (enricher: string) => ({ enricher, model: `fake-${enricher}`, modelVersion: '1' });

const seenText: TextInImage = {
  words: [
    { text: 'SUMMER', confidence: 0.96, box: { x: 100, y: 80, width: 300, height: 60 } },
    { text: 'SALE', confidence: 0.91, box: { x: 420, y: 80, width: 180, height: 60 } },
  ],
  text: 'SUMMER SALE',
};
const seenPeople: PeopleAndObjects = {
  faces: [{ box: { x: 500, y: 300, width: 120, height: 150 }, score: 0.93 }],
  objects: [
    { label: 'person', score: 0.81, box: { x: 450, y: 250, width: 300, height: 700 } },
    { label: 'car', score: 0.62, box: { x: 10, y: 600, width: 400, height: 200 } },
    { label: 'car', score: 0.71, box: { x: 900, y: 620, width: 380, height: 190 } },
  ],
  containsPeople: true,
};

/** Fakes that count their calls and note the pictures they were given. */
function fakes(behaviour: { detect?: () => Promise<PeopleAndObjects>; recognise?: () => Promise<TextInImage> } = {}) {
  const calls = { recognise: 0, detect: 0, images: [] as DetailImage[] };
  const textRecogniser: TextRecogniser = {
    producer: producer('text'),
    recognise: async (image) => {
      calls.recognise++;
      calls.images.push(image);
      return (behaviour.recognise ?? (() => Promise.resolve(seenText)))();
    },
    dispose: () => Promise.resolve(),
  };
  const detector: PeopleAndObjectDetector = {
    producers: { faces: producer('faces'), objects: producer('objects') },
    detect: async (image) => {
      calls.detect++;
      calls.images.push(image);
      return (behaviour.detect ?? (() => Promise.resolve(seenPeople)))();
    },
    dispose: () => Promise.resolve(),
  };
  return { calls, textRecogniser, detector };
}

for (const dialect of dialects) {
  describeDialect(dialect, `enrichment: text, faces and objects [${dialect}]`, () => {
    let rt: TestRuntime;
    let base: Enrichers;
    let dir: string;
    /** Detail decodes asked for, with their long edge. */
    const decodes: number[] = [];
    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
      base = await createEnrichers({ maxPixels: rt.config.maxPixels, pixelThreads: 0 });
      dir = await mkdtemp(join(tmpdir(), 'provena-content-'));
    });
    afterAll(async () => {
      await base?.dispose?.();
      await rt?.dispose();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    const serviceWith = (
      parts: Partial<Pick<Enrichers, 'textRecogniser' | 'faceDetector' | 'objectDetector'>>,
      extra: Partial<EnrichmentDeps> = {},
    ) => {
      const enrichers: Enrichers = {
        ...base,
        ...parts,
        decodeDetail: async (input, longEdge) => {
          decodes.push(longEdge);
          return base.decodeDetail(input, longEdge);
        },
      };
      return new EnrichmentService({ ...enrichmentDepsOn(rt, enrichers), ...extra });
    };

    /** A 2400 × 1600 photograph-like JPEG (smooth gradients and noise), EXIF-free. */
    const ingestPhoto = async (name: string, seed: number) => {
      const width = 2400;
      const height = 1600;
      const pixels = Buffer.alloc(width * height * 3);
      let state = seed;
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          state = (state * 1103515245 + 12345) & 0x7fffffff;
          const i = (y * width + x) * 3;
          pixels[i] = (x / width) * 200 + (state % 40);
          pixels[i + 1] = (y / height) * 180 + ((state >> 8) % 40);
          pixels[i + 2] = 90 + ((state >> 16) % 60);
        }
      const bytes = await sharp(pixels, { raw: { width, height, channels: 3 } })
        .jpeg({ quality: 85 })
        .toBuffer();
      const result = await rt.intake.intake(operator, Readable.from([bytes]), {
        fileName: name,
        fields: completeFields,
        mode: 'bulk',
      });
      return result.asset;
    };

    it('records words, faces and objects (also as tags of source objects) from one decode and one detection', async () => {
      const { calls, textRecogniser, detector } = fakes();
      const service = serviceWith({ textRecogniser, faceDetector: detector, objectDetector: detector });
      const asset = await ingestPhoto('street.jpg', 1);
      decodes.length = 0;
      const outcome = await service.enrichVersion(operator, asset.id, undefined);
      expect(outcome.steps.filter((s) => ['text', 'faces', 'objects'].includes(s.enricher))).toEqual([
        expect.objectContaining({ enricher: 'text', status: 'done', model: 'fake-text' }),
        expect.objectContaining({ enricher: 'faces', status: 'done', model: 'fake-faces' }),
        expect.objectContaining({ enricher: 'objects', status: 'done', model: 'fake-objects' }),
      ]);
      // One decode at the largest long edge a due step needs (OCR's), one detection for faces and objects.
      expect(decodes).toEqual([2048]);
      expect(calls).toMatchObject({ recognise: 1, detect: 1 });
      expect(calls.images[0]).toMatchObject({ width: 2048, height: 1365, channels: 3 });
      expect(calls.images[0]).toMatchObject({ originalWidth: 2400, originalHeight: 1600 });
      expect(calls.images[1]).toBe(calls.images[0]);

      const view = await rt.enrichments.view(operator, asset.id);
      const result = (name: string) => view.results.find((r) => r.enricher === name);
      expect(result('text')).toMatchObject({ status: 'done', result: { wordCount: 2, text: 'SUMMER SALE' } });
      expect(result('text')?.result.words).toEqual(seenText.words);
      expect(result('faces')).toMatchObject({ result: { count: 1, containsPeople: true, faces: seenPeople.faces } });
      expect(result('objects')).toMatchObject({ result: { count: 3, objects: seenPeople.objects } });
      // One tag per label at its best score.
      const objectTags = view.tags.filter((t) => t.source === 'objects');
      expect(objectTags.map((t) => [t.label, t.confidence, t.category]).sort()).toEqual([
        ['car', 0.71, 'object'],
        ['person', 0.81, 'object'],
      ]);
      expect(describeEnrichment(view)).toMatch(/text: +2 words: "SUMMER SALE"/);
      expect(describeEnrichment(view)).toMatch(/faces: +1, realistic people depicted/);
      expect(describeEnrichment(view)).toMatch(/objects: +person 0\.81, car 0\.62, car 0\.71/);

      // What the brand check reads.
      const facts = await rt.enrichments.contentFacts(operator, asset.id);
      expect(facts).toMatchObject({
        assetId: asset.id,
        kind: 'image',
        versionNumber: 1,
        width: 2400,
        height: 1600,
        words: seenText.words,
        text: 'SUMMER SALE',
        faces: seenPeople.faces,
        containsPeople: true,
        objects: seenPeople.objects,
        prompt: completeFields.prompt,
      });
      expect(facts.palette?.length).toBeGreaterThan(0);

      // A second run has nothing to do; `only` with force re-runs just those, sharing one smaller decode.
      const again = await service.enrichVersion(operator, asset.id, undefined);
      expect(again.steps.find((s) => s.enricher === 'text')?.status).toBe('skipped');
      decodes.length = 0;
      const rerun = await service.enrichVersion(operator, asset.id, undefined, {
        only: ['faces', 'objects'],
        force: true,
      });
      expect(rerun.steps.map((s) => [s.enricher, s.status])).toEqual([
        ['faces', 'done'],
        ['objects', 'done'],
      ]);
      expect(decodes).toEqual([1024]);
      expect(calls).toMatchObject({ recognise: 1, detect: 2 });
    });

    it('has no text, faces or objects step where the detectors are off, and none for a text asset', async () => {
      const service = serviceWith({});
      const asset = await ingestPhoto('plain.jpg', 2);
      const outcome = await service.enrichVersion(operator, asset.id, undefined);
      expect(outcome.steps.filter((s) => ['text', 'faces', 'objects'].includes(s.enricher))).toEqual([
        { enricher: 'text', status: 'not-applicable' },
        { enricher: 'faces', status: 'not-applicable' },
        { enricher: 'objects', status: 'not-applicable' },
      ]);
      const facts = await rt.enrichments.contentFacts(operator, asset.id);
      expect(facts.words).toBeUndefined();
      expect(facts.faces).toBeUndefined();
      // Turned off in this runtime's configuration (test/runtime.ts): not pending either.
      const { pending } = await rt.enrichments.view(operator, asset.id);
      expect(pending.filter((name) => ['text', 'faces', 'objects'].includes(name))).toEqual([]);

      // Faces on, objects off: one detector, only its faces recorded.
      const { detector } = fakes();
      const facesOnly = await serviceWith({ faceDetector: detector }).enrichVersion(operator, asset.id, undefined);
      expect(facesOnly.steps.filter((s) => s.status === 'done').map((s) => s.enricher)).toEqual(['faces']);

      const { textRecogniser } = fakes();
      const text = await rt.intake.intake(operator, Readable.from([Buffer.from('Summer copy')]), {
        fileName: 'copy.txt',
        fields: completeFields,
        mode: 'bulk',
      });
      const copy = await serviceWith({ textRecogniser, faceDetector: detector }).enrichVersion(
        operator,
        text.asset.id,
        undefined,
      );
      expect(copy.steps.map((s) => s.enricher)).toEqual(['concept-tags', 'variants']);
    });

    it('records a failed step, not a stuck job, when a detector throws or never answers', async () => {
      const throwing = fakes({ detect: () => Promise.reject(new Error('wasm backend lost')) });
      const asset = await ingestPhoto('failing.jpg', 3);
      const failed = await serviceWith(
        { textRecogniser: throwing.textRecogniser, faceDetector: throwing.detector, objectDetector: throwing.detector },
        { variants: rt.families },
      ).enrichVersion(operator, asset.id, undefined);
      expect(failed.steps.filter((s) => s.status === 'failed').map((s) => [s.enricher, s.error?.message])).toEqual([
        ['faces', 'wasm backend lost'],
        ['objects', 'wasm backend lost'],
      ]);
      expect(throwing.calls.detect).toBe(1);
      expect(failed.steps.find((s) => s.enricher === 'text')?.status).toBe('done');
      const stored = await rt.store.enrichment.results(asset.versions[0]!.id);
      expect(stored.find((r) => r.enricher === 'faces')).toMatchObject({ status: 'failed' });

      // A detector that never answers fails its steps at the deadline; the run ends and records the rest.
      const hanging = fakes({ detect: () => new Promise<never>(() => undefined) });
      const timedOut = await serviceWith(
        { faceDetector: hanging.detector, objectDetector: hanging.detector },
        { detectorTimeoutMs: 50 },
      ).enrichVersion(operator, asset.id, undefined, { only: ['faces', 'objects', 'palette'], force: true });
      expect(timedOut.steps.map((s) => [s.enricher, s.status, s.error?.code])).toEqual([
        ['palette', 'done', undefined],
        ['faces', 'failed', 'JOB_FAILED'],
        ['objects', 'failed', 'JOB_FAILED'],
      ]);
      expect(timedOut.steps[1]?.error?.message).toMatch(/did not answer within 50 ms/);

      // The next run retries the failed steps only.
      const { detector } = fakes();
      const retried = await serviceWith({ faceDetector: detector, objectDetector: detector }).enrichVersion(
        operator,
        asset.id,
        undefined,
      );
      expect(retried.steps.filter((s) => s.status === 'done').map((s) => s.enricher)).toEqual(['faces', 'objects']);
    });

    it('runs OCR and detection at the same time once the detail decode exists', async () => {
      // The recogniser answers only once detection has started: run one after the other, text would never finish.
      let detectionStarted: () => void = () => undefined;
      const started = new Promise<void>((resolve) => (detectionStarted = resolve));
      const { calls, textRecogniser, detector } = fakes({
        recognise: async () => started.then(() => seenText),
        detect: () => {
          detectionStarted();
          return Promise.resolve(seenPeople);
        },
      });
      const asset = await ingestPhoto('overlap.jpg', 5);
      const outcome = await serviceWith(
        { textRecogniser, faceDetector: detector, objectDetector: detector },
        // Only a safety net: without the overlap, text fails at this deadline instead of hanging the test.
        { detectorTimeoutMs: 20_000 },
      ).enrichVersion(operator, asset.id, undefined, { only: ['text', 'faces', 'objects'] });
      expect(outcome.steps.map((s) => [s.enricher, s.status])).toEqual([
        ['text', 'done'],
        ['faces', 'done'],
        ['objects', 'done'],
      ]);
      expect(calls).toMatchObject({ recognise: 1, detect: 1 });
    });

    it('fails the steps with the decoder’s error for a picture that cannot be decoded at detail size', async () => {
      const { textRecogniser } = fakes();
      const enrichers: Enrichers = {
        ...base,
        textRecogniser,
        decodeDetail: () => Promise.reject(new ProvenaError('CORRUPT_FILE', 'The image data is truncated.')),
      };
      const asset = await ingestPhoto('broken-detail.jpg', 4);
      const outcome = await new EnrichmentService(enrichmentDepsOn(rt, enrichers)).enrichVersion(
        operator,
        asset.id,
        undefined,
        { only: ['text', 'palette'] },
      );
      expect(outcome.steps.map((s) => [s.enricher, s.status, s.error?.code])).toEqual([
        ['palette', 'done', undefined],
        ['text', 'failed', 'CORRUPT_FILE'],
      ]);
    });

    itWith('ffmpeg', 'reads the text of a video on its poster frame', async () => {
      const file = join(dir, 'clip.mp4');
      execFileSync('ffmpeg', [
        ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=320x240:rate=25'],
        ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file],
      ]);
      const result = await rt.intake.intake(operator, Readable.from([await readFile(file)]), {
        fileName: 'clip.mp4',
        fields: completeFields,
        mode: 'bulk',
      });
      const { calls, textRecogniser } = fakes();
      const outcome = await serviceWith({ textRecogniser }).enrichVersion(operator, result.asset.id, undefined);
      expect(outcome.steps.find((s) => s.enricher === 'text')?.status).toBe('done');
      expect(calls.images[0]).toMatchObject({ width: 320, height: 240 });
    });
  });
}
