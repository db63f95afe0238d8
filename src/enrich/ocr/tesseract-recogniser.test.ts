import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  distractorSample,
  outlinedSample,
  photosOnDisk,
  plainSample,
  wordsFound,
} from '../../../bench/brand/text-set.ts';
import type { TextSample } from '../../../bench/brand/text-set.ts';
import type { DetailImage, TextRecogniser } from '../../domain/image-content.ts';
import { ProvenaError } from '../../domain/errors.ts';
import { describeWith } from '../../../test/requirements.ts';
import { createTextRecogniser } from './index.ts';

/** A picture of `lines` (SVG text, DejaVu Sans) at `fontPx`, decoded at `scale` of its size as the detail decode would. */
async function page(
  lines: string[],
  options: { width: number; height: number; fontPx: number; left?: number; top?: number; scale?: number },
): Promise<DetailImage> {
  const { width, height, fontPx, left = 40, top = 40, scale = 1 } = options;
  const text = lines
    .map(
      (line, i) =>
        `<text x="${left}" y="${top + fontPx + i * fontPx * 1.5}" font-family="DejaVu Sans" font-size="${fontPx}" fill="#111">${line}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f4f1ea"/>${text}</svg>`;
  const [w, h] = [Math.round(width * scale), Math.round(height * scale)];
  const rgb = await sharp(Buffer.from(svg)).resize(w, h).removeAlpha().raw().toBuffer();
  return { width: w, height: h, channels: 3, rgb: new Uint8Array(rgb), originalWidth: width, originalHeight: height };
}

const recall = async (recogniser: TextRecogniser, samples: TextSample[]) => {
  let drawn = 0;
  let found = 0;
  for (const sample of samples) {
    const { words } = await recogniser.recognise(sample.image);
    drawn += sample.words.length;
    found += wordsFound(
      sample.words,
      words.map((w) => w.text),
    );
  }
  return found / drawn;
};

const vocabulary =
  'market garden window silver planet coffee summer winter harbour mountain river forest island bridge';

describeWith('fonts', 'OCR (tesseract.js)', () => {
  let recogniser: TextRecogniser;
  beforeAll(() => {
    recogniser = createTextRecogniser();
  });
  afterAll(async () => {
    await recogniser.dispose();
  });

  it('names its producer: the text enricher, the model, the tesseract.js version and the pass recipe', () => {
    expect(recogniser.producer).toEqual({
      enricher: 'text',
      model: 'tesseract.js-eng-best-int',
      modelVersion: expect.stringMatching(/^7\.\d+\.\d+\+passes-\d+$/) as string,
    });
  });

  it('reads plain rendered text of the evaluation set (a slice: recall ≥ 0.95)', async () => {
    const samples = await Promise.all([0, 1, 2].map((i) => plainSample(i, 1024, 7)));
    expect(await recall(recogniser, samples)).toBeGreaterThanOrEqual(0.95);
  });

  it('reads outlined text over photographs (or generated scenes without them) of the evaluation set (a slice: recall ≥ 0.75)', async () => {
    const photos = photosOnDisk();
    const samples = await Promise.all([0, 1, 2, 3].map((i) => outlinedSample(i, photos, 1024, 7)));
    expect(await recall(recogniser, samples)).toBeGreaterThanOrEqual(0.75);
  });

  it('gives words with boxes in the original picture’s pixels, confidence 0..1, and the text by lines', async () => {
    // Drawn at 2000×1000 and handed over at half size: boxes must come back in the 2000×1000 frame.
    const image = await page(['Harbour Lights', 'open every evening'], {
      width: 2000,
      height: 1000,
      fontPx: 96,
      left: 600,
      top: 300,
      scale: 0.5,
    });
    const result = await recogniser.recognise(image);
    expect(result.text).toBe('Harbour Lights\nopen every evening');
    const harbour = result.words.find((w) => w.text === 'Harbour')!;
    expect(harbour.box.x).toBeGreaterThan(580);
    expect(harbour.box.x).toBeLessThan(640);
    expect(harbour.box.y).toBeGreaterThan(300);
    expect(harbour.box.y + harbour.box.height).toBeLessThan(430);
    expect(harbour.box.width).toBeGreaterThan(300);
    for (const word of result.words) {
      expect(word.confidence).toBeGreaterThan(0);
      expect(word.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('finds no words in pictures without text: a photograph or scene, a flat fill', async () => {
    const distractors = await Promise.all([0, 1].map((i) => distractorSample(i, photosOnDisk(), 1024, 7)));
    for (const sample of distractors) expect((await recogniser.recognise(sample.image)).words).toEqual([]);
    const flat: DetailImage = {
      width: 512,
      height: 512,
      channels: 3,
      rgb: new Uint8Array(512 * 512 * 3).fill(200),
      originalWidth: 512,
      originalHeight: 512,
    };
    expect(await recogniser.recognise(flat)).toEqual({ words: [], text: '' });
  });

  it('answers tiny pictures with no words instead of failing', async () => {
    for (const side of [1, 3, 9, 12]) {
      const tiny: DetailImage = {
        width: side,
        height: side,
        channels: 3,
        rgb: new Uint8Array(side * side * 3).fill(90),
        originalWidth: side,
        originalHeight: side,
      };
      expect((await recogniser.recognise(tiny)).words).toEqual([]);
    }
  });

  it('refuses a picture whose pixels do not match its size, naming both', async () => {
    const broken: DetailImage = {
      width: 100,
      height: 100,
      channels: 3,
      rgb: new Uint8Array(10),
      originalWidth: 100,
      originalHeight: 100,
    };
    await expect(recogniser.recognise(broken)).rejects.toThrow(/10 bytes, not 100×100×3/);
  });

  it('reads a page of a thousand words, all of them', async () => {
    const words = vocabulary.split(' ');
    const lines = Array.from({ length: 50 }, (_, row) =>
      Array.from({ length: 20 }, (_, col) => words[(row * 7 + col) % words.length]).join(' '),
    );
    const image = await page(lines, { width: 1600, height: 1600, fontPx: 20, left: 20, top: 10 });
    const drawn = lines.join(' ').split(' ');
    const all = await recogniser.recognise(image);
    expect(
      wordsFound(
        drawn,
        all.words.map((w) => w.text),
      ) / drawn.length,
    ).toBeGreaterThanOrEqual(0.95);
  });

  it('caps the words it returns at maxWords, in reading order, the text with them', async () => {
    const lines = ['market garden window silver planet coffee summer', 'winter harbour mountain river forest island'];
    const image = await page(lines, { width: 1400, height: 300, fontPx: 40 });
    const capped = createTextRecogniser({ maxWords: 9 });
    try {
      const result = await capped.recognise(image);
      expect(result.words.map((w) => w.text)).toEqual([...lines[0]!.split(' '), 'winter', 'harbour']);
      expect(result.text).toBe(`${lines[0]}\nwinter harbour`);
    } finally {
      await capped.dispose();
    }
  });

  it('honours an abort signal: before the call, while queued and while reading; then reads the next picture', async () => {
    const image = await page(['Silver Planet'], { width: 800, height: 300, fontPx: 64 });
    await expect(recogniser.recognise(image, { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);

    const running = new AbortController();
    const queued = new AbortController();
    const first = recogniser.recognise(image, { signal: running.signal });
    const second = recogniser.recognise(image, { signal: queued.signal });
    const third = recogniser.recognise(image);
    queued.abort();
    running.abort();
    await expect(first).rejects.toThrow(/abort/i);
    await expect(second).rejects.toThrow(/abort/i);
    expect((await third).text).toBe('Silver Planet');
  });

  it('queues a bounded number of pictures and refuses more with a retryable error', async () => {
    const image = await page(['Garden Market'], { width: 800, height: 300, fontPx: 64 });
    const small = createTextRecogniser({ maxQueued: 1 });
    try {
      const running = small.recognise(image);
      const waiting = small.recognise(image);
      const refused = await small.recognise(image).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ProvenaError);
      expect((refused as ProvenaError).code).toBe('TRANSIENT_FAILURE');
      expect((await running).text).toBe('Garden Market');
      expect((await waiting).text).toBe('Garden Market');
    } finally {
      await small.dispose();
    }
  });

  it('stops a picture that takes longer than its limit with JOB_FAILED, and refuses calls after dispose()', async () => {
    const image = await page(['Coffee Island'], { width: 800, height: 300, fontPx: 64 });
    // A limit no recognition (worker start included) can meet, so the outcome does not depend on the machine.
    const hasty = createTextRecogniser({ recogniseTimeoutMs: 1 });
    const late = await hasty.recognise(image).catch((error: unknown) => error);
    expect((late as ProvenaError).code).toBe('JOB_FAILED');
    await hasty.dispose();
    await expect(hasty.recognise(image)).rejects.toThrow(/after dispose/);
  });

  it('answers the running and the waiting calls when disposed in the middle of them', async () => {
    const image = await page(['Mountain Station'], { width: 800, height: 300, fontPx: 64 });
    const closing = createTextRecogniser();
    const outcomes = Promise.allSettled([closing.recognise(image), closing.recognise(image)]);
    await closing.dispose();
    for (const outcome of await outcomes) {
      expect(outcome.status).toBe('rejected');
      expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/disposed/);
    }
  });

  it('fails to start with CONFIG_INVALID naming the language data when it is missing', async () => {
    const missing = createTextRecogniser({ langPath: '/nonexistent/tessdata' });
    const image = await page(['River'], { width: 400, height: 200, fontPx: 48 });
    const error = await missing.recognise(image).catch((e: unknown) => e);
    expect((error as ProvenaError).code).toBe('CONFIG_INVALID');
    expect((error as ProvenaError).message).toContain('/nonexistent/tessdata/eng.traineddata.gz');
    await missing.dispose();
  });
});
