import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodedImage } from '../../domain/enrichment.ts';
import { isProvenaError } from '../../domain/errors.ts';
import { MobileNetEmbedder, bundledArtifacts, moderationClasses } from './mobilenet.ts';
import { decode, editedCopy, renderScene, scenes } from './test-support.ts';
import { tensorflow } from './tf-runtime.ts';
import { cosine } from './vector-math.ts';

/** A real collection between measurements, without needing --expose-gc on the test runner. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

const embedder = new MobileNetEmbedder();
beforeAll(() => embedder.init());

describe('MobileNetEmbedder (bundled nsfwjs weights)', () => {
  it('states its model, version and dimensions', () => {
    expect(embedder.model).toBe('mobilenet-v2-nsfw');
    expect(embedder.modelVersion).toMatch(/^nsfwjs-4\.\d+\.\d+$/);
    expect(embedder.dimensions).toBe(1280);
  });

  it('returns unit-length 1280-d vectors', async () => {
    const vector = await embedder.embedImage(await decode(await renderScene(scenes.sunset!, 300)));
    expect(vector).toBeInstanceOf(Float32Array);
    expect(vector.length).toBe(1280);
    const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
  });

  it('places an edited copy closer than any different scene', async () => {
    const names = Object.keys(scenes);
    const originals = await Promise.all(names.map((name) => renderScene(scenes[name]!, 512)));
    const vectors = await Promise.all(originals.map(async (png) => embedder.embedImage(await decode(png))));
    const edited = await Promise.all(originals.map(async (png) => embedder.embedImage(await editedCopy(png))));
    for (let i = 0; i < names.length; i++) {
      const own = cosine(vectors[i]!, edited[i]!);
      const others = vectors.filter((_, j) => j !== i).map((other) => cosine(other, edited[i]!));
      // Ratio, not absolute values: the copy must be clearly nearer than the nearest other scene.
      expect(own / Math.max(...others), `${names[i]}`).toBeGreaterThan(1.05);
    }
  });

  it('sees a resized copy as nearly the same image', async () => {
    const png = await renderScene(scenes.forest!, 1024);
    const big = await embedder.embedImage(await decode(png));
    const small = await embedder.embedImage(await decode(sharp(png).resize(256)));
    const other = await embedder.embedImage(await decode(await renderScene(scenes.checker!, 1024)));
    expect(cosine(big, small)).toBeGreaterThan(0.95);
    expect(1 - cosine(big, small)).toBeLessThan((1 - cosine(big, other)) / 4);
  });

  it('ignores the hidden colour of fully transparent pixels', async () => {
    const make = (hidden: number): DecodedImage => {
      const size = 64;
      const rgba = new Uint8Array(size * size * 4);
      for (let i = 0; i < size * size; i++) {
        const inside = Math.hypot((i % size) - 32, Math.floor(i / size) - 32) < 20;
        rgba.set(inside ? [200, 30, 30, 255] : [hidden, 255 - hidden, hidden, 0], i * 4);
      }
      return { width: size, height: size, originalWidth: size, originalHeight: size, channels: 4, rgba };
    };
    const a = await embedder.embedImage(make(0));
    const b = await embedder.embedImage(make(255));
    expect(cosine(a, b)).toBeGreaterThan(0.9999);
  });

  it('scores the five nsfwjs classes and tags the likely ones', async () => {
    const { tags, moderation } = await embedder.tag(await decode(await renderScene(scenes.checker!, 256)));
    expect(Object.keys(moderation.scores).sort()).toEqual([...moderationClasses].sort());
    const total = Object.values(moderation.scores).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 3);
    expect(moderation.model).toBe(`mobilenet-v2-nsfw@${embedder.modelVersion}`);
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) {
      expect(tag).toMatchObject({ category: 'moderation', source: 'visual', model: moderation.model });
      const score = Object.entries(moderation.scores).find(([name]) => name.toLowerCase() === tag.label)?.[1];
      expect(tag.confidence).toBe(score);
      expect(tag.confidence).toBeGreaterThanOrEqual(0.25);
    }
    expect([...tags].sort((a, b) => b.confidence - a.confidence)).toEqual(tags);
  });

  it('runs one inference for embedImage and tag on the same decoded image', async () => {
    const image = await decode(await renderScene(scenes.stripes!, 128));
    expect(embedder.analyse(image)).toBe(embedder.analyse(image));
    const [vector, { moderation }] = await Promise.all([embedder.embedImage(image), embedder.tag(image)]);
    expect(vector).toBe((await embedder.analyse(image)).embedding);
    expect(moderation).toBe((await embedder.analyse(image)).moderation);
  });

  it('refuses a malformed decoded image with a ProvenaError', async () => {
    const bad: DecodedImage = {
      width: 10,
      height: 10,
      originalWidth: 10,
      originalHeight: 10,
      channels: 4,
      rgba: new Uint8Array(7),
    };
    await expect(embedder.embedImage(bad)).rejects.toMatchObject({ name: 'ProvenaError', code: 'INTERNAL' });
  });

  it('does not grow memory over 400 images', async () => {
    const tf = await tensorflow();
    const images = await Promise.all(Object.values(scenes).map(async (scene) => decode(await renderScene(scene, 96))));
    // Fresh objects each time so that the per-image cache cannot short-circuit the inference.
    const run = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++) await embedder.tag({ ...images[i % images.length]! });
    };
    await run(100);
    collectGarbage();
    const tensorsBefore = tf.memory().numTensors;
    const bytesBefore = tf.memory().numBytes;
    const heapBefore = process.memoryUsage().heapUsed;
    const rssBefore = process.memoryUsage().rss;
    const count = 400;
    await run(count);
    collectGarbage();
    // A leaked tensor shows exactly, whatever the count.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(tf.memory().numBytes).toBe(bytesBefore);
    // Leaking 15 KB per image would show as +6 MB (10 % of a ~60 MB heap).
    expect((process.memoryUsage().heapUsed - heapBefore) / count).toBeLessThan(15_000);
    expect(process.memoryUsage().rss / rssBefore).toBeLessThan(1.25);
  }, 600_000);
});

describe('MobileNetEmbedder with an operator model directory', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'provena-mobilenet-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Writes the bundled nsfwjs model out in the ordinary tfjs layout (model.json + binary shard). */
  async function writeBundledModel(target: string): Promise<void> {
    const { modelJson, weightData } = await bundledArtifacts();
    await writeFile(path.join(target, 'model.json'), JSON.stringify(modelJson));
    await writeFile(path.join(target, 'group1-shard1of1'), new Uint8Array(weightData));
  }

  const expectConfigError = async (embedder: MobileNetEmbedder, pattern: RegExp): Promise<void> => {
    const error: unknown = await embedder.init().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isProvenaError(error) && error.code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toMatch(pattern);
  };

  it('loads a valid directory and matches the bundled model, with a digest as version', async () => {
    const good = path.join(dir, 'good');
    await mkdir(good);
    await writeBundledModel(good);
    const custom = new MobileNetEmbedder({ modelDir: good });
    await custom.init();
    expect(custom.modelVersion).toMatch(/^custom-[0-9a-f]{16}$/);
    const image = await decode(await renderScene(scenes.sunset!, 200));
    expect(cosine(await custom.embedImage(image), await embedder.embedImage({ ...image }))).toBeGreaterThan(0.9999);
    custom.dispose();
  });

  it('fails init() clearly when the directory does not exist', async () => {
    await expectConfigError(new MobileNetEmbedder({ modelDir: path.join(dir, 'nope') }), /model\.json does not exist/);
  });

  it('fails init() clearly when model.json is not JSON', async () => {
    const broken = path.join(dir, 'not-json');
    await mkdir(broken);
    await writeFile(path.join(broken, 'model.json'), '{"modelTopology": ');
    await expectConfigError(new MobileNetEmbedder({ modelDir: broken }), /not valid JSON/);
  });

  it('fails init() clearly when a weight shard is missing or truncated', async () => {
    const truncated = path.join(dir, 'truncated');
    await mkdir(truncated);
    await writeBundledModel(truncated);
    const shard = path.join(truncated, 'group1-shard1of1');
    const bytes = await readFile(shard);
    await writeFile(shard, bytes.subarray(0, bytes.length - 1000));
    await expectConfigError(new MobileNetEmbedder({ modelDir: truncated }), /weights hold \d+ bytes/);
    await rm(shard);
    await expectConfigError(new MobileNetEmbedder({ modelDir: truncated }), /weight file group1-shard1of1 is missing/);
  });

  it('refuses weight paths that leave the model directory', async () => {
    const escape = path.join(dir, 'escape');
    await mkdir(escape);
    await writeFile(
      path.join(escape, 'model.json'),
      JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['../good/group1-shard1of1'], weights: [] }] }),
    );
    await expectConfigError(new MobileNetEmbedder({ modelDir: escape }), /leaves the model directory/);
  });
});
