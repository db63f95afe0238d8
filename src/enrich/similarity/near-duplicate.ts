/**
 * The sameness decision between two images from their perceptual-hash distances (and an embedding cosine when one
 * is available). Three outcomes, never one "duplicates" bucket:
 *
 * - 'near-duplicate': the same picture after re-encoding, resizing, a small crop, a brightness change or a small
 *   overlay. Flagged at intake with the matched asset.
 * - 'variant-candidate': visibly related (same composition, palette or subject) but not the same picture; proposed,
 *   together with prompt/seed/batch metadata, as a possible variant family.
 * - 'distinct'.
 *
 * Thresholds were chosen from bench:dupes (npm run bench:dupes), whose table prints precision/recall at these values
 * and at neighbouring ones; change them only with a new run of that bench.
 */
import { hammingDistance, type Hash64 } from '../hashes/hash64.ts';
import type { QueryHashes, StoredHashes } from '../hashes/crop-probes.ts';
import type { HashPair } from '../hashes/perceptual-hash.ts';
import { visualVariantLimits } from '../../domain/sameness.ts';

export type SimilarityVerdict = 'near-duplicate' | 'variant-candidate' | 'distinct';

/** How the distance was measured: whole image against whole image, or via a crop probe (see crop-probes.ts). */
export type MatchPath = 'direct' | 'crop';

export interface PairDistances {
  dHash: number;
  pHash: number;
  via: MatchPath;
  /** Cosine similarity of the two images' embeddings (same model), when both have one. */
  embeddingCosine?: number;
  /**
   * Both compared hash pairs are all zeros: the two regions are flat (one colour, no structure), and flat regions of
   * any colour hash alike, so the hashes cannot say whether they are the same picture (featurelessPair).
   */
  featureless?: boolean;
}

/**
 * Whole image vs whole image: BOTH hashes within these. Requiring both is what keeps same-layout images apart: they
 * can agree on pHash's coarse frequencies and still differ in dHash's gradients. bench:dupes (2,861 images, 1M
 * stored hashes) at these values: pair precision 99.6 %, recall 99.1 %, 0 of 2,200 same-prompt variant pairs called
 * near-duplicates; ≤ 8 gives the same figures, ≤ 14 lets in four times the false matches for +0.1 % recall.
 */
export const directThresholds = Object.freeze({ pHash: 10, dHash: 10 });

/**
 * Crop probe vs stored hashes: tighter than direct on dHash, because an image is tried against ~70 probes and each
 * try is another chance for a chance match. pHash distances come in even steps (the median split flips bits in
 * pairs), so 8 is the next step after 6. bench:dupes corpus v5 (4,711 images with uneven 5–10 % crops, captions and
 * look-alikes), pair precision / recall: pHash ≤ 6, dHash ≤ 8 (rule @3) 99.84 % / 94.73 %; pHash ≤ 8, dHash ≤ 10
 * 99.48 % / 97.46 %; dHash ≤ 12 99.14 % / 97.85 %. The recall missing is mostly pairs of two copies cropped on
 * opposite sides (up to 20 % apart, beyond what the probes are built for: each is found from the original). At 1M
 * entries the index has 3 bands, and radius 8 enumerates the same buckets per band as 6 (⌊r / 3⌋ = 2), so the
 * look-ups cost about the same (bench:dupes latency table).
 */
export const cropThresholds = Object.freeze({ pHash: 8, dHash: 10 });

/**
 * Looser whole-image similarity recorded as a variant candidate: pHash and dHash both within the closeness at which
 * visualVariantDecision (domain/sameness.ts) proposes a picture with no shared prompt. Until rule @4 this was pHash ≤ 18
 * alone, and on bench:dupes corpus v5 99 % of those candidates were unrelated pictures (same layout and palette);
 * same-prompt re-rolls further apart are found by their lineage, not their pixels. The narrower radius is also what
 * the intake look-up costs most: at 1M entries a radius-18 query enumerates ~9 times the buckets of a radius-12 one.
 */
export const variantPHashThreshold = visualVariantLimits.pHash;
export const variantDHashThreshold = visualVariantLimits.dHash;

/**
 * With embeddings: a hash match whose embedding cosine is below this is demoted to a variant candidate (hashes agree
 * on layout, the content differs). 0.9 sits between the MobileNet cosines measured for edited copies (≈ 0.96) and
 * for different pictures (≤ 0.6) when MobileNet was chosen as the default embedder; retune when the embedding model
 * changes.
 */
export const embeddingConfirmCosine = 0.9;
/** With embeddings: at or above this, a pair the hashes call distinct is still proposed as a variant candidate. */
export const embeddingVariantCosine = 0.8;

export interface SimilarityDecision {
  verdict: SimilarityVerdict;
  /** Why, in words a person can check against the numbers. */
  reason: string;
}

export function classifyPair(distances: PairDistances): SimilarityDecision {
  const { dHash, pHash, via, embeddingCosine } = distances;
  const limits = via === 'direct' ? directThresholds : cropThresholds;
  const hashesAgree = dHash <= limits.dHash && pHash <= limits.pHash;
  const hasEmbedding = typeof embeddingCosine === 'number' && Number.isFinite(embeddingCosine);

  // A white and a black swatch (or a flat query and a stored logo whose inset is plain background) hash alike: only
  // an embedding can confirm that such a pair is the same picture; without one it is at most a variant candidate.
  if (hashesAgree && distances.featureless && !(hasEmbedding && embeddingCosine >= embeddingConfirmCosine)) {
    return {
      verdict: 'variant-candidate',
      reason: `${via}: both regions are flat (all-zero hashes), which hashes cannot tell apart${hasEmbedding ? `; embedding cosine ${embeddingCosine.toFixed(3)} < ${embeddingConfirmCosine}` : ''}`,
    };
  }

  if (hashesAgree) {
    if (hasEmbedding && embeddingCosine < embeddingConfirmCosine) {
      return {
        verdict: 'variant-candidate',
        reason: `hashes agree (${via}: dHash ${dHash}, pHash ${pHash}) but embedding cosine ${embeddingCosine.toFixed(3)} < ${embeddingConfirmCosine}`,
      };
    }
    return {
      verdict: 'near-duplicate',
      reason: `${via}: dHash ${dHash} ≤ ${limits.dHash} and pHash ${pHash} ≤ ${limits.pHash}${hasEmbedding ? `, embedding cosine ${embeddingCosine.toFixed(3)}` : ''}`,
    };
  }
  if (via === 'direct' && pHash <= variantPHashThreshold && dHash <= variantDHashThreshold) {
    return {
      verdict: 'variant-candidate',
      reason: `direct: pHash ${pHash} ≤ ${variantPHashThreshold} and dHash ${dHash} ≤ ${variantDHashThreshold} (looser visual similarity)`,
    };
  }
  if (hasEmbedding && embeddingCosine >= embeddingVariantCosine) {
    return {
      verdict: 'variant-candidate',
      reason: `embedding cosine ${embeddingCosine.toFixed(3)} ≥ ${embeddingVariantCosine}`,
    };
  }
  return { verdict: 'distinct', reason: `${via}: dHash ${dHash}, pHash ${pHash}` };
}

const verdictRank: Record<SimilarityVerdict, number> = { 'near-duplicate': 2, 'variant-candidate': 1, distinct: 0 };

/** The stronger of two decisions (near-duplicate > variant-candidate > distinct). */
export const strongerDecision = <T extends SimilarityDecision>(a: T, b: T): T =>
  verdictRank[b.verdict] > verdictRank[a.verdict] ? b : a;

const isZero = (hash: Hash64): boolean => hash.hi === 0 && hash.lo === 0;

/** Both pairs all zeros: two flat regions (see PairDistances.featureless). */
export const featurelessPair = (a: HashPair, b: HashPair): boolean =>
  isZero(a.dHash) && isZero(a.pHash) && isZero(b.dHash) && isZero(b.pHash);

const pairDistance = (a: HashPair, b: HashPair): { dHash: number; pHash: number; featureless: boolean } => ({
  dHash: hammingDistance(a.dHash, b.dHash),
  pHash: hammingDistance(a.pHash, b.pHash),
  featureless: featurelessPair(a, b),
});

export interface PairComparison extends SimilarityDecision {
  distances: PairDistances;
}

/**
 * Compares a new image with one stored image directly (no index): the whole-image pair, then every crop probe in
 * both directions; the strongest decision wins. The index (near-duplicate-index.ts) reaches the same decisions for
 * the entries it returns.
 */
export function compareWithStored(query: QueryHashes, stored: StoredHashes, embeddingCosine?: number): PairComparison {
  const direct: PairDistances = { ...pairDistance(query.full, stored.full), via: 'direct', embeddingCosine };
  let best: PairComparison = { ...classifyPair(direct), distances: direct };
  const tryCrop = (probe: HashPair, target: HashPair): void => {
    const distances: PairDistances = { ...pairDistance(probe, target), via: 'crop', embeddingCosine };
    best = strongerDecision(best, { ...classifyPair(distances), distances });
  };
  if (best.verdict !== 'near-duplicate') {
    for (const probe of query.forwardProbes) tryCrop(probe, stored.inset);
    for (const probe of query.reverseProbes) tryCrop(probe, stored.full);
  }
  return best;
}
