/**
 * The judged relevance set: a generated corpus of about 2,000 assets (the search benchmark's generator,
 * bench/search/corpus.ts, with its own seed) plus a few planted ones, and judged queries with the ids of the
 * assets relevant to each, graded 2 (highly) or 1 (partly).
 *
 * Judgments come from what each asset IS — its subject, action, setting, style, the objects in it, the text in it —
 * which the generator knows, not from matching the query's words against the fields: "automobile" is judged by the
 * subject being a car, "moutain" by the subject being a mountain, "blurry" by the positive fields saying so (never the
 * negative prompt). A search that merely matches words scores well on plain queries and poorly on synonyms, typos,
 * stemming and diacritics; one that indexes the negative prompt like the prompt is punished by the negative queries.
 *
 * Grade 2: the query's concepts are what the asset is about (its subject, action, setting, style, lighting, title's
 * purpose, OCR text, a detected object or mood, as the query asks). Grade 1: the query's words appear only in passing
 * (an adjective, a detail, a campaign name, a tag). Filters and exclusions are hard: an asset outside them is 0.
 *
 * Use: `relevanceSet()` for the corpus and queries; `writeRelevanceCorpus` to put the corpus into a migrated
 * database (then the search service's reindex); `evaluateRanking` (search-relevance-metrics.ts) to score a search.
 */
import type { Kysely } from 'kysely';
import { type AssetStatus } from '../src/domain/asset.ts';
import type { AuditKey } from '../src/domain/audit.ts';
import type { RiskTier } from '../src/domain/review.ts';
import type { Dialect } from '../src/storage/database.ts';
import type { Database } from '../src/storage/schema.ts';
import {
  generateSearchAsset,
  searchCatalogue,
  SearchEmbeddingSpace,
  type SearchAssetSpec,
  type SearchCatalogue,
} from '../bench/search/corpus.ts';
import { writeSearchAssets, writeSearchCatalogue } from '../bench/search/library.ts';
import type { Grade, Judgments } from './search-relevance-metrics.ts';

export const relevanceCorpusSeed = 2026_12;
/** The generated part of the corpus (a multiple of 4: variant families stay whole). */
export const relevanceCorpusSize = 2000;

export const queryCategories = [
  'plain',
  'multi-word',
  'phrase',
  'stemming',
  'prefix',
  'diacritics',
  'typo',
  'synonym',
  'prompt-only',
  'negative-prompt',
  'ocr-only',
  'tag-only',
  'title-only',
  'field-scoped',
  'filtered',
  'exclusion',
] as const;
export type QueryCategory = (typeof queryCategories)[number];

/** Filters in structured form, for a caller that does not parse the query language (the same as in `query`). */
export interface RelevanceFilters {
  status?: AssetStatus;
  riskTier?: RiskTier;
  /** Team slug. */
  team?: string;
  model?: string;
  /** ISO date: created on or after. */
  createdFrom?: string;
}

/** What a text-to-image model would see in a query: the subjects, styles and places it names. */
export interface VisualConcepts {
  subjects?: string[];
  styles?: string[];
  places?: string[];
}

export interface JudgedQuery {
  id: string;
  category: QueryCategory;
  /** The query as a user types it, in the query language of docs/search.md (issue 14). */
  query: string;
  /** The free text of the query without its field filters (what a plain text box would hold). */
  text: string;
  filters?: RelevanceFilters;
  /** What the query is after, for people reading a failure. */
  intent: string;
  /** For vector and hybrid ranking (queryVector); absent when the query names nothing a picture shows. */
  visual?: VisualConcepts;
  judgments: Judgments;
}

export interface RelevanceSet {
  seed: number;
  catalogue: SearchCatalogue;
  corpus: SearchAssetSpec[];
  queries: JudgedQuery[];
}

// ---------------------------------------------------------------------------------------------------------------
// What an asset says, field by field

/** Lower case, diacritics removed, split on anything that is not a letter or digit. */
export function searchTokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

export type TextField =
  'title' | 'description' | 'prompt' | 'negativePrompt' | 'fileName' | 'tags' | 'ocr' | 'campaign';
/** Every field a search indexes as a reason for an asset to match (the negative prompt is not one). */
export const positiveFields: readonly TextField[] = [
  'title',
  'description',
  'prompt',
  'fileName',
  'tags',
  'ocr',
  'campaign',
];

/** The text of one field of an asset, as written (diacritics kept). */
export function fieldText(spec: SearchAssetSpec, field: TextField, catalogue: SearchCatalogue): string {
  switch (field) {
    case 'title':
      return spec.title;
    case 'description':
      return spec.description ?? '';
    case 'prompt':
      return spec.prompt ?? '';
    case 'negativePrompt':
      return spec.negativePrompt ?? '';
    case 'fileName':
      return spec.fileName;
    case 'tags':
      return spec.tags.map((t) => t.label).join(' | ');
    case 'ocr':
      return spec.ocr?.text ?? '';
    case 'campaign':
      return spec.campaignIndex === undefined ? '' : catalogue.campaigns[spec.campaignIndex]!.name;
  }
}

class AssetText {
  readonly #tokens = new Map<TextField, string[]>();
  constructor(
    readonly spec: SearchAssetSpec,
    readonly catalogue: SearchCatalogue,
  ) {}
  tokens(field: TextField): string[] {
    let tokens = this.#tokens.get(field);
    if (!tokens) {
      tokens = searchTokens(fieldText(this.spec, field, this.catalogue));
      this.#tokens.set(field, tokens);
    }
    return tokens;
  }
  /** Whether the (folded) word is a whole token of any of the fields. */
  has(word: string, fields: readonly TextField[] = positiveFields): boolean {
    const [token] = searchTokens(word);
    return fields.some((field) => this.tokens(field).includes(token!));
  }
  /** Whether the words are adjacent, in order, in one of the fields. */
  hasPhrase(phrase: string, fields: readonly TextField[] = positiveFields): boolean {
    const wanted = searchTokens(phrase);
    return fields.some((field) => {
      const tokens = this.tokens(field);
      for (let i = 0; i + wanted.length <= tokens.length; i++)
        if (wanted.every((w, j) => tokens[i + j] === w)) return true;
      return false;
    });
  }
  hasPrefix(prefix: string, fields: readonly TextField[] = positiveFields): boolean {
    return fields.some((field) => this.tokens(field).some((t) => t.startsWith(prefix)));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The corpus

/** Negative-prompt words the set queries, each planted in the positive fields of a few assets. */
export const plantedNegativeWords = ['blurry', 'watermark', 'deformed', 'grainy'] as const;

/** An asset of the corpus's generator, changed; never in a variant family (its canonical would not be written). */
function planted(seed: number, index: number, change: (spec: SearchAssetSpec) => Partial<SearchAssetSpec>) {
  const { family: _family, purpose, ...base } = generateSearchAsset(seed, index);
  const changed = change({ ...base, ...(purpose ? { purpose } : {}) });
  // The purpose is what the title says it is for: a new title drops it.
  return { ...base, ...(purpose && changed.title === undefined ? { purpose } : {}), ...changed };
}

/**
 * The generated assets, then the planted ones: negative-prompt words said in a title or prompt (the only assets those
 * queries should find), and decoys for field-scoped queries (the word in another field than the one asked).
 */
export function relevanceCorpus(seed = relevanceCorpusSeed): SearchAssetSpec[] {
  const corpus: SearchAssetSpec[] = [];
  for (let index = 0; index < relevanceCorpusSize; index++) corpus.push(generateSearchAsset(seed, index));
  let next = relevanceCorpusSize;
  const plant = (change: (spec: SearchAssetSpec) => Partial<SearchAssetSpec>) =>
    corpus.push(planted(seed, next++, change));
  for (let k = 0; k < 4; k++) {
    plant((s) => ({
      prompt: `blurry long exposure of ${s.subjectWritten} ${s.setting?.phrase ?? 'at night'}, ${s.style}`,
    }));
    plant((s) => ({ title: `${s.subject.word} proof with watermark ${k + 1}` }));
    plant((s) => ({ prompt: `deformed bronze sculpture of a ${s.subject.word}, ${s.style}, museum lighting` }));
    plant((s) => ({
      title: `Grainy scan of a ${s.subject.word}`,
      description: 'Grainy archive scan, kept for reference.',
    }));
  }
  // Decoys: "castle" only in a title (prompt:castle must not find them), "tickets" only in a title (text:tickets).
  for (let k = 0; k < 3; k++) {
    plant((s) => ({
      title: `Castle Rock offsite ${k + 1}`,
      ...(s.prompt ? { prompt: s.prompt } : {}),
    }));
    plant(() => ({ title: `Tickets desk teaser ${k + 1}` }));
  }
  return corpus;
}

// ---------------------------------------------------------------------------------------------------------------
// The queries

type Judge = (asset: AssetText) => 0 | Grade;

interface QueryDefinition {
  id: string;
  category: QueryCategory;
  query: string;
  text?: string;
  filters?: RelevanceFilters;
  intent: string;
  judge: Judge;
}

const subjectIs = (word: string) => (a: AssetText) => a.spec.subject.word === word;
const placeIs = (word: string) => (a: AssetText) => a.spec.setting?.places.includes(word) ?? false;
const styleIs = (style: string) => (a: AssetText) => a.spec.style === style;
const actionIs = (concept: string) => (a: AssetText) => a.spec.action?.word.concept === concept;
const lightingIs = (lighting: string) => (a: AssetText) => a.spec.lighting === lighting;

/**
 * The usual judgment of a text query: 2 when every concept is what the asset is about (`about`), 1 when each concept
 * is either that or at least said in passing (one of `words` in a positive field), 0 otherwise.
 */
function concepts(...parts: [about: (a: AssetText) => boolean, ...words: string[]][]): Judge {
  return (a) => {
    if (parts.every(([about]) => about(a))) return 2;
    return parts.every(([about, ...words]) => about(a) || words.some((w) => a.has(w))) ? 1 : 0;
  };
}

const gradeIf =
  (condition: (a: AssetText) => boolean): Judge =>
  (a) =>
    condition(a) ? 2 : 0;

const withFilter =
  (judge: Judge, filter: (spec: SearchAssetSpec) => boolean): Judge =>
  (a) =>
    filter(a.spec) ? judge(a) : 0;

function definitions(catalogue: SearchCatalogue): QueryDefinition[] {
  const team = catalogue.teams[0]!;
  return [
    // Plain words
    {
      id: 'plain-lighthouse',
      category: 'plain',
      query: 'lighthouse',
      intent: 'pictures of lighthouses',
      judge: concepts([subjectIs('lighthouse'), 'lighthouse']),
    },
    {
      id: 'plain-dragon',
      category: 'plain',
      query: 'dragon',
      intent: 'pictures of dragons',
      judge: concepts([subjectIs('dragon'), 'dragon']),
    },
    {
      id: 'plain-waterfall',
      category: 'plain',
      query: 'waterfall',
      intent: 'waterfalls',
      judge: concepts([subjectIs('waterfall'), 'waterfall']),
    },
    {
      id: 'plain-claymation',
      category: 'plain',
      query: 'claymation',
      intent: 'claymation style',
      judge: concepts([styleIs('claymation'), 'claymation']),
    },
    {
      id: 'plain-pagoda',
      category: 'plain',
      query: 'pagoda',
      intent: 'pagodas',
      judge: concepts([subjectIs('pagoda'), 'pagoda', 'pagodas']),
    },
    { id: 'plain-owl', category: 'plain', query: 'owl', intent: 'owls', judge: concepts([subjectIs('owl'), 'owl']) },
    {
      id: 'plain-glacier',
      category: 'plain',
      query: 'glacier',
      intent: 'set on a glacier',
      judge: concepts([placeIs('glacier'), 'glacier']),
    },
    // Several words: all of them
    {
      id: 'multi-castle-forest',
      category: 'multi-word',
      query: 'castle forest',
      intent: 'a castle in a forest',
      judge: concepts([subjectIs('castle'), 'castle', 'castles'], [placeIs('forest'), 'forest']),
    },
    {
      id: 'multi-dog-beach',
      category: 'multi-word',
      query: 'dog beach',
      intent: 'a dog on a beach',
      judge: concepts([subjectIs('dog'), 'dog', 'dogs'], [placeIs('beach'), 'beach']),
    },
    {
      id: 'multi-fox-forest',
      category: 'multi-word',
      query: 'fox forest',
      intent: 'a fox in a forest',
      judge: concepts([subjectIs('fox'), 'fox', 'foxes'], [placeIs('forest'), 'forest']),
    },
    {
      id: 'multi-cat-street',
      category: 'multi-word',
      query: 'cat street',
      intent: 'a cat in a street',
      judge: concepts([subjectIs('cat'), 'cat', 'cats'], [placeIs('street'), 'street']),
    },
    {
      id: 'multi-cat-beach',
      category: 'multi-word',
      query: 'cat beach',
      intent: 'a cat on a beach',
      judge: concepts([subjectIs('cat'), 'cat', 'cats'], [placeIs('beach'), 'beach']),
    },
    // Phrases: the words together, in order
    {
      id: 'phrase-blue-hour',
      category: 'phrase',
      query: '"blue hour"',
      intent: 'blue-hour light (not blue things at some hour)',
      judge: (a) => (lightingIs('blue hour')(a) ? 2 : a.hasPhrase('blue hour') ? 1 : 0),
    },
    {
      id: 'phrase-stained-glass',
      category: 'phrase',
      query: '"stained glass"',
      intent: 'stained glass style (not glass things)',
      judge: (a) => (styleIs('stained glass')(a) ? 2 : a.hasPhrase('stained glass') ? 1 : 0),
    },
    {
      id: 'phrase-coral-reef',
      category: 'phrase',
      query: '"coral reef"',
      intent: 'set in a coral reef (not coral as a detail)',
      judge: (a) => (a.spec.setting?.phrase === 'in a coral reef' ? 2 : a.hasPhrase('coral reef') ? 1 : 0),
    },
    // Stemming: another inflection than the corpus writes
    {
      id: 'stem-run',
      category: 'stemming',
      query: 'run',
      intent: 'running people and animals (the corpus says running, runs)',
      judge: gradeIf(actionIs('run')),
    },
    {
      id: 'stem-jumped',
      category: 'stemming',
      query: 'jumped',
      intent: 'jumping (the corpus says jumping, jumps)',
      judge: gradeIf(actionIs('jump')),
    },
    {
      id: 'stem-swim',
      category: 'stemming',
      query: 'swim',
      intent: 'swimming (the corpus says swimming, swims)',
      judge: gradeIf(actionIs('swim')),
    },
    {
      id: 'stem-sleep',
      category: 'stemming',
      query: 'sleep',
      intent: 'sleeping (the corpus says sleeping, sleeps)',
      judge: gradeIf(actionIs('sleep')),
    },
    {
      id: 'stem-foxes',
      category: 'stemming',
      query: 'foxes',
      intent: 'foxes (mostly written fox)',
      judge: concepts([subjectIs('fox'), 'fox', 'foxes']),
    },
    // Prefixes
    {
      id: 'prefix-lightho',
      category: 'prefix',
      query: 'lightho*',
      intent: 'words starting lightho: lighthouses',
      judge: (a) => (subjectIs('lighthouse')(a) ? 2 : a.hasPrefix('lightho') ? 1 : 0),
    },
    {
      id: 'prefix-astro',
      category: 'prefix',
      query: 'astro*',
      intent: 'astronauts and astrolabes',
      judge: (a) => (subjectIs('astronaut')(a) || subjectIs('astrolabe')(a) ? 2 : a.hasPrefix('astro') ? 1 : 0),
    },
    {
      id: 'prefix-humming',
      category: 'prefix',
      query: 'humming*',
      intent: 'hummingbirds',
      judge: (a) => (subjectIs('hummingbird')(a) ? 2 : a.hasPrefix('humming') ? 1 : 0),
    },
    // Diacritics: folded both ways
    {
      id: 'diacritics-cafe',
      category: 'diacritics',
      query: 'cafe',
      intent: 'cafés (the corpus writes café)',
      judge: concepts([subjectIs('cafe'), 'cafe', 'cafes']),
    },
    {
      id: 'diacritics-cafe-accented',
      category: 'diacritics',
      query: 'café',
      intent: 'cafés, typed with the accent (file names and tags say cafe)',
      judge: concepts([subjectIs('cafe'), 'cafe', 'cafes']),
    },
    {
      id: 'diacritics-creme-brulee',
      category: 'diacritics',
      query: 'creme brulee',
      intent: 'crème brûlée',
      judge: concepts([subjectIs('creme brulee'), 'creme'], [subjectIs('creme brulee'), 'brulee']),
    },
    {
      id: 'diacritics-zurich',
      category: 'diacritics',
      query: 'zurich',
      intent: 'set in Zürich',
      judge: concepts([placeIs('zurich'), 'zurich']),
    },
    {
      id: 'diacritics-beksinski',
      category: 'diacritics',
      query: 'beksinski',
      intent: 'in the manner of Zdzisław Beksiński',
      judge: gradeIf((a) => a.spec.artist === 'Zdzisław Beksiński'),
    },
    // Typos: one edit away from a frequent word
    {
      id: 'typo-tigar',
      category: 'typo',
      query: 'tigar',
      intent: 'tigers',
      judge: concepts([subjectIs('tiger'), 'tiger', 'tigers']),
    },
    {
      id: 'typo-lighthose',
      category: 'typo',
      query: 'lighthose',
      intent: 'lighthouses',
      judge: concepts([subjectIs('lighthouse'), 'lighthouse']),
    },
    {
      id: 'typo-cathedrl',
      category: 'typo',
      query: 'cathedrl',
      intent: 'cathedrals',
      judge: concepts([subjectIs('cathedral'), 'cathedral', 'cathedrals']),
    },
    {
      id: 'typo-penguim',
      category: 'typo',
      query: 'penguim',
      intent: 'penguins',
      judge: concepts([subjectIs('penguin'), 'penguin', 'penguins']),
    },
    {
      id: 'typo-waterfal',
      category: 'typo',
      query: 'waterfal',
      intent: 'waterfalls',
      judge: concepts([subjectIs('waterfall'), 'waterfall', 'waterfalls']),
    },
    {
      id: 'typo-dragom',
      category: 'typo',
      query: 'dragom',
      intent: 'dragons',
      judge: concepts([subjectIs('dragon'), 'dragon', 'dragons']),
    },
    // Synonyms (src/domain/search-synonyms.ts): the corpus never says the query's word
    {
      id: 'synonym-automobile',
      category: 'synonym',
      query: 'automobile',
      intent: 'cars',
      judge: concepts([subjectIs('car'), 'car', 'cars']),
    },
    {
      id: 'synonym-bike',
      category: 'synonym',
      query: 'bike',
      intent: 'bicycles',
      judge: concepts([subjectIs('bicycle'), 'bicycle', 'bicycles']),
    },
    {
      id: 'synonym-couch',
      category: 'synonym',
      query: 'couch',
      intent: 'sofas',
      judge: concepts([subjectIs('sofa'), 'sofa', 'sofas']),
    },
    {
      id: 'synonym-sea-cliff',
      category: 'synonym',
      query: 'sea cliff',
      intent: 'a cliff above the ocean',
      judge: concepts([placeIs('ocean'), 'ocean'], [placeIs('cliff'), 'cliff']),
    },
    {
      id: 'synonym-photograph-owl',
      category: 'synonym',
      query: 'photograph owl',
      intent: 'photos of owls',
      judge: concepts([styleIs('photo'), 'photo'], [subjectIs('owl'), 'owl', 'owls']),
    },
    {
      id: 'synonym-motorbike',
      category: 'synonym',
      query: 'motorbike',
      intent: 'motorcycles',
      judge: concepts([subjectIs('motorcycle'), 'motorcycle', 'motorcycles']),
    },
    {
      id: 'synonym-cellphone',
      category: 'synonym',
      query: 'cellphone',
      intent: 'smartphones',
      judge: concepts([subjectIs('smartphone'), 'smartphone', 'smartphones']),
    },
    {
      id: 'synonym-android',
      category: 'synonym',
      query: 'android',
      intent: 'robots',
      judge: concepts([subjectIs('robot'), 'robot', 'robots']),
    },
    // Words only the prompt says
    {
      id: 'prompt-only-subsurface',
      category: 'prompt-only',
      query: 'subsurface',
      intent: 'prompted with subsurface scattering',
      judge: gradeIf((a) => a.has('subsurface', ['prompt'])),
    },
    {
      id: 'prompt-only-filigree',
      category: 'prompt-only',
      query: 'filigree',
      intent: 'prompted with filigree',
      judge: gradeIf((a) => a.has('filigree', ['prompt'])),
    },
    {
      id: 'prompt-only-fireflies',
      category: 'prompt-only',
      query: 'fireflies',
      intent: 'fireflies in the prompt',
      judge: gradeIf((a) => a.has('fireflies', ['prompt'])),
    },
    {
      id: 'prompt-only-hasselblad',
      category: 'prompt-only',
      query: 'hasselblad',
      intent: 'shot on a Hasselblad (prompt)',
      judge: gradeIf((a) => a.has('hasselblad', ['prompt'])),
    },
    // Words of negative prompts: only the planted assets that say them in a positive field are relevant
    ...plantedNegativeWords.map((word): QueryDefinition => ({
      id: `negative-${word}`,
      category: 'negative-prompt',
      query: word,
      intent: `assets that are ${word} — not the many whose negative prompt says "${word}"`,
      judge: gradeIf((a) => a.has(word)),
    })),
    // Words only the text in the picture says
    {
      id: 'ocr-clearance',
      category: 'ocr-only',
      query: 'clearance',
      intent: 'a CLEARANCE sign in the picture',
      judge: gradeIf((a) => a.has('clearance', ['ocr'])),
    },
    {
      id: 'ocr-giveaway',
      category: 'ocr-only',
      query: 'giveaway',
      intent: 'GIVEAWAY in the picture',
      judge: gradeIf((a) => a.has('giveaway', ['ocr'])),
    },
    {
      id: 'ocr-parking',
      category: 'ocr-only',
      query: 'parking',
      intent: 'a NO PARKING sign',
      judge: gradeIf((a) => a.has('parking', ['ocr'])),
    },
    // Words only a tag says
    {
      id: 'tag-umbrella',
      category: 'tag-only',
      query: 'umbrella',
      intent: 'an umbrella the object detector saw',
      judge: gradeIf((a) => a.spec.objects.includes('umbrella')),
    },
    {
      id: 'tag-suitcase',
      category: 'tag-only',
      query: 'suitcase',
      intent: 'a suitcase the object detector saw',
      judge: gradeIf((a) => a.spec.objects.includes('suitcase')),
    },
    {
      id: 'tag-austere',
      category: 'tag-only',
      query: 'austere',
      intent: 'austere, as the vision tagger judged',
      judge: gradeIf((a) => a.spec.moods.includes('austere')),
    },
    // Words only the title says
    {
      id: 'title-keynote',
      category: 'title-only',
      query: 'keynote',
      intent: 'made for a keynote',
      judge: gradeIf((a) => a.spec.purpose === 'keynote backdrop'),
    },
    {
      id: 'title-storyboard',
      category: 'title-only',
      query: 'storyboard',
      intent: 'storyboard frames',
      judge: gradeIf((a) => a.spec.purpose === 'storyboard'),
    },
    {
      id: 'title-lookbook',
      category: 'title-only',
      query: 'lookbook',
      intent: 'lookbook pictures',
      judge: gradeIf((a) => a.spec.purpose === 'lookbook'),
    },
    // One field only
    {
      id: 'field-prompt-castle',
      category: 'field-scoped',
      query: 'prompt:castle',
      text: '',
      intent: 'castle in the prompt (not a title that says Castle Rock)',
      judge: (a) => (a.has('castle', ['prompt']) ? (subjectIs('castle')(a) ? 2 : 1) : 0),
    },
    {
      id: 'field-text-tickets',
      category: 'field-scoped',
      query: 'text:TICKETS',
      text: '',
      intent: 'TICKETS in the picture (not a title that says tickets)',
      judge: gradeIf((a) => a.has('tickets', ['ocr'])),
    },
    {
      id: 'field-title-lighthouse',
      category: 'field-scoped',
      query: 'title:lighthouse',
      text: '',
      intent: 'lighthouse in the title',
      judge: gradeIf((a) => a.has('lighthouse', ['title'])),
    },
    {
      id: 'field-object-horse',
      category: 'field-scoped',
      query: 'object:horse',
      text: '',
      intent: 'a horse the object detector saw (it sees one in unicorns too; a prompt saying horse is not enough)',
      judge: gradeIf((a) => a.spec.objects.includes('horse')),
    },
    {
      id: 'field-tag-castle',
      category: 'field-scoped',
      query: 'tag:castle',
      text: '',
      intent: 'tagged castle (not a title that says Castle Rock, nor an untagged photo of a castle)',
      judge: gradeIf((a) => a.spec.tags.some((t) => t.label === 'castle')),
    },
    // Text with filters
    {
      id: 'filtered-castle-approved',
      category: 'filtered',
      query: 'castle status:approved',
      text: 'castle',
      filters: { status: 'approved' },
      intent: 'approved castles',
      judge: withFilter(concepts([subjectIs('castle'), 'castle']), (s) => s.status === 'approved'),
    },
    {
      id: 'filtered-portrait-tier3',
      category: 'filtered',
      query: 'portrait risk:3',
      text: 'portrait',
      filters: { riskTier: 3 },
      intent: 'portraits in risk tier 3',
      judge: withFilter(concepts([subjectIs('portrait'), 'portrait', 'portraits']), (s) => s.riskTier === 3),
    },
    {
      id: 'filtered-lighthouse-recent',
      category: 'filtered',
      query: 'lighthouse created:>2026-05-31',
      text: 'lighthouse',
      filters: { createdFrom: '2026-06-01' },
      intent: 'lighthouses made since June 2026',
      judge: withFilter(
        concepts([subjectIs('lighthouse'), 'lighthouse', 'lighthouses']),
        (s) => s.createdAt >= '2026-06-01',
      ),
    },
    {
      id: 'filtered-dog-team',
      category: 'filtered',
      query: `dog team:${team.slug}`,
      text: 'dog',
      filters: { team: team.slug },
      intent: `dogs of ${team.name}`,
      judge: withFilter(concepts([subjectIs('dog'), 'dog', 'dogs']), (s) => s.teamIndex === 0),
    },
    {
      id: 'filtered-woman-sdxl',
      category: 'filtered',
      query: 'woman model:"sdxl-base-1.0"',
      text: 'woman',
      filters: { model: 'sdxl-base-1.0' },
      intent: 'women made with SDXL base',
      judge: withFilter(concepts([subjectIs('woman'), 'woman', 'women']), (s) => s.model === 'sdxl-base-1.0'),
    },
    // Exclusion
    {
      id: 'exclusion-dragon-not-cinematic',
      category: 'exclusion',
      query: 'dragon -cinematic',
      intent: 'dragons, but nothing cinematic',
      judge: (a) => (a.has('cinematic') ? 0 : concepts([subjectIs('dragon'), 'dragon', 'dragons'])(a)),
    },
  ];
}

/**
 * What each query names that a picture shows (subjects, styles, places), for the simulated text encoder. Typos and
 * synonyms map to what they mean: a CLIP-like text tower places "automobile" and "moutain" near what they name.
 * Actions, lighting, text in the picture, titles and moods are not in the synthetic vectors.
 */
const visualConcepts: Readonly<Record<string, VisualConcepts>> = {
  'plain-lighthouse': { subjects: ['lighthouse'] },
  'plain-dragon': { subjects: ['dragon'] },
  'plain-waterfall': { subjects: ['waterfall'] },
  'plain-claymation': { styles: ['claymation'] },
  'plain-pagoda': { subjects: ['pagoda'] },
  'plain-owl': { subjects: ['owl'] },
  'plain-glacier': { places: ['glacier'] },
  'multi-castle-forest': { subjects: ['castle'], places: ['forest'] },
  'multi-dog-beach': { subjects: ['dog'], places: ['beach'] },
  'multi-fox-forest': { subjects: ['fox'], places: ['forest'] },
  'multi-cat-street': { subjects: ['cat'], places: ['street'] },
  'multi-cat-beach': { subjects: ['cat'], places: ['beach'] },
  'phrase-stained-glass': { styles: ['stained glass'] },
  'phrase-coral-reef': { places: ['reef'] },
  'stem-foxes': { subjects: ['fox'] },
  'prefix-lightho': { subjects: ['lighthouse'] },
  'prefix-humming': { subjects: ['hummingbird'] },
  'diacritics-cafe': { subjects: ['cafe'] },
  'diacritics-cafe-accented': { subjects: ['cafe'] },
  'diacritics-creme-brulee': { subjects: ['creme brulee'] },
  'diacritics-zurich': { places: ['zurich'] },
  'typo-lighthose': { subjects: ['lighthouse'] },
  'typo-tigar': { subjects: ['tiger'] },
  'typo-cathedrl': { subjects: ['cathedral'] },
  'typo-penguim': { subjects: ['penguin'] },
  'typo-waterfal': { subjects: ['waterfall'] },
  'typo-dragom': { subjects: ['dragon'] },
  'synonym-automobile': { subjects: ['car'] },
  'synonym-bike': { subjects: ['bicycle'] },
  'synonym-couch': { subjects: ['sofa'] },
  'synonym-sea-cliff': { places: ['ocean', 'cliff'] },
  'synonym-photograph-owl': { subjects: ['owl'], styles: ['photo'] },
  'synonym-motorbike': { subjects: ['motorcycle'] },
  'synonym-cellphone': { subjects: ['smartphone'] },
  'synonym-android': { subjects: ['robot'] },
  'filtered-castle-approved': { subjects: ['castle'] },
  'filtered-portrait-tier3': { subjects: ['portrait'] },
  'filtered-lighthouse-recent': { subjects: ['lighthouse'] },
  'filtered-dog-team': { subjects: ['dog'] },
  'filtered-woman-sdxl': { subjects: ['woman'] },
  'exclusion-dragon-not-cinematic': { subjects: ['dragon'] },
};

/**
 * The query's vector in the corpus's embedding space, as a text encoder would give it (SearchEmbeddingSpace's
 * conceptVector); undefined for a query that names nothing a picture shows.
 */
export function queryVector(set: Pick<RelevanceSet, 'seed'>, query: JudgedQuery): Float32Array | undefined {
  return query.visual ? new SearchEmbeddingSpace(set.seed).conceptVector(query.visual) : undefined;
}

/** The corpus and every judged query, for a seed (the default gives the committed set). */
export function relevanceSet(seed = relevanceCorpusSeed): RelevanceSet {
  const catalogue = searchCatalogue(seed);
  const corpus = relevanceCorpus(seed);
  const texts = corpus.map((spec) => new AssetText(spec, catalogue));
  const queries = definitions(catalogue).map(({ judge, text, ...definition }): JudgedQuery => {
    const judgments = new Map<string, Grade>();
    for (const asset of texts) {
      const grade = judge(asset);
      if (grade > 0) judgments.set(asset.spec.id, grade as Grade);
    }
    const visual = visualConcepts[definition.id];
    return {
      ...definition,
      text: text ?? definition.query.replace(/\s*\S+:\S+/g, '').trim(),
      ...(visual ? { visual } : {}),
      judgments,
    };
  });
  return { seed, catalogue, corpus, queries };
}

/** Writes the set's catalogue and corpus into a migrated, empty database; the search index is the caller's to build. */
export async function writeRelevanceCorpus(
  db: Kysely<Database>,
  dialect: Dialect,
  set: RelevanceSet,
  key: AuditKey,
): Promise<void> {
  await writeSearchCatalogue(db, dialect, set.catalogue);
  await writeSearchAssets(db, dialect, set.corpus, { seed: set.seed, catalogue: set.catalogue, key });
}
