/**
 * Crop-robust matching: whole-image dHash/pHash do not survive cropping (measured on the skimage photographs, cutting
 * 5 % off one side moves pHash by ~8 bits and dHash by ~8–20; a 10 % crop makes them look unrelated), and a centre
 * crop hash alone only helps when the crop happens to be centred. What we do instead, measured in bench:dupes:
 *
 * - Each stored asset keeps, beside its whole-image hashes, the hashes of its INSET: the rectangle 10 % in from every
 *   edge. Any crop that removes ≤ 10 % per dimension (in any split between the two sides) still contains the inset.
 * - A new image is hashed on a small grid of sub-rectangles ("probes"): cuts of 0, 5 or 10 % per side.
 *   - Forward (the new image is a crop of a stored one): some probe lands within ~2.5 % per side of where the
 *     stored inset sits inside the new image, so that probe's hashes match the stored inset hashes.
 *   - Reverse (a stored image is a crop of the new one): some probe lands within ~2.5 % of the stored image's
 *     frame, so that probe's hashes match the stored whole-image hashes.
 * A 5 % grid (36 forward and 35 reverse probes) was chosen over 2.5 % (225 each way): the finer grid tightens the distances a
 * little, but six times the index look-ups per intake cost more than the few crops it adds back.
 */
import type { DecodedImage, PerceptualHashes } from '../../domain/enrichment.ts';
import { hash64FromHex, hash64ToHex } from './hash64.ts';
import { hashRect, integralOf, type HashPair } from './perceptual-hash.ts';
import { fullRect, type IntegralImage, type RelativeRect } from './integral-image.ts';

/** How far in from each edge the stored inset lies; also the largest crop per dimension the probes are built for. */
export const insetMargin = 0.1;
/** Spacing of the probe cuts per side. */
export const probeStep = 0.05;

export const insetRect: RelativeRect = Object.freeze({
  left: insetMargin,
  top: insetMargin,
  right: 1 - insetMargin,
  bottom: 1 - insetMargin,
});

/** The hashes stored per asset: whole image and inset. */
export interface StoredHashes {
  full: HashPair;
  inset: HashPair;
}

/** The hashes computed for a lookup: whole image plus the two probe families. */
export interface QueryHashes extends StoredHashes {
  /** Compare with stored INSET hashes: catches "this image is a crop of a stored one". */
  forwardProbes: HashPair[];
  /** Compare with stored FULL hashes: catches "a stored image is a crop of this one". */
  reverseProbes: HashPair[];
}

const cuts = (() => {
  const values: number[] = [];
  const n = Math.round(insetMargin / probeStep);
  for (let i = 0; i <= n; i++) values.push((i * insetMargin) / n);
  return values;
})();

/**
 * (near side, far side) cut pairs per dimension for each probe family. Forward: the stored inset sits at cuts that add
 * up to (0.2 − crop) / (1 − crop) ≥ 0.1 of the new image. Reverse: the stored frame sits at the crop itself, ≤ 0.1.
 */
const forwardPairs = cuts
  .flatMap((a) => cuts.map((b) => [a, b] as const))
  .filter(([a, b]) => a + b >= insetMargin - 1e-9);
// The (0, 0) pair is the whole image, matched directly already; reverse probes are strict sub-rectangles.
const reversePairs = cuts
  .flatMap((a) => cuts.map((b) => [a, b] as const))
  .filter(([a, b]) => a + b <= insetMargin + 1e-9);

function probeRects(pairs: readonly (readonly [number, number])[], skipFull: boolean): RelativeRect[] {
  const rects: RelativeRect[] = [];
  for (const [left, right] of pairs) {
    for (const [top, bottom] of pairs) {
      if (skipFull && left + right + top + bottom === 0) continue;
      rects.push({ left, top, right: 1 - right, bottom: 1 - bottom });
    }
  }
  return rects;
}

export const forwardProbeRects: readonly RelativeRect[] = Object.freeze(probeRects(forwardPairs, false));
export const reverseProbeRects: readonly RelativeRect[] = Object.freeze(probeRects(reversePairs, true));

export function storedHashesOf(integral: IntegralImage): StoredHashes {
  return { full: hashRect(integral, fullRect), inset: hashRect(integral, insetRect) };
}

export function queryHashesOf(integral: IntegralImage): QueryHashes {
  return {
    ...storedHashesOf(integral),
    forwardProbes: forwardProbeRects.map((rect) => hashRect(integral, rect)),
    reverseProbes: reverseProbeRects.map((rect) => hashRect(integral, rect)),
  };
}

export const storedHashes = (image: DecodedImage): StoredHashes => storedHashesOf(integralOf(image));
export const queryHashes = (image: DecodedImage): QueryHashes => queryHashesOf(integralOf(image));

/**
 * The stored form: PerceptualHashes (whole image) plus the inset pair. Until src/domain/enrichment.ts has a field for
 * the inset, this is the shape to persist beside PerceptualHashes.
 */
export interface StoredHashesHex extends PerceptualHashes {
  insetDHash: string;
  insetPHash: string;
}

export const storedHashesToHex = (hashes: StoredHashes): StoredHashesHex => ({
  dHash: hash64ToHex(hashes.full.dHash),
  pHash: hash64ToHex(hashes.full.pHash),
  insetDHash: hash64ToHex(hashes.inset.dHash),
  insetPHash: hash64ToHex(hashes.inset.pHash),
});

/** Parses the stored form; a malformed value is a VALIDATION_FAILED error naming the hash. */
export const storedHashesFromHex = (hex: StoredHashesHex): StoredHashes => ({
  full: { dHash: hash64FromHex(hex.dHash), pHash: hash64FromHex(hex.pHash) },
  inset: { dHash: hash64FromHex(hex.insetDHash), pHash: hash64FromHex(hex.insetPHash) },
});
