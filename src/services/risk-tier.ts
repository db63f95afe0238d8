/**
 * Deriving an asset's risk tier from the current risk policy (domain/risk-policy.ts): at intake (from the fields
 * alone), when enrichment finishes (with its tags and moderation scores), when a fact changes (an edit), and when
 * the policy changes (policy.service.ts re-derives every asset not yet decided). Always in the caller's
 * transaction, so that the tier never disagrees with the facts it was derived from. A change of tier or rule is
 * audited on the asset with before and after; so is a bare change of the deciding policy version, except in the
 * policy change's re-derivation, whose batches audit those confirmations in one summary entry each.
 */
import { actorLabel, type RequestContext } from '../domain/access.ts';
import type { AssetWithVersions } from '../domain/asset.ts';
import { digestOf } from '../domain/audit.ts';
import type { StoreTx, Transaction } from '../domain/ports.ts';
import type { RiskTier } from '../domain/review.ts';
import {
  decideTier,
  riskFactsOf,
  shippedPolicy,
  type EnrichmentFacts,
  type StoredRiskPolicy,
  type TierDecision,
} from '../domain/risk-policy.ts';

/** What deriving a tier reads and writes. */
export type RiskTierRepositories = 'assets' | 'enrichment' | 'riskPolicies' | 'audit';

/** The policy in force: the newest stored version, or the shipped default (version 0) when none is stored. */
export async function currentPolicy(store: Pick<StoreTx, 'riskPolicies'>): Promise<StoredRiskPolicy> {
  return (await store.riskPolicies.latest()) ?? shippedPolicy;
}

/**
 * What enrichment stored for a version that the rules look at: tag labels, the moderation scores, and whether the
 * faces step found realistic people (its result is `{ faces, containsPeople }`; absent until it has run).
 */
export async function enrichmentFactsOf(
  store: Pick<StoreTx, 'enrichment'>,
  versionId: string | undefined,
): Promise<EnrichmentFacts> {
  if (versionId === undefined) return { tags: [] };
  const tags = await store.enrichment.tags(versionId);
  const visual = await store.enrichment.result(versionId, 'visual-tags');
  const moderation = visual?.status === 'done' ? visual.result.moderation : undefined;
  const faces = await store.enrichment.result(versionId, 'faces');
  const containsPeople = faces?.status === 'done' ? faces.result.containsPeople : undefined;
  return {
    tags: tags.map((t) => t.label),
    ...(moderation !== null && typeof moderation === 'object'
      ? { moderation: moderation as Record<string, unknown> }
      : {}),
    ...(typeof containsPeople === 'boolean' ? { containsPeople } : {}),
  };
}

/** The tier the policy gives the asset, from its fields and what enrichment stored for its current version. */
export async function decideAssetTier(
  store: Pick<StoreTx, 'enrichment'>,
  asset: AssetWithVersions,
  policy: StoredRiskPolicy,
): Promise<TierDecision> {
  const current = asset.versions.find((v) => v.number === asset.currentVersion);
  return decideTier(policy.policy, riskFactsOf(asset, await enrichmentFactsOf(store, current?.id)));
}

/** The tier fields of an asset, as stored on it and shown by the API. */
export interface TierFields {
  riskTier?: RiskTier;
  riskRule?: string;
  riskPolicyVersion?: number;
}

/** The tier fields for a decision under a policy version. */
export const tierFieldsOf = (decision: TierDecision, policyVersion: number): TierFields => ({
  riskTier: decision.tier,
  ...(decision.ruleId !== undefined ? { riskRule: decision.ruleId } : {}),
  riskPolicyVersion: policyVersion,
});

export interface TierOutcome {
  assetId: string;
  before: TierFields;
  after: TierFields;
  decision: TierDecision;
  /** Tier or rule differ from before. */
  changed: boolean;
  /** Anything was written (a change, or only the deciding policy version). */
  written: boolean;
}

export interface RederiveOptions {
  /** The policy to decide by (default: the current one, read in the transaction). */
  policy?: StoredRiskPolicy;
  /** Why, recorded in the audit entry: 'intake', 'enrichment-finished', 'fields-changed', 'policy-changed'. */
  cause: string;
  /**
   * A re-derivation that audits confirmations itself (the policy change's batches): a write that changes only the
   * deciding policy version is then not audited here.
   */
  confirmationsAuditedByCaller?: boolean;
}

/**
 * Derives the asset's tier again in the caller's transaction and stores it when tier, rule or deciding policy
 * version differ; undefined when the asset does not exist (deleted meanwhile). The caller has authorised the change
 * that made this due; deriving is bookkeeping done as that actor.
 */
export async function rederiveTier(
  ctx: RequestContext,
  tx: Transaction<RiskTierRepositories>,
  assetId: string,
  options: RederiveOptions,
): Promise<TierOutcome | undefined> {
  const asset = await tx.assets.get(assetId);
  if (!asset) return undefined;
  const policy = options.policy ?? (await currentPolicy(tx));
  const decision = await decideAssetTier(tx, asset, policy);
  return applyTierDecision(ctx, tx, { assetId, ...tierFieldsOfAsset(asset) }, decision, policy, options);
}

const tierFieldsOfAsset = (asset: TierFields): TierFields => ({
  ...(asset.riskTier !== undefined ? { riskTier: asset.riskTier } : {}),
  ...(asset.riskRule !== undefined ? { riskRule: asset.riskRule } : {}),
  ...(asset.riskPolicyVersion !== undefined ? { riskPolicyVersion: asset.riskPolicyVersion } : {}),
});

/**
 * Stores a decision taken for an asset whose tier fields were `stored` (read in this transaction, its row locked),
 * when tier, rule or deciding version differ, and audits it (see RederiveOptions).
 */
export async function applyTierDecision(
  ctx: RequestContext,
  tx: Transaction<'assets' | 'audit'>,
  stored: TierFields & { assetId: string },
  decision: TierDecision,
  policy: StoredRiskPolicy,
  options: Pick<RederiveOptions, 'cause' | 'confirmationsAuditedByCaller'>,
): Promise<TierOutcome> {
  const { assetId } = stored;
  const before = tierFieldsOfAsset(stored);
  const after = tierFieldsOf(decision, policy.version);
  const changed = before.riskTier !== after.riskTier || before.riskRule !== after.riskRule;
  const written = changed || before.riskPolicyVersion !== after.riskPolicyVersion;
  if (!written) return { assetId, before, after, decision, changed, written };
  await tx.assets.setRiskTier(assetId, {
    tier: decision.tier,
    ...(decision.ruleId !== undefined ? { rule: decision.ruleId } : {}),
    policyVersion: policy.version,
  });
  if (changed || !options.confirmationsAuditedByCaller)
    await tx.audit.append({
      actor: actorLabel(ctx.actor),
      action: 'asset.risk-tier-set',
      subjectType: 'asset',
      subjectId: assetId,
      beforeDigest: digestOf(before),
      afterDigest: digestOf(after),
      details: {
        cause: options.cause,
        tier: decision.tier,
        rule: decision.ruleId ?? null,
        policyVersion: policy.version,
        matched: decision.matched,
        ...(before.riskTier !== undefined
          ? {
              previous: {
                tier: before.riskTier,
                rule: before.riskRule ?? null,
                policyVersion: before.riskPolicyVersion,
              },
            }
          : {}),
      },
    });
  return { assetId, before, after, decision, changed, written };
}

/**
 * Raises the asset's tier to at least `tier` for a reason the risk policy does not see (a brand guideline's people
 * rule, named by `rule`), in the caller's transaction, audited like a derivation; never lowers it. Whether it did.
 * A later re-derivation by the policy decides afresh; the brand check raises it again when the asset next passes
 * through brand_check.
 */
export async function raiseTierAtLeast(
  ctx: RequestContext,
  tx: Transaction<'assets' | 'audit'>,
  assetId: string,
  raise: { tier: RiskTier; rule: string; cause: string },
): Promise<boolean> {
  const asset = await tx.assets.get(assetId);
  if (!asset || (asset.riskTier !== undefined && asset.riskTier >= raise.tier)) return false;
  const before = tierFieldsOfAsset(asset);
  const policyVersion = asset.riskPolicyVersion ?? 0;
  await tx.assets.setRiskTier(assetId, { tier: raise.tier, rule: raise.rule, policyVersion });
  await tx.audit.append({
    actor: actorLabel(ctx.actor),
    action: 'asset.risk-tier-set',
    subjectType: 'asset',
    subjectId: assetId,
    beforeDigest: digestOf(before),
    afterDigest: digestOf({ riskTier: raise.tier, riskRule: raise.rule, riskPolicyVersion: policyVersion }),
    details: {
      cause: raise.cause,
      tier: raise.tier,
      rule: raise.rule,
      policyVersion,
      ...(before.riskTier !== undefined
        ? {
            previous: { tier: before.riskTier, rule: before.riskRule ?? null, policyVersion: before.riskPolicyVersion },
          }
        : {}),
    },
  });
  return true;
}

/**
 * The tier of an asset being created (intake), from its fields and its version's provenance alone: nothing is
 * enriched yet. Enrichment derives it again when it finishes.
 */
export async function initialTierFields(
  store: Pick<StoreTx, 'riskPolicies'>,
  asset: Parameters<typeof riskFactsOf>[0],
): Promise<TierFields> {
  const policy = await currentPolicy(store);
  return tierFieldsOf(decideTier(policy.policy, riskFactsOf(asset, { tags: [] })), policy.version);
}

/** What the editing service calls after a fact field changed (AssetEditService's TierDerivation). */
export const tierDerivationOnEdit = {
  rederiveTier: async (ctx: RequestContext, tx: Transaction<RiskTierRepositories>, assetId: string) =>
    rederiveTier(ctx, tx, assetId, { cause: 'fields-changed' }),
};
