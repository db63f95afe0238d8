import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipEmbedder, MobileNetEmbedder, createEmbedder, createVisionModels, createVisualTaggers } from './index.ts';
import { makeTinyClip, tinyClipAvailability } from './test-support.ts';

const available = tinyClipAvailability();

describe('createVisionModels', () => {
  it('defaults to MobileNet serving as both embedder and moderation tagger', async () => {
    const models = await createVisionModels({ embedder: 'mobilenet' });
    expect(models.embedder).toBeInstanceOf(MobileNetEmbedder);
    expect(models.taggers).toEqual([models.embedder]);
    expect('embedText' in models.embedder!).toBe(false);
    await models.dispose();
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

describe.skipIf(!available.ok)('createVisionModels with CLIP', () => {
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
    expect(models.taggers.map((t) => t.constructor)).toEqual([MobileNetEmbedder, ClipEmbedder]);
    expect(models.taggers[1]).toBe(models.embedder);
    await models.dispose();
  });

  it('adds CLIP tags beside the MobileNet embedder when asked', async () => {
    const models = await createVisionModels({
      embedder: 'mobilenet',
      clipTags: true,
      clipModelDir: path.join(root, 'clip'),
    });
    expect(models.embedder).toBeInstanceOf(MobileNetEmbedder);
    expect(models.taggers.map((t) => t.constructor)).toEqual([MobileNetEmbedder, ClipEmbedder]);
    await models.dispose();
  });
});
