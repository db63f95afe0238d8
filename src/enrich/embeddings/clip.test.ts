/**
 * The real CLIP loading and inference code against the tiny CLIP-shaped model that ../shared/scripts/make-tiny-clip.py
 * writes (a 4 KB model in the Hugging Face layout). Its vision tower is mean colour → random projection and its text
 * tower a bag of word vectors, so the tests check wiring and maths, not semantics.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodedImage } from '../../domain/enrichment.ts';
import { isProvenaError } from '../../domain/errors.ts';
import { ClipEmbedder, defaultClipVocabularyPath, readVocabulary } from './clip.ts';
import type { ClipVocabulary } from './clip.ts';
import { makeTinyClip } from './test-support.ts';
import { cosine } from './vector-math.ts';
import { describeWith } from '../../../test/requirements.ts';

function solid(rgb: [number, number, number], size = 40): DecodedImage {
  const rgba = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) rgba.set([...rgb, 255], i * 4);
  return { width: size, height: size, originalWidth: size, originalHeight: size, channels: 4, rgba };
}

const vocabulary: ClipVocabulary = {
  version: 1,
  categories: {
    object: { template: 'a photo of {}', labels: ['cat', 'dog', 'castle'] },
    scene: { template: '{}', labels: ['neon city', 'castle'] },
  },
};

describeWith('tinyClip', 'ClipEmbedder with the tiny model', () => {
  let root: string;
  let modelDir: string;
  let clip: ClipEmbedder;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'provena-clip-'));
    modelDir = path.join(root, 'tiny-clip');
    makeTinyClip(modelDir);
    clip = new ClipEmbedder({ modelDir, vocabulary, maxTagsPerCategory: 2, minTagConfidence: 0 });
    await clip.init();
  });
  afterAll(async () => {
    await clip?.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('reports the model, a weights fingerprint and the projection width', () => {
    expect(clip.model).toBe('clip:tiny-clip');
    expect(clip.modelVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(clip.dimensions).toBe(16);
  });

  it('embeds text and images as unit vectors of the same width', async () => {
    const text = await clip.embedText('a photo of a cat');
    const image = await clip.embedImage(solid([200, 40, 40]));
    for (const vector of [text, image]) {
      expect(vector.length).toBe(16);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
  });

  it('computes the text tower faithfully: a bag of words, order-free, unknown words count', async () => {
    // The tiny text tower sums word vectors, so word order must not matter and a different word must.
    const a = await clip.embedText('cat photo');
    const b = await clip.embedText('photo cat');
    const c = await clip.embedText('dog photo');
    expect(cosine(a, b)).toBeCloseTo(1, 5);
    expect(cosine(a, c)).toBeLessThan(0.999);
  });

  it('computes the vision tower faithfully: depends on mean colour, not on size or layout', async () => {
    const red = await clip.embedImage(solid([200, 40, 40], 64));
    const redLarge = await clip.embedImage(solid([200, 40, 40], 300));
    const blue = await clip.embedImage(solid([30, 60, 220], 64));
    // Not exact: the processor resamples bicubically, and edges differ by rounding between sizes.
    expect(cosine(red, redLarge)).toBeCloseTo(1, 3);
    expect(cosine(red, blue)).toBeLessThan(0.999);
  });

  it('composites transparency over white before the processor', async () => {
    const clear = solid([0, 0, 0]);
    clear.rgba.forEach((_, i) => i % 4 === 3 && (clear.rgba[i] = 0));
    const white = await clip.embedImage(solid([255, 255, 255]));
    expect(cosine(await clip.embedImage(clear), white)).toBeCloseTo(1, 5);
  });

  it('tags by softmax over each category, matching a direct computation', async () => {
    const image = solid([40, 180, 90]);
    const { tags } = await clip.tag(image);
    const vector = await clip.embedImage(image);
    for (const [category, entry] of Object.entries(vocabulary.categories)) {
      const logits = await Promise.all(
        entry.labels.map(
          async (label) => 100 * cosine(vector, await clip.embedText(entry.template.replace('{}', label))),
        ),
      );
      const top = Math.max(...logits);
      const exps = logits.map((l) => Math.exp(l - top));
      const sum = exps.reduce((x, y) => x + y, 0);
      const expected = entry.labels
        .map((label, i) => ({ label, confidence: exps[i]! / sum }))
        .sort((x, y) => y.confidence - x.confidence)
        .slice(0, 2);
      const got = tags.filter((tag) => tag.category === category);
      expect(got.map((tag) => tag.label)).toEqual(expected.map((e) => e.label));
      got.forEach((tag, i) => expect(tag.confidence).toBeCloseTo(expected[i]!.confidence, 4));
    }
    for (const tag of tags) {
      expect(tag).toMatchObject({ source: 'visual', model: `clip:tiny-clip@${clip.modelVersion}` });
    }
  });

  it('fails init() clearly when the directory or a file is missing', async () => {
    const expectConfig = async (options: ConstructorParameters<typeof ClipEmbedder>[0], pattern: RegExp) => {
      const error: unknown = await new ClipEmbedder(options).init().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isProvenaError(error) && error.code).toBe('CONFIG_INVALID');
      expect((error as Error).message).toMatch(pattern);
    };
    await expectConfig(
      { modelDir: path.join(root, 'absent') },
      /missing or empty: config\.json, .*onnx\/vision_model\.onnx/,
    );

    const partial = path.join(root, 'no-vision');
    await cp(modelDir, partial, { recursive: true });
    await rm(path.join(partial, 'onnx', 'vision_model.onnx'));
    await expectConfig({ modelDir: partial }, /missing or empty: onnx\/vision_model\.onnx$/);
    await expectConfig({ modelDir, dtype: 'q8' }, /onnx\/vision_model_quantized\.onnx/);
  });

  it('fails init() clearly when a model file is corrupt', async () => {
    const corrupt = path.join(root, 'corrupt');
    await cp(modelDir, corrupt, { recursive: true });
    const file = path.join(corrupt, 'onnx', 'text_model.onnx');
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error: unknown = await new ClipEmbedder({ modelDir: corrupt }).init().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isProvenaError(error) && error.code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toMatch(/corrupt.*do not load/);

    const badConfig = path.join(root, 'bad-config');
    await cp(modelDir, badConfig, { recursive: true });
    await writeFile(path.join(badConfig, 'config.json'), '{not json');
    await expect(new ClipEmbedder({ modelDir: badConfig }).init()).rejects.toThrow(/config\.json is not valid JSON/);
  });

  it('refuses a broken vocabulary at init()', async () => {
    const bad = { version: 1, categories: { object: { template: 'no placeholder', labels: ['cat'] } } };
    await expect(new ClipEmbedder({ modelDir, vocabulary: bad }).init()).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/template must be a string containing \{\}/) as unknown,
    });
  });

  it('loads with the default vocabulary', async () => {
    const withDefault = new ClipEmbedder({ modelDir });
    await withDefault.init();
    const { tags } = await withDefault.tag(solid([120, 120, 200]));
    expect(tags.every((tag) => tag.confidence >= 0.15)).toBe(true);
    await withDefault.dispose();
  });
});

describe('onnxruntime-node', () => {
  it('loads its bundled native binary although its (downloading) postinstall is denied', async () => {
    const ort = await import('onnxruntime-node');
    expect(typeof ort.InferenceSession.create).toBe('function');
    const tensor = new ort.Tensor('float32', new Float32Array([1, 2]), [1, 2]);
    expect(tensor.dims).toEqual([1, 2]);
  });
});

describe('the default CLIP vocabulary', () => {
  it('has a few hundred unique labels over objects, scenes, styles and mediums', async () => {
    const vocabulary = await readVocabulary(defaultClipVocabularyPath);
    expect(Object.keys(vocabulary.categories).sort()).toEqual(['medium', 'object', 'scene', 'style']);
    const total = Object.values(vocabulary.categories).reduce((n, entry) => n + entry.labels.length, 0);
    expect(total).toBeGreaterThan(300);
  });

  it('rejects unknown categories and repeated labels', async () => {
    await expect(
      readVocabulary({ version: 1, categories: { colour: { template: '{}', labels: ['red'] } } } as never),
    ).rejects.toThrow(/unknown tag category colour/);
    await expect(
      readVocabulary({ version: 1, categories: { object: { template: '{}', labels: ['cat', 'cat'] } } }),
    ).rejects.toThrow(/labels repeat/);
  });
});
