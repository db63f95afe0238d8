/**
 * The brand check: a guideline (brand-guideline.ts) evaluated against what is known about an asset (BrandFacts),
 * giving one named result per rule — pass, warn, fail or not-applicable, with the evidence a brand manager needs
 * to agree or disagree — a weighted score and a verdict. Never one opaque number: the score only summarises.
 *
 * Pure and fast (thousands of OCR words in a few milliseconds): logo matching, OCR and face detection happen
 * before, in the enrichers and the service, which pass their findings in as facts.
 */
import { ruleDigest } from './brand-changes.ts';
import {
  aspectRatioOf,
  stockWatermarkWords,
  type BrandCheckResult,
  type BrandGuideline,
  type BrandRule,
  type BrandRuleResult,
  type BrandVerdict,
  type ChannelEvidence,
  type ChannelFormatRule,
  type EvidenceBox,
  type LogoMatchEvidence,
  type LogoRule,
  type ModerationRule,
  type PaletteEvidence,
  type PaletteRule,
  type PeopleRule,
  type PromptRule,
  type PromptSpan,
  type RuleEvidence,
  type TextHit,
  type TextRule,
  type Zone,
} from './brand-guideline.ts';
import {
  compilePhrase,
  editDistance,
  findPhrase,
  indexTokens,
  tokenise,
  type CompiledPhrase,
  type Token,
  type TokenIndex,
} from './brand-text.ts';
import { deltaE2000 } from './delta-e.ts';
import type { PaletteColour } from './enrichment.ts';
import type { DetectedFace, LogoMatch, RecognisedWord } from './image-content.ts';
import { hexToLab, type Lab } from './lab.ts';

/**
 * What the check looks at. A fact that is absent (undefined) was not determined — the rules that need it are
 * not-applicable — while an empty one was determined to be empty (OCR ran and found no words).
 */
export interface BrandFacts {
  /** The picture's size in pixels (original, after EXIF orientation). */
  width?: number;
  height?: number;
  /** The palette enricher's colours with their shares of the picture. */
  palette?: readonly Pick<PaletteColour, 'hex' | 'lab' | 'share'>[];
  /** OCR words with boxes (in original pixels), in reading order. */
  words?: readonly RecognisedWord[];
  /** The text of a text asset (its copy). */
  copyText?: string;
  /** The prompt the asset was generated from. */
  prompt?: string;
  faces?: readonly DetectedFace[];
  /** The faces enricher's judgement that realistic people are depicted (faces alone when absent). */
  containsPeople?: boolean;
  /** Moderation scores by lower-case label (0–1), the highest any model gave. */
  moderation?: Readonly<Record<string, number>>;
  /** A model release covering the people depicted is on file. */
  modelReleaseOnFile?: boolean;
  /** The channels the asset is meant for ('instagram-feed'), compared case-insensitively. */
  channels?: readonly string[];
  /** Per logo rule id, the matches the service's LogoMatcher found (absent: not matched, the rule does not apply). */
  logoMatches?: Readonly<Record<string, readonly LogoMatch[]>>;
}

type Evaluation = { outcome: 'pass' | 'violated' | 'not-applicable'; reason: string; evidence?: RuleEvidence };

const notApplicable = (reason: string): Evaluation => ({ outcome: 'not-applicable', reason });
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------------------------
// Palette

const labsOf = new WeakMap<PaletteRule, { brand: Lab[]; forbidden: Lab[] }>();

function evaluatePalette(rule: PaletteRule, facts: BrandFacts): Evaluation {
  const palette = facts.palette;
  if (!palette || palette.length === 0)
    return notApplicable('no palette was extracted (not a picture, or not enriched)');
  let labs = labsOf.get(rule);
  if (!labs) {
    labs = { brand: rule.colours.map((c) => hexToLab(c.hex)), forbidden: rule.forbidden.map((c) => hexToLab(c.hex)) };
    labsOf.set(rule, labs);
  }
  // Shares are renormalised: a palette trimmed to its main colours may not add up to 1.
  const total = palette.reduce((sum, c) => sum + Math.max(0, c.share), 0) || 1;
  let onShare = 0;
  const off: PaletteEvidence['offPaletteColours'] = [];
  for (const colour of palette) {
    const share = Math.max(0, colour.share) / total;
    let nearest = 0;
    let best = Infinity;
    labs.brand.forEach((lab, i) => {
      const d = deltaE2000(colour.lab, lab);
      if (d < best) [best, nearest] = [d, i];
    });
    if (best <= rule.tolerance) onShare += share;
    else
      off.push({ hex: colour.hex, share: round(share), nearest: rule.colours[nearest]!.name, deltaE: round(best, 2) });
  }
  off.sort((a, b) => b.share - a.share);
  const forbiddenHexes = new Set<string>();
  let forbiddenShare = 0;
  const forbiddenColours: PaletteEvidence['forbiddenColours'] = [];
  rule.forbidden.forEach((forbidden, i) => {
    const matched: PaletteEvidence['forbiddenColours'][number]['matched'] = [];
    for (const colour of palette) {
      const d = deltaE2000(colour.lab, labs.forbidden[i]!);
      if (d > forbidden.tolerance) continue;
      const share = Math.max(0, colour.share) / total;
      matched.push({ hex: colour.hex, share: round(share), deltaE: round(d, 2) });
      // A palette colour near two forbidden colours counts once towards the forbidden share.
      if (!forbiddenHexes.has(colour.hex)) {
        forbiddenHexes.add(colour.hex);
        forbiddenShare += share;
      }
    }
    if (matched.length > 0)
      forbiddenColours.push({
        name: forbidden.name,
        hex: forbidden.hex,
        share: round(matched.reduce((s, m) => s + m.share, 0)),
        matched,
      });
  });
  const evidence: PaletteEvidence = {
    type: 'palette',
    onPaletteShare: round(onShare),
    offPaletteShare: round(1 - onShare),
    minOnPaletteShare: rule.minOnPaletteShare,
    offPaletteColours: off,
    forbiddenColours,
    forbiddenShare: round(forbiddenShare),
  };
  const problems: string[] = [];
  if (onShare < rule.minOnPaletteShare)
    problems.push(
      `${percent(onShare)} of the picture is on the brand palette (at least ${percent(rule.minOnPaletteShare)} required)` +
        (off.length > 0
          ? `; off-palette: ${off
              .slice(0, 3)
              .map((c) => `${c.hex} ${percent(c.share)}`)
              .join(', ')}`
          : ''),
    );
  if (forbiddenShare > rule.maxForbiddenShare)
    problems.push(
      `forbidden colours cover ${percent(forbiddenShare)} (at most ${percent(rule.maxForbiddenShare)}): ${forbiddenColours.map((f) => f.name).join(', ')}`,
    );
  return problems.length > 0
    ? { outcome: 'violated', reason: problems.join('; '), evidence }
    : {
        outcome: 'pass',
        reason: `${percent(onShare)} of the picture is on the brand palette, no forbidden colour above ${percent(rule.maxForbiddenShare)}`,
        evidence,
      };
}

// ---------------------------------------------------------------------------------------------------------------
// Logo

const intersects = (a: EvidenceBox, b: EvidenceBox) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const overlapArea = (a: EvidenceBox, b: EvidenceBox) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
const boxOf = (b: EvidenceBox): EvidenceBox => ({ x: b.x, y: b.y, width: b.width, height: b.height });

/** The matcher's box is approximate (a scale step): a logo within 1 % of the frame of a zone's edge is inside it. */
const zoneSlack = 0.01;

function zoneHolding(box: EvidenceBox, zones: readonly Zone[], width: number, height: number): Zone | undefined {
  const x0 = box.x / width;
  const y0 = box.y / height;
  const x1 = (box.x + box.width) / width;
  const y1 = (box.y + box.height) / height;
  return zones.find(
    (z) =>
      x0 >= z.x - zoneSlack &&
      y0 >= z.y - zoneSlack &&
      x1 <= z.x + z.width + zoneSlack &&
      y1 <= z.y + z.height + zoneSlack,
  );
}

function clearSpaceViolations(
  rule: LogoRule,
  match: LogoMatch,
  facts: BrandFacts,
): LogoMatchEvidence['clearSpaceViolations'] {
  if (rule.clearSpace === undefined || rule.clearSpace === 0) return [];
  const margin = rule.clearSpace * Math.min(match.box.width, match.box.height);
  const space: EvidenceBox = {
    x: match.box.x - margin,
    y: match.box.y - margin,
    width: match.box.width + 2 * margin,
    height: match.box.height + 2 * margin,
  };
  const violations: LogoMatchEvidence['clearSpaceViolations'] = [];
  // Half a pixel of slack: boxes are rounded to whole pixels.
  if (
    facts.width !== undefined &&
    facts.height !== undefined &&
    (space.x < -0.5 ||
      space.y < -0.5 ||
      space.x + space.width > facts.width + 0.5 ||
      space.y + space.height > facts.height + 0.5)
  )
    violations.push({ what: 'frame-edge', box: boxOf(space) });
  // Something enters the clear space when it meets it but lies mostly outside the logo (a wordmark's own letters,
  // read by OCR, lie inside it).
  const intrudes = (box: EvidenceBox) =>
    intersects(space, box) && overlapArea(match.box, box) < 0.5 * box.width * box.height;
  for (const word of facts.words ?? [])
    if (word.confidence >= 0.5 && intrudes(word.box))
      violations.push({ what: 'word', text: word.text, box: boxOf(word.box) });
  for (const face of facts.faces ?? []) if (intrudes(face.box)) violations.push({ what: 'face', box: boxOf(face.box) });
  for (const [ruleId, others] of Object.entries(facts.logoMatches ?? {}))
    if (ruleId !== rule.id)
      for (const other of others)
        if (intrudes(other.box)) violations.push({ what: 'logo', text: ruleId, box: boxOf(other.box) });
  return violations;
}

function evaluateLogo(rule: LogoRule, facts: BrandFacts): Evaluation {
  const found = facts.logoMatches?.[rule.id];
  if (found === undefined) return notApplicable('the logo was not looked for (not a picture)');
  const matches = found.filter((m) => m.score >= rule.minScore).sort((a, b) => b.score - a.score);
  const evidenceOf = (m: LogoMatch): LogoMatchEvidence => {
    const zone =
      rule.zones && facts.width !== undefined && facts.height !== undefined
        ? zoneHolding(m.box, rule.zones, facts.width, facts.height)
        : undefined;
    return {
      box: boxOf(m.box),
      scale: round(m.scale, 3),
      score: round(m.score, 3),
      ...(zone ? { zone: zone.name } : {}),
      clearSpaceViolations: rule.presence === 'required' ? clearSpaceViolations(rule, m, facts) : [],
    };
  };
  const evidence = {
    type: 'logo' as const,
    presence: rule.presence,
    logoId: rule.logo.id,
    minScore: rule.minScore,
    matches: matches.map(evidenceOf),
  };
  const where = (m: LogoMatchEvidence) =>
    `at (${Math.round(m.box.x)}, ${Math.round(m.box.y)}) ${Math.round(m.box.width)}×${Math.round(m.box.height)} px, score ${m.score.toFixed(2)}`;
  if (rule.presence === 'forbidden')
    return matches.length > 0
      ? { outcome: 'violated', reason: `the forbidden logo appears ${where(evidence.matches[0]!)}`, evidence }
      : { outcome: 'pass', reason: 'the forbidden logo does not appear', evidence };
  if (matches.length === 0)
    return { outcome: 'violated', reason: `the required logo was not found (score ≥ ${rule.minScore})`, evidence };
  const zonesChecked = rule.zones !== undefined && facts.width !== undefined && facts.height !== undefined;
  const good = evidence.matches.find(
    (m) => (!zonesChecked || m.zone !== undefined) && m.clearSpaceViolations.length === 0,
  );
  if (good)
    return {
      outcome: 'pass',
      reason:
        `the logo appears ${where(good)}${good.zone ? ` in zone "${good.zone}"` : ''}` +
        (rule.zones && !zonesChecked ? " (zones not checked: the picture's size is unknown)" : ''),
      evidence,
    };
  const best = evidence.matches[0]!;
  const problems: string[] = [];
  if (zonesChecked && best.zone === undefined)
    problems.push(`outside the allowed zones (${rule.zones!.map((z) => z.name).join(', ')})`);
  if (best.clearSpaceViolations.length > 0)
    problems.push(
      `its clear space is entered by ${best.clearSpaceViolations
        .slice(0, 3)
        .map((v) => (v.what === 'frame-edge' ? 'the frame edge' : v.text ? `${v.what} "${v.text}"` : `a ${v.what}`))
        .join(', ')}`,
    );
  return { outcome: 'violated', reason: `the logo appears ${where(best)} but ${problems.join(' and ')}`, evidence };
}

// ---------------------------------------------------------------------------------------------------------------
// Text

const compiledOf = new WeakMap<TextRule | PromptRule, CompiledPhrase[]>();
const forbiddenPhrases = (rule: TextRule | PromptRule): CompiledPhrase[] => {
  let compiled = compiledOf.get(rule);
  if (!compiled) {
    const phrases =
      rule.type === 'text' && rule.forbidStockWatermarks ? [...rule.forbidden, ...stockWatermarkWords] : rule.forbidden;
    compiled = [...new Set(phrases)].map(compilePhrase);
    compiledOf.set(rule, compiled);
  }
  return compiled;
};
const requiredOf = new WeakMap<TextRule, CompiledPhrase[]>();

/** The text a rule reads: OCR words (each token knowing its word) and the copy. */
interface TextSources {
  image?: { tokens: Token[]; index: TokenIndex; wordOf: number[]; words: readonly RecognisedWord[] };
  copy?: { tokens: Token[]; index: TokenIndex; text: string };
}

function textSources(facts: BrandFacts, minConfidence: number): TextSources {
  const sources: TextSources = {};
  if (facts.words !== undefined) {
    const words = facts.words.filter((w) => w.confidence >= minConfidence);
    const tokens: Token[] = [];
    const wordOf: number[] = [];
    words.forEach((word, index) => {
      for (const token of tokenise(word.text)) {
        tokens.push(token);
        wordOf.push(index);
      }
    });
    sources.image = { tokens, index: indexTokens(tokens), wordOf, words };
  }
  if (facts.copyText !== undefined) {
    const tokens = tokenise(facts.copyText);
    sources.copy = { tokens, index: indexTokens(tokens), text: facts.copyText };
  }
  return sources;
}

function unionBox(boxes: readonly EvidenceBox[]): EvidenceBox {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.width));
  const y1 = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A hit spanning tokens [from, to) of a source. */
function hitOf(sources: TextSources, source: 'image' | 'copy', from: number, to: number, phrase: string): TextHit {
  if (source === 'image') {
    const image = sources.image!;
    const first = image.wordOf[from]!;
    const last = image.wordOf[to - 1]!;
    const words = image.words.slice(first, last + 1);
    return { phrase, text: words.map((w) => w.text).join(' '), source, box: unionBox(words.map((w) => w.box)) };
  }
  const copy = sources.copy!;
  const start = copy.tokens[from]!.start;
  const end = copy.tokens[to - 1]!.end;
  return { phrase, text: copy.text.slice(start, end), source, start, end };
}

/** The letters of a spelling, lower-case with accents kept ('Coca-Cola' → 'cocacola'), and its word count. */
const spellingsOf = new WeakMap<
  BrandGuideline['brand'],
  { target: string; words: number; display: string; capitalised: boolean }[]
>();
function brandSpellings(brand: BrandGuideline['brand']) {
  let spellings = spellingsOf.get(brand);
  if (!spellings) {
    spellings = [brand.name, ...brand.spellings]
      .map((display) => {
        const tokens = tokenise(display);
        const first = display.trim().slice(0, 1);
        return {
          target: tokens.map((t) => t.lower).join(''),
          words: tokens.length,
          display,
          capitalised: first !== first.toLowerCase(),
        };
      })
      .filter((s) => s.words > 0);
    spellingsOf.set(brand, spellings);
  }
  return spellings;
}

/**
 * Words (or runs of as many words as the spelling has) within `maxDistance` edits of a brand spelling but equal to
 * none. To keep ordinary words out ("like" is one edit from "Nike", "acre" from "Acme"), the distance allowed is at
 * most a third of the spelling's length; the word must begin with the spelling's first letter (or its first two
 * letters swapped), since generators and typos garble the middle of a name far more often than its start; and a
 * capitalised name is only misspelt by a capitalised word (a lower-case "acre" in a sentence is not a name).
 */
function misspellings(
  brand: BrandGuideline['brand'],
  maxDistance: number,
  sources: TextSources,
): (TextHit & { distance: number })[] {
  const spellings = brandSpellings(brand);
  const exact = new Set(spellings.map((s) => s.target));
  // Every right spelling and every misspelling considered begins with one of these: other words are skipped at once.
  const initials = new Set(spellings.flatMap((s) => [s.target[0], s.target[1]]));
  const hits: (TextHit & { distance: number })[] = [];
  for (const source of ['image', 'copy'] as const) {
    const tokens = sources[source]?.tokens;
    if (!tokens) continue;
    const startsUpper = (i: number): boolean => {
      const token = tokens[i]!;
      const text = source === 'copy' ? sources.copy!.text : sources.image!.words[sources.image!.wordOf[i]!]!.text;
      const first = text.slice(token.start, token.start + 2);
      return first !== first.toLowerCase() || first === first.toUpperCase();
    };
    for (let i = 0; i < tokens.length; i++) {
      if (!initials.has(tokens[i]!.lower[0])) continue;
      // The longest run of words here spelt right, and the closest misspelling: "ACME Crop" is a misspelt
      // "ACME Corp" even though its first word is the right "Acme".
      let exactWords = 0;
      let best: { distance: number; display: string; words: number } | undefined;
      for (const spelling of spellings) {
        const allowed = Math.min(maxDistance, Math.floor(spelling.target.length / 3));
        // A one-word spelling may be written as two words and a two-word one as one ("Coca Cola", "CocaCola").
        for (const words of new Set([spelling.words, 1, spelling.words + 1])) {
          if (i + words > tokens.length) continue;
          let candidate = tokens[i]!.lower;
          for (let k = 1; k < words; k++) candidate += tokens[i + k]!.lower;
          if (exact.has(candidate)) {
            exactWords = Math.max(exactWords, words);
            continue;
          }
          const t = spelling.target;
          if (allowed === 0 || (candidate[0] !== t[0] && !(candidate[0] === t[1] && candidate[1] === t[0]))) continue;
          if (spelling.capitalised && !startsUpper(i)) continue;
          const distance = editDistance(candidate, t, allowed);
          if (distance <= allowed && (!best || distance < best.distance))
            best = { distance, display: spelling.display, words };
        }
      }
      if (best && best.words > exactWords) {
        hits.push({ ...hitOf(sources, source, i, i + best.words, best.display), distance: best.distance });
        i += best.words - 1;
      } else if (exactWords > 0) i += exactWords - 1;
    }
  }
  return hits;
}

function evaluateText(rule: TextRule, brand: BrandGuideline['brand'], facts: BrandFacts): Evaluation {
  const sources = textSources(facts, rule.minConfidence);
  if (!sources.image && !sources.copy) return notApplicable('no text was read (no OCR and no copy)');
  const forbidden: TextHit[] = [];
  const found = (phrase: CompiledPhrase) => {
    const hits: TextHit[] = [];
    for (const source of ['image', 'copy'] as const) {
      const text = sources[source];
      if (text)
        for (const m of findPhrase(phrase, text.tokens, text.index))
          hits.push(hitOf(sources, source, m.from, m.to, phrase.phrase));
    }
    return hits;
  };
  // One place in the text is reported once, by the first phrase that matched it ("Shutterstock" is found by both
  // "shutterstock" and the OCR-split "shutter stock").
  const reported = new Set<string>();
  for (const phrase of forbiddenPhrases(rule))
    for (const hit of found(phrase)) {
      const place = `${hit.source}:${hit.start ?? ''}:${hit.end ?? ''}:${JSON.stringify(hit.box ?? null)}`;
      if (reported.has(place)) continue;
      reported.add(place);
      forbidden.push(hit);
    }
  let required = requiredOf.get(rule);
  if (!required) requiredOf.set(rule, (required = rule.required.map(compilePhrase)));
  const missingDisclaimers = required.filter((phrase) => found(phrase).length === 0).map((p) => p.phrase);
  const misspelt = rule.misspellingDistance > 0 ? misspellings(brand, rule.misspellingDistance, sources) : [];
  const evidence = {
    type: 'text' as const,
    forbidden,
    missingDisclaimers,
    misspellings: misspelt,
    wordsExamined: (sources.image?.tokens.length ?? 0) + (sources.copy?.tokens.length ?? 0),
  };
  const problems: string[] = [];
  const quoted = (hits: readonly TextHit[]) =>
    [...new Set(hits.map((h) => `"${h.text}"${h.source === 'image' ? ' (in the picture)' : ''}`))]
      .slice(0, 5)
      .join(', ');
  if (forbidden.length > 0) problems.push(`forbidden words: ${quoted(forbidden)}`);
  if (missingDisclaimers.length > 0)
    problems.push(
      `missing disclaimer${missingDisclaimers.length > 1 ? 's' : ''}: ${missingDisclaimers.map((d) => `"${d}"`).join(', ')}`,
    );
  if (misspelt.length > 0)
    problems.push(`the brand name misspelt: ${quoted(misspelt)} (expected "${misspelt[0]!.phrase}")`);
  return problems.length > 0
    ? { outcome: 'violated', reason: problems.join('; '), evidence }
    : {
        outcome: 'pass',
        reason: `${evidence.wordsExamined} words read: no forbidden word, disclaimers present`,
        evidence,
      };
}

// ---------------------------------------------------------------------------------------------------------------
// Prompt, people, channel format, moderation

/** Every forbidden term in a prompt, with its span; overlapping terms each report their own. */
export function promptMatches(rule: PromptRule, prompt: string): PromptSpan[] {
  const tokens = tokenise(prompt);
  const index = indexTokens(tokens);
  const spans: PromptSpan[] = [];
  for (const phrase of forbiddenPhrases(rule))
    for (const m of findPhrase(phrase, tokens, index)) {
      const start = tokens[m.from]!.start;
      const end = tokens[m.to - 1]!.end;
      spans.push({ term: phrase.phrase, start, end, text: prompt.slice(start, end) });
    }
  return spans.sort((a, b) => a.start - b.start || a.end - b.end);
}

function evaluatePrompt(rule: PromptRule, facts: BrandFacts): Evaluation {
  if (facts.prompt === undefined) return notApplicable('the asset has no prompt');
  const matches = promptMatches(rule, facts.prompt);
  const evidence = { type: 'prompt' as const, matches };
  return matches.length > 0
    ? {
        outcome: 'violated',
        reason: `the prompt names ${matches
          .slice(0, 5)
          .map((m) => `"${m.text}" (${m.term}, characters ${m.start}–${m.end})`)
          .join(', ')}`,
        evidence,
      }
    : { outcome: 'pass', reason: 'the prompt names no forbidden term', evidence };
}

function evaluatePeople(rule: PeopleRule, facts: BrandFacts): Evaluation {
  if (facts.containsPeople === undefined && facts.faces === undefined)
    return notApplicable('faces were not looked for (not a picture, or not enriched)');
  const faces = facts.faces ?? [];
  const containsPeople = facts.containsPeople ?? faces.length > 0;
  const modelReleaseOnFile = facts.modelReleaseOnFile === true;
  const evidence = {
    type: 'people' as const,
    containsPeople,
    faces: faces.map((f) => ({ box: boxOf(f.box), score: round(f.score, 3) })),
    modelReleaseOnFile,
    ...(containsPeople && rule.raiseTierTo !== undefined ? { raiseTierTo: rule.raiseTierTo } : {}),
  };
  if (!containsPeople) return { outcome: 'pass', reason: 'no realistic people are depicted', evidence };
  const people = `realistic people are depicted (${faces.length} face${faces.length === 1 ? '' : 's'})`;
  const tier = rule.raiseTierTo !== undefined ? `; review tier raised to ${rule.raiseTierTo}` : '';
  if (rule.requireModelRelease && !modelReleaseOnFile)
    return { outcome: 'violated', reason: `${people} and no model release is on file${tier}`, evidence };
  return {
    outcome: 'pass',
    reason: `${people}${rule.requireModelRelease ? ', a model release is on file' : ''}${tier}`,
    evidence,
  };
}

function evaluateChannels(rule: ChannelFormatRule, facts: BrandFacts): Evaluation {
  const targeted = new Set((facts.channels ?? []).map((c) => c.trim().toLowerCase()));
  const formats = rule.channels.filter((c) => targeted.has(c.channel.toLowerCase()));
  if (formats.length === 0) return notApplicable('the asset targets none of the rule’s channels');
  const { width, height } = facts;
  if (width === undefined || height === undefined || width <= 0 || height <= 0)
    return notApplicable('the asset has no picture size');
  const aspectRatio = width / height;
  const channels: ChannelEvidence[] = formats.map((format) => {
    const problems: string[] = [];
    const ratios = format.aspectRatios.map((r) => ({ r, value: aspectRatioOf(r)! }));
    if (
      ratios.length > 0 &&
      !ratios.some(({ value }) => Math.abs(aspectRatio - value) / value <= format.aspectTolerance)
    )
      problems.push(
        `aspect ratio ${aspectRatio.toFixed(3)} (${width}×${height}) is none of ${format.aspectRatios.join(', ')}`,
      );
    if (width < format.minWidth) problems.push(`width ${width} px is below ${format.minWidth}`);
    if (height < format.minHeight) problems.push(`height ${height} px is below ${format.minHeight}`);
    return {
      channel: format.channel,
      outcome: problems.length > 0 ? 'violated' : 'pass',
      width,
      height,
      aspectRatio: round(aspectRatio),
      problems,
    };
  });
  const failing = channels.filter((c) => c.outcome === 'violated');
  const evidence = { type: 'channel-format' as const, channels };
  return failing.length > 0
    ? { outcome: 'violated', reason: failing.map((c) => `${c.channel}: ${c.problems.join(', ')}`).join('; '), evidence }
    : { outcome: 'pass', reason: `fits ${channels.map((c) => c.channel).join(', ')}`, evidence };
}

function evaluateModeration(rule: ModerationRule, facts: BrandFacts): Evaluation {
  if (facts.moderation === undefined) return notApplicable('no moderation scores (not a picture, or not enriched)');
  const exceeded = Object.entries(rule.thresholds)
    .map(([label, threshold]) => ({
      label,
      score: Object.hasOwn(facts.moderation!, label) ? facts.moderation![label]! : 0,
      threshold,
    }))
    .filter((e) => e.score >= e.threshold)
    .map((e) => ({ ...e, score: round(e.score, 3) }));
  const evidence = { type: 'moderation' as const, exceeded };
  return exceeded.length > 0
    ? {
        outcome: 'violated',
        reason: exceeded.map((e) => `${e.label} scores ${e.score.toFixed(2)} (threshold ${e.threshold})`).join(', '),
        evidence,
      }
    : { outcome: 'pass', reason: 'every moderation score is below its threshold', evidence };
}

// ---------------------------------------------------------------------------------------------------------------
// The check

function evaluate(rule: BrandRule, guideline: BrandGuideline, facts: BrandFacts): Evaluation {
  switch (rule.type) {
    case 'palette':
      return evaluatePalette(rule, facts);
    case 'logo':
      return evaluateLogo(rule, facts);
    case 'text':
      return evaluateText(rule, guideline.brand, facts);
    case 'prompt':
      return evaluatePrompt(rule, facts);
    case 'people':
      return evaluatePeople(rule, facts);
    case 'channel-format':
      return evaluateChannels(rule, facts);
    case 'moderation':
      return evaluateModeration(rule, facts);
  }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isBox = (b: unknown): b is EvidenceBox =>
  typeof b === 'object' &&
  b !== null &&
  finite((b as EvidenceBox).x) &&
  finite((b as EvidenceBox).y) &&
  finite((b as EvidenceBox).width) &&
  finite((b as EvidenceBox).height);
const saneFacts = new WeakMap<BrandFacts, BrandFacts>();

/**
 * The facts with every malformed entry left out (a word without a box, a palette colour without a Lab): facts come
 * from stored JSON, and one bad entry must not stop a check (a 500, a job retried forever).
 */
function usable(facts: BrandFacts): BrandFacts {
  const cached = saneFacts.get(facts);
  if (cached) return cached;
  const out: BrandFacts = { ...facts };
  if (facts.words)
    out.words = facts.words.filter((w) => typeof w?.text === 'string' && finite(w.confidence) && isBox(w.box));
  if (facts.faces) out.faces = facts.faces.filter((f) => isBox(f?.box) && finite(f.score));
  if (facts.palette)
    out.palette = facts.palette.filter(
      (c) => typeof c?.hex === 'string' && finite(c.share) && finite(c.lab?.l) && finite(c.lab.a) && finite(c.lab.b),
    );
  if (facts.channels) out.channels = facts.channels.filter((c) => typeof c === 'string');
  if (facts.moderation)
    out.moderation = Object.fromEntries(Object.entries(facts.moderation).filter(([, score]) => finite(score)));
  if (facts.logoMatches)
    // A value that is not a list is not a finding: the rule does not apply, rather than "not found".
    out.logoMatches = Object.fromEntries(
      Object.entries(facts.logoMatches)
        .filter((entry): entry is [string, readonly LogoMatch[]] => Array.isArray(entry[1]))
        .map(([id, matches]) => [id, matches.filter((m) => isBox(m?.box) && finite(m.score) && finite(m.scale))]),
    );
  for (const key of ['width', 'height'] as const) if (out[key] !== undefined && !finite(out[key])) delete out[key];
  if (typeof out.prompt !== 'string') delete out.prompt;
  if (typeof out.copyText !== 'string') delete out.copyText;
  saneFacts.set(facts, out);
  return out;
}

/** One rule's result: a violation counts at the rule's severity. */
export function checkRule(rule: BrandRule, guideline: BrandGuideline, facts: BrandFacts): BrandRuleResult {
  const evaluation = evaluate(rule, guideline, usable(facts));
  return {
    ruleId: rule.id,
    type: rule.type,
    severity: rule.severity,
    weight: rule.weight,
    outcome: evaluation.outcome === 'violated' ? rule.severity : evaluation.outcome,
    reason: evaluation.reason,
    ...(evaluation.evidence ? { evidence: evaluation.evidence } : {}),
    ruleDigest: ruleDigest(rule, guideline.brand),
  };
}

/**
 * The verdict and score of a set of rule results. Verdict: `fail` when any rule fails (a fail-severity rule was
 * violated), else `warn` when any warns, else `pass`. Score: the weight of the passing rules over the weight of the
 * applicable ones, 0–100 (100 when none applies) — a violated rule scores nothing whatever its severity.
 */
export function summarise(results: BrandRuleResult[]): BrandCheckResult {
  const verdict: BrandVerdict = results.some((r) => r.outcome === 'fail')
    ? 'fail'
    : results.some((r) => r.outcome === 'warn')
      ? 'warn'
      : 'pass';
  const applicable = results.filter((r) => r.outcome !== 'not-applicable');
  const total = applicable.reduce((sum, r) => sum + r.weight, 0);
  const passed = applicable.filter((r) => r.outcome === 'pass').reduce((sum, r) => sum + r.weight, 0);
  const score = total === 0 ? 100 : Math.round((1000 * passed) / total) / 10;
  const tiers = results.flatMap((r) =>
    r.evidence?.type === 'people' && r.evidence.raiseTierTo !== undefined ? [r.evidence.raiseTierTo] : [],
  );
  return {
    verdict,
    score,
    results,
    ...(tiers.length > 0 ? { raiseTierTo: tiers.reduce((a, b) => (b > a ? b : a)) } : {}),
  };
}

/** Checks an asset's facts against every rule of a guideline. */
export function checkBrand(guideline: BrandGuideline, facts: BrandFacts): BrandCheckResult {
  return summarise(guideline.rules.map((rule) => checkRule(rule, guideline, facts)));
}

/**
 * Checks again under a new guideline version, re-running only the rules whose digest differs from the one their
 * previous result was computed under (added and changed rules); the results of unchanged rules stand, those of
 * removed rules go. `rerun` lists the rule ids evaluated, for the caller's report.
 */
export function recheckBrand(
  guideline: BrandGuideline,
  facts: BrandFacts,
  previous: BrandCheckResult,
): BrandCheckResult & { rerun: string[] } {
  const before = new Map(previous.results.map((r) => [r.ruleId, r]));
  const rerun: string[] = [];
  const results = guideline.rules.map((rule) => {
    const old = before.get(rule.id);
    if (old && old.ruleDigest === ruleDigest(rule, guideline.brand) && old.type === rule.type) {
      // The weight and severity are part of the digest: an unchanged rule's result is reused as it was.
      return old;
    }
    rerun.push(rule.id);
    return checkRule(rule, guideline, facts);
  });
  return { ...summarise(results), rerun };
}

/**
 * The logo rules a check needs matches for (of the rule ids `only`, for a re-check of changed rules): the service
 * runs its LogoMatcher for these alone and passes the matches as BrandFacts.logoMatches.
 */
export const logoRulesToMatch = (guideline: BrandGuideline, only?: ReadonlySet<string>): LogoRule[] =>
  guideline.rules.filter((r): r is LogoRule => r.type === 'logo' && (only === undefined || only.has(r.id)));
