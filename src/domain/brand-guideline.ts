/**
 * Brand guidelines: a declarative, versioned document of the rules an asset is checked against before a person
 * reviews it (the workflow's `brand_check` state). One organisation may have several brands; each guideline names
 * its brand, the teams and campaigns it applies to, and rules — each with an id that stays the same across versions
 * (so that a new version re-runs only the rules that changed, brand-changes.ts), a type, a severity and a weight.
 * The check itself is brand-check.ts. Pure: no I/O; `parseBrandGuideline` checks an untrusted document and names the
 * path of every problem, `readBrandGuidelineText` reads JSON or YAML text and names the line and column of a syntax
 * error.
 */
import type { RiskTier } from './review.ts';

export const brandRuleTypes = ['palette', 'logo', 'text', 'prompt', 'people', 'channel-format', 'moderation'] as const;
export type BrandRuleType = (typeof brandRuleTypes)[number];

/** What a violated rule means: `fail` stops the asset (back to the requestor), `warn` lets it through flagged. */
export const ruleSeverities = ['fail', 'warn'] as const;
export type RuleSeverity = (typeof ruleSeverities)[number];

interface RuleBase {
  /** Stable across versions: a rule keeps its id when edited, so that only edited rules are re-run. */
  id: string;
  description?: string;
  severity: RuleSeverity;
  /** Its share of the score (a positive number; the default 1). */
  weight: number;
}

export interface NamedColour {
  name: string;
  /** '#rrggbb', lowercase once parsed. */
  hex: string;
}

export interface ForbiddenColour extends NamedColour {
  /** ΔE2000 within which a palette colour counts as this colour, 0–100. */
  tolerance: number;
}

/**
 * The picture's colours must be the brand's: palette colours within `tolerance` (ΔE2000) of a brand colour must
 * cover at least `minOnPaletteShare` of the picture, and forbidden colours at most `maxForbiddenShare`.
 */
export interface PaletteRule extends RuleBase {
  type: 'palette';
  colours: NamedColour[];
  /** ΔE2000, 0–100. About 2.3 is a just-noticeable difference; 10 is "the same colour family" in practice. */
  tolerance: number;
  /** 0–1. */
  minOnPaletteShare: number;
  forbidden: ForbiddenColour[];
  /** 0–1: the share of forbidden colours above which the rule is violated (default 0.01). */
  maxForbiddenShare: number;
}

/** A rectangle in fractions of the frame (0–1), top-left origin. */
export interface Zone {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export const logoPresences = ['required', 'forbidden'] as const;
export type LogoPresence = (typeof logoPresences)[number];

/**
 * A reference logo must appear (in one of the zones, with clear space around it) or must not appear (an old logo, a
 * competitor's). The logo's bytes are stored by the service under `logo.id`; the check receives the matches the
 * service's LogoMatcher found (BrandFacts.logoMatches).
 */
export interface LogoRule extends RuleBase {
  type: 'logo';
  logo: {
    /** The stored reference image's id. */
    id: string;
    /** Its SHA-256 (hex), when known: a new upload under the same id is a change of the rule. */
    sha256?: string;
  };
  presence: LogoPresence;
  /** Where a required logo may sit (its box wholly inside one zone); absent: anywhere. Zones do not overlap. */
  zones?: Zone[];
  /**
   * Free space around a required logo, as a fraction of the logo's height (its shorter side for a tall logo): no
   * recognised word or face may enter it, and it must lie inside the frame.
   */
  clearSpace?: number;
  /** 0–1: matches scoring below are not the logo (default 0.7). */
  minScore: number;
}

/**
 * Words in the picture (OCR) and in the copy of a text asset. Phrases match whole words, case- and accent-folded;
 * `*` inside a phrase stands for any run of letters within one word (see compilePhrase), so no raw regular
 * expression is ever accepted.
 */
export interface TextRule extends RuleBase {
  type: 'text';
  /** Competitor brands, stock-agency watermark words, claims the brand may not make. */
  forbidden: string[];
  /** Adds stockWatermarkWords to `forbidden`. */
  forbidStockWatermarks: boolean;
  /** Disclaimers the text must contain (each as a phrase). */
  required: string[];
  /**
   * The brand name spelt wrong: a word (or run of words) within this Damerau-Levenshtein distance of the brand's
   * name or one of its accepted spellings, but equal to none of them (case-insensitive). 0 turns the check off.
   */
  misspellingDistance: number;
  /** OCR words below this confidence (0–1) are ignored (default 0.5): a guess is not evidence. */
  minConfidence: number;
}

/** Terms the generating prompt may not contain: competitor brands, living artists' names, real people. */
export interface PromptRule extends RuleBase {
  type: 'prompt';
  forbidden: string[];
}

/**
 * Realistic people depicted: their likeness needs a model release (`requireModelRelease`), and/or the asset's review
 * tier is raised (`raiseTierTo`, applied by the service through the risk policy).
 */
export interface PeopleRule extends RuleBase {
  type: 'people';
  requireModelRelease: boolean;
  raiseTierTo?: RiskTier;
}

export interface ChannelFormat {
  /** The channel's name as assets target it ('instagram-feed', 'web-hero'), compared case-insensitively. */
  channel: string;
  /** 'W:H' ratios, e.g. '1:1', '4:5', '16:9'; empty: any. */
  aspectRatios: string[];
  /** Relative difference allowed between the picture's ratio and a listed one (default 0.01). */
  aspectTolerance: number;
  minWidth: number;
  minHeight: number;
}

/** Each channel the asset targets has its allowed aspect ratios and minimum resolution. */
export interface ChannelFormatRule extends RuleBase {
  type: 'channel-format';
  channels: ChannelFormat[];
}

/** A moderation label scoring at least its threshold (0–1) violates the rule. */
export interface ModerationRule extends RuleBase {
  type: 'moderation';
  thresholds: Record<string, number>;
}

export type BrandRule =
  PaletteRule | LogoRule | TextRule | PromptRule | PeopleRule | ChannelFormatRule | ModerationRule;

export interface BrandGuideline {
  brand: {
    name: string;
    /** Other accepted spellings of the name ('Coca-Cola', 'Coke'): not misspellings. */
    spellings: string[];
  };
  /** Teams and campaigns (names, case-insensitive) whose assets the guideline checks; both absent: every asset. */
  appliesTo: { teams?: string[]; campaigns?: string[] };
  rules: BrandRule[];
}

/** One version of a brand's guideline, as stored (the service's storage may add fields). */
export interface StoredBrandGuideline {
  /** The brand's id (a slug), one guideline history per brand. */
  brandId: string;
  /** 1, 2, … per brand. */
  version: number;
  guideline: BrandGuideline;
  createdAt: string;
  /** The actor label of whoever stored it. */
  createdBy: string;
  note?: string;
}

/** Stock-agency watermark words: AI images often carry a hallucinated one, and a real one means an unlicensed copy. */
export const stockWatermarkWords = [
  'shutterstock',
  'getty images',
  'gettyimages',
  'alamy',
  'dreamstime',
  'istock',
  'istockphoto',
  'adobe stock',
  'depositphotos',
  '123rf',
  'bigstock',
  'stock photo',
] as const;

/** Limits on an untrusted document: the check's cost and the stored size stay bounded. */
export const guidelineLimits = {
  rules: 200,
  listItems: 500,
  stringLength: 200,
  zones: 16,
  channels: 50,
  maxMisspellingDistance: 3,
  /** `*` wildcards per phrase. */
  wildcards: 4,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Results: what the check says about each rule (brand-check.ts computes them).

export const ruleOutcomes = ['pass', 'warn', 'fail', 'not-applicable'] as const;
export type RuleOutcome = (typeof ruleOutcomes)[number];

export const brandVerdicts = ['pass', 'warn', 'fail'] as const;
export type BrandVerdict = (typeof brandVerdicts)[number];

/** A rectangle in the pixel coordinates of the original picture (the same as image-content.ts's Box). */
export interface EvidenceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PaletteEvidence {
  type: 'palette';
  onPaletteShare: number;
  offPaletteShare: number;
  minOnPaletteShare: number;
  /** The palette colours off the brand palette, largest share first, each with the nearest brand colour. */
  offPaletteColours: { hex: string; share: number; nearest: string; deltaE: number }[];
  /** Forbidden colours present, with the palette colours that matched them. */
  forbiddenColours: {
    name: string;
    hex: string;
    share: number;
    matched: { hex: string; share: number; deltaE: number }[];
  }[];
  forbiddenShare: number;
}

export interface LogoMatchEvidence {
  box: EvidenceBox;
  scale: number;
  score: number;
  /** The zone holding the logo's box; absent when the rule has zones and none holds it. */
  zone?: string;
  /** What entered the clear space around it, or that it runs out of the frame. */
  clearSpaceViolations: { what: 'frame-edge' | 'word' | 'face' | 'logo'; text?: string; box?: EvidenceBox }[];
}

export interface LogoEvidence {
  type: 'logo';
  presence: LogoPresence;
  logoId: string;
  minScore: number;
  /** Matches at or above minScore, best first; empty: not found. */
  matches: LogoMatchEvidence[];
}

/** A word (or phrase) found in the picture or the copy. */
export interface TextHit {
  /** The rule's phrase (or brand spelling) it matched. */
  phrase: string;
  /** The text as it appears. */
  text: string;
  source: 'image' | 'copy';
  /** The OCR words' box, for a hit in the picture. */
  box?: EvidenceBox;
  /** Offsets into the copy (UTF-16 code units), for a hit in the copy. */
  start?: number;
  end?: number;
}

export interface TextEvidence {
  type: 'text';
  forbidden: TextHit[];
  missingDisclaimers: string[];
  /** `phrase` is the spelling it is closest to. */
  misspellings: (TextHit & { distance: number })[];
  /** How many words were looked at (OCR words at or above minConfidence, and copy words). */
  wordsExamined: number;
}

export interface PromptSpan {
  /** The forbidden term as written in the rule. */
  term: string;
  /** Offsets into the prompt (UTF-16 code units) and the text between them. */
  start: number;
  end: number;
  text: string;
}

export interface PromptEvidence {
  type: 'prompt';
  matches: PromptSpan[];
}

export interface PeopleEvidence {
  type: 'people';
  containsPeople: boolean;
  faces: { box: EvidenceBox; score: number }[];
  modelReleaseOnFile: boolean;
  /** The tier the rule asks for, when people are depicted. */
  raiseTierTo?: RiskTier;
}

export interface ChannelEvidence {
  channel: string;
  outcome: 'pass' | 'violated';
  width: number;
  height: number;
  /** width / height. */
  aspectRatio: number;
  /** Why it fails, one sentence each ('aspect ratio 1.50 is none of 1:1, 4:5', 'width 800 below 1080'). */
  problems: string[];
}

export interface ChannelFormatEvidence {
  type: 'channel-format';
  channels: ChannelEvidence[];
}

export interface ModerationEvidence {
  type: 'moderation';
  exceeded: { label: string; score: number; threshold: number }[];
}

export type RuleEvidence =
  | PaletteEvidence
  | LogoEvidence
  | TextEvidence
  | PromptEvidence
  | PeopleEvidence
  | ChannelFormatEvidence
  | ModerationEvidence;

export interface BrandRuleResult {
  ruleId: string;
  type: BrandRuleType;
  severity: RuleSeverity;
  weight: number;
  /** `warn`/`fail`: the rule was violated (by its severity); `not-applicable`: the facts it needs are absent. */
  outcome: RuleOutcome;
  /** One sentence a brand manager reads. */
  reason: string;
  /** Absent for not-applicable. */
  evidence?: RuleEvidence;
  /** The canonical digest of the rule evaluated (brand-changes.ts ruleDigest): what a new version compares. */
  ruleDigest: string;
}

export interface BrandCheckResult {
  verdict: BrandVerdict;
  /** 0–100: the weighted share of applicable rules that pass (100 when none applies). */
  score: number;
  results: BrandRuleResult[];
  /** The people rule asks for this tier (the highest such), when people are depicted. */
  raiseTierTo?: RiskTier;
}
