/**
 * Near-duplicate lookup at intake over every stored asset: two Hamming indexes keyed by pHash — one over whole-image
 * hashes, one over inset hashes (crop-probes.ts) — each carrying the dHash as its companion, so that a candidate is
 * verified on both hashes without a second look-up. Candidates come from pHash radius queries at the thresholds of
 * near-duplicate.ts; the decision is classifyPair's.
 */
import { hammingDistance, type Hash64 } from '../hashes/hash64.ts';
import type { QueryHashes, StoredHashes } from '../hashes/crop-probes.ts';
import type { HashPair } from '../hashes/perceptual-hash.ts';
import { HammingIndex, bandsForSize, type HammingIndexOptions } from './hamming-index.ts';
import {
  classifyPair,
  featurelessPair,
  cropThresholds,
  directThresholds,
  strongerDecision,
  variantPHashThreshold,
  type PairDistances,
  type SimilarityDecision,
} from './near-duplicate.ts';

export interface SimilarityMatch extends SimilarityDecision {
  id: string;
  distances: PairDistances;
}

export interface FindOptions {
  /**
   * Also return variant candidates (looser whole-image similarity, and hash matches an embedding vetoed). Default
   * false: the wider radius costs far more than the near-duplicate look-up at 1M entries (bench:dupes), so intake
   * asks for near-duplicates and variant families are proposed by a background pass.
   */
  variants?: boolean;
  /** Crop probes on (default) or off; off answers "same framing only" with ~70 fewer index queries. */
  crops?: boolean;
  /** Embedding cosine between the new image and a candidate, when both have embeddings from the same model. */
  embeddingCosine?: (id: string) => number | undefined;
  /** Leave this id out (the asset itself, when re-checking a stored asset). */
  excludeId?: string;
}

export class NearDuplicateIndex {
  private readonly full: HammingIndex;
  private readonly inset: HammingIndex;

  /**
   * expectedSize picks the band count (bandsForSize) unless bands is given: pass the number of assets about to be
   * bulk-loaded. The default suits libraries up to a few hundred thousand images.
   */
  constructor(options: HammingIndexOptions & { expectedSize?: number } = {}) {
    const { expectedSize, ...rest } = options;
    const indexOptions = { ...rest, bands: rest.bands ?? bandsForSize(expectedSize ?? 100_000) };
    this.full = new HammingIndex(indexOptions);
    this.inset = new HammingIndex(indexOptions);
  }

  get size(): number {
    return this.full.size;
  }

  add(id: string, hashes: StoredHashes): void {
    this.full.add(id, hashes.full.pHash, hashes.full.dHash);
    this.inset.add(id, hashes.inset.pHash, hashes.inset.dHash);
  }

  /** Bulk load from parallel arrays (hi/lo halves): what a startup load from the database produces. */
  addMany(ids: readonly string[], arrays: BulkHashArrays): void {
    this.full.addMany(ids, arrays.fullP.his, arrays.fullP.los, arrays.fullD);
    this.inset.addMany(ids, arrays.insetP.his, arrays.insetP.los, arrays.insetD);
  }

  remove(id: string): boolean {
    const removed = this.full.remove(id);
    this.inset.remove(id);
    return removed;
  }

  typedArrayBytes(): number {
    return this.full.typedArrayBytes() + this.inset.typedArrayBytes();
  }

  /** Every stored asset that is a near-duplicate (or, optionally, a variant candidate) of the query, strongest first. */
  find(query: QueryHashes, options: FindOptions = {}): SimilarityMatch[] {
    const variants = options.variants ?? false;
    const crops = options.crops ?? true;
    const best = new Map<string, SimilarityMatch>();
    const offer = (
      id: string,
      storedD: Hash64 | undefined,
      probe: HashPair,
      pHashDistance: number,
      via: 'direct' | 'crop',
    ): void => {
      if (id === options.excludeId || storedD === undefined) return;
      // Nothing outranks a near-duplicate (strongerDecision keeps the first): the other probes that reach this asset
      // need no decision, and a copy is reached by dozens of them.
      if (best.get(id)?.verdict === 'near-duplicate') return;
      const dHash = hammingDistance(probe.dHash, storedD);
      const distances: PairDistances = {
        dHash,
        pHash: pHashDistance,
        via,
        embeddingCosine: options.embeddingCosine?.(id),
        // The stored pair is all zeros when it is that far from an all-zero probe by neither hash.
        featureless: dHash === 0 && pHashDistance === 0 && featurelessPair(probe, probe),
      };
      const decision = { id, distances, ...classifyPair(distances) };
      if (decision.verdict === 'distinct' || (!variants && decision.verdict === 'variant-candidate')) return;
      const previous = best.get(id);
      best.set(id, previous ? strongerDecision(previous, decision) : decision);
    };

    const directRadius = variants ? Math.max(directThresholds.pHash, variantPHashThreshold) : directThresholds.pHash;
    for (const m of this.full.query(query.full.pHash, directRadius))
      offer(m.id, m.companion, query.full, m.distance, 'direct');
    if (crops) {
      for (const probe of query.forwardProbes) {
        for (const m of this.inset.query(probe.pHash, cropThresholds.pHash))
          offer(m.id, m.companion, probe, m.distance, 'crop');
      }
      for (const probe of query.reverseProbes) {
        for (const m of this.full.query(probe.pHash, cropThresholds.pHash))
          offer(m.id, m.companion, probe, m.distance, 'crop');
      }
    }
    const rank = (m: SimilarityMatch): number => (m.verdict === 'near-duplicate' ? 0 : 1);
    return [...best.values()].sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.distances.pHash + a.distances.dHash - (b.distances.pHash + b.distances.dHash) ||
        (a.id < b.id ? -1 : 1),
    );
  }
}

export interface HalvesArray {
  his: Uint32Array;
  los: Uint32Array;
}

export interface BulkHashArrays {
  fullP: HalvesArray;
  fullD: HalvesArray;
  insetP: HalvesArray;
  insetD: HalvesArray;
}
