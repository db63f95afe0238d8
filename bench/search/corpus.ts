/**
 * The synthetic search corpus: what each asset of the benchmark library (library.ts) and of the judged relevance set
 * (test/search-relevance-set.ts) is — its prompt, title, tags, text in the picture, palette, governance and
 * embedding — as a plain description (SearchAssetSpec) that library.ts turns into rows.
 *
 * Every asset is a pure function of (seed, index): the same seed always gives the same ids, words and vectors, in any
 * batch size and order, so a judged query's relevant ids are stable and a library can be rebuilt identically.
 * Distributions: subjects, styles, tags, teams, campaigns and requestors are Zipf-distributed by rank (vocabulary.ts
 * lists them most common first); two years of creation dates, growing towards the end; statuses skewed by age.
 *
 * Embeddings are 1280-d (the default MobileNet embedder's dimension), unit length and non-negative like pooled
 * activations, made of a direction every picture shares, a subject direction, smaller style and setting directions
 * and noise: unrelated assets have a cosine near 0.55, assets of one subject near 0.72, members of a variant family
 * near 0.98 (the MobileNet embedder measures ≤ 0.58 for unrelated photos and 0.96 for an edited copy), so the nearest
 * neighbours of an asset share its subject and kNN and hybrid ranking have something to find. Variant families (four
 * consecutive indices) share their prompt, their noise and, within a few bits, their perceptual hashes.
 */
import { createHash } from 'node:crypto';
import {
  intendedUses,
  type AssetStatus,
  type Audience,
  type IntendedUse,
  type RightsStatus,
} from '../../src/domain/asset.ts';
import { colourFamilyOf } from '../../src/domain/colour-family.ts';
import type { PaletteColour, TagCategory, TagSource } from '../../src/domain/enrichment.ts';
import type { RecognisedWord } from '../../src/domain/image-content.ts';
import { hexToLab, labToHex, type Lab } from '../../src/domain/lab.ts';
import type { AiInvolvement, C2paValidationState } from '../../src/domain/provenance.ts';
import type { RiskTier } from '../../src/domain/review.ts';
import { namedColours } from '../../src/enrich/colour/colour-names.ts';
import {
  actions,
  adjectives,
  artists,
  cameraTerms,
  campaignSeasons,
  campaignThemes,
  detailNouns,
  diacriticSpellings,
  firstNames,
  incidentalObjects,
  lastNames,
  lightings,
  moods,
  negativeTerms,
  purposes,
  qualityTokens,
  settings,
  signTexts,
  styles,
  subjects,
  teamNames,
  tools,
  visualLabels,
  type ActionWord,
  type SettingPhrase,
  type SubjectWord,
  type ToolEntry,
} from './vocabulary.ts';

/** The default MobileNet embedder's model name and dimension (src/enrich/embeddings/mobilenet.ts). */
export const embeddingModel = 'mobilenet-v2-nsfw';
export const embeddingModelVersion = 'nsfwjs-4.3.0';
export const embeddingDimensions = 1280;

/** The last creation date of the corpus (fixed, so that a seed gives the same library on any day) and its span. */
export const corpusEnd = Date.UTC(2026, 10, 30);
export const corpusSpanMs = 730 * 86_400_000;

/** Sizes of the catalogue: ~40 teams, ~200 campaigns, 300 requestors, 5 brands. */
export const catalogueSizes = { teams: teamNames.length, campaigns: 200, users: 300, brands: 5 } as const;

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness

/** A 32-bit mix of two integers (murmur3's finaliser): independent streams per (seed, index, purpose). */
export function mix32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: small, fast and good enough for synthetic data. */
export function randomStream(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Samples ranks 0..n-1 with probability ∝ 1 / (rank + 1)^exponent. */
export class Zipf {
  readonly #cumulative: Float64Array;
  constructor(n: number, exponent = 1) {
    this.#cumulative = new Float64Array(n);
    let sum = 0;
    for (let rank = 0; rank < n; rank++) {
      sum += 1 / Math.pow(rank + 1, exponent);
      this.#cumulative[rank] = sum;
    }
    for (let rank = 0; rank < n; rank++) this.#cumulative[rank]! /= sum;
  }
  sample(random: () => number): number {
    const u = random();
    let low = 0;
    let high = this.#cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.#cumulative[mid]! < u) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)]!;
const pickZipf = <T>(list: readonly T[], zipf: Zipf, random: () => number): T => list[zipf.sample(random)]!;
function weighted<T>(choices: readonly (readonly [T, number])[], random: () => number): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let u = random() * total;
  for (const [value, weight] of choices) {
    u -= weight;
    if (u < 0) return value;
  }
  return choices[choices.length - 1]![0];
}

/**
 * A UUIDv7-shaped id (what newId makes): the creation time in its first 48 bits, so that id order is creation order
 * as in a real library; the rest from the seed and the index, so that ids are unique and reproducible.
 */
export function corpusId(ms: number, kind: number, seed: number, index: number): string {
  const hex =
    Math.floor(ms).toString(16).padStart(12, '0') +
    '7' +
    (kind & 0xfff).toString(16).padStart(3, '0') +
    (0x8000 | (mix32(seed, kind) & 0x3fff)).toString(16) +
    (mix32(seed, index) & 0xffff).toString(16).padStart(4, '0') +
    (index >>> 0).toString(16).padStart(8, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The catalogue: teams, campaigns, requestors, brands

export interface CatalogueEntry {
  id: string;
  slug: string;
  name: string;
}

export interface SearchCatalogue {
  teams: CatalogueEntry[];
  campaigns: CatalogueEntry[];
  users: CatalogueEntry[];
  brands: CatalogueEntry[];
}

const slugOf = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** The catalogue of a seed: ids from the seed, names from the vocabulary. */
export function searchCatalogue(seed: number): SearchCatalogue {
  const entry = (kind: number, index: number, name: string): CatalogueEntry => ({
    id: corpusId(corpusEnd - corpusSpanMs - 86_400_000, kind, seed, index),
    slug: slugOf(name),
    name,
  });
  const teams = teamNames.map((name, i) => entry(0x101, i, name));
  const campaignNames: string[] = [];
  const random = randomStream(mix32(seed, 0xca));
  const seen = new Set<string>();
  while (campaignNames.length < catalogueSizes.campaigns) {
    const name = `${capitalised(pick(campaignSeasons, random))} ${capitalised(pick(campaignThemes, random))} ${2025 + Math.floor(random() * 2)}`;
    if (seen.has(name)) continue;
    seen.add(name);
    campaignNames.push(name);
  }
  const campaigns = campaignNames.map((name, i) => entry(0x102, i, name));
  const users: CatalogueEntry[] = [];
  for (let i = 0; i < catalogueSizes.users; i++) {
    const name = `${firstNames[i % firstNames.length]!} ${lastNames[Math.floor(i / firstNames.length) % lastNames.length]!}${i >= firstNames.length * lastNames.length ? ` ${i}` : ''}`;
    users.push(entry(0x103, i, name));
  }
  const brands = ['Northwind', 'Lumen & Co', 'Verdant Home', 'Polaris Outdoor', 'Kestrel Beauty'].map((name, i) =>
    entry(0x104, i, name),
  );
  return { teams, campaigns, users, brands };
}

// ---------------------------------------------------------------------------------------------------------------
// One asset

export interface SpecTag {
  label: string;
  category: TagCategory;
  source: TagSource;
  confidence: number;
  model: string;
}

export interface SearchAssetSpec {
  index: number;
  id: string;
  versionId: string;
  /** The bytes of the current version: a reproducible digest (no file exists). */
  blobSha256: string;
  size: number;
  /** 2 for ~4 % of assets: version 1 exists too, with other bytes, and is not what search shows. */
  versions: 1 | 2;
  createdAt: string;
  updatedAt: string;

  // What the picture is (the ground truth of judged queries)
  subject: SubjectWord;
  /** The subject as the prompt and title write it: singular or plural, with diacritics where the word has them. */
  subjectWritten: string;
  action?: { word: ActionWord; written: string };
  adjectives: string[];
  setting?: SettingPhrase;
  lighting?: string;
  camera: string[];
  style: string;
  artist?: string;
  details: string[];
  quality: string[];
  purpose?: string;
  moods: string[];
  visualLabels: string[];
  /** COCO classes an object detector would report. */
  objects: string[];
  faces: number;
  ocr?: { text: string; words: RecognisedWord[] };

  // What the fields say
  title: string;
  description?: string;
  prompt?: string;
  negativePrompt?: string;
  fileName: string;
  mediaType: string;
  width: number;
  height: number;

  // Provenance
  tool: ToolEntry;
  model?: string;
  aiInvolvement: AiInvolvement;
  seed?: string;
  steps?: number;
  cfg?: number;
  sampler?: string;
  c2pa?: { validationState: C2paValidationState; claimGenerator: string };

  // Governance
  status: AssetStatus;
  riskTier: RiskTier;
  riskRule?: string;
  teamIndex: number;
  campaignIndex?: number;
  requestorIndex?: number;
  intendedUse: IntendedUse;
  audience?: Audience;
  rightsStatus: RightsStatus;
  brandCheck?: { brandIndex: number; score: number; verdict: 'pass' | 'warn' | 'fail' };

  // Enrichment
  tags: SpecTag[];
  palette: PaletteColour[];
  /** 64-bit dHash and pHash (full and inset) as signed 32-bit halves, as storage keeps them. */
  hashes: { d: [number, number]; p: [number, number]; insetD: [number, number]; insetP: [number, number] };
  /** Variant families: four consecutive indices, the first canonical. */
  family?: { groupIndex: number; canonicalIndex: number; state: 'confirmed' | 'suggested' };
  /** Which noise the embedding takes (the family's, for members). */
  embeddingNoise: { shared: number; own: number };
}

const zipfSubjects = new Zipf(subjects.length, 1);
const zipfStyles = new Zipf(styles.length, 1.1);
const zipfSettings = new Zipf(settings.length, 0.9);
const zipfLightings = new Zipf(lightings.length, 0.9);
const zipfCamera = new Zipf(cameraTerms.length, 0.9);
const zipfAdjectives = new Zipf(adjectives.length, 0.8);
const zipfDetails = new Zipf(detailNouns.length, 1);
const zipfQuality = new Zipf(qualityTokens.length, 1);
const zipfNegative = new Zipf(negativeTerms.length, 0.7);
const zipfTools = new Zipf(tools.length, 0.9);
const zipfTeams = new Zipf(catalogueSizes.teams, 0.7);
const zipfCampaigns = new Zipf(catalogueSizes.campaigns, 1);
const zipfUsers = new Zipf(catalogueSizes.users, 0.9);
const zipfArtists = new Zipf(artists.length, 1);
const zipfSigns = new Zipf(signTexts.length, 0.8);
const zipfVisual = new Zipf(visualLabels.length, 1.2);
const zipfMoods = new Zipf(moods.length, 1);
const zipfUses = new Zipf(intendedUses.length, 1);
const intendedUseOrder: readonly IntendedUse[] = [
  'web',
  'social',
  'internal',
  'email',
  'advertising',
  'print',
  'presentation',
  'product',
  'ooh',
  'editorial',
  'regulated',
  'other',
];

const samplers = ['euler_a', 'dpmpp_2m_karras', 'dpmpp_sde', 'ddim', 'uni_pc', 'heun'];
const sizes: readonly (readonly [readonly [number, number], number])[] = [
  [[1024, 1024], 34],
  [[832, 1216], 14],
  [[1216, 832], 14],
  [[1344, 768], 8],
  [[768, 1344], 6],
  [[512, 512], 5],
  [[512, 768], 4],
  [[2048, 2048], 5],
  [[1536, 1024], 4],
  [[6000, 4000], 3],
  [[4000, 6000], 2],
  [[1920, 1080], 1],
];

/** Families: this share of four-index groups (so of assets) are variant families. */
const familyShare = 0.08;
const isFamilyGroup = (seed: number, group: number) => mix32(seed ^ 0xfa, group) / 4294967296 < familyShare;

/** Lab of the named colours, computed once. */
const namedLabs: readonly Lab[] = namedColours.map((c) => hexToLab(c.hex));

function articleFor(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** The statuses of a library, skewed by age: new work is in progress, old work published or archived. */
function statusFor(age: number, random: () => number): AssetStatus {
  if (age < 0.03)
    return weighted<AssetStatus>(
      [
        ['draft', 25],
        ['enriching', 8],
        ['brand_check', 7],
        ['in_review', 30],
        ['changes_requested', 10],
        ['approved', 12],
        ['quarantined', 5],
        ['rejected', 3],
      ],
      random,
    );
  return weighted<AssetStatus>(
    [
      ['published', 30],
      ['approved', 19],
      ['in_review', 7],
      ['draft', 6],
      ['changes_requested', 3],
      ['rejected', 5],
      ['archived', 8 + 30 * age],
      ['quarantined', 2],
      ['deprecated', 3],
      ['enriching', 0.5],
      ['brand_check', 0.5],
    ],
    random,
  );
}

const statusesWithBrandCheck = new Set<AssetStatus>([
  'in_review',
  'approved',
  'changes_requested',
  'rejected',
  'published',
  'archived',
  'deprecated',
]);

function randomHalves(random: () => number): [number, number] {
  return [Math.floor(random() * 4294967296) | 0, Math.floor(random() * 4294967296) | 0];
}
function flipBits(halves: [number, number], random: () => number, bits: number): [number, number] {
  const out: [number, number] = [halves[0], halves[1]];
  for (let i = 0; i < bits; i++) {
    const bit = Math.floor(random() * 64);
    if (bit < 32) out[0] = (out[0] ^ (1 << bit)) | 0;
    else out[1] = (out[1] ^ (1 << (bit - 32))) | 0;
  }
  return out;
}

function paletteFor(random: () => number, anchor: number): PaletteColour[] {
  const count = 3 + Math.floor(random() * 4);
  const weights = Array.from({ length: count }, (_, i) => (i === 0 ? 2 + random() * 3 : 0.3 + random()));
  const total = weights.reduce((a, b) => a + b, 0);
  const used = new Set<number>();
  const colours: PaletteColour[] = [];
  for (let i = 0; i < count; i++) {
    let which = i === 0 ? anchor % namedColours.length : Math.floor(random() * namedColours.length);
    while (used.has(which)) which = (which + 1) % namedColours.length;
    used.add(which);
    const base = namedLabs[which]!;
    // A little jitter: real palettes are near a named colour, not on it.
    const lab = {
      l: Math.min(100, Math.max(0, base.l + (random() - 0.5) * 6)),
      a: base.a + (random() - 0.5) * 6,
      b: base.b + (random() - 0.5) * 6,
    };
    colours.push({
      hex: labToHex(lab),
      lab,
      share: Math.round((weights[i]! / total) * 1000) / 1000,
      name: namedColours[which]!.name,
      family: colourFamilyOf(lab),
    });
  }
  return colours.sort((x, y) => y.share - x.share);
}

function ocrFor(text: string, width: number, height: number, random: () => number): SearchAssetSpec['ocr'] {
  const words: RecognisedWord[] = [];
  let x = Math.floor(width * 0.1 * random());
  const y = Math.floor(height * (0.1 + 0.7 * random()));
  const letter = Math.max(12, Math.floor(height / 30));
  for (const word of text.split(' ')) {
    const w = word.length * letter;
    words.push({
      text: word,
      confidence: Math.round((0.75 + 0.24 * random()) * 100) / 100,
      box: { x, y, width: w, height: letter * 1.4 },
    });
    x += w + letter;
  }
  return { text, words };
}

const conceptTagModel = 'provena-concept-tags';
const visualTagModel = `${embeddingModel}@${embeddingModelVersion}`;
const objectTagModel = 'human-centernet@3.3.6+tfjs-wasm-4.22.0';

function fileNameFor(spec: {
  tool: ToolEntry;
  subjectWord: string;
  style: string;
  index: number;
  seed?: string;
  random: () => number;
}): { fileName: string; mediaType: string } {
  const n = String(spec.index % 100_000).padStart(5, '0');
  const ext = spec.tool.fileName === 'camera' ? 'jpg' : spec.random() < 0.12 ? 'webp' : 'png';
  const mediaType = ext === 'jpg' ? 'image/jpeg' : `image/${ext}`;
  switch (spec.tool.fileName) {
    case 'comfy':
      return { fileName: `ComfyUI_${n}_.${ext}`, mediaType };
    case 'a1111':
      return { fileName: `${n}-${spec.seed ?? '0'}.${ext}`, mediaType };
    case 'camera':
      return { fileName: `IMG_${String(spec.index % 10_000).padStart(4, '0')}.jpg`, mediaType };
    case 'uuid':
      return {
        fileName: `gen_${mix32(spec.index, 0x11e).toString(16).padStart(8, '0')}.${ext}`,
        mediaType,
      };
    case 'descriptive':
      return { fileName: `${slugOf(spec.subjectWord)}-${slugOf(spec.style)}-${n}.${ext}`, mediaType };
  }
}

/**
 * The asset at `index` of the corpus of `seed`. Pure: the same arguments always give the same asset (members of a
 * variant family take their shared parts from the family's stream, so each is still a function of its index alone).
 */
export function generateSearchAsset(seed: number, index: number): SearchAssetSpec {
  const own = randomStream(mix32(seed, index));
  const groupIndex = Math.floor(index / 4);
  const inFamily = isFamilyGroup(seed, groupIndex);
  // What a family shares (subject, style, setting, prompt words, tool) comes from the family's stream.
  const shared = inFamily ? randomStream(mix32(seed ^ 0x5a5a, groupIndex)) : own;

  const subjectRank = zipfSubjects.sample(shared);
  const subject = subjects[subjectRank]!;
  const plural = shared() < 0.18;
  const singular = diacriticSpellings[subject.word] ?? subject.word;
  const subjectWritten = plural ? subject.plural : singular;
  const tool = pickZipf(tools, zipfTools, shared);
  const ai = tool.ai;
  const style = tool.ai === 'none' ? 'photo' : pickZipf(styles, zipfStyles, shared);
  // A portrait is of a person, but "a portrait running" is not a prompt anyone writes.
  const canAct = (subject.kind === 'person' || subject.kind === 'animal') && subject.word !== 'portrait';
  const actionWord = canAct && shared() < 0.35 ? pick(actions, shared) : undefined;
  const action = actionWord ? { word: actionWord, written: pick(actionWord.forms, shared) } : undefined;
  const adjectiveCount = Math.floor(shared() * 3);
  const chosenAdjectives = Array.from({ length: adjectiveCount }, () => pickZipf(adjectives, zipfAdjectives, shared));
  const setting = shared() < 0.85 ? pickZipf(settings, zipfSettings, shared) : undefined;
  const artist = tool.ai !== 'none' && shared() < 0.15 ? pickZipf(artists, zipfArtists, shared) : undefined;
  const detailCount = Math.floor(shared() * 3);
  const details = Array.from({ length: detailCount }, () => pickZipf(detailNouns, zipfDetails, shared));
  const detailAdjective = pickZipf(adjectives, zipfAdjectives, shared);
  const quality = Array.from({ length: Math.floor(shared() * 3) }, () => pickZipf(qualityTokens, zipfQuality, shared));
  // Members differ in lighting and camera: what a re-roll changes.
  const lighting = own() < 0.8 ? pickZipf(lightings, zipfLightings, own) : undefined;
  const camera = Array.from({ length: Math.floor(own() * 3) }, () => pickZipf(cameraTerms, zipfCamera, own));
  const seedValue = ai === 'none' ? undefined : String(Math.floor(own() * 4294967296) * 1000 + (index % 1000));

  // Prompt
  let prompt: string | undefined;
  let negativePrompt: string | undefined;
  const subjectPhrase = [
    plural ? pick(['two', 'three', 'a group of', 'several'], shared) : articleFor(chosenAdjectives[0] ?? singular),
    ...chosenAdjectives,
    subjectWritten,
    ...(action ? [action.written] : []),
  ].join(' ');
  const detailPhrase = details.length > 0 ? `with ${detailAdjective} ${details.join(' and ')}` : undefined;
  if (ai === 'ai-generated') {
    const template = Math.floor(shared() * 4);
    const parts: string[] = [];
    if (template === 0)
      parts.push(
        [subjectPhrase, setting?.phrase, detailPhrase].filter(Boolean).join(' '),
        style,
        ...(lighting ? [lighting] : []),
        ...camera,
        ...quality,
      );
    else if (template === 1)
      parts.push(
        `${style} of ${[subjectPhrase, setting?.phrase].filter(Boolean).join(' ')}`,
        ...(detailPhrase ? [detailPhrase] : []),
        ...(lighting ? [lighting] : []),
        ...(artist ? [`by ${artist}`] : []),
        ...quality,
      );
    else if (template === 2)
      parts.push(
        [subjectPhrase, setting?.phrase].filter(Boolean).join(' '),
        ...(lighting ? [lighting] : []),
        style,
        ...(artist ? [`in the style of ${artist}`] : []),
        ...camera,
      );
    else
      parts.push(
        `${capitalised(subjectPhrase)}${setting ? ` ${setting.phrase}` : ''}${lighting ? ` at ${lighting}` : ''}`,
        ...(detailPhrase ? [detailPhrase] : []),
        `${style}${camera.length > 0 ? `, shot with ${camera.join(' and ')}` : ''}`,
      );
    prompt = parts.join(', ');
    if (tool.tool === 'Midjourney') prompt += ` --ar ${plural ? '3:2' : '1:1'} --v ${tool.version}`;
    if (['ComfyUI', 'Automatic1111', 'InvokeAI', 'Fooocus', 'SwarmUI', 'NovelAI'].includes(tool.tool) && own() < 0.75) {
      const negatives = new Set<string>();
      const count = 3 + Math.floor(own() * 5);
      for (let i = 0; i < count; i++) negatives.add(pickZipf(negativeTerms, zipfNegative, own));
      negativePrompt = [...negatives].join(', ');
    }
  } else if (ai === 'ai-edited') {
    prompt = `add ${detailAdjective} ${details[0] ?? pickZipf(detailNouns, zipfDetails, shared)}${setting ? ` ${setting.phrase}` : ''}`;
  }

  // Time
  const createdMs = corpusEnd - corpusSpanMs + Math.floor(corpusSpanMs * Math.sqrt(own()));
  const updatedMs = Math.min(corpusEnd, createdMs + Math.floor(own() * 10 * 86_400_000));
  const age = (corpusEnd - createdMs) / corpusSpanMs;

  // Picture
  const [width, height] = weighted(sizes, own);
  const model = tool.models.length > 0 ? pick(tool.models, shared) : undefined;
  const { fileName, mediaType } = fileNameFor({
    tool,
    subjectWord: subject.word,
    style,
    index,
    seed: seedValue,
    random: own,
  });
  const purpose = own() < 0.55 ? pick(purposes, own) : undefined;
  const humanTitle = own() < 0.65;
  // The title names the setting by the phrase's last word as written ("forest", "town"), never a folded place word.
  const settingWord = setting?.phrase.split(' ').at(-1);
  const title = humanTitle
    ? [
        capitalised([chosenAdjectives[0], singular, settingWord && `in ${settingWord}`].filter(Boolean).join(' ')),
        ...(purpose ? [`– ${purpose}`] : []),
      ].join(' ')
    : fileName.replace(/\.[a-z]+$/, '');
  const description =
    own() < 0.25
      ? `Selected take: ${[chosenAdjectives[0], singular, setting?.phrase].filter(Boolean).join(' ')}.${lighting ? ` Lit by ${lighting}.` : ''}`
      : undefined;

  const faces =
    subject.kind === 'person' ? (own() < 0.95 ? 1 + Math.floor(own() * (plural ? 4 : 1.3)) : 0) : own() < 0.04 ? 1 : 0;
  const objects = new Set(subject.objects);
  if (faces > 0) objects.add('person');
  if ((subject.kind === 'person' || setting?.places.includes('street')) && own() < 0.12)
    objects.add(pick(incidentalObjects, own));
  const hasText = own() < 0.15;
  const ocr = hasText ? ocrFor(pickZipf(signTexts, zipfSigns, own), width, height, own) : undefined;
  const assetMoods = own() < 0.6 ? [pickZipf(moods, zipfMoods, own)] : [];
  const labels = new Set<string>([pickZipf(visualLabels, zipfVisual, own)]);
  if (own() < 0.3) labels.add(pickZipf(visualLabels, zipfVisual, own));

  // Tags: the concept tagger's from the prompt and file name, the vision tagger's, the object detector's.
  const tags: SpecTag[] = [];
  const tag = (label: string, category: TagCategory, source: TagSource, confidence: number, tagModel: string) =>
    tags.push({ label, category, source, confidence: Math.round(confidence * 1000) / 1000, model: tagModel });
  if (prompt !== undefined && ai === 'ai-generated') {
    tag(subject.word, 'subject', 'prompt', 0.9, conceptTagModel);
    tag(style, 'style', 'prompt', 0.85, conceptTagModel);
    if (artist) tag(artist, 'artist', 'prompt', 0.9, conceptTagModel);
    for (const placeWord of setting?.places ?? []) tag(placeWord, 'place', 'prompt', 0.7, conceptTagModel);
  }
  if (tool.fileName === 'descriptive') tag(subject.word, 'subject', 'file-name', 0.5, conceptTagModel);
  for (const mood of assetMoods) tag(mood, 'scene', 'visual', 0.4 + 0.5 * own(), visualTagModel);
  for (const label of labels) tag(label, 'scene', 'visual', 0.3 + 0.6 * own(), visualTagModel);
  for (const object of objects) tag(object, 'object', 'objects', 0.5 + 0.45 * own(), objectTagModel);

  // Governance
  const status = statusFor(age, own);
  const riskTier = weighted<RiskTier>(
    [
      [1, 62],
      [2, 28],
      [3, 10],
    ],
    own,
  );
  const teamIndex = zipfTeams.sample(shared);
  const campaignIndex = own() < 0.85 ? zipfCampaigns.sample(shared) : undefined;
  const requestorIndex = own() < 0.9 ? zipfUsers.sample(own) : undefined;
  const intendedUse = intendedUseOrder[zipfUses.sample(own)]!;
  const audience: Audience | undefined =
    own() < 0.8 ? (intendedUse === 'internal' ? 'internal' : 'external') : undefined;
  const rightsStatus = weighted<RightsStatus>(
    [
      ['cleared', 55],
      ['pending', 25],
      ['unknown', 10],
      ['restricted', 6],
      ['expired', 4],
    ],
    own,
  );
  let brandCheck: SearchAssetSpec['brandCheck'];
  if (statusesWithBrandCheck.has(status) && own() < 0.8) {
    const score = Math.round(1000 * (1 - 0.6 * Math.pow(own(), 2.5))) / 10;
    brandCheck = {
      brandIndex: teamIndex % catalogueSizes.brands,
      score,
      verdict: score >= 85 ? 'pass' : score >= 65 ? 'warn' : 'fail',
    };
  }

  // Provenance bits
  const stripped = ai === 'ai-generated' && own() < 0.06;
  const aiInvolvement: AiInvolvement = stripped ? 'unknown' : ai;
  const c2pa =
    !stripped && own() < tool.c2pa
      ? {
          validationState: weighted<C2paValidationState>(
            [
              ['Trusted', 55],
              ['Valid', 35],
              ['Invalid', 10],
            ],
            own,
          ),
          claimGenerator: `${tool.tool}/${tool.version}`,
        }
      : undefined;

  // Hashes: a family shares its canonical's, a few bits apart.
  const hashRandom = inFamily ? randomStream(mix32(seed ^ 0x4a54, groupIndex)) : own;
  let hashes = {
    d: randomHalves(hashRandom),
    p: randomHalves(hashRandom),
    insetD: randomHalves(hashRandom),
    insetP: randomHalves(hashRandom),
  };
  if (inFamily && index % 4 !== 0) {
    const bits = 2 + Math.floor(own() * 6);
    hashes = {
      d: flipBits(hashes.d, own, bits),
      p: flipBits(hashes.p, own, bits),
      insetD: flipBits(hashes.insetD, own, bits),
      insetP: flipBits(hashes.insetP, own, bits),
    };
  }

  const createdAt = new Date(createdMs).toISOString();
  const versions: 1 | 2 = own() < 0.04 ? 2 : 1;
  return {
    index,
    id: corpusId(createdMs, 0, seed, index),
    versionId: corpusId(createdMs, versions, seed, index),
    blobSha256: createHash('sha256').update(`search-corpus:${seed}:${index}:${versions}`).digest('hex'),
    size: Math.floor(width * height * (mediaType === 'image/png' ? 1.6 : 0.35) * (0.7 + 0.6 * own())),
    versions,
    createdAt,
    updatedAt: new Date(updatedMs).toISOString(),
    subject,
    subjectWritten,
    ...(action ? { action } : {}),
    adjectives: chosenAdjectives,
    ...(setting ? { setting } : {}),
    ...(lighting ? { lighting } : {}),
    camera,
    style,
    ...(artist ? { artist } : {}),
    details,
    quality,
    ...(purpose && humanTitle ? { purpose } : {}),
    moods: assetMoods,
    visualLabels: [...labels],
    objects: [...objects],
    faces,
    ...(ocr ? { ocr } : {}),
    title,
    ...(description ? { description } : {}),
    ...(prompt !== undefined ? { prompt } : {}),
    ...(negativePrompt !== undefined ? { negativePrompt } : {}),
    fileName,
    mediaType,
    width,
    height,
    tool,
    ...(model ? { model } : {}),
    aiInvolvement,
    ...(seedValue !== undefined ? { seed: seedValue } : {}),
    ...(ai === 'ai-generated'
      ? { steps: 20 + Math.floor(own() * 30), cfg: Math.round((3 + own() * 6) * 10) / 10, sampler: pick(samplers, own) }
      : {}),
    ...(c2pa ? { c2pa } : {}),
    status,
    riskTier,
    ...(riskTier === 2
      ? { riskRule: 'external-with-people' }
      : riskTier === 3
        ? { riskRule: 'regulated-or-paid' }
        : {}),
    teamIndex,
    ...(campaignIndex !== undefined ? { campaignIndex } : {}),
    ...(requestorIndex !== undefined ? { requestorIndex } : {}),
    intendedUse,
    ...(audience ? { audience } : {}),
    rightsStatus,
    ...(brandCheck ? { brandCheck } : {}),
    tags,
    palette: paletteFor(own, subjectRank * 7 + (setting ? settings.indexOf(setting) : 0)),
    hashes,
    ...(inFamily
      ? {
          family: {
            groupIndex,
            canonicalIndex: groupIndex * 4,
            state: (mix32(seed, groupIndex) & 1) === 0 ? 'confirmed' : 'suggested',
          },
        }
      : {}),
    embeddingNoise: {
      shared: inFamily ? mix32(seed ^ 0xe3b, groupIndex) : mix32(seed ^ 0xe3c, index),
      own: mix32(seed ^ 0xe3d, index),
    },
  } satisfies SearchAssetSpec;
}

// ---------------------------------------------------------------------------------------------------------------
// Embeddings

/** Share of dimensions a concept direction uses, weight of the direction every picture shares, noise per dimension. */
const conceptDensity = 0.2;
const generalWeight = 0.2;
const noiseAmplitude = 0.1;

/**
 * The directions embeddings are made of, for one seed: one every picture shares, one per subject (the cluster),
 * style and setting. A vector is 0.2 shared + subject + 0.35 style + 0.25 setting + non-negative noise (a family's
 * members share most of theirs), normalised.
 */
export class SearchEmbeddingSpace {
  /** What every picture activates (edges, textures): the reason unrelated pictures still have a cosine near 0.5. */
  readonly #general: Float32Array;
  readonly #subjects: Float32Array[];
  readonly #styles: Float32Array[];
  readonly #settings: Float32Array[];

  constructor(readonly seed: number) {
    // Sparse and non-negative, like the pooled activations of a convolutional network: a fifth of the dimensions
    // carry a concept.
    const direction = (kind: number, i: number) => {
      const random = randomStream(mix32(seed ^ kind, i));
      const v = new Float32Array(embeddingDimensions);
      for (let d = 0; d < v.length; d++) v[d] = random() < conceptDensity ? random() : 0;
      return normalise(v);
    };
    this.#general = direction(0x5b0, 0).map((_, d) => 0.5 + 0.5 * randomStream(mix32(seed ^ 0x5b0, d))());
    normalise(this.#general);
    this.#subjects = subjects.map((_, i) => direction(0x5b1, i));
    this.#styles = styles.map((_, i) => direction(0x5b2, i));
    this.#settings = settings.map((_, i) => direction(0x5b3, i));
  }

  /** The centre of a subject's cluster: what a text-to-image query for the subject would land near. */
  subjectDirection(subject: string): Float32Array {
    const at = subjects.findIndex((entry) => entry.word === subject);
    if (at < 0) throw new Error(`no subject "${subject}" in the corpus vocabulary`);
    return this.#subjects[at]!;
  }

  /**
   * What a text encoder would make of a query naming these subjects, styles and places (a place: every setting that
   * holds it): the same weights as the pictures' vectors, without noise. The stand-in for CLIP's text tower in
   * vector and hybrid relevance figures, since no real text encoder maps into this synthetic space.
   */
  conceptVector(concepts: {
    subjects?: readonly string[];
    styles?: readonly string[];
    places?: readonly string[];
  }): Float32Array {
    const v = new Float32Array(embeddingDimensions);
    const add = (direction: Float32Array, weight: number) => {
      for (let d = 0; d < v.length; d++) v[d]! += direction[d]! * weight;
    };
    add(this.#general, generalWeight);
    for (const subject of concepts.subjects ?? []) add(this.subjectDirection(subject), 1);
    for (const style of concepts.styles ?? []) {
      const at = styles.indexOf(style);
      if (at < 0) throw new Error(`no style "${style}" in the corpus vocabulary`);
      add(this.#styles[at]!, 0.35);
    }
    for (const place of concepts.places ?? []) {
      const holding = settings.flatMap((setting, at) => (setting.places.includes(place) ? [at] : []));
      if (holding.length === 0) throw new Error(`no setting holds the place "${place}"`);
      for (const at of holding) add(this.#settings[at]!, 0.25 / holding.length);
    }
    return normalise(v);
  }

  vectorOf(spec: SearchAssetSpec): Float32Array {
    const v = new Float32Array(embeddingDimensions);
    const add = (direction: Float32Array, weight: number) => {
      for (let d = 0; d < v.length; d++) v[d]! += direction[d]! * weight;
    };
    add(this.#general, generalWeight);
    add(this.#subjects[subjects.indexOf(spec.subject)]!, 1);
    add(this.#styles[Math.max(0, styles.indexOf(spec.style))]!, 0.35);
    if (spec.setting) add(this.#settings[settings.indexOf(spec.setting)]!, 0.25);
    // Non-negative noise on about half the dimensions; a family's members share most of theirs.
    const shared = randomStream(spec.embeddingNoise.shared);
    const own = randomStream(spec.embeddingNoise.own);
    const sharedWeight = spec.family ? 0.9 * noiseAmplitude : noiseAmplitude;
    const ownWeight = spec.family ? 0.3 * noiseAmplitude : 0;
    for (let d = 0; d < v.length; d++)
      v[d]! +=
        Math.max(0, shared() * 2 - 1) * sharedWeight + (ownWeight > 0 ? Math.max(0, own() * 2 - 1) * ownWeight : 0);
    return normalise(v);
  }
}

function normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (let d = 0; d < v.length; d++) sum += v[d]! * v[d]!;
  const norm = Math.sqrt(sum) || 1;
  for (let d = 0; d < v.length; d++) v[d]! /= norm;
  return v;
}
