import { describe, expect, it } from 'vitest';
import type { ProvenaError } from './errors.ts';
import { defaultPresets, isByteCopy, parsePreset, renditionDigest } from './export-presets.ts';

const problemsOf = (value: unknown): { field: string; problem: string }[] => {
  try {
    parsePreset(value);
  } catch (error) {
    expect((error as ProvenaError).code).toBe('VALIDATION_FAILED');
    return (error as ProvenaError).details.problems as { field: string; problem: string }[];
  }
  throw new Error('accepted');
};

const facts = { exporterVersion: 'x@1', assetId: 'a1', version: 1, rights: { creditLine: 'ACME' } };

describe('rendition presets', () => {
  it('every default preset passes its own validation unchanged', () => {
    for (const preset of defaultPresets) expect(parsePreset(preset)).toEqual(preset);
    expect(defaultPresets.filter(isByteCopy).map((p) => p.name)).toEqual(['print']);
  });

  it('fills fit, colour space and metadata policy with their defaults', () => {
    expect(parsePreset({ name: 'web-small', format: 'webp', width: 640 })).toEqual({
      name: 'web-small',
      width: 640,
      fit: 'inside',
      format: 'webp',
      colourSpace: 'srgb',
      metadata: 'provenance',
    });
  });

  it.each([
    [{ name: 'Web 1600', format: 'webp' }, 'preset.name', 'lower-case slug'],
    [{ name: 'a-', format: 'webp' }, 'preset.name', 'lower-case slug'],
    [{ format: 'webp' }, 'preset.name', 'is required'],
    [{ name: 'x', format: 'gif' }, 'preset.format', 'original, jpeg, png, webp'],
    [{ name: 'x', format: 'webp', fit: 'stretch' }, 'preset.fit', 'inside, cover, contain'],
    [{ name: 'x', format: 'webp', colourSpace: 'adobe-rgb' }, 'preset.colourSpace', 'srgb, display-p3'],
    [{ name: 'x', format: 'webp', metadata: 'all' }, 'preset.metadata', 'provenance, keep-original, strip'],
    [{ name: 'x', format: 'webp', width: 0 }, 'preset.width', 'from 1 to 16384'],
    [{ name: 'x', format: 'webp', height: 16385 }, 'preset.height', 'from 1 to 16384'],
    [{ name: 'x', format: 'webp', width: 10.5 }, 'preset.width', 'whole number'],
    [{ name: 'x', format: 'jpeg', quality: 0 }, 'preset.quality', 'from 1 to 100'],
    [{ name: 'x', format: 'jpeg', quality: 101 }, 'preset.quality', 'from 1 to 100'],
    [{ name: 'x', format: 'png', quality: 80 }, 'preset.quality', 'jpeg and webp only'],
    [{ name: 'x', format: 'jpeg', fit: 'cover', width: 100 }, 'preset.fit', 'needs both width and height'],
    [{ name: 'x', format: 'jpeg', metadata: 'keep-original' }, 'preset.metadata', 'byte for byte'],
    [{ name: 'x', format: 'original', width: 10, metadata: 'keep-original' }, 'preset.metadata', 'byte for byte'],
    [{ name: 'x', format: 'webp', watermark: 'a\u0000b' }, 'preset.watermark', 'control characters'],
    [{ name: 'x', format: 'webp', colour: 'srgb' }, 'preset.colour', 'unknown field'],
  ])('refuses %j naming %s', (value, field, problem) => {
    const problems = problemsOf(value);
    expect(problems).toContainEqual({ field, problem: expect.stringContaining(problem) as unknown });
  });

  it('lists every problem at once', () => {
    expect(problemsOf({ name: 'BAD', format: 'bmp', quality: 500 }).map((p) => p.field)).toEqual([
      'preset.name',
      'preset.quality',
      'preset.format',
    ]);
    expect(problemsOf('web-1600')).toEqual([
      { field: 'preset', problem: expect.stringContaining('object') as unknown },
    ]);
  });
});

describe('rendition digest', () => {
  const web = defaultPresets[0]!;
  it('is the same for the same shape and facts, whatever the name, description or key order', () => {
    const renamed = { ...web, name: 'renamed', description: 'other words' };
    expect(renditionDigest(renamed, facts)).toBe(renditionDigest(web, facts));
    const reordered = Object.fromEntries(Object.entries(web).reverse()) as typeof web;
    expect(renditionDigest(reordered, { ...facts })).toBe(renditionDigest(web, facts));
  });

  it('changes with anything that changes the bytes', () => {
    const base = renditionDigest(web, facts);
    expect(renditionDigest({ ...web, quality: 81 }, facts)).not.toBe(base);
    expect(renditionDigest({ ...web, watermark: 'PROOF' }, facts)).not.toBe(base);
    expect(renditionDigest(web, { ...facts, exporterVersion: 'x@2' })).not.toBe(base);
    expect(renditionDigest(web, { ...facts, version: 2 })).not.toBe(base);
    expect(renditionDigest(web, { ...facts, rights: { creditLine: 'Other' } })).not.toBe(base);
    expect(renditionDigest(web, { ...facts, title: 'A title' })).not.toBe(base);
  });
});
