/**
 * The guideline document as the editor holds it: typed rules with every field present (the server's defaults filled
 * in), read leniently from what the API stored and written back as the document the import endpoint takes. The
 * server checks the document whole and names the path of every problem (rules[2].zones[1].x); the editor shows them
 * beside the rule they belong to. docs/brand-guidelines.md describes each field.
 */
export const ruleTypes = ['palette', 'logo', 'text', 'prompt', 'people', 'channel-format', 'moderation'] as const;
export type RuleType = (typeof ruleTypes)[number];

export const ruleTypeLabels: Record<RuleType, string> = {
  palette: 'Palette',
  logo: 'Logo',
  text: 'Text in the picture',
  prompt: 'Prompt terms',
  people: 'People',
  'channel-format': 'Channel format',
  moderation: 'Moderation',
};

interface RuleBase {
  id: string;
  description: string;
  severity: 'fail' | 'warn';
  weight: number;
}
export interface NamedColour {
  name: string;
  hex: string;
}
export interface ForbiddenColour extends NamedColour {
  tolerance: number;
}
export interface Zone {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface PaletteRule extends RuleBase {
  type: 'palette';
  colours: NamedColour[];
  tolerance: number;
  minOnPaletteShare: number;
  forbidden: ForbiddenColour[];
  maxForbiddenShare: number;
}
export interface LogoRule extends RuleBase {
  type: 'logo';
  logoId: string;
  presence: 'required' | 'forbidden';
  zones: Zone[];
  /** Undefined: no clear space asked. */
  clearSpace: number | undefined;
  minScore: number;
}
export interface TextRule extends RuleBase {
  type: 'text';
  forbidden: string[];
  forbidStockWatermarks: boolean;
  required: string[];
  misspellingDistance: number;
  minConfidence: number;
}
export interface PromptRule extends RuleBase {
  type: 'prompt';
  forbidden: string[];
}
export interface PeopleRule extends RuleBase {
  type: 'people';
  requireModelRelease: boolean;
  raiseTierTo: 1 | 2 | 3 | undefined;
}
export interface ChannelFormat {
  channel: string;
  aspectRatios: string[];
  aspectTolerance: number;
  minWidth: number;
  minHeight: number;
}
export interface ChannelFormatRule extends RuleBase {
  type: 'channel-format';
  channels: ChannelFormat[];
}
export interface ModerationRule extends RuleBase {
  type: 'moderation';
  thresholds: { label: string; value: number }[];
}
export type Rule = PaletteRule | LogoRule | TextRule | PromptRule | PeopleRule | ChannelFormatRule | ModerationRule;

export interface GuidelineDraft {
  brandName: string;
  spellings: string[];
  teams: string[];
  campaigns: string[];
  rules: Rule[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const strings = (v: unknown): string[] => list(v).filter((s): s is string => typeof s === 'string');
const isRuleType = (v: unknown): v is RuleType => ruleTypes.some((t) => t === v);

/** A new rule of `type` with the server's defaults and an id not yet used. */
export function newRule(type: RuleType, taken: readonly string[]): Rule {
  let id: string = type;
  for (let n = 2; taken.includes(id); n++) id = `${type}-${n}`;
  const base = { id, description: '', severity: 'fail' as const, weight: 1 };
  switch (type) {
    case 'palette':
      return {
        ...base,
        type,
        colours: [{ name: 'Primary', hex: '#d62828' }],
        tolerance: 10,
        minOnPaletteShare: 0.6,
        forbidden: [],
        maxForbiddenShare: 0.01,
      };
    case 'logo':
      return { ...base, type, logoId: '', presence: 'required', zones: [], clearSpace: undefined, minScore: 0.7 };
    case 'text':
      return {
        ...base,
        type,
        forbidden: [],
        forbidStockWatermarks: true,
        required: [],
        misspellingDistance: 0,
        minConfidence: 0.5,
      };
    case 'prompt':
      return { ...base, type, forbidden: [] };
    case 'people':
      return { ...base, type, requireModelRelease: true, raiseTierTo: undefined };
    case 'channel-format':
      return {
        ...base,
        type,
        channels: [{ channel: 'web', aspectRatios: ['16:9'], aspectTolerance: 0.01, minWidth: 0, minHeight: 0 }],
      };
    case 'moderation':
      return { ...base, type, thresholds: [{ label: 'porn', value: 0.2 }] };
  }
}

/** The editor's draft of a stored guideline (unknown fields are dropped: the server never stores any). */
export function draftOf(guideline: Json | undefined, fallbackName: string): GuidelineDraft {
  const g = obj(guideline);
  const brand = obj(g.brand);
  const appliesTo = obj(g.appliesTo);
  return {
    brandName: str(brand.name, fallbackName),
    spellings: strings(brand.spellings),
    teams: strings(appliesTo.teams),
    campaigns: strings(appliesTo.campaigns),
    rules: list(g.rules).flatMap((value) => {
      const r = obj(value);
      return isRuleType(r.type) ? [ruleOf(r, r.type)] : [];
    }),
  };
}

function ruleOf(r: Json, type: RuleType): Rule {
  const base = {
    id: str(r.id),
    description: str(r.description),
    severity: r.severity === 'warn' ? ('warn' as const) : ('fail' as const),
    weight: num(r.weight, 1),
  };
  const colour = (c: unknown): NamedColour => ({ name: str(obj(c).name), hex: str(obj(c).hex) });
  switch (type) {
    case 'palette':
      return {
        ...base,
        type,
        colours: list(r.colours).map(colour),
        tolerance: num(r.tolerance, 10),
        minOnPaletteShare: num(r.minOnPaletteShare, 0),
        forbidden: list(r.forbidden).map((c) => ({ ...colour(c), tolerance: num(obj(c).tolerance, 10) })),
        maxForbiddenShare: num(r.maxForbiddenShare, 0.01),
      };
    case 'logo':
      return {
        ...base,
        type,
        logoId: str(obj(r.logo).id),
        presence: r.presence === 'forbidden' ? 'forbidden' : 'required',
        zones: list(r.zones).map((z) => {
          const o = obj(z);
          return {
            name: str(o.name),
            x: num(o.x, 0),
            y: num(o.y, 0),
            width: num(o.width, 0),
            height: num(o.height, 0),
          };
        }),
        clearSpace: typeof r.clearSpace === 'number' ? r.clearSpace : undefined,
        minScore: num(r.minScore, 0.7),
      };
    case 'text':
      return {
        ...base,
        type,
        forbidden: strings(r.forbidden),
        forbidStockWatermarks: r.forbidStockWatermarks === true,
        required: strings(r.required),
        misspellingDistance: num(r.misspellingDistance, 0),
        minConfidence: num(r.minConfidence, 0.5),
      };
    case 'prompt':
      return { ...base, type, forbidden: strings(r.forbidden) };
    case 'people': {
      const tier = r.raiseTierTo;
      return {
        ...base,
        type,
        requireModelRelease: r.requireModelRelease !== false,
        raiseTierTo: tier === 1 || tier === 2 || tier === 3 ? tier : undefined,
      };
    }
    case 'channel-format':
      return {
        ...base,
        type,
        channels: list(r.channels).map((c) => {
          const o = obj(c);
          return {
            channel: str(o.channel),
            aspectRatios: strings(o.aspectRatios),
            aspectTolerance: num(o.aspectTolerance, 0.01),
            minWidth: num(o.minWidth, 0),
            minHeight: num(o.minHeight, 0),
          };
        }),
      };
    case 'moderation':
      return {
        ...base,
        type,
        thresholds: Object.entries(obj(r.thresholds)).map(([label, value]) => ({ label, value: num(value, 0) })),
      };
  }
}

/** The document the import endpoint takes: optional fields left out when empty, as the export writes them. */
export function documentOf(draft: GuidelineDraft): Json {
  const appliesTo: Json = {};
  if (draft.teams.length > 0) appliesTo.teams = draft.teams;
  if (draft.campaigns.length > 0) appliesTo.campaigns = draft.campaigns;
  return {
    brand: { name: draft.brandName, ...(draft.spellings.length > 0 ? { spellings: draft.spellings } : {}) },
    appliesTo,
    rules: draft.rules.map(ruleDocument),
  };
}

function ruleDocument(rule: Rule): Json {
  const base: Json = {
    id: rule.id,
    type: rule.type,
    severity: rule.severity,
    weight: rule.weight,
    ...(rule.description.trim() ? { description: rule.description.trim() } : {}),
  };
  switch (rule.type) {
    case 'palette':
      return {
        ...base,
        colours: rule.colours,
        tolerance: rule.tolerance,
        minOnPaletteShare: rule.minOnPaletteShare,
        forbidden: rule.forbidden,
        maxForbiddenShare: rule.maxForbiddenShare,
      };
    case 'logo':
      return {
        ...base,
        logo: { id: rule.logoId },
        presence: rule.presence,
        ...(rule.zones.length > 0 ? { zones: rule.zones } : {}),
        ...(rule.clearSpace !== undefined ? { clearSpace: rule.clearSpace } : {}),
        minScore: rule.minScore,
      };
    case 'text':
      return {
        ...base,
        forbidden: rule.forbidden,
        forbidStockWatermarks: rule.forbidStockWatermarks,
        required: rule.required,
        misspellingDistance: rule.misspellingDistance,
        minConfidence: rule.minConfidence,
      };
    case 'prompt':
      return { ...base, forbidden: rule.forbidden };
    case 'people':
      return {
        ...base,
        requireModelRelease: rule.requireModelRelease,
        ...(rule.raiseTierTo !== undefined ? { raiseTierTo: rule.raiseTierTo } : {}),
      };
    case 'channel-format':
      return { ...base, channels: rule.channels };
    case 'moderation':
      return { ...base, thresholds: Object.fromEntries(rule.thresholds.map((t) => [t.label, t.value])) };
  }
}

/** Zones that overlap (the server refuses them): pairs of indexes. Touching edges do not overlap. */
export function overlappingZones(zones: readonly Zone[]): [number, number][] {
  const pairs: [number, number][] = [];
  zones.forEach((a, i) =>
    zones.slice(i + 1).forEach((b, k) => {
      const overlapX = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const overlapY = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (overlapX > 1e-9 && overlapY > 1e-9) pairs.push([i, i + 1 + k]);
    }),
  );
  return pairs;
}
