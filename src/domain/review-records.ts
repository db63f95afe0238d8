/**
 * What review keeps: sign-offs per version, claims on assets in review, comments with region annotations, and the
 * review queue's filters, items and counts — with the ReviewRepository port storage implements. The rules that decide
 * who may sign off are in review.ts; this file holds the records and the checks of untrusted input (a region). Pure.
 */
import type { AssetStatus } from './asset.ts';
import type { FieldProblem } from './errors.ts';
import type { ReviewDecision, ReviewRole, RiskTier } from './review.ts';

/** A sign-off as stored: who decided what, in which capacity, on which version. */
export interface StoredSignOff {
  id: string;
  assetId: string;
  versionNumber: number;
  role: ReviewRole;
  decision: ReviewDecision;
  reason?: string;
  reviewerId: string;
  reviewerUsername: string;
  at: string;
}

/** Who is looking at an asset in review, until when (a claim left behind expires on its own). */
export interface ReviewClaim {
  assetId: string;
  /** The account's id (claims are a person's). */
  claimantId: string;
  claimantUsername: string;
  claimedAt: string;
  expiresAt: string;
}

/** A rectangle on the picture, in fractions of its width and height (0..1), so that it holds for every rendition. */
export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ReviewComment {
  id: string;
  assetId: string;
  versionNumber: number;
  /** The account's id; absent for the local operator or the system. */
  authorId?: string;
  /** actorLabel of the author: `user:ana`, `operator:root`. */
  author: string;
  body: string;
  region?: Region;
  createdAt: string;
}

export const maxCommentLength = 4000;

/** Problems of a region given by a client (empty: it is fine). Field names start with `prefix` (`region`). */
export function regionProblems(region: Region, prefix = 'region'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const key of ['x', 'y', 'w', 'h'] as const) {
    const v = region[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1)
      problems.push({ field: `${prefix}.${key}`, problem: 'must be a number from 0 to 1 (a fraction of the picture)' });
  }
  if (problems.length > 0) return problems;
  if (region.w === 0 || region.h === 0)
    problems.push({ field: `${prefix}.w`, problem: 'the rectangle must have a width and a height above 0' });
  // A little slack for fractions rounded by a client (0.1 + 0.9 is 1.0000000000000002 in floating point).
  if (region.x + region.w > 1 + 1e-9)
    problems.push({
      field: `${prefix}.w`,
      problem: `x + w is ${region.x + region.w}: the rectangle ends past the right edge (1)`,
    });
  if (region.y + region.h > 1 + 1e-9)
    problems.push({
      field: `${prefix}.h`,
      problem: `y + h is ${region.y + region.h}: the rectangle ends past the bottom edge (1)`,
    });
  return problems;
}

/** Why an asset is flagged in the queue. */
export type ReviewFlag = 'near-duplicate-of-approved' | 'family-candidates';

export type ClaimFilter = 'claimed' | 'unclaimed' | 'mine';

/**
 * What the caller may review, worked out by the service from the request context: per review role the teams on which
 * they hold its permission ('all': every team), and who they are, so that the queue leaves out what they may not sign.
 */
export interface ReviewReach {
  roles: Partial<Record<ReviewRole, 'all' | readonly string[]>>;
  /** The account id (sign-offs already given by them on the current version leave tier-3 assets out). */
  reviewerId: string;
  /** actorLabel of the caller: versions they uploaded (created_by) leave the asset out. */
  reviewerLabel: string;
  /** Catalogue user ids that name the caller (requestor): their requests are left out. */
  requestorIds: readonly string[];
  /** The tier of an asset without one (the default policy's). */
  defaultTier: RiskTier;
}

export interface ReviewQueueFilter {
  tier?: RiskTier;
  role?: ReviewRole;
  /** Team and campaign by slug. */
  team?: string;
  campaign?: string;
  claim?: ClaimFilter;
  flagged?: boolean;
}

export interface ReviewQueueItem {
  assetId: string;
  title: string;
  status: AssetStatus;
  tier: RiskTier;
  teamId?: string;
  campaignId?: string;
  currentVersion: number;
  /** When the asset entered review: the queue's order (oldest first). */
  enteredReviewAt: string;
  /** The roles still to approve the current version that the caller could give. */
  roles: ReviewRole[];
  claim?: ReviewClaim;
  flags: ReviewFlag[];
}

export interface ReviewQueueCounts {
  total: number;
  byTier: Record<`${RiskTier}`, number>;
  /** Assets waiting for a sign-off the caller could give in each role they hold. */
  byRole: Partial<Record<ReviewRole, number>>;
}

export interface ReviewRepository {
  /**
   * Holds the asset for the rest of the transaction (PostgreSQL: its row is locked; SQLite transactions already hold
   * the write lock), so that two decisions on one asset see each other's sign-offs.
   */
  lockAsset(assetId: string): Promise<void>;
  /** Records a sign-off; a second approval of the same role of the same version is CONFLICT. */
  insertSignOff(signOff: StoredSignOff): Promise<void>;
  /** The sign-offs of the asset (every version unless one is given), oldest first. */
  signOffs(assetId: string, versionNumber?: number): Promise<StoredSignOff[]>;
  claim(assetId: string): Promise<ReviewClaim | undefined>;
  /** Inserts or replaces the asset's claim. */
  saveClaim(claim: ReviewClaim): Promise<void>;
  /** Deletes the asset's claim (only if it is this claimant's, when one is given). */
  deleteClaim(assetId: string, claimantId?: string): Promise<boolean>;
  insertComment(comment: ReviewComment): Promise<void>;
  /** Comments on the asset (one version, or every version), oldest first. */
  comments(assetId: string, versionNumber?: number): Promise<ReviewComment[]>;
  /** Assets in review the reach covers, oldest in review first, after the cursor (keyset); `now` decides claims. */
  queue(
    reach: ReviewReach,
    filter: ReviewQueueFilter,
    page: { limit: number; cursor?: string },
    now: string,
  ): Promise<{ items: ReviewQueueItem[]; nextCursor?: string }>;
  counts(
    reach: ReviewReach,
    filter: Pick<ReviewQueueFilter, 'team' | 'campaign'>,
    now: string,
  ): Promise<ReviewQueueCounts>;
  /** The flags of these assets (those without a flag are absent). */
  flagsOf(assetIds: readonly string[]): Promise<Map<string, ReviewFlag[]>>;
  /** The asset's tier (the default when it has none). */
  tierOf(assetId: string, defaultTier: RiskTier): Promise<RiskTier | undefined>;
}
