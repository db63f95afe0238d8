/**
 * What is stored about brands (migration 0012, decision 0022): the brand, the versions of its guideline (whose
 * `appliesTo` says which teams and campaigns it checks), its reference logos, the brand check's results per asset version and guideline version, and the assets
 * flagged for re-review when a new guideline version changed their verdict. The guideline document and the check's
 * evaluation are brand-guideline.ts and brand-check.ts; this file is the records around them and the repository
 * port. Pure: no I/O.
 */
import type { AssetKind, AssetStatus } from './asset.ts';
import type { BrandGuideline, BrandRuleResult, BrandVerdict, StoredBrandGuideline } from './brand-guideline.ts';
import type { PaletteColour } from './enrichment.ts';

export interface Brand {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
  createdBy: string;
}

/** A stored guideline version (`brandId` is the brand's id), with the digest of its canonical JSON. */
export interface StoredGuideline extends StoredBrandGuideline {
  digest: string;
}

export type GuidelineVersionEntry = Omit<StoredGuideline, 'guideline'>;

export type { BrandGuideline, BrandVerdict };

export interface LogoReference {
  id: string;
  brandId: string;
  /** The id a logo rule refers to it by (`logo.id`): lowercase letters, digits and dashes, unique per brand. */
  name: string;
  sha256: string;
  size: number;
  mediaType: string;
  width: number;
  height: number;
  createdAt: string;
  createdBy: string;
}

/** Why a check ran: the workflow's brand_check state, a person asking, or a guideline bump re-running changed rules. */
export const brandCheckCauses = ['workflow', 'requested', 'guideline-changed'] as const;
export type BrandCheckCause = (typeof brandCheckCauses)[number];

export interface StoredBrandCheck {
  id: string;
  assetId: string;
  versionNumber: number;
  brandId: string;
  guidelineVersion: number;
  /** The named rule results with their evidence, as brand-check.ts made them. */
  results: BrandRuleResult[];
  /** Rule id → the digest of the rule as evaluated: a new guideline version re-runs the rules whose digest moved. */
  ruleDigests: Record<string, string>;
  score: number;
  verdict: BrandVerdict;
  cause: BrandCheckCause;
  /** The latest result of this asset and brand. */
  current: boolean;
  checkedAt: string;
  checkedBy: string;
}

/** An asset whose verdict a new guideline version changed: the new result and the one before, side by side. */
export interface BrandRereview {
  assetId: string;
  brandId: string;
  check: StoredBrandCheck;
  previous: StoredBrandCheck;
  flaggedAt: string;
}

/**
 * An asset's current version with what a brand check reads of it, in one batch read: the asset's fields, the
 * version's file and size, its palette, and the stored results of the enrichers the rules look at (`text`, `faces`,
 * `visual-tags`: done results only, as the enricher stored them).
 */
export interface BrandSubject {
  assetId: string;
  status: AssetStatus;
  kind: AssetKind;
  teamId?: string;
  team?: string;
  campaign?: string;
  prompt?: string;
  intendedUse?: string;
  versionNumber: number;
  versionId: string;
  sha256: string;
  size: number;
  mediaType: string;
  width?: number;
  height?: number;
  palette: Pick<PaletteColour, 'hex' | 'lab' | 'share'>[];
  enrichments: Partial<Record<BrandFactEnricher, Record<string, unknown>>>;
}

/** An asset the re-check of a guideline version changed the verdict of (and so flagged for re-review). */
export interface GuidelineFlaggedAsset {
  assetId: string;
  title: string;
  versionNumber: number;
  verdict: BrandVerdict;
  previousVerdict: BrandVerdict;
  checkedAt: string;
  /** Still waiting for its re-review (not cleared, not flagged again by a later version). */
  stillFlagged: boolean;
}

/** The enrichers whose results a brand check reads (besides the palette). */
export const brandFactEnrichers = ['text', 'faces', 'visual-tags'] as const;
export type BrandFactEnricher = (typeof brandFactEnrichers)[number];

export interface BrandRepository {
  /** The subjects of these assets (those that exist and are not deleted), in asset-id order, in three queries. */
  subjects(assetIds: readonly string[]): Promise<BrandSubject[]>;
  /** CONFLICT when the slug is taken. */
  insertBrand(brand: Brand): Promise<void>;
  /** By id or slug. */
  findBrand(idOrSlug: string): Promise<Brand | undefined>;
  listBrands(): Promise<Brand[]>;
  /** Every brand's newest guideline version (brands without one are left out), by brand creation. */
  latestGuidelines(): Promise<StoredGuideline[]>;

  /** Stores a version; CONFLICT when it exists (two imports at once: the second retries). */
  insertGuideline(guideline: StoredGuideline): Promise<void>;
  latestGuideline(brandId: string): Promise<StoredGuideline | undefined>;
  guideline(brandId: string, version: number): Promise<StoredGuideline | undefined>;
  /** Newest first, without their documents. */
  guidelineVersions(brandId: string): Promise<GuidelineVersionEntry[]>;

  /** CONFLICT when the brand already has a logo of that name. */
  insertLogo(logo: LogoReference): Promise<void>;
  logos(brandId: string): Promise<LogoReference[]>;

  /** Stores a result as the asset's current one for its brand (the previous current one stays, in the history). */
  insertCheck(check: Omit<StoredBrandCheck, 'current'>): Promise<StoredBrandCheck>;
  /** Stores many results at once (the bump's batch), each becoming current. */
  insertChecks(checks: readonly Omit<StoredBrandCheck, 'current'>[]): Promise<void>;
  /** The current result of each asset for the brand, after `afterAssetId` in asset order: the bump's keyset walk. */
  currentChecks(brandId: string, afterAssetId: string, limit: number): Promise<StoredBrandCheck[]>;
  /** The asset's results, newest first (every brand). */
  checksOf(assetId: string, limit?: number): Promise<StoredBrandCheck[]>;
  /** Flags (or re-flags) an asset for re-review with the new and previous result. */
  flagRereview(flag: {
    assetId: string;
    brandId: string;
    checkId: string;
    previousCheckId: string;
    at: string;
  }): Promise<void>;
  clearRereview(assetId: string): Promise<boolean>;
  rereviewOf(assetId: string): Promise<BrandRereview | undefined>;
  /** How many assets of the brand are flagged. */
  rereviewCount(brandId: string): Promise<number>;
  /**
   * The assets whose verdict the re-check of this guideline version changed, oldest first, at most `limit`, only of
   * `teamIds` when given: each re-check result against the result it replaced (the asset version's latest under an
   * older guideline version).
   */
  flaggedByGuideline(
    brandId: string,
    version: number,
    limit: number,
    teamIds?: readonly string[],
  ): Promise<GuidelineFlaggedAsset[]>;
  /** How many results the re-check of this guideline version wrote. */
  recheckedCount(brandId: string, version: number): Promise<number>;
}
