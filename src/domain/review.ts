/**
 * Risk tiers and the sign-offs each demands, with separation of duties: tier 1 needs one reviewer, tier 2 the brand
 * team, tier 3 legal **and** compliance from two distinct people; nobody signs off an asset they requested or
 * uploaded, and an approval belongs to one version. Pure: no I/O.
 */
import type { Permission } from './access.ts';

export const riskTiers = [1, 2, 3] as const;
export type RiskTier = (typeof riskTiers)[number];

/** The capacity in which a person signs off. */
export const reviewRoles = ['reviewer', 'brand', 'legal', 'compliance'] as const;
export type ReviewRole = (typeof reviewRoles)[number];

export const reviewPermission: Record<ReviewRole, Permission> = {
  reviewer: 'review:tier1',
  brand: 'review:brand',
  legal: 'review:legal',
  compliance: 'review:compliance',
};

/** Every one of these roles must approve the current version (tier 3: each by a different person). */
export const requiredSignOffs: Record<RiskTier, readonly ReviewRole[]> = {
  1: ['reviewer'],
  2: ['brand'],
  3: ['legal', 'compliance'],
};

export const reviewDecisions = ['approve', 'request-changes', 'reject'] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

export interface SignOff {
  versionNumber: number;
  userId: string;
  role: ReviewRole;
  decision: ReviewDecision;
  reason?: string;
  at: string;
}

/** Who stands behind an asset, for separation of duties: the account that uploaded each version and the requestor. */
export interface AssetOwnership {
  /** User ids of the accounts that uploaded any version (system or operator uploads have none). */
  uploaderIds: readonly string[];
  /** The requestor as named at intake, compared with the reviewer's username and display name, case-insensitively. */
  requestorName?: string;
}

export interface Reviewer {
  userId: string;
  username: string;
  displayName?: string;
}

/** The roles still to approve `versionNumber` at this tier. */
export function missingSignOffs(tier: RiskTier, versionNumber: number, signOffs: readonly SignOff[]): ReviewRole[] {
  const approvedBy = new Set(
    signOffs.filter((s) => s.versionNumber === versionNumber && s.decision === 'approve').map((s) => s.role),
  );
  return requiredSignOffs[tier].filter((role) => !approvedBy.has(role));
}

/**
 * Why `reviewer` may not sign off in `role` (undefined: they may). Whether they hold the role's permission is the
 * caller's check (access.ts); this is about the asset: the tier, who owns it, who signed already.
 */
export function signOffRefusal(input: {
  tier: RiskTier;
  versionNumber: number;
  role: ReviewRole;
  reviewer: Reviewer;
  ownership: AssetOwnership;
  signOffs: readonly SignOff[];
}): string | undefined {
  const { tier, versionNumber, role, reviewer, ownership, signOffs } = input;
  if (!requiredSignOffs[tier].includes(role))
    return `a tier-${tier} asset is signed off by ${requiredSignOffs[tier].join(' and ')}, not ${role}`;
  if (ownership.uploaderIds.includes(reviewer.userId)) return 'nobody signs off an asset they uploaded';
  const requestor = ownership.requestorName?.trim().toLowerCase();
  if (
    requestor &&
    [reviewer.username, reviewer.displayName].some(
      (name) => name !== undefined && name.trim().toLowerCase() === requestor,
    )
  )
    return 'nobody signs off an asset they requested';
  const current = signOffs.filter((s) => s.versionNumber === versionNumber && s.decision === 'approve');
  if (current.some((s) => s.role === role)) return `the ${role} sign-off of version ${versionNumber} is already given`;
  // Tier 3's two sign-offs come from two people, whatever roles each holds.
  if (current.some((s) => s.userId === reviewer.userId))
    return `${reviewer.username} already signed off version ${versionNumber}; the other sign-off needs another person`;
  return undefined;
}

/** The roles in which `held` (the reviewer's review roles) could sign off now, in the order the tier lists them. */
export const rolesToSignIn = (
  tier: RiskTier,
  versionNumber: number,
  held: readonly ReviewRole[],
  signOffs: readonly SignOff[],
): ReviewRole[] => missingSignOffs(tier, versionNumber, signOffs).filter((role) => held.includes(role));
