import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { queryHashes, storedHashes, type StoredHashes } from '../hashes/crop-probes.ts';
import { decodeForHashing } from '../hashes/local-decode.ts';
import {
  classifyPair,
  compareWithStored,
  cropThresholds,
  directThresholds,
  embeddingConfirmCosine,
  featurelessPair,
  variantDHashThreshold,
  variantPHashThreshold,
} from './near-duplicate.ts';
import { NearDuplicateIndex } from './near-duplicate-index.ts';

describe('classifyPair', () => {
  it('calls a pair a near-duplicate only when both hashes are within the direct thresholds', () => {
    expect(classifyPair({ dHash: 0, pHash: 0, via: 'direct' }).verdict).toBe('near-duplicate');
    expect(classifyPair({ dHash: directThresholds.dHash, pHash: directThresholds.pHash, via: 'direct' }).verdict).toBe(
      'near-duplicate',
    );
    expect(classifyPair({ dHash: directThresholds.dHash + 1, pHash: 0, via: 'direct' }).verdict).not.toBe(
      'near-duplicate',
    );
    expect(classifyPair({ dHash: 0, pHash: directThresholds.pHash + 1, via: 'direct' }).verdict).not.toBe(
      'near-duplicate',
    );
  });

  it('holds crop-probe matches to the crop thresholds', () => {
    expect(classifyPair({ dHash: cropThresholds.dHash, pHash: cropThresholds.pHash, via: 'crop' }).verdict).toBe(
      'near-duplicate',
    );
    expect(classifyPair({ dHash: cropThresholds.dHash + 1, pHash: 0, via: 'crop' }).verdict).toBe('distinct');
    // A crop probe never proposes variants: ~70 probes would make loose matches meaningless.
    expect(classifyPair({ dHash: 30, pHash: variantPHashThreshold, via: 'crop' }).verdict).toBe('distinct');
  });

  it('proposes looser whole-image similarity as a variant candidate, and calls the rest distinct', () => {
    const close = { dHash: variantDHashThreshold, pHash: variantPHashThreshold, via: 'direct' } as const;
    expect(classifyPair(close).verdict).toBe('variant-candidate');
    expect(classifyPair({ ...close, pHash: variantPHashThreshold + 1 }).verdict).toBe('distinct');
    // Rule @4: the layout alone (pHash) is not enough; the gradients (dHash) must be close too.
    expect(classifyPair({ ...close, dHash: variantDHashThreshold + 1 }).verdict).toBe('distinct');
    expect(classifyPair({ dHash: 30, pHash: 16, via: 'direct' }).verdict).toBe('distinct');
  });

  it('lets an embedding veto a hash match, or raise a distinct pair to a variant candidate', () => {
    const demoted = classifyPair({ dHash: 2, pHash: 2, via: 'direct', embeddingCosine: embeddingConfirmCosine - 0.01 });
    expect(demoted.verdict).toBe('variant-candidate');
    expect(demoted.reason).toMatch(/embedding cosine/);
    expect(classifyPair({ dHash: 2, pHash: 2, via: 'direct', embeddingCosine: 0.97 }).verdict).toBe('near-duplicate');
    expect(classifyPair({ dHash: 40, pHash: 40, via: 'direct', embeddingCosine: 0.85 }).verdict).toBe(
      'variant-candidate',
    );
    expect(classifyPair({ dHash: 40, pHash: 40, via: 'direct', embeddingCosine: 0.2 }).verdict).toBe('distinct');
    // A missing or broken cosine is ignored, not trusted.
    expect(classifyPair({ dHash: 2, pHash: 2, via: 'direct', embeddingCosine: Number.NaN }).verdict).toBe(
      'near-duplicate',
    );
  });
});

function poster(seed: number): Promise<Buffer> {
  let a = seed;
  const r = (): number => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
  let body = `<rect width="640" height="480" fill="hsl(${r() * 360},40%,${30 + r() * 40}%)"/>`;
  for (let i = 0; i < 10; i++)
    body += `<ellipse cx="${r() * 640}" cy="${r() * 480}" rx="${20 + r() * 120}" ry="${20 + r() * 90}" fill="hsl(${r() * 360},70%,${10 + r() * 80}%)"/>`;
  return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">${body}</svg>`))
    .png()
    .toBuffer();
}

describe('flat images', () => {
  const flat = async (r: number, g: number, b: number, width = 300, height = 200) =>
    decodeForHashing(
      await sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
        .png()
        .toBuffer(),
    );
  /** A dark logo in the top-left corner of a white canvas: its inset (10 % in from every edge) is plain white. */
  const logoOnWhite = async () =>
    decodeForHashing(
      await sharp({ create: { width: 400, height: 400, channels: 3, background: { r: 255, g: 255, b: 255 } } })
        .composite([
          {
            input: await sharp({ create: { width: 30, height: 30, channels: 3, background: { r: 20, g: 20, b: 90 } } })
              .png()
              .toBuffer(),
            left: 2,
            top: 2,
          },
        ])
        .png()
        .toBuffer(),
    );

  it('are never near-duplicates of each other on their hashes alone, whatever their colours', async () => {
    const white = storedHashes(await flat(255, 255, 255));
    const black = queryHashes(await flat(0, 0, 0));
    expect(featurelessPair(white.full, black.full)).toBe(true);
    expect(compareWithStored(black, white).verdict).toBe('variant-candidate');
    const index = new NearDuplicateIndex();
    index.add('white', white);
    expect(index.find(black)).toEqual([]);
    expect(index.find(black, { variants: true }).map((m) => [m.id, m.verdict])).toEqual([
      ['white', 'variant-candidate'],
    ]);
  });

  it('are near-duplicates when an embedding confirms it', async () => {
    const index = new NearDuplicateIndex();
    index.add('grey', storedHashes(await flat(128, 128, 128)));
    const copy = queryHashes(await flat(128, 128, 128, 150, 100));
    expect(index.find(copy, { embeddingCosine: () => 0.99 }).map((m) => m.verdict)).toEqual(['near-duplicate']);
    expect(compareWithStored(copy, storedHashes(await flat(128, 128, 128)), 0.99).verdict).toBe('near-duplicate');
  });

  it('do not match a picture whose inset is plain background through the crop probes', async () => {
    const logo = storedHashes(await logoOnWhite());
    expect(featurelessPair(logo.inset, logo.inset)).toBe(true);
    expect(featurelessPair(logo.full, logo.full)).toBe(false);
    const index = new NearDuplicateIndex();
    index.add('logo', logo);
    expect(index.find(queryHashes(await flat(255, 255, 255)))).toEqual([]);
  });
});

describe('NearDuplicateIndex', () => {
  it('finds re-encoded and cropped copies with the matched asset, and agrees with the direct comparison', async () => {
    const index = new NearDuplicateIndex();
    const stored = new Map<string, StoredHashes>();
    for (let seed = 1; seed <= 12; seed++) {
      const hashes = storedHashes(await decodeForHashing(await poster(seed)));
      stored.set(`asset-${seed}`, hashes);
      index.add(`asset-${seed}`, hashes);
    }
    const original = await poster(5);
    const copies = {
      jpeg: await sharp(original).jpeg({ quality: 65 }).toBuffer(),
      crop: await sharp(original).extract({ left: 40, top: 10, width: 580, height: 440 }).png().toBuffer(),
    };
    for (const copy of Object.values(copies)) {
      const query = queryHashes(await decodeForHashing(copy));
      const matches = index.find(query, { variants: false });
      expect(matches.map((m) => [m.id, m.verdict])).toEqual([['asset-5', 'near-duplicate']]);
      // Every stored asset: the index's verdicts are those of the brute-force comparison.
      for (const [id, hashes] of stored) {
        const direct = compareWithStored(query, hashes);
        const found = matches.find((m) => m.id === id);
        expect(found?.verdict ?? 'distinct').toBe(direct.verdict === 'variant-candidate' ? 'distinct' : direct.verdict);
      }
    }
    expect(index.find(queryHashes(await decodeForHashing(await poster(99))), { variants: false })).toEqual([]);
  });

  it('keeps apart scenes of one template (same palette and layout, other content) while finding their crops', async () => {
    /** One "prompt": a fixed background and palette and the same layout bands; the seed places the shapes. */
    const scene = (seed: number): Promise<Buffer> => {
      let a = seed;
      const r = (): number => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
      const palette = ['hsl(20,70%,45%)', 'hsl(200,60%,35%)', 'hsl(45,80%,70%)'];
      let body = `<rect width="640" height="480" fill="hsl(210,30%,75%)"/><rect y="300" width="640" height="180" fill="hsl(110,35%,35%)"/>`;
      for (let i = 0; i < 9; i++)
        body += `<ellipse cx="${r() * 640}" cy="${200 + r() * 200}" rx="${20 + r() * 70}" ry="${20 + r() * 60}" fill="${palette[i % 3]}"/>`;
      return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">${body}</svg>`))
        .png()
        .toBuffer();
    };
    const index = new NearDuplicateIndex();
    for (let seed = 1; seed <= 8; seed++)
      index.add(`scene-${seed}`, storedHashes(await decodeForHashing(await scene(seed))));
    const lookalike = queryHashes(await decodeForHashing(await scene(42)));
    expect(index.find(lookalike).map((m) => m.verdict)).not.toContain('near-duplicate');
    // 8 % off the right side of scene 3, then resized and re-encoded.
    const crop = await sharp(await scene(3))
      .extract({ left: 0, top: 0, width: 589, height: 480 })
      .resize(400)
      .jpeg({ quality: 75 })
      .toBuffer();
    expect(index.find(queryHashes(await decodeForHashing(crop))).map((m) => [m.id, m.verdict])).toEqual([
      ['scene-3', 'near-duplicate'],
    ]);
  });

  it('forgets removed assets, leaves out the excluded id and applies the embedding veto', async () => {
    const index = new NearDuplicateIndex();
    const hashes = storedHashes(await decodeForHashing(await poster(3)));
    index.add('a', hashes);
    index.add('b', hashes);
    const query = queryHashes(await decodeForHashing(await poster(3)));
    expect(index.find(query, { excludeId: 'a' }).map((m) => m.id)).toEqual(['b']);
    const vetoed = index.find(query, { variants: true, embeddingCosine: (id) => (id === 'b' ? 0.3 : undefined) });
    expect(index.find(query, { embeddingCosine: () => 0.3 })).toEqual([]);
    expect(vetoed.map((m) => [m.id, m.verdict])).toEqual([
      ['a', 'near-duplicate'],
      ['b', 'variant-candidate'],
    ]);
    expect(index.remove('a')).toBe(true);
    expect(index.size).toBe(1);
    expect(index.find(query).map((m) => m.id)).toEqual(['b']);
  });
});
