/**
 * The risk policy: a declarative, versioned document of rules that give an asset its review tier. A rule holds when
 * every condition in its `when` holds (a list means "any of"); the asset takes the highest tier of the rules that
 * hold — a risk only ever raises the tier — or the policy's `defaultTier` when none does. The tier comes with the
 * rule that set it, so that a reviewer sees why. Pure: no I/O; `parseRiskPolicy` checks an untrusted document and
 * names the path of every problem.
 */
import {
  assetKinds,
  audiences,
  type AssetStatus,
  type AssetWithVersions,
  intendedUses,
  rightsStatuses,
  type AssetKind,
  type Audience,
  type IntendedUse,
  type RightsStatus,
} from './asset.ts';
import { readDocumentText, type DocumentFormat } from './document-text.ts';
import type { FieldProblem } from './errors.ts';
import { aiInvolvements, type AiInvolvement } from './provenance.ts';
import { riskTiers, type RiskTier } from './review.ts';

export { audiences, type Audience };

/** What the rules look at: the asset's intake fields, provenance verdict and what enrichment found. */
export interface RiskFacts {
  kind: AssetKind;
  intendedUse?: IntendedUse;
  rightsStatus: RightsStatus;
  aiInvolvement: AiInvolvement;
  /** As stated at intake; when absent the intended use decides (internal: internal, anything else: external). */
  audience?: Audience;
  /** As stated at intake; the `regulated` intended use is regulated whatever this says. */
  regulated?: boolean;
  campaign?: string;
  team?: string;
  /** Moderation scores by lower-case label (0–1), the highest any moderation model gave. */
  moderation: Readonly<Record<string, number>>;
  /** Tag labels of every source. */
  tags: readonly string[];
  /** Realistic people are depicted (the faces enricher's judgement); absent when faces were not looked for. */
  containsPeople?: boolean;
}

export interface RiskConditions {
  kind?: AssetKind[];
  intendedUse?: IntendedUse[];
  /** The audience stated at intake; when none was: internal for the internal intended use, external otherwise. */
  audience?: Audience;
  rightsStatus?: RightsStatus[];
  aiInvolvement?: AiInvolvement[];
  /** The asset is flagged regulated at intake, or its intended use is `regulated`. */
  regulated?: boolean;
  /** Campaign or team names, compared case-insensitively. */
  campaign?: string[];
  team?: string[];
  /** Holds when any listed moderation label scores at least its threshold. */
  moderationAtLeast?: Record<string, number>;
  /** Holds when the asset carries any of these tags (case-insensitive). */
  tags?: string[];
  /**
   * Holds when the faces enricher found realistic people (true) or found none (false); never while faces were not
   * looked for, so that an asset not yet enriched neither gains nor loses a tier by it.
   */
  people?: boolean;
}

export interface RiskRule {
  id: string;
  description?: string;
  when: RiskConditions;
  tier: RiskTier;
}

export interface RiskPolicy {
  defaultTier: RiskTier;
  rules: RiskRule[];
}

export interface TierDecision {
  tier: RiskTier;
  /** The rule that set the tier; absent when the default applied. */
  ruleId?: string;
  /** Every rule that held, for the explanation. */
  matched: string[];
}

const lower = (s: string | undefined) => s?.trim().toLowerCase();
const audienceOf = (facts: RiskFacts): Audience =>
  facts.audience ?? (facts.intendedUse === 'internal' ? 'internal' : 'external');
const regulatedOf = (facts: RiskFacts): boolean => facts.regulated === true || facts.intendedUse === 'regulated';

function holds(when: RiskConditions, facts: RiskFacts): boolean {
  const anyOf = <T>(list: readonly T[] | undefined, value: T | undefined) =>
    list === undefined || (value !== undefined && list.includes(value));
  const named = (list: string[] | undefined, value: string | undefined) =>
    list === undefined || (value !== undefined && list.some((n) => lower(n) === lower(value)));
  const tags = new Set(facts.tags.map((t) => t.toLowerCase()));
  return (
    anyOf(when.kind, facts.kind) &&
    anyOf(when.intendedUse, facts.intendedUse) &&
    (when.audience === undefined || when.audience === audienceOf(facts)) &&
    anyOf(when.rightsStatus, facts.rightsStatus) &&
    anyOf(when.aiInvolvement, facts.aiInvolvement) &&
    (when.regulated === undefined || when.regulated === regulatedOf(facts)) &&
    named(when.campaign, facts.campaign) &&
    named(when.team, facts.team) &&
    (when.moderationAtLeast === undefined ||
      Object.entries(when.moderationAtLeast).some(
        ([label, min]) => (facts.moderation[label.toLowerCase()] ?? 0) >= min,
      )) &&
    (when.tags === undefined || when.tags.some((t) => tags.has(t.toLowerCase()))) &&
    (when.people === undefined || (facts.containsPeople !== undefined && when.people === facts.containsPeople))
  );
}

export function decideTier(policy: RiskPolicy, facts: RiskFacts): TierDecision {
  const matched = policy.rules.filter((rule) => holds(rule.when, facts));
  const top = matched.reduce<RiskRule | undefined>(
    (best, rule) => (!best || rule.tier > best.tier ? rule : best),
    undefined,
  );
  return top && top.tier >= policy.defaultTier
    ? { tier: top.tier, ruleId: top.id, matched: matched.map((r) => r.id) }
    : { tier: policy.defaultTier, matched: matched.map((r) => r.id) };
}

/** The policy a new store starts with; an operator edits it over the API (each edit is a new version). */
export const defaultRiskPolicy: RiskPolicy = {
  defaultTier: 1,
  rules: [
    {
      id: 'customer-facing',
      description: 'Anything meant for an audience outside the company is seen by the brand team.',
      when: { audience: 'external' },
      tier: 2,
    },
    {
      id: 'regulated',
      description: 'Regulated communications need legal and compliance.',
      when: { regulated: true },
      tier: 3,
    },
    {
      id: 'rights-not-cleared-external',
      description: 'External use of material whose rights are not cleared needs legal and compliance.',
      when: { audience: 'external', rightsStatus: ['restricted', 'expired', 'unknown'] },
      tier: 3,
    },
    {
      id: 'advertising-ai-generated',
      description: 'AI-generated advertising carries disclosure duties.',
      when: { intendedUse: ['advertising'], aiInvolvement: ['ai-generated'] },
      tier: 3,
    },
    {
      id: 'moderation-flag',
      description: 'Content the moderation model flags is looked at by legal and compliance.',
      when: { moderationAtLeast: { porn: 0.3, hentai: 0.3, sexy: 0.6 } },
      tier: 3,
    },
  ],
};

const conditionKeys = [
  'kind',
  'intendedUse',
  'audience',
  'rightsStatus',
  'aiInvolvement',
  'regulated',
  'campaign',
  'team',
  'moderationAtLeast',
  'tags',
  'people',
] as const satisfies readonly (keyof RiskConditions)[];

/** Checks an untrusted policy document; every problem is named by its path (`rules[2].when.kind[0]`). */
export function parseRiskPolicy(input: unknown): { policy?: RiskPolicy; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, text: string) => problems.push({ field, problem: text });
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const unknownKeys = (v: Record<string, unknown>, known: readonly string[], at: string) => {
    for (const key of Object.keys(v))
      if (!known.includes(key)) problem(at ? `${at}.${key}` : key, `unknown field (known: ${known.join(', ')})`);
  };
  const tier = (v: unknown, at: string): RiskTier | undefined => {
    if (riskTiers.includes(v as RiskTier)) return v as RiskTier;
    problem(at, `must be one of: ${riskTiers.join(', ')}`);
    return undefined;
  };
  const enumList = <T extends string>(v: unknown, allowed: readonly T[], at: string): T[] | undefined => {
    if (!Array.isArray(v) || v.length === 0) {
      problem(at, `must be a non-empty list of: ${allowed.join(', ')}`);
      return undefined;
    }
    v.forEach((item, i) => {
      if (!allowed.includes(item as T)) problem(`${at}[${i}]`, `must be one of: ${allowed.join(', ')}`);
    });
    return v as T[];
  };
  const nameList = (v: unknown, at: string): string[] | undefined => {
    if (!Array.isArray(v) || v.length === 0 || v.some((s) => typeof s !== 'string' || s.trim() === '')) {
      problem(at, 'must be a non-empty list of non-empty strings');
      return undefined;
    }
    return v as string[];
  };

  if (!isObject(input)) {
    problem('(policy)', 'must be a JSON object with defaultTier and rules');
    return { problems };
  }
  unknownKeys(input, ['defaultTier', 'rules'], '');
  const defaultTier = tier(input.defaultTier, 'defaultTier');
  const rules: RiskRule[] = [];
  if (!Array.isArray(input.rules)) problem('rules', 'must be a list of rules');
  else {
    const ids = new Set<string>();
    input.rules.forEach((raw, i) => {
      const at = `rules[${i}]`;
      if (!isObject(raw)) return problem(at, 'must be an object with id, when and tier');
      unknownKeys(raw, ['id', 'description', 'when', 'tier'], at);
      if (typeof raw.id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(raw.id))
        problem(`${at}.id`, 'must be a lowercase id of letters, digits and dashes (at most 64)');
      else if (ids.has(raw.id)) problem(`${at}.id`, `"${raw.id}" is used by an earlier rule`);
      else ids.add(raw.id);
      if (raw.description !== undefined && typeof raw.description !== 'string')
        problem(`${at}.description`, 'must be a string');
      const ruleTier = tier(raw.tier, `${at}.tier`);
      const when: RiskConditions = {};
      if (!isObject(raw.when)) problem(`${at}.when`, 'must be an object of conditions');
      else {
        const w = raw.when;
        const wat = `${at}.when`;
        unknownKeys(w, conditionKeys, wat);
        if (Object.keys(w).length === 0) problem(wat, 'must hold at least one condition (use defaultTier for all)');
        if (w.kind !== undefined) when.kind = enumList(w.kind, assetKinds, `${wat}.kind`);
        if (w.intendedUse !== undefined) when.intendedUse = enumList(w.intendedUse, intendedUses, `${wat}.intendedUse`);
        if (w.audience !== undefined) {
          if (audiences.includes(w.audience as Audience)) when.audience = w.audience as Audience;
          else problem(`${wat}.audience`, `must be one of: ${audiences.join(', ')}`);
        }
        if (w.rightsStatus !== undefined)
          when.rightsStatus = enumList(w.rightsStatus, rightsStatuses, `${wat}.rightsStatus`);
        if (w.aiInvolvement !== undefined)
          when.aiInvolvement = enumList(w.aiInvolvement, aiInvolvements, `${wat}.aiInvolvement`);
        if (w.regulated !== undefined) {
          if (typeof w.regulated === 'boolean') when.regulated = w.regulated;
          else problem(`${wat}.regulated`, 'must be true or false');
        }
        if (w.people !== undefined) {
          if (typeof w.people === 'boolean') when.people = w.people;
          else problem(`${wat}.people`, 'must be true or false');
        }
        if (w.campaign !== undefined) when.campaign = nameList(w.campaign, `${wat}.campaign`);
        if (w.team !== undefined) when.team = nameList(w.team, `${wat}.team`);
        if (w.tags !== undefined) when.tags = nameList(w.tags, `${wat}.tags`);
        if (w.moderationAtLeast !== undefined) {
          const m = w.moderationAtLeast;
          if (!isObject(m) || Object.keys(m).length === 0)
            problem(`${wat}.moderationAtLeast`, 'must map moderation labels to thresholds from 0 to 1');
          else {
            for (const [label, min] of Object.entries(m))
              if (typeof min !== 'number' || !(min >= 0 && min <= 1))
                problem(`${wat}.moderationAtLeast.${label}`, 'must be a number from 0 to 1');
            when.moderationAtLeast = m as Record<string, number>;
          }
        }
      }
      if (ruleTier !== undefined && typeof raw.id === 'string')
        rules.push({
          id: raw.id,
          ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
          when,
          tier: ruleTier,
        });
    });
  }
  if (problems.length > 0 || defaultTier === undefined) return { problems };
  return { policy: { defaultTier, rules }, problems };
}

/**
 * Assets whose tier a policy change re-derives: every status before a decision was taken on them. An approved,
 * published, archived, deprecated or rejected asset keeps the tier it was decided under.
 */
export const tierPendingStatuses = [
  'draft',
  'enriching',
  'brand_check',
  'in_review',
  'changes_requested',
  'quarantined',
] as const satisfies readonly AssetStatus[];

export const isTierPending = (status: AssetStatus): boolean =>
  (tierPendingStatuses as readonly AssetStatus[]).includes(status);

/**
 * The version a store without any stored policy uses: the default shipped with this release (defaultRiskPolicy). The
 * first policy stored is version 1; every edit stores the next.
 */
export const shippedPolicyVersion = 0;

/** One version of the policy, as stored (version 0: the shipped default, never stored). */
export interface StoredRiskPolicy {
  version: number;
  policy: RiskPolicy;
  createdAt: string;
  /** The actor label of whoever stored it (`system:default` for version 0). */
  createdBy: string;
  note?: string;
}

export const shippedPolicy: StoredRiskPolicy = {
  version: shippedPolicyVersion,
  policy: defaultRiskPolicy,
  createdAt: '1970-01-01T00:00:00.000Z',
  createdBy: 'system:default',
  note: 'the default policy shipped with Provena',
};

export interface RiskPolicyRepository {
  /** The newest stored version, if any. */
  latest(): Promise<StoredRiskPolicy | undefined>;
  get(version: number): Promise<StoredRiskPolicy | undefined>;
  /** Every stored version, newest first, without their documents. */
  history(): Promise<Omit<StoredRiskPolicy, 'policy'>[]>;
  /** Stores a version; CONFLICT when that version exists (two edits at once: the second retries). */
  insert(entry: StoredRiskPolicy): Promise<void>;
  /** Ids of assets in a tier-pending status (tierPendingStatuses), after `afterId` in id order: the re-derivation. */
  tierPendingAssetIds(afterId: string, limit: number): Promise<string[]>;
  /**
   * The facts of these assets (those that exist), in as few queries as a batch allows; `lock`: their rows are locked
   * until the transaction ends, so that an edit cannot change a fact between the decision and its write.
   */
  tierFacts(assetIds: readonly string[], options?: { lock?: boolean }): Promise<AssetTierFacts[]>;
}

/** Everything deciding one asset's tier needs, read for a batch of assets at once (the re-derivation, the preview). */
export interface AssetTierFacts {
  assetId: string;
  title: string;
  status: AssetStatus;
  teamId?: string;
  /** The tier fields as stored. */
  riskTier?: RiskTier;
  riskRule?: string;
  riskPolicyVersion?: number;
  facts: RiskFacts;
}

/** What enrichment found that the rules look at: tag labels of every source, and each moderation model's scores. */
export interface EnrichmentFacts {
  tags: readonly string[];
  /** Model → label → score, as the visual-tags step recorded it. */
  moderation?: Readonly<Record<string, unknown>>;
  /** The faces step's `containsPeople`; absent when it did not run (or not yet). */
  containsPeople?: boolean;
}

/** The parts of an asset the facts come from (an AssetWithVersions is one). */
export interface RiskFactsSource extends Pick<
  AssetWithVersions,
  'kind' | 'intendedUse' | 'audience' | 'regulated' | 'rightsStatus' | 'currentVersion'
> {
  team?: { name: string };
  campaign?: { name: string };
  versions: readonly { number: number; provenance: { aiInvolvement: AiInvolvement } }[];
}

/** The facts of an asset: its intake fields, its current version's AI involvement and what enrichment found. */
export function riskFactsOf(asset: RiskFactsSource, enrichment: EnrichmentFacts): RiskFacts {
  const current = asset.versions.find((v) => v.number === asset.currentVersion);
  const moderation: Record<string, number> = {};
  for (const scores of Object.values(enrichment.moderation ?? {})) {
    if (typeof scores !== 'object' || scores === null) continue;
    for (const [label, score] of Object.entries(scores as Record<string, unknown>)) {
      const key = label.toLowerCase();
      if (typeof score === 'number' && Number.isFinite(score) && score > (moderation[key] ?? -1))
        moderation[key] = score;
    }
  }
  return {
    kind: asset.kind,
    ...(asset.intendedUse !== undefined ? { intendedUse: asset.intendedUse } : {}),
    ...(asset.audience !== undefined ? { audience: asset.audience } : {}),
    ...(asset.regulated !== undefined ? { regulated: asset.regulated } : {}),
    rightsStatus: asset.rightsStatus,
    aiInvolvement: current?.provenance.aiInvolvement ?? 'unknown',
    ...(asset.campaign ? { campaign: asset.campaign.name } : {}),
    ...(asset.team ? { team: asset.team.name } : {}),
    moderation,
    tags: [...enrichment.tags],
    ...(enrichment.containsPeople !== undefined ? { containsPeople: enrichment.containsPeople } : {}),
  };
}

/**
 * Reads a policy document from its text, JSON (the default) or YAML: a syntax error is a problem naming the line and
 * column (the whole document is `(policy)`; readDocumentText), then parseRiskPolicy names the path of every problem in
 * it.
 */
export function readRiskPolicyText(
  text: string,
  format: DocumentFormat = 'json',
): { policy?: RiskPolicy; problems: FieldProblem[] } {
  const read = readDocumentText(text, format, '(policy)');
  return 'value' in read ? parseRiskPolicy(read.value) : read;
}
