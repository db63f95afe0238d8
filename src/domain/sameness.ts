/**
 * Sameness: three levels, never one "duplicates" bucket.
 * - exact: the same bytes (decided at intake by SHA-256; see IntakeService).
 * - near-duplicate: the same picture after resize, re-encode, small crop or edit — a NearDuplicateLink to the
 *   asset it matches, recorded as soon as the new version is hashed.
 * - variant: a related picture (same prompt with another seed, same connector batch, looser visual similarity) —
 *   proposed as a member of a VariantFamily and confirmed, split or merged by a person.
 * Pure types and rules only.
 */
import { createHash } from 'node:crypto';
import type { Asset } from './asset.ts';
import type { PerceptualHashes } from './enrichment.ts';

/** What the similarity index stores per asset: whole-image hashes and the inset hashes that make crops findable. */
export interface StoredPerceptualHashes {
  full: PerceptualHashes;
  inset: PerceptualHashes;
  /**
   * Size of the picture that was hashed (the image, or a video's poster frame); absent only on hashes stored before
   * it was recorded whose version has no recorded size either.
   */
  picture?: { width: number; height: number };
}

/**
 * The smallest side, in pixels, of a picture whose perceptual hashes can say anything about it. pHash reads the
 * picture through a 32 × 32 grid: with fewer pixels than that along a side, the grid holds copies of the same few
 * pixels, and the hashes describe the resampling rather than the picture (a 1 × 1 swatch, an 8 × 8 icon and a smooth
 * 640 × 480 gradient all hash alike).
 */
export const minimumHashedSide = 32;

/**
 * Whether these hashes may match, or be matched by, any other picture's. Hashes of a picture with a side under
 * minimumHashedSide never link it as a near-duplicate or variant candidate, in either direction, and so never put it
 * in a family by a hash match. Hashes of an unknown size (older rows, see `picture`) are taken as informative, as
 * they were before the size was recorded.
 */
export function hashesCarryInformation(hashes: StoredPerceptualHashes): boolean {
  const { picture } = hashes;
  return picture === undefined || Math.min(picture.width, picture.height) >= minimumHashedSide;
}

export type SimilarityVerdict = 'near-duplicate' | 'variant-candidate';

export interface SimilarityDistances {
  dHash: number;
  pHash: number;
  /** Whole image against whole image, or through a crop probe. */
  via: 'direct' | 'crop';
  embeddingCosine?: number;
}

export interface NearDuplicateLink {
  assetId: string;
  versionNumber: number;
  matchedAssetId: string;
  verdict: SimilarityVerdict;
  distances: SimilarityDistances;
  /** Why, in words a person can check against the numbers. */
  reason: string;
  /** Which rule (and model) decided it: 'phash-dhash@1', 'phash-dhash@1+mobilenet-v2-nsfw@…'. */
  decidedBy: string;
  createdAt: string;
}

export const familyReasons = ['prompt-seed', 'batch', 'visual', 'manual'] as const;
export type FamilyReason = (typeof familyReasons)[number];

export type FamilyState = 'suggested' | 'confirmed';
export type MemberRole = 'canonical' | 'variant';

export interface FamilyMember {
  assetId: string;
  role: MemberRole;
  /** 'suggested' until a person confirms the member (or the family). */
  state: FamilyState;
  reason: FamilyReason;
  /** The asset whose similarity brought this member in, when there was one. */
  matchedAssetId?: string;
  addedAt: string;
}

export interface VariantFamily {
  id: string;
  state: FamilyState;
  canonicalAssetId: string;
  /** Why the family was first proposed. */
  reason: FamilyReason;
  members: FamilyMember[];
  createdAt: string;
  updatedAt: string;
}

/**
 * The rule a canonical asset must satisfy. Governance (where the canonical asset must be an approved member) replaces
 * the default; family actions call it on every change of canonical and before "deprecate the rest".
 */
export type CanonicalRule = (candidate: Asset, family: VariantFamily) => { ok: true } | { ok: false; problem: string };

/** Until governance lands: any member may be canonical. */
export const anyMemberCanonicalRule: CanonicalRule = () => ({ ok: true });

/** Statuses that a family's "deprecate the rest" leaves alone: already retired or never admitted. */
export const untouchedByDeprecation: readonly Asset['status'][] = ['deprecated', 'archived', 'rejected'];

/**
 * The form in which two prompts count as "the same prompt": Unicode-normalised, lower case, emphasis syntax
 * ((x:1.2), [x], {x}) and weights removed, punctuation runs and whitespace collapsed. Negative prompts and sampler
 * settings are not part of it (the caller passes the positive prompt only).
 */
export function normalisePrompt(prompt: string): string {
  return prompt
    .normalize('NFKC')
    .toLowerCase()
    .replace(/:\s*-?\d+(\.\d+)?(?=\s*[)\]}>])/g, '')
    .replace(/[()[\]{}]/g, ' ')
    .replace(/[\s,;|]+/g, ' ')
    .trim();
}

/** The lookup key of a prompt: a digest of its normalised form (prompts can be 20,000 characters; keys stay short). */
export function promptKey(prompt: string | undefined): string | undefined {
  const normalised = prompt === undefined ? '' : normalisePrompt(prompt);
  return normalised.length === 0 ? undefined : createHash('sha256').update(normalised).digest('hex');
}

/** What a visual variant suggestion weighs: how alike the two pictures are, and what their lineage says. */
export interface VariantEvidence {
  /** The similarity link's distances (hashes, path, embedding cosine when both have one). */
  distances: SimilarityDistances;
  /** promptKey() of the new asset and of the matched one; undefined for an asset with no prompt. */
  promptKeys: readonly [string | undefined, string | undefined];
}

/**
 * Visual similarity alone (no shared prompt to lean on) suggests a variant only when it is this close: whole image
 * against whole image, pHash and dHash both within these — or, with embeddings, a cosine at least this. The hash
 * band of classifyPair (pHash ≤ 18, the candidates) links mostly unrelated pictures of the same layout and palette;
 * bench:dupes' variant table prints the precision at these values and around them.
 */
export const visualVariantLimits = Object.freeze({ pHash: 12, dHash: 14, embeddingCosine: 0.85 });

export interface VariantDecision {
  suggest: boolean;
  /** Why, in words a person can check. */
  reason: string;
}

/**
 * Whether a visual variant candidate is worth proposing as a family member. Lineage first: two pictures generated
 * from the same prompt are variants when they look related at all; two generated from different prompts are not,
 * however alike they look (the same scene template with other content is a look-alike, not a re-roll). Only when
 * one side has no prompt do the pixels decide, and then only a close match (visualVariantLimits) does.
 */
export function visualVariantDecision(evidence: VariantEvidence): VariantDecision {
  const [mine, theirs] = evidence.promptKeys;
  const { dHash, pHash, via, embeddingCosine } = evidence.distances;
  if (mine !== undefined && theirs !== undefined) {
    return mine === theirs
      ? { suggest: true, reason: 'same prompt, and the pictures look related' }
      : { suggest: false, reason: 'generated from different prompts' };
  }
  const hasEmbedding = typeof embeddingCosine === 'number' && Number.isFinite(embeddingCosine);
  if (hasEmbedding) {
    return embeddingCosine >= visualVariantLimits.embeddingCosine
      ? {
          suggest: true,
          reason: `embedding cosine ${embeddingCosine.toFixed(3)} ≥ ${visualVariantLimits.embeddingCosine}`,
        }
      : {
          suggest: false,
          reason: `embedding cosine ${embeddingCosine.toFixed(3)} < ${visualVariantLimits.embeddingCosine}`,
        };
  }
  if (via === 'direct' && pHash <= visualVariantLimits.pHash && dHash <= visualVariantLimits.dHash) {
    return {
      suggest: true,
      reason: `no shared prompt; whole image pHash ${pHash} ≤ ${visualVariantLimits.pHash} and dHash ${dHash} ≤ ${visualVariantLimits.dHash}`,
    };
  }
  return { suggest: false, reason: `no shared prompt, and ${via} pHash ${pHash} / dHash ${dHash} is not close enough` };
}
