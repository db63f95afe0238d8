/**
 * Brand guidelines: a declarative, versioned document of the rules an asset is checked against before a person
 * reviews it (the workflow's `brand_check` state). One organisation may have several brands; each guideline names
 * its brand, the teams and campaigns it applies to, and rules — each with an id that stays the same across versions
 * (so that a new version re-runs only the rules that changed, brand-changes.ts), a type, a severity and a weight.
 * The check itself is brand-check.ts. Pure: no I/O; `parseBrandGuideline` checks an untrusted document and names the
 * path of every problem, `readBrandGuidelineText` reads JSON or YAML text and names the line and column of a syntax
 * error.
 */
import { phraseProblem } from './brand-text.ts';
import { readDocumentText, type DocumentFormat } from './document-text.ts';
import type { FieldProblem } from './errors.ts';
import { parseHex } from './lab.ts';
import { riskTiers, type RiskTier } from './review.ts';

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
  /** The brand's id, one guideline history per brand. */
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
  // OCR often splits a watermark word in two.
  'shutter stock',
  'dream stime',
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

// ---------------------------------------------------------------------------------------------------------------
// Reading an untrusted document.

const ruleIdPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
const aspectPattern = /^([1-9]\d{0,4}):([1-9]\d{0,4})$/;

/** 'W:H' → width / height, or undefined when it is not such a ratio. */
export const aspectRatioOf = (ratio: string): number | undefined => {
  const match = aspectPattern.exec(ratio.trim());
  return match ? Number(match[1]) / Number(match[2]) : undefined;
};

const commonKeys = ['id', 'type', 'description', 'severity', 'weight'] as const;
const keysByType: Record<BrandRuleType, readonly string[]> = {
  palette: ['colours', 'tolerance', 'minOnPaletteShare', 'forbidden', 'maxForbiddenShare'],
  logo: ['logo', 'presence', 'zones', 'clearSpace', 'minScore'],
  text: ['forbidden', 'forbidStockWatermarks', 'required', 'misspellingDistance', 'minConfidence'],
  prompt: ['forbidden'],
  people: ['requireModelRelease', 'raiseTierTo'],
  'channel-format': ['channels'],
  moderation: ['thresholds'],
};

/**
 * Checks an untrusted guideline document; every problem is named by its path (`rules[2].zones[1].x`). Refuses
 * unknown rule types and fields, ΔE outside 0–100, zones that overlap or leave the frame, empty palettes, duplicate
 * rule ids, phrases that are only wildcards, and lists or strings past guidelineLimits. Defaults: severity `fail`,
 * weight 1, and per rule type as documented on its fields.
 */
export function parseBrandGuideline(input: unknown): { guideline?: BrandGuideline; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, text: string) => {
    problems.push({ field, problem: text });
    return undefined;
  };
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const unknownKeys = (v: Record<string, unknown>, known: readonly string[], at: string) => {
    for (const key of Object.keys(v))
      if (!known.includes(key)) problem(at ? `${at}.${key}` : key, `unknown field (known: ${known.join(', ')})`);
  };
  const text = (v: unknown, at: string, options: { optional?: boolean } = {}): string | undefined => {
    if (v === undefined && options.optional) return undefined;
    if (typeof v !== 'string' || v.trim() === '') return problem(at, 'must be a non-empty string');
    if (v.length > guidelineLimits.stringLength)
      return problem(at, `must be at most ${guidelineLimits.stringLength} characters (it has ${v.length})`);
    return v.trim();
  };
  const number = (
    v: unknown,
    at: string,
    range: { min: number; max: number; fallback?: number; integer?: boolean; exclusiveMin?: boolean },
  ): number | undefined => {
    if (v === undefined && range.fallback !== undefined) return range.fallback;
    const ok =
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (range.exclusiveMin ? v > range.min : v >= range.min) &&
      v <= range.max &&
      (!range.integer || Number.isInteger(v));
    if (ok) return v;
    return problem(
      at,
      `must be ${range.integer ? 'a whole number' : 'a number'} ${range.exclusiveMin ? 'above' : 'from'} ${range.min} ${range.exclusiveMin ? 'up to' : 'to'} ${range.max}`,
    );
  };
  const boolean = (v: unknown, at: string, fallback: boolean): boolean | undefined => {
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    return problem(at, 'must be true or false');
  };
  const list = (v: unknown, at: string, options: { nonEmpty?: boolean; max?: number } = {}): unknown[] | undefined => {
    const max = options.max ?? guidelineLimits.listItems;
    if (!Array.isArray(v)) return problem(at, 'must be a list');
    if (options.nonEmpty && v.length === 0) return problem(at, 'must not be empty');
    if (v.length > max) return problem(at, `must have at most ${max} items (it has ${v.length})`);
    return v as unknown[];
  };
  const phrases = (v: unknown, at: string, options: { nonEmpty?: boolean } = {}): string[] | undefined => {
    if (v === undefined && !options.nonEmpty) return [];
    const items = list(v, at, options);
    if (!items) return undefined;
    const out: string[] = [];
    items.forEach((item, i) => {
      const phrase = text(item, `${at}[${i}]`);
      if (phrase === undefined) return;
      const why = phraseProblem(phrase, guidelineLimits.wildcards);
      if (why) problem(`${at}[${i}]`, `"${phrase}" ${why}`);
      else out.push(phrase);
    });
    return out.length === items.length ? out : undefined;
  };
  const names = (v: unknown, at: string): string[] | undefined => {
    const items = list(v, at, { nonEmpty: true });
    if (!items) return undefined;
    const out = items.map((item, i) => text(item, `${at}[${i}]`));
    return out.every((s) => s !== undefined) ? out : undefined;
  };
  const hex = (v: unknown, at: string): string | undefined => {
    if (typeof v === 'string' && /^#?[0-9a-fA-F]{6}$/.test(v.trim()) && parseHex(v.trim().replace(/^#?/, '#')))
      return v.trim().replace(/^#?/, '#').toLowerCase();
    return problem(at, 'must be a colour as #rrggbb');
  };
  const deltaE = (v: unknown, at: string) => number(v, at, { min: 0, max: 100 });
  const fraction = (v: unknown, at: string, fallback?: number) =>
    number(v, at, { min: 0, max: 1, ...(fallback !== undefined ? { fallback } : {}) });

  const colour = (v: unknown, at: string): NamedColour | undefined => {
    if (!isObject(v)) return problem(at, 'must be an object with name and hex');
    unknownKeys(v, ['name', 'hex'], at);
    const name = text(v.name, `${at}.name`);
    const value = hex(v.hex, `${at}.hex`);
    return name !== undefined && value !== undefined ? { name, hex: value } : undefined;
  };

  const zone = (v: unknown, at: string, index: number): Zone | undefined => {
    if (!isObject(v)) return problem(at, 'must be an object with x, y, width and height (fractions of the frame)');
    unknownKeys(v, ['name', 'x', 'y', 'width', 'height'], at);
    const name = text(v.name, `${at}.name`, { optional: true }) ?? `zone ${index + 1}`;
    const x = fraction(v.x, `${at}.x`);
    const y = fraction(v.y, `${at}.y`);
    const width = number(v.width, `${at}.width`, { min: 0, max: 1, exclusiveMin: true });
    const height = number(v.height, `${at}.height`, { min: 0, max: 1, exclusiveMin: true });
    if (x === undefined || y === undefined || width === undefined || height === undefined) return undefined;
    // A tolerance for decimal fractions that add up to 1 (0.7 + 0.3 is 1.0000000000000002).
    if (x + width > 1 + 1e-9) return problem(at, `leaves the frame: x + width is ${x + width} (at most 1)`);
    if (y + height > 1 + 1e-9) return problem(at, `leaves the frame: y + height is ${y + height} (at most 1)`);
    return { name, x, y, width, height };
  };

  const rule = (raw: unknown, at: string): BrandRule | undefined => {
    if (!isObject(raw)) return problem(at, 'must be an object with id, type and the fields of its type');
    const type = raw.type as BrandRuleType;
    if (!brandRuleTypes.includes(type)) {
      problem(`${at}.type`, `must be one of: ${brandRuleTypes.join(', ')}`);
      return undefined;
    }
    unknownKeys(raw, [...commonKeys, ...keysByType[type]], at);
    const id = typeof raw.id === 'string' && ruleIdPattern.test(raw.id) ? raw.id : undefined;
    if (id === undefined) problem(`${at}.id`, 'must be a lowercase id of letters, digits and dashes (at most 64)');
    const description = text(raw.description, `${at}.description`, { optional: true });
    let severity: RuleSeverity | undefined = 'fail';
    if (raw.severity !== undefined) {
      severity = ruleSeverities.includes(raw.severity as RuleSeverity) ? (raw.severity as RuleSeverity) : undefined;
      if (severity === undefined) problem(`${at}.severity`, `must be one of: ${ruleSeverities.join(', ')}`);
    }
    const weight = number(raw.weight, `${at}.weight`, { min: 0, max: 1000, exclusiveMin: true, fallback: 1 });
    const before = problems.length;
    const specific = ruleFields(type, raw, at);
    if (id === undefined || severity === undefined || weight === undefined || specific === undefined) return undefined;
    if (problems.length > before) return undefined;
    return {
      id,
      type,
      ...(description !== undefined ? { description } : {}),
      severity,
      weight,
      ...specific,
    } as BrandRule;
  };

  // The fields of each rule type, checked; undefined when any is wrong (the problems say which).
  const ruleFields = (type: BrandRuleType, raw: Record<string, unknown>, at: string): object | undefined => {
    switch (type) {
      case 'palette': {
        const colours = list(raw.colours, `${at}.colours`, { nonEmpty: true })?.map((c, i) =>
          colour(c, `${at}.colours[${i}]`),
        );
        const tolerance = deltaE(raw.tolerance, `${at}.tolerance`);
        const minOnPaletteShare = fraction(raw.minOnPaletteShare, `${at}.minOnPaletteShare`);
        const maxForbiddenShare = fraction(raw.maxForbiddenShare, `${at}.maxForbiddenShare`, 0.01);
        const forbidden = (raw.forbidden === undefined ? [] : (list(raw.forbidden, `${at}.forbidden`) ?? [])).map(
          (c, i) => {
            const where = `${at}.forbidden[${i}]`;
            if (!isObject(c)) return problem(where, 'must be an object with name, hex and tolerance');
            unknownKeys(c, ['name', 'hex', 'tolerance'], where);
            const named = colour({ name: c.name, hex: c.hex }, where);
            const own = deltaE(c.tolerance, `${where}.tolerance`);
            return named && own !== undefined ? { ...named, tolerance: own } : undefined;
          },
        );
        return { colours, tolerance, minOnPaletteShare, forbidden, maxForbiddenShare };
      }
      case 'logo': {
        let logo: LogoRule['logo'] | undefined;
        if (!isObject(raw.logo)) problem(`${at}.logo`, 'must be an object with the reference logo id (and sha256)');
        else {
          unknownKeys(raw.logo, ['id', 'sha256'], `${at}.logo`);
          const logoId = text(raw.logo.id, `${at}.logo.id`);
          let sha256: string | undefined;
          if (raw.logo.sha256 !== undefined) {
            if (typeof raw.logo.sha256 === 'string' && /^[0-9a-f]{64}$/.test(raw.logo.sha256)) sha256 = raw.logo.sha256;
            else problem(`${at}.logo.sha256`, 'must be a SHA-256 as 64 lowercase hex digits');
          }
          if (logoId !== undefined) logo = { id: logoId, ...(sha256 !== undefined ? { sha256 } : {}) };
        }
        const presence = logoPresences.includes(raw.presence as LogoPresence)
          ? (raw.presence as LogoPresence)
          : problem(`${at}.presence`, `must be one of: ${logoPresences.join(', ')}`);
        let zones: Zone[] | undefined;
        if (raw.zones !== undefined) {
          const items = list(raw.zones, `${at}.zones`, { nonEmpty: true, max: guidelineLimits.zones });
          const parsed = items?.map((z, i) => zone(z, `${at}.zones[${i}]`, i));
          if (parsed && parsed.every((z) => z !== undefined)) {
            zones = parsed;
            for (let i = 0; i < zones.length; i++)
              for (let j = 0; j < i; j++)
                if (zonesOverlap(zones[i]!, zones[j]!))
                  problem(`${at}.zones[${i}]`, `overlaps zones[${j}] ("${zones[j]!.name}"): zones must not overlap`);
          }
        }
        const clearSpace =
          raw.clearSpace === undefined ? undefined : number(raw.clearSpace, `${at}.clearSpace`, { min: 0, max: 2 });
        const minScore = fraction(raw.minScore, `${at}.minScore`, 0.7);
        return {
          logo,
          presence,
          ...(zones ? { zones } : {}),
          ...(clearSpace !== undefined ? { clearSpace } : {}),
          minScore,
        };
      }
      case 'text': {
        const forbidden = phrases(raw.forbidden, `${at}.forbidden`);
        const forbidStockWatermarks = boolean(raw.forbidStockWatermarks, `${at}.forbidStockWatermarks`, false);
        const required = phrases(raw.required, `${at}.required`);
        const misspellingDistance = number(raw.misspellingDistance, `${at}.misspellingDistance`, {
          min: 0,
          max: guidelineLimits.maxMisspellingDistance,
          integer: true,
          fallback: 0,
        });
        const minConfidence = fraction(raw.minConfidence, `${at}.minConfidence`, 0.5);
        if (forbidden?.length === 0 && !forbidStockWatermarks && required?.length === 0 && misspellingDistance === 0)
          problem(at, 'checks nothing: give forbidden, required, forbidStockWatermarks or misspellingDistance');
        return { forbidden, forbidStockWatermarks, required, misspellingDistance, minConfidence };
      }
      case 'prompt':
        return { forbidden: phrases(raw.forbidden, `${at}.forbidden`, { nonEmpty: true }) };
      case 'people': {
        const requireModelRelease = boolean(raw.requireModelRelease, `${at}.requireModelRelease`, true);
        let raiseTierTo: RiskTier | undefined;
        if (raw.raiseTierTo !== undefined) {
          if (riskTiers.includes(raw.raiseTierTo as RiskTier)) raiseTierTo = raw.raiseTierTo as RiskTier;
          else problem(`${at}.raiseTierTo`, `must be one of: ${riskTiers.join(', ')}`);
        }
        if (requireModelRelease === false && raw.raiseTierTo === undefined)
          problem(at, 'checks nothing: set requireModelRelease or raiseTierTo');
        return { requireModelRelease, ...(raiseTierTo !== undefined ? { raiseTierTo } : {}) };
      }
      case 'channel-format': {
        const items = list(raw.channels, `${at}.channels`, { nonEmpty: true, max: guidelineLimits.channels });
        const seen = new Set<string>();
        const channels = items?.map((c, i): ChannelFormat | undefined => {
          const where = `${at}.channels[${i}]`;
          if (!isObject(c)) return problem(where, 'must be an object with channel, aspectRatios and minimum sizes');
          unknownKeys(c, ['channel', 'aspectRatios', 'aspectTolerance', 'minWidth', 'minHeight'], where);
          const channel = text(c.channel, `${where}.channel`);
          if (channel !== undefined) {
            if (seen.has(channel.toLowerCase())) problem(`${where}.channel`, `"${channel}" is listed twice`);
            seen.add(channel.toLowerCase());
          }
          const ratios = c.aspectRatios === undefined ? [] : list(c.aspectRatios, `${where}.aspectRatios`);
          ratios?.forEach((r, k) => {
            if (typeof r !== 'string' || aspectRatioOf(r) === undefined)
              problem(`${where}.aspectRatios[${k}]`, "must be a ratio as 'W:H' of whole numbers, e.g. '16:9'");
          });
          const aspectTolerance = number(c.aspectTolerance, `${where}.aspectTolerance`, {
            min: 0,
            max: 0.5,
            fallback: 0.01,
          });
          const size = { min: 0, max: 100_000, integer: true, fallback: 0 };
          const minWidth = number(c.minWidth, `${where}.minWidth`, size);
          const minHeight = number(c.minHeight, `${where}.minHeight`, size);
          if (channel === undefined || !ratios || aspectTolerance === undefined) return undefined;
          if (minWidth === undefined || minHeight === undefined) return undefined;
          return {
            channel,
            aspectRatios: (ratios as string[]).map((r) => r.trim()),
            aspectTolerance,
            minWidth,
            minHeight,
          };
        });
        return { channels };
      }
      case 'moderation': {
        const m = raw.thresholds;
        if (!isObject(m) || Object.keys(m).length === 0)
          return problem(`${at}.thresholds`, 'must map moderation labels to thresholds from 0 to 1');
        if (Object.keys(m).length > guidelineLimits.listItems)
          return problem(`${at}.thresholds`, `must have at most ${guidelineLimits.listItems} labels`);
        const entries: [string, number][] = [];
        for (const [label, min] of Object.entries(m)) {
          if (label.trim() === '' || label.length > guidelineLimits.stringLength)
            problem(`${at}.thresholds`, `a label must have 1 to ${guidelineLimits.stringLength} characters`);
          const value = fraction(min, `${at}.thresholds.${label}`);
          if (value !== undefined) entries.push([label.toLowerCase(), value]);
        }
        // fromEntries defines own properties: a label such as "__proto__" stays a label.
        return { thresholds: Object.fromEntries(entries) };
      }
    }
  };

  if (!isObject(input)) {
    problem('(guideline)', 'must be an object with brand, appliesTo and rules');
    return { problems };
  }
  unknownKeys(input, ['brand', 'appliesTo', 'rules'], '');
  let brand: BrandGuideline['brand'] | undefined;
  if (!isObject(input.brand)) problem('brand', 'must be an object with the brand name (and its accepted spellings)');
  else {
    unknownKeys(input.brand, ['name', 'spellings'], 'brand');
    const name = text(input.brand.name, 'brand.name');
    const spellings = input.brand.spellings === undefined ? [] : names(input.brand.spellings, 'brand.spellings');
    if (name !== undefined && spellings !== undefined) brand = { name, spellings };
  }
  const appliesTo: BrandGuideline['appliesTo'] = {};
  if (input.appliesTo !== undefined) {
    if (!isObject(input.appliesTo)) problem('appliesTo', 'must be an object with teams and/or campaigns');
    else {
      unknownKeys(input.appliesTo, ['teams', 'campaigns'], 'appliesTo');
      if (input.appliesTo.teams !== undefined) {
        const teams = names(input.appliesTo.teams, 'appliesTo.teams');
        if (teams) appliesTo.teams = teams;
      }
      if (input.appliesTo.campaigns !== undefined) {
        const campaigns = names(input.appliesTo.campaigns, 'appliesTo.campaigns');
        if (campaigns) appliesTo.campaigns = campaigns;
      }
    }
  }
  const rules: BrandRule[] = [];
  const rawRules = list(input.rules, 'rules', { nonEmpty: true, max: guidelineLimits.rules });
  const ids = new Map<string, number>();
  rawRules?.forEach((raw, i) => {
    const parsed = rule(raw, `rules[${i}]`);
    const id = isObject(raw) && typeof raw.id === 'string' ? raw.id : undefined;
    if (id !== undefined) {
      const earlier = ids.get(id);
      if (earlier !== undefined)
        problem(`rules[${i}].id`, `"${id}" is used by rules[${earlier}]: rule ids must be unique`);
      else ids.set(id, i);
    }
    if (parsed) rules.push(parsed);
  });
  if (problems.length > 0 || brand === undefined) return { problems };
  return { guideline: { brand, appliesTo, rules }, problems };
}

/** Two zones overlap when their interiors meet (touching edges is fine: a frame split in halves). */
export const zonesOverlap = (a: Zone, b: Zone): boolean =>
  a.x < b.x + b.width - 1e-9 &&
  b.x < a.x + a.width - 1e-9 &&
  a.y < b.y + b.height - 1e-9 &&
  b.y < a.y + a.height - 1e-9;

/** Does the guideline check assets of this team and campaign? (Names compared case-insensitively.) */
export function guidelineAppliesTo(guideline: BrandGuideline, asset: { team?: string; campaign?: string }): boolean {
  const named = (list: string[] | undefined, value: string | undefined) =>
    list === undefined || (value !== undefined && list.some((n) => n.toLowerCase() === value.trim().toLowerCase()));
  return named(guideline.appliesTo.teams, asset.team) && named(guideline.appliesTo.campaigns, asset.campaign);
}

/**
 * Reads a guideline from its text, JSON (the default) or YAML: a syntax error, a duplicate key or an unknown YAML tag
 * is a problem naming the line and column (the whole document is `(guideline)`); then parseBrandGuideline names the
 * path of every problem in it. Aliases expand at most 100 times, so a small document cannot grow into millions of
 * nodes.
 */
export function readBrandGuidelineText(
  text: string,
  format: DocumentFormat = 'json',
): { guideline?: BrandGuideline; problems: FieldProblem[] } {
  const read = readDocumentText(text, format, '(guideline)');
  return 'value' in read ? parseBrandGuideline(read.value) : read;
}
