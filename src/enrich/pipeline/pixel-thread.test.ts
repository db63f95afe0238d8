import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodedImage } from '../../domain/enrichment.ts';
import { isProvenaError } from '../../domain/errors.ts';
import { extractPalette } from '../colour/index.ts';
import { decodeImage } from '../decode/index.ts';
import { testImages } from '../decode/test-images.ts';
import { queryHashes } from '../hashes/crop-probes.ts';
import { thumbhashOf } from '../renditions/placeholder.ts';
import { createEnrichers } from './enrichers.ts';
import { PixelThreads, pixelThreadNice } from './pixel-thread.ts';

/** Seeded noise over a gradient, with an optional alpha ramp: many palette bins and non-trivial hashes. */
const noisy = async (dir: string, seed: number, alpha: boolean): Promise<string> => {
  const width = 300;
  const height = 200;
  const channels = alpha ? 4 : 3;
  const raw = Buffer.alloc(width * height * channels);
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) >>> 0) >>> 24) & 0xff;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * channels;
      raw[at] = ((x * 255) / width + next() / 4) & 0xff;
      raw[at + 1] = ((y * 255) / height + next() / 4) & 0xff;
      raw[at + 2] = next();
      if (alpha) raw[at + 3] = (x * 255) / width;
    }
  }
  const path = join(dir, `noisy-${seed}-${alpha}.png`);
  await sharp(raw, { raw: { width, height, channels } }).png().toFile(path);
  return path;
};

describe('pixel threads', () => {
  let dir: string;
  let images: DecodedImage[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'provena-pixel-thread-'));
    const files = [
      await noisy(dir, 1, false),
      await noisy(dir, 2, true),
      await testImages.halves(dir),
      await testImages.transparent(dir),
      await testImages.onePixel(dir),
    ];
    images = await Promise.all(files.map(async (f) => (await decodeImage(f, { limitInputPixels: 1e8 })).image));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives bit-for-bit the palettes, hashes and placeholders of the inline code, with the caller’s pixels untouched', async () => {
    const threads = new PixelThreads(2);
    try {
      for (const image of images) {
        const before = Buffer.from(image.rgba);
        const posted = threads.posted;
        const [palette, hashes, placeholder] = await Promise.all([
          threads.run('palette', image),
          threads.run('hashes', image),
          threads.run('placeholder', image),
        ]);
        // Asked for in one tick: one message there and one back.
        expect(threads.posted).toBe(posted + 1);
        expect(palette).toEqual({ task: 'palette', palette: extractPalette(image) });
        expect(hashes).toEqual({ task: 'hashes', hashes: queryHashes(image) });
        expect(placeholder).toEqual({ task: 'placeholder', thumbhash: thumbhashOf(image) });
        expect(Buffer.from(image.rgba).equals(before)).toBe(true);
      }
      // Asked for in separate ticks: separate messages, the same answers.
      const posted = threads.posted;
      expect(await threads.run('palette', images[0]!)).toEqual({
        task: 'palette',
        palette: extractPalette(images[0]!),
      });
      expect(await threads.run('hashes', images[0]!)).toEqual({ task: 'hashes', hashes: queryHashes(images[0]!) });
      expect(threads.posted).toBe(posted + 2);
    } finally {
      await threads.dispose();
    }
  });

  it('serves the Enrichers port the same with threads as inline', async () => {
    const inline = await createEnrichers({ maxPixels: 1e8, pixelThreads: 0 });
    const threaded = await createEnrichers({ maxPixels: 1e8, pixelThreads: 1 });
    try {
      const picture = await threaded.decode(await noisy(dir, 7, false));
      const [palette, hashes] = await Promise.all([threaded.palette(picture), threaded.hashes(picture)]);
      expect(palette.length).toBeGreaterThan(0);
      expect(palette).toEqual(await inline.palette(picture));
      expect(hashes.stored).toEqual((await inline.hashes(picture)).stored);
      expect(hashes.probe).toEqual((await inline.hashes(picture)).probe);
      const storeNowhere = () => Promise.resolve();
      const renditions = await threaded.renditions(picture, storeNowhere);
      expect(renditions.signals.placeholder?.value).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
      expect(renditions.signals.placeholder).toEqual(
        (await inline.renditions(picture, storeNowhere)).signals.placeholder,
      );
      // Concept tags too, though they need no pixels.
      const input = {
        prompt: 'portrait of a knight in the style of Greg Rutkowski, oil painting',
        fileName: 'castle.png',
      };
      const tags = await threaded.conceptTags(input);
      expect(tags.map((t) => t.label)).toEqual(expect.arrayContaining(['Greg Rutkowski', 'oil painting']));
      expect(tags).toEqual(await inline.conceptTags(input));
    } finally {
      await threaded.dispose?.();
      await inline.dispose?.();
    }
  });

  it('reports a failure in the thread as an error and keeps serving', async () => {
    const threads = new PixelThreads(1);
    try {
      const image = images[0]!;
      // A raster shorter than its stated size: whatever the enricher does with it, the caller gets an answer.
      const broken: DecodedImage = { ...image, rgba: new Uint8Array(0), width: 1e9 };
      const outcome = await threads.run('hashes', broken).then(
        () => 'resolved',
        (error: unknown) => (error instanceof Error ? 'rejected' : 'other'),
      );
      expect(['resolved', 'rejected']).toContain(outcome);
      expect(await threads.run('hashes', image)).toEqual({ task: 'hashes', hashes: queryHashes(image) });
    } finally {
      await threads.dispose();
    }
  });

  it('starts every thread up front when asked, and none before', async () => {
    const threads = new PixelThreads(2);
    try {
      expect(threads.running).toBe(0);
      await threads.start();
      expect(threads.running).toBe(2);
      await threads.start(); // idempotent: the running threads are kept
      expect(threads.running).toBe(2);
      expect(await threads.run('palette', images[0]!)).toEqual({
        task: 'palette',
        palette: extractPalette(images[0]!),
      });
    } finally {
      await threads.dispose();
    }
    expect(threads.running).toBe(0);
    await expect(threads.start()).rejects.toSatisfy(
      (error: unknown) => isProvenaError(error) && error.code === 'JOB_FAILED',
    );
  });

  it.runIf(process.platform === 'linux')('runs its threads below the priority of the rest of the process', async () => {
    /** This process's threads at each nice value (field 19 of /proc/self/task/<tid>/stat). */
    const threadsAtNice = (nice: number) =>
      readdirSync('/proc/self/task').filter((tid) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) === nice;
      }).length;
    const before = threadsAtNice(pixelThreadNice);
    const threads = new PixelThreads(2);
    try {
      await threads.start();
      expect(threadsAtNice(pixelThreadNice)).toBe(before + 2);
      expect(threadsAtNice(0)).toBeGreaterThan(0); // the main thread, libuv's and libvips' are left as they were
    } finally {
      await threads.dispose();
    }
  });

  it('refuses requests after dispose and a bad thread count', async () => {
    const threads = new PixelThreads(1);
    await threads.dispose();
    await expect(threads.run('palette', images[0]!)).rejects.toSatisfy(
      (error: unknown) => isProvenaError(error) && error.code === 'JOB_FAILED',
    );
    expect(() => new PixelThreads(0)).toThrow(/thread count/);
  });
});
