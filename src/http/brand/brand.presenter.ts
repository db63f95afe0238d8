/** How an asset's read shows its brand checks: the latest per brand in a line each, the evidence a link away. */
import type { AssetBrandChecks } from '../../services/brand-check.service.ts';

export const brandCheckSummary = (checks: AssetBrandChecks) => ({
  current: checks.current.map((check) => ({
    id: check.id,
    brandId: check.brandId,
    versionNumber: check.versionNumber,
    guidelineVersion: check.guidelineVersion,
    verdict: check.verdict,
    score: check.score,
    failedRules: check.results.filter((r) => r.outcome === 'fail').map((r) => r.ruleId),
    checkedAt: check.checkedAt,
  })),
  rereview: checks.rereview !== undefined,
});
