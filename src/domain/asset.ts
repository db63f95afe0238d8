/** Assets and everything an asset is made of. An Asset is the logical item; each AssetVersion is one immutable file. */
import type { ColourFilter } from './colour-filter.ts';
import type { ProvenanceRecord } from './provenance.ts';
import type { RiskTier } from './review.ts';

/**
 * Every governance state an asset can be in (draft → … → published → archived, plus quarantined with reasons and
 * deprecated variants); intake creates `draft` or `quarantined`.
 */
export const assetStatuses = [
  'draft',
  'enriching',
  'brand_check',
  'in_review',
  'approved',
  'changes_requested',
  'rejected',
  'published',
  'archived',
  'quarantined',
  'deprecated',
] as const;
export type AssetStatus = (typeof assetStatuses)[number];

export const rightsStatuses = ['cleared', 'pending', 'restricted', 'expired', 'unknown'] as const;
export type RightsStatus = (typeof rightsStatuses)[number];

/** What the requestor means to do with the asset; governance derives the risk tier from it later. */
export const intendedUses = [
  'internal',
  'web',
  'social',
  'email',
  'print',
  'ooh',
  'advertising',
  'editorial',
  'product',
  'presentation',
  'regulated',
  'other',
] as const;
export type IntendedUse = (typeof intendedUses)[number];

/** Who will see the asset; when not stated, the intended use decides (internal use: internal, anything else: external). */
export const audiences = ['internal', 'external'] as const;
export type Audience = (typeof audiences)[number];

export const assetKinds = ['image', 'video', 'audio', 'text', 'document', 'model3d', 'other'] as const;
export type AssetKind = (typeof assetKinds)[number];

export interface QuarantineReason {
  code: string;
  field?: string;
  message: string;
}

/** Named things an asset refers to. Names are unique within their kind (case-insensitive via the slug). */
export interface Team {
  id: string;
  slug: string;
  name: string;
}
export type Campaign = Team;
export type User = Team;

export interface BlobRef {
  sha256: string;
  size: number;
}

export interface AssetVersion {
  id: string;
  assetId: string;
  number: number;
  blob: BlobRef;
  mediaType: string;
  fileName: string;
  width?: number;
  height?: number;
  provenance: ProvenanceRecord;
  createdAt: string;
  createdBy: string;
  /** Set on a version made by reverting to an earlier one: that version's number (its bytes and provenance). */
  revertOf?: number;
}

/** The fields a requestor states at intake; which of them are required is intake-rules.ts's missingIntakeFields. */
export interface IntakeFields {
  prompt?: string;
  tool?: string;
  model?: string;
  toolVersion?: string;
  requestor?: string;
  team?: string;
  intendedUse?: IntendedUse;
  campaign?: string;
  rightsStatus?: RightsStatus;
  title?: string;
  audience?: Audience;
  /** Regulated communication (financial, medical, …), whatever the channel; the `regulated` intended use implies it. */
  regulated?: boolean;
}

/** A soft delete (services/asset-lifecycle.service.ts): hidden from every read until restored or purged. */
export interface AssetDeletion {
  at: string;
  /** The actor label of whoever deleted it. */
  by: string;
  /** When the purge may remove it for good (deletion time plus the retention setting). */
  purgeAfter: string;
}

export interface Asset {
  id: string;
  title: string;
  kind: AssetKind;
  status: AssetStatus;
  quarantineReasons: QuarantineReason[];
  description?: string;
  prompt?: string;
  tool?: string;
  model?: string;
  toolVersion?: string;
  intendedUse?: IntendedUse;
  rightsStatus: RightsStatus;
  requestor?: User;
  team?: Team;
  campaign?: Campaign;
  audience?: Audience;
  regulated?: boolean;
  /**
   * The review tier the risk policy gave (domain/risk-policy.ts), the rule that set it (absent: the policy's default
   * tier) and the policy version that decided; absent until first derived.
   */
  riskTier?: RiskTier;
  riskRule?: string;
  riskPolicyVersion?: number;
  currentVersion: number;
  createdAt: string;
  updatedAt: string;
  /** Present only on a soft-deleted asset (seen only by an admin's listing of deleted assets, restore and purge). */
  deletion?: AssetDeletion;
}

export interface AssetWithVersions extends Asset {
  versions: AssetVersion[];
}

export interface AssetFilter {
  status?: AssetStatus;
  campaign?: string;
  team?: string;
  tool?: string;
  riskTier?: RiskTier;
  /** Case-insensitive substring of the title or file name; LIKE metacharacters are matched literally. */
  text?: string;
  /** A colour the current version's palette must hold (colour-filter.ts). */
  colour?: ColourFilter;
  /** 'only': soft-deleted assets alone (an admin's listing); absent: deleted assets are left out. */
  deleted?: 'only';
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}
