/**
 * The risk policy (domain/risk-policy.ts) as an administrator manages it: read the current version, any earlier one
 * and the history; store a new version (policy:edit), which is audited with before and after and, in the same
 * transaction, queues the re-derivation of every asset not yet decided (a background job that walks them in keyset
 * batches, rederiveBatch below); preview what a document would change before storing it.
 *
 * A document is checked whole: every problem (a syntax error, an unknown field, a bad value) is one
 * VALIDATION_FAILED naming its path, and nothing is stored.
 */
import { actorLabel, can, teamsWith, type RequestContext } from '../domain/access.ts';
import { digestOf } from '../domain/audit.ts';
import { notFound, ProvenaError, validationFailed } from '../domain/errors.ts';
import type { JobQueue } from '../domain/jobs.ts';
import type { StoreTx, Transaction, UnitOfWork } from '../domain/ports.ts';
import type { RiskTier } from '../domain/review.ts';
import {
  decideTier,
  isTierPending,
  parseRiskPolicy,
  readRiskPolicyText,
  shippedPolicy,
  type RiskPolicy,
  type StoredRiskPolicy,
} from '../domain/risk-policy.ts';
import { authorise } from './authorise.ts';
import { applyTierDecision, currentPolicy, type RiskTierRepositories } from './risk-tier.ts';

export type PolicyRepositories = RiskTierRepositories | 'jobs';

/** What the re-derivation job is asked: the policy version it derives by, and where the previous batch ended. */
export interface RederiveTiersRequest {
  policyVersion: number;
  /** The last asset id of the previous batch (keyset); absent: from the start. */
  after?: string;
}

/** Queues the re-derivation in the caller's transaction (jobs/risk-policy.jobs.ts makes it from the job's type). */
export type RederiveTiersQueue = JobQueue<RederiveTiersRequest>;

/** A policy document as the caller gives it: text to parse (JSON by default, or YAML), or a value already parsed. */
export type PolicyDocument = { text: string; format?: 'json' | 'yaml' } | { value: unknown };

export interface TierChangeExample {
  assetId: string;
  title: string;
  status: string;
  from: { tier?: RiskTier; rule?: string };
  to: { tier: RiskTier; rule?: string };
}

export interface PolicyPreview {
  /** Assets not yet decided that were looked at (every one, unless `truncated`). */
  examined: number;
  /** How many of them would change tier or rule. */
  changes: number;
  /** "from→to" tier → how many (from "none": not derived yet). */
  byTier: Record<string, number>;
  /** A few of them, only among assets the caller may read. */
  examples: TierChangeExample[];
  /** More assets were waiting than a preview looks at (maxPreviewAssets). */
  truncated: boolean;
}

export interface BatchOutcome {
  examined: number;
  changed: number;
  /** Where the next batch starts; absent when this was the last. */
  next?: string;
  /** The job's policy version is no longer the current one: a newer version's job does the work. */
  superseded?: boolean;
}

export const maxPreviewAssets = 10_000;
const previewExamples = 10;
/** Assets a preview reads at a time (it writes nothing, so its batches can be larger than the re-derivation's). */
const previewBatch = 500;
export const defaultRederiveBatch = 200;

export class PolicyService {
  constructor(
    private readonly deps: {
      store: UnitOfWork<PolicyRepositories>;
      rederive: RederiveTiersQueue;
      /** Assets per re-derivation batch (one transaction and one job each). */
      batchSize?: number;
    },
  ) {}

  /** The policy in force, with its version (0: the shipped default, when none was stored). */
  async current(ctx: RequestContext): Promise<StoredRiskPolicy> {
    mayRead(ctx);
    return currentPolicy(this.deps.store);
  }

  async version(ctx: RequestContext, version: number): Promise<StoredRiskPolicy> {
    mayRead(ctx);
    if (version === shippedPolicy.version) return shippedPolicy;
    const found = Number.isSafeInteger(version) ? await this.deps.store.riskPolicies.get(version) : undefined;
    if (!found) throw notFound('Risk policy version', String(version));
    return found;
  }

  /** Every version, newest first, ending with the shipped default (version 0). */
  async history(ctx: RequestContext): Promise<Omit<StoredRiskPolicy, 'policy'>[]> {
    mayRead(ctx);
    const { policy: _policy, ...shipped } = shippedPolicy;
    return [...(await this.deps.store.riskPolicies.history()), shipped];
  }

  /** Checks a document without storing it: VALIDATION_FAILED naming the path of every problem. */
  check(_ctx: RequestContext, document: PolicyDocument): RiskPolicy {
    const { policy, problems } =
      'value' in document ? parseRiskPolicy(document.value) : readRiskPolicyText(document.text, document.format);
    if (!policy) throw validationFailed(problems);
    return policy;
  }

  /**
   * Stores the document as the next version, audited with before and after, and queues the re-derivation of the
   * tiers of every asset not yet decided, in one transaction. Two edits at once: the second is CONFLICT (retry).
   */
  async put(ctx: RequestContext, document: PolicyDocument, note?: string): Promise<StoredRiskPolicy> {
    authorise(ctx, 'policy:edit');
    const policy = this.check(ctx, document);
    const trimmed = note?.trim();
    if (trimmed !== undefined && trimmed.length > 1000)
      throw validationFailed([{ field: 'note', problem: 'longer than 1000 characters' }]);
    return this.deps.store.transaction(async (tx) => {
      const before = await currentPolicy(tx);
      const entry: StoredRiskPolicy = {
        version: before.version + 1,
        policy,
        createdAt: new Date().toISOString(),
        createdBy: actorLabel(ctx.actor),
        ...(trimmed ? { note: trimmed } : {}),
      };
      await tx.riskPolicies.insert(entry);
      await tx.audit.append({
        actor: entry.createdBy,
        action: 'risk-policy.changed',
        subjectType: 'risk-policy',
        subjectId: String(entry.version),
        beforeDigest: digestOf(before.policy),
        afterDigest: digestOf(policy),
        details: {
          version: entry.version,
          previousVersion: before.version,
          ...(entry.note ? { note: entry.note } : {}),
          rules: policy.rules.map((r) => r.id),
          previousRules: before.policy.rules.map((r) => r.id),
        },
      });
      await this.deps.rederive.enqueue(tx, { policyVersion: entry.version });
      return entry;
    });
  }

  /**
   * What storing the document would change: how many assets not yet decided would get another tier or rule, by
   * tier, with a few examples. Reads only (looks at up to maxPreviewAssets assets).
   */
  async preview(ctx: RequestContext, document: PolicyDocument): Promise<PolicyPreview> {
    authorise(ctx, 'policy:edit');
    const policy = this.check(ctx, document);
    const outcome: PolicyPreview = { examined: 0, changes: 0, byTier: {}, examples: [], truncated: false };
    const store = this.deps.store;
    for (let after = ''; ;) {
      const ids = await store.riskPolicies.tierPendingAssetIds(after, previewBatch);
      for (const asset of await store.riskPolicies.tierFacts(ids)) {
        if (outcome.examined >= maxPreviewAssets) {
          outcome.truncated = true;
          return outcome;
        }
        if (!isTierPending(asset.status)) continue;
        outcome.examined++;
        const decision = decideTier(policy, asset.facts);
        if (decision.tier === asset.riskTier && decision.ruleId === asset.riskRule) continue;
        outcome.changes++;
        const key = `${asset.riskTier ?? 'none'}→${decision.tier}`;
        outcome.byTier[key] = (outcome.byTier[key] ?? 0) + 1;
        if (outcome.examples.length < previewExamples && can(ctx, 'asset:read', asset.teamId ?? null))
          outcome.examples.push({
            assetId: asset.assetId,
            title: asset.title,
            status: asset.status,
            from: {
              ...(asset.riskTier !== undefined ? { tier: asset.riskTier } : {}),
              ...(asset.riskRule !== undefined ? { rule: asset.riskRule } : {}),
            },
            to: { tier: decision.tier, ...(decision.ruleId !== undefined ? { rule: decision.ruleId } : {}) },
          });
      }
      if (ids.length < previewBatch) return outcome;
      after = ids[ids.length - 1]!;
    }
  }

  /**
   * One batch of the re-derivation a policy change queued (its job's handler calls this): the next `batchSize`
   * assets not yet decided after `after`, each given the tier the policy version gives it, in one transaction.
   * Every asset whose tier or rule changes gets its own audit entry (its history says why its tier moved); the batch
   * gets one summary entry on the policy, which also covers the assets only confirmed under the new version.
   * Idempotent: run again, it finds nothing to change. A version no longer current stops (its successor's job
   * re-derives everything anyway).
   */
  async rederiveBatch(
    ctx: RequestContext,
    request: RederiveTiersRequest,
    guard?: (tx: Pick<StoreTx, 'jobs'>) => Promise<void>,
  ): Promise<BatchOutcome> {
    authorise(ctx, 'policy:edit');
    const limit = this.deps.batchSize ?? defaultRederiveBatch;
    return this.deps.store.transaction(async (tx: Transaction<PolicyRepositories>) => {
      await guard?.(tx);
      const policy = await currentPolicy(tx);
      if (policy.version !== request.policyVersion) return { examined: 0, changed: 0, superseded: true };
      const ids = await tx.riskPolicies.tierPendingAssetIds(request.after ?? '', limit);
      let changed = 0;
      let confirmed = 0;
      // One read for the whole batch, its rows locked: an edit waits rather than being overwritten by a stale decision.
      for (const asset of await tx.riskPolicies.tierFacts(ids, { lock: true })) {
        if (!isTierPending(asset.status)) continue;
        const outcome = await applyTierDecision(ctx, tx, asset, decideTier(policy.policy, asset.facts), policy, {
          cause: 'policy-changed',
          confirmationsAuditedByCaller: true,
        });
        if (outcome.changed) changed++;
        else if (outcome.written) confirmed++;
      }
      const next = ids.length === limit ? ids[ids.length - 1] : undefined;
      if (ids.length > 0)
        await tx.audit.append({
          actor: actorLabel(ctx.actor),
          action: 'risk-policy.tiers-rederived',
          subjectType: 'risk-policy',
          subjectId: String(policy.version),
          details: {
            version: policy.version,
            examined: ids.length,
            changed,
            confirmed,
            first: ids[0],
            last: ids[ids.length - 1],
            ...(next === undefined ? { complete: true } : {}),
          },
        });
      return { examined: ids.length, changed, ...(next !== undefined ? { next } : {}) };
    });
  }
}

/** The policy is read by anyone who may read assets somewhere: it explains every asset's tier. */
function mayRead(ctx: RequestContext): void {
  const teams = teamsWith(ctx, 'asset:read');
  if (teams === 'all' || teams.length > 0) return;
  throw new ProvenaError(
    'FORBIDDEN',
    `${actorLabel(ctx.actor)} lacks the permission asset:read on any team: the risk policy is shown to those who may read assets.`,
    { permission: 'asset:read' },
  );
}
