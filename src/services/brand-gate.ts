/**
 * Where an asset goes when its enrichment finishes: to `brand_check` when a brand guideline applies to its team and
 * campaign — with the `brand.check` job queued in the same transaction, so that the state never waits for a check
 * nobody will run — and straight to review otherwise. The enrichment run calls this one function in place of
 * taking finish-enrichment itself.
 */
import type { RequestContext } from '../domain/access.ts';
import type { AssetWithVersions } from '../domain/asset.ts';
import { guidelineAppliesTo } from '../domain/brand-guideline.ts';
import type { JobQueue } from '../domain/jobs.ts';
import type { Transaction } from '../domain/ports.ts';
import type { BrandCheckRequest } from './brand-check.service.ts';
import type { TransitionOutcome, WorkflowRepositories, WorkflowService } from './workflow.service.ts';

export type BrandGateRepositories = WorkflowRepositories | 'brand';

export class BrandGate {
  constructor(
    private readonly deps: {
      workflow: Pick<WorkflowService, 'transitionIfDue'>;
      checks: JobQueue<BrandCheckRequest>;
    },
  ) {}

  /**
   * Takes finish-enrichment in the caller's transaction when it is due (`due`, as transitionIfDue): to brand_check
   * when a guideline applies, queuing the check of the current version; to in_review otherwise.
   */
  async routeAfterEnrichment(
    ctx: RequestContext,
    tx: Transaction<BrandGateRepositories>,
    assetId: string,
    due: (asset: AssetWithVersions) => boolean,
    details: Record<string, unknown> = {},
  ): Promise<TransitionOutcome | undefined> {
    const asset = await tx.assets.get(assetId);
    const scope = {
      ...(asset?.team ? { team: asset.team.name } : {}),
      ...(asset?.campaign ? { campaign: asset.campaign.name } : {}),
    };
    const brands = asset
      ? (await tx.brand.latestGuidelines()).filter((g) => guidelineAppliesTo(g.guideline, scope)).map((g) => g.brandId)
      : [];
    const outcome = await this.deps.workflow.transitionIfDue(ctx, tx, assetId, 'finish-enrichment', due, {
      to: brands.length > 0 ? 'brand_check' : 'in_review',
      details: { ...details, ...(brands.length > 0 ? { brands } : {}) },
    });
    if (outcome?.to === 'brand_check')
      await this.deps.checks.enqueue(tx, { assetId, version: outcome.asset.currentVersion });
    return outcome;
  }
}
