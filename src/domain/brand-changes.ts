/**
 * What changed between two versions of a guideline, and between two checks of one asset. A rule keeps its id across
 * versions; its canonical digest (ruleDigest) says whether what it checks changed, so a new version re-runs only
 * the added and changed rules (brand-check.ts recheckBrand), and an asset whose verdict changed is flagged for
 * re-review with the old and new result of every rule side by side.
 */
import { createHash } from 'node:crypto';
import type { BrandCheckResult, BrandGuideline, BrandRule, BrandRuleResult } from './brand-guideline.ts';

/** JSON with object keys sorted at every level: the same document always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const digests = new WeakMap<BrandRule, Map<string, string>>();

/**
 * The digest of what a rule checks: every field but its description (rewording a rule re-runs nothing), plus the
 * brand's name and spellings for a text rule that looks for misspellings of them.
 */
export function ruleDigest(rule: BrandRule, brand: BrandGuideline['brand']): string {
  const brandKey = rule.type === 'text' && rule.misspellingDistance > 0 ? canonicalJson(brand) : '';
  let byBrand = digests.get(rule);
  const cached = byBrand?.get(brandKey);
  if (cached !== undefined) return cached;
  const { description: _description, ...checked } = rule;
  const digest = createHash('sha256')
    .update(canonicalJson(brandKey === '' ? checked : { rule: checked, brand }))
    .digest('hex');
  if (!byBrand) digests.set(rule, (byBrand = new Map<string, string>()));
  byBrand.set(brandKey, digest);
  return digest;
}

export interface GuidelineChanges {
  /** Rule ids only in the new version. */
  added: string[];
  /** Rule ids only in the old version. */
  removed: string[];
  /** Rule ids in both whose digest differs (including a change of type): re-run. */
  changed: string[];
  /** Rule ids in both that check the same (only the description may differ): their results stand. */
  unchanged: string[];
  /** Unchanged rules whose description changed (shown, not re-run). */
  reworded: string[];
  /** The teams or campaigns the guideline applies to changed: the set of assets to check differs. */
  appliesToChanged: boolean;
}

export function compareGuidelines(before: BrandGuideline, after: BrandGuideline): GuidelineChanges {
  const old = new Map(before.rules.map((r) => [r.id, r]));
  const next = new Map(after.rules.map((r) => [r.id, r]));
  const changes: GuidelineChanges = {
    added: [],
    removed: [],
    changed: [],
    unchanged: [],
    reworded: [],
    appliesToChanged: canonicalJson(before.appliesTo) !== canonicalJson(after.appliesTo),
  };
  for (const rule of after.rules) {
    const previous = old.get(rule.id);
    if (!previous) changes.added.push(rule.id);
    else if (ruleDigest(previous, before.brand) !== ruleDigest(rule, after.brand)) changes.changed.push(rule.id);
    else {
      changes.unchanged.push(rule.id);
      if (previous.description !== rule.description) changes.reworded.push(rule.id);
    }
  }
  for (const rule of before.rules) if (!next.has(rule.id)) changes.removed.push(rule.id);
  return changes;
}

/** Nothing to re-run: no rule added or changed, and the same assets are concerned. */
export const changesNothingChecked = (changes: GuidelineChanges): boolean =>
  changes.added.length === 0 && changes.changed.length === 0 && !changes.appliesToChanged;

export interface RuleComparison {
  ruleId: string;
  before?: BrandRuleResult;
  after?: BrandRuleResult;
  /** The outcome differs, or the rule was added or removed. */
  outcomeChanged: boolean;
}

export interface CheckComparison {
  verdictChanged: boolean;
  before: Pick<BrandCheckResult, 'verdict' | 'score'>;
  after: Pick<BrandCheckResult, 'verdict' | 'score'>;
  /** Every rule of either check, in the new check's order then the removed ones. */
  rules: RuleComparison[];
}

/** Two checks of one asset side by side: did the verdict change, and each rule's old and new result. */
export function compareChecks(before: BrandCheckResult, after: BrandCheckResult): CheckComparison {
  const old = new Map(before.results.map((r) => [r.ruleId, r]));
  const seen = new Set<string>();
  const rules: RuleComparison[] = after.results.map((result) => {
    seen.add(result.ruleId);
    const previous = old.get(result.ruleId);
    return {
      ruleId: result.ruleId,
      ...(previous ? { before: previous } : {}),
      after: result,
      outcomeChanged: previous?.outcome !== result.outcome,
    };
  });
  for (const result of before.results)
    if (!seen.has(result.ruleId)) rules.push({ ruleId: result.ruleId, before: result, outcomeChanged: true });
  return {
    verdictChanged: before.verdict !== after.verdict,
    before: { verdict: before.verdict, score: before.score },
    after: { verdict: after.verdict, score: after.score },
    rules,
  };
}
