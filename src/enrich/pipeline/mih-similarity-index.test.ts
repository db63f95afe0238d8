/**
 * MihSimilarityIndex.set must replace an asset's entry: the similarity index refresh (EnrichmentService.refreshIndex)
 * re-reads recent hashes and sets them again, and a new current version replaces the old one's hashes. Hashes of a
 * picture too small to hash (hashesCarryInformation) are matched in neither direction.
 */
import { describe, expect, it } from 'vitest';
import type { DecodedImage } from '../../domain/enrichment.ts';
import type { SimilarityProbe } from '../../domain/enrichers.ts';
import { paintPixels } from '../../../test/provenance-fixtures.ts';
import { queryHashes } from '../hashes/crop-probes.ts';
import { hash64ToHex } from '../hashes/hash64.ts';
import { MihSimilarityIndex } from './enrichers.ts';

function probeOf(seed: number): SimilarityProbe {
  const image: DecodedImage = {
    width: 96,
    height: 96,
    originalWidth: 96,
    originalHeight: 96,
    channels: 4,
    rgba: paintPixels(96, 96, 4, seed),
  };
  const query = queryHashes(image);
  return {
    stored: {
      full: { dHash: hash64ToHex(query.full.dHash), pHash: hash64ToHex(query.full.pHash) },
      inset: { dHash: hash64ToHex(query.inset.dHash), pHash: hash64ToHex(query.inset.pHash) },
    },
    probe: query,
  };
}

describe('MihSimilarityIndex', () => {
  it('replaces, never duplicates, an asset entry set again', () => {
    const index = new MihSimilarityIndex();
    const a = probeOf(11);
    const b = probeOf(12);
    index.set('x', a.stored);
    expect(index.find(b).map((c) => c.assetId)).toEqual([]);
    index.set('x', a.stored);
    index.set('y', b.stored);
    index.set('x', a.stored);
    expect(index.size).toBe(2);
    expect(index.find(a).filter((c) => c.assetId === 'x')).toEqual([
      expect.objectContaining({ assetId: 'x', verdict: 'near-duplicate' }),
    ]);

    // New hashes for x: its old entry no longer matches, the new one does, once.
    index.set('x', b.stored);
    expect(index.size).toBe(2);
    expect(index.find(a).map((c) => c.assetId)).toEqual([]);
    expect(
      index
        .find(b)
        .map((c) => c.assetId)
        .sort(),
    ).toEqual(['x', 'y']);

    index.remove('x');
    expect(index.find(b).map((c) => c.assetId)).toEqual(['y']);
  });

  it('never matches the hashes of a picture with a side under 32 px, as the query or as the stored entry', () => {
    const index = new MihSimilarityIndex();
    const picture = probeOf(21);
    // The same hashes under three recorded sizes: only the size decides.
    const sized = (width: number, height: number): SimilarityProbe => ({
      stored: { ...picture.stored, picture: { width, height } },
      probe: picture.probe,
    });
    index.set('large', sized(640, 480).stored);
    index.set('tiny', sized(8, 8).stored);
    index.set('thin', sized(640, 31).stored);
    index.set('unknown-size', picture.stored);
    expect(
      index
        .find(sized(640, 480))
        .map((c) => c.assetId)
        .sort(),
    ).toEqual(['large', 'unknown-size']);
    expect(index.find(sized(1, 1))).toEqual([]);
    expect(index.find(sized(32, 31))).toEqual([]);
    expect(index.find(sized(32, 32)).map((c) => c.assetId)).toContain('large');

    // A new current version too small to hash takes the asset out of the index.
    index.set('large', sized(16, 16).stored);
    expect(index.find(sized(640, 480)).map((c) => c.assetId)).toEqual(['unknown-size']);
  });
});
