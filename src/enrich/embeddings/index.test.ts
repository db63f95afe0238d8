import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodedImage } from '../../domain/enrichment.ts';
import {
  ClipEmbedder,
  MobileNetEmbedder,
  MobileNetThread,
  createEmbedder,
  createVisionModels,
  createVisualTaggers,
} from './index.ts';
import { makeTinyClip } from './test-support.ts';
import { describeWith } from '../../../test/requirements.ts';

describe('createVisionModels', () => {
  it('defaults to MobileNet serving as both embedder and moderation tagger', async () => {
    const models = await createVisionModels({ embedder: 'mobilenet' });
    expect(models.embedder).toBeInstanceOf(MobileNetThread);
    expect(models.taggers).toEqual([models.embedder]);
    expect('embedText' in models.embedder!).toBe(false);
    await models.dispose();
  });

  it('runs MobileNet in a worker thread with the same results as in the main thread', async () => {
    const threaded = await createVisionModels({ embedder: 'mobilenet' });
    const inline = await createVisionModels({ embedder: 'mobilenet', mobilenetThread: false });
    try {
      expect(inline.embedder).toBeInstanceOf(MobileNetEmbedder);
      expect(threaded.embedder!.modelVersion).toBe(inline.embedder!.modelVersion);
      const width = 97;
      const height = 61;
      const rgba = new Uint8Array(width * height * 4);
      for (let i = 0; i < rgba.length; i++) rgba[i] = i % 4 === 3 ? 255 : (i * 2654435761) >>> 24;
      const image: DecodedImage = { width, height, originalWidth: width, originalHeight: height, channels: 4, rgba };
      const before = Buffer.from(rgba);
      const [a, b] = await Promise.all([threaded.embedder!.embedImage(image), inline.embedder!.embedImage(image)]);
      expect([...a]).toEqual([...b]);
      expect(Buffer.from(image.rgba).equals(before)).toBe(true); // the caller's pixels are left as they were
      const tags = await threaded.taggers[0]!.tag(image);
      expect(tags).toEqual(await inline.taggers[0]!.tag(image));
      // A malformed image fails in the caller, with the same code as in the main thread.
      const bad = { ...image, rgba: new Uint8Array(7) };
      await expect(threaded.embedder!.embedImage(bad)).rejects.toMatchObject({ code: 'INTERNAL' });
    } finally {
      await threaded.dispose();
      await inline.dispose();
    }
    // Disposed: a later request starts the thread again rather than hanging.
    const again = await (threaded.embedder as MobileNetThread).embedImage({
      width: 8,
      height: 8,
      originalWidth: 8,
      originalHeight: 8,
      channels: 4,
      rgba: new Uint8Array(256).fill(200),
    });
    expect(again).toHaveLength(1280);
    await threaded.dispose();
  });

  it('fails at creation when an operator model directory is missing, from the thread too', async () => {
    await expect(
      createVisionModels({ embedder: 'mobilenet', mobilenetModelDir: path.join(tmpdir(), 'no-such-mobilenet') }),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('gives no embedder for "none" and only what is asked for', async () => {
    expect(await createEmbedder({ kind: 'none' })).toBeUndefined();
    const models = await createVisionModels({ embedder: 'none', moderation: false });
    expect(models.embedder).toBeUndefined();
    expect(models.taggers).toEqual([]);
  });

  it('refuses CLIP without a model directory, naming the setting', async () => {
    await expect(createVisionModels({ embedder: 'clip' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      details: { field: 'clipModelDir' },
    });
    await expect(createVisualTaggers({ moderation: false, clipModelDir: '' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
  });

  it('refuses an unknown embedder kind', async () => {
    await expect(createVisionModels({ embedder: 'resnet' as never })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('fails at creation, not at the first job, when the CLIP directory is missing', async () => {
    await expect(
      createEmbedder({ kind: 'clip', clipModelDir: path.join(tmpdir(), 'no-such-clip') }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
  });
});

describeWith('tinyClip', 'createVisionModels with CLIP', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'provena-vision-'));
    makeTinyClip(path.join(root, 'clip'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('uses CLIP as the embedder and tagger, keeping MobileNet for moderation', async () => {
    const models = await createVisionModels({ embedder: 'clip', clipModelDir: path.join(root, 'clip') });
    expect(models.embedder).toBeInstanceOf(ClipEmbedder);
    expect('embedText' in models.embedder!).toBe(true);
    expect(models.taggers.map((t) => t.constructor)).toEqual([MobileNetThread, ClipEmbedder]);
    expect(models.taggers[1]).toBe(models.embedder);
    await models.dispose();
  });

  it('adds CLIP tags beside the MobileNet embedder when asked', async () => {
    const models = await createVisionModels({
      embedder: 'mobilenet',
      clipTags: true,
      clipModelDir: path.join(root, 'clip'),
    });
    expect(models.embedder).toBeInstanceOf(MobileNetThread);
    expect(models.taggers.map((t) => t.constructor)).toEqual([MobileNetThread, ClipEmbedder]);
    await models.dispose();
  });
});
