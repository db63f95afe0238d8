/**
 * Concept tags from a prompt and a file name, with compromise doing the language work (tokenising, part-of-speech,
 * people / places / organisations, singular forms, phrase lookup) and curated vocabularies naming styles, mediums,
 * artists and brands.
 *
 * Confidence = base × emphasis × position × source, combined over repeated mentions by noisy-or:
 *   base      how sure the kind of evidence is: a curated phrase 0.9 (artist 0.95), an explicit LoRA 0.95, a name after
 *             "by" 0.75, compromise's person / place 0.7 and organisation 0.65, a common noun 0.7, an unknown
 *             capitalised name 0.45;
 *   emphasis  the prompt weight w ((x:1.3), [x], a::2) as √w with w clamped to 0.5..1.6, so 1.3 → ×1.14, [x] → ×0.95;
 *   position  1.0 for the first comma-separated chunk down to 0.85 for the last: prompts lead with the main subject;
 *   source    1.0 for the prompt, 0.6 for words from the file name (often abbreviations or unrelated).
 * Two mentions of 0.7 give 1 − 0.3² = 0.91. Results are capped at 0.99, rounded to 3 decimals and sorted, so the same
 * input always gives the same tags.
 *
 * A tag's `source` says where its evidence came from: 'file-name' when only the file name gave it, 'prompt' when the
 * prompt did (whether or not the file name said it too), so that a reader can weigh a guess from a file name apart.
 */
import nlp from 'compromise';
import type { ConceptTagSource, Tag, TagCategory } from '../../domain/enrichment.ts';
import { tagCategories } from '../../domain/enrichment.ts';
import { fileNameText } from './file-name.ts';
import { chunkAt, parsePrompt, weightAt } from './prompt-syntax.ts';
import type { ParsedPrompt } from './prompt-syntax.ts';
import { loadVocabulary, normaliseKey } from './vocabulary.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface ConceptTagInput {
  /** The positive prompt (a full A1111 parameters blob is fine: its negative prompt and settings are cut). */
  prompt?: string;
  fileName?: string;
}

/**
 * Bumped when the tagger's output changes for the same compromise and vocabulary versions, so that stored concept tags
 * are recomputed (it is part of the producer's version). 2: tags found only in the file name have source 'file-name'.
 */
export const conceptTagRulesVersion = 2;

export function conceptTaggerModel(vocabulary: Vocabulary = loadVocabulary()): string {
  return `compromise@${nlp.version}+vocab@${vocabulary.version}`;
}

interface Candidate {
  label: string;
  category: TagCategory;
  confidence: number;
  source: ConceptTagSource;
}

interface Term {
  /** Position in the document's term list: runs are contiguous. */
  index: number;
  text: string;
  normal: string;
  root: string | undefined;
  tags: Set<string>;
  start: number;
  end: number;
  post: string;
}

const base = {
  vocabulary: 0.9,
  vocabularyArtist: 0.95,
  network: 0.95,
  artistAfterBy: 0.75,
  person: 0.7,
  place: 0.7,
  organisation: 0.65,
  noun: 0.7,
  unknownName: 0.45,
} as const;
const sourceFactor: Record<ConceptTagSource, number> = { prompt: 1, 'file-name': 0.6 };
const maxRunTerms = 4;

export function extractConceptTags(input: ConceptTagInput, vocabulary: Vocabulary = loadVocabulary()): Tag[] {
  const candidates: Candidate[] = [];
  if (input.prompt && input.prompt.trim().length > 0) {
    const parsed = parsePrompt(input.prompt);
    const excluded = new Set(parsed.excluded.map(normaliseKey));
    for (const network of parsed.networks) {
      const weight = network.weight > 0 ? network.weight : 1;
      candidates.push({
        label: `${network.kind}:${network.name}`,
        category: 'other',
        confidence: base.network * emphasis(weight),
        source: 'prompt',
      });
    }
    candidates.push(...analyse(parsed, vocabulary, 'prompt').filter((c) => !excluded.has(normaliseKey(c.label))));
  }
  if (input.fileName) {
    const text = fileNameText(input.fileName, vocabulary.fileNameNoise);
    if (text.length > 0) {
      const parsed: ParsedPrompt = { text, spans: [], chunkStarts: [0], networks: [], excluded: [], parameters: {} };
      candidates.push(...analyse(parsed, vocabulary, 'file-name'));
    }
  }
  return combine(candidates, conceptTaggerModel(vocabulary));
}

/** Vocabulary phrases first (they claim their words), then compromise's names and nouns for the rest. */
function analyse(parsed: ParsedPrompt, vocabulary: Vocabulary, source: ConceptTagSource): Candidate[] {
  const doc = nlp(parsed.text);
  doc.compute('root');
  const chunkCount = Math.max(1, parsed.chunkStarts.length);
  const factor = (offset: number): number => {
    const position = chunkCount === 1 ? 1 : 1 - (0.15 * chunkAt(parsed, offset)) / (chunkCount - 1);
    return emphasis(weightAt(parsed, offset)) * position * sourceFactor[source];
  };

  const out: Candidate[] = [];
  const claimed: { start: number; end: number }[] = [];
  const matches = doc.lookup(vocabulary.trie).json({ offset: true }) as {
    text: string;
    offset: { start: number; length: number };
  }[];
  for (const match of matches) {
    const entry = vocabulary.entries.get(normaliseKey(match.text));
    if (!entry) continue;
    const written = match.text.trim();
    if (entry.capitalisedOnly && !/^\p{Lu}/u.test(written)) continue;
    claimed.push({ start: match.offset.start, end: match.offset.start + match.offset.length });
    const confidence = entry.category === 'artist' ? base.vocabularyArtist : base.vocabulary;
    out.push({
      label: entry.label,
      category: entry.category,
      confidence: confidence * factor(match.offset.start),
      source,
    });
  }

  const terms = readTerms(doc).filter((term) => !claimed.some((c) => term.start < c.end && term.end > c.start));
  for (const run of runs(terms, parsed)) {
    const first = run.terms[0]!;
    const classified = run.proper ? classifyName(run.terms, run.before) : classifyNoun(run.terms, vocabulary);
    if (!classified) continue;
    out.push({ ...classified, confidence: classified.confidence * factor(first.start), source });
  }
  return out;
}

function readTerms(doc: ReturnType<typeof nlp>): Term[] {
  // A variable, not a literal: compromise's typings omit `root`, which compute('root') makes available.
  const jsonOptions = { offset: true, terms: { offset: true, normal: true, root: true, tags: true } };
  const sentences = doc.json(jsonOptions) as {
    terms: {
      text: string;
      normal: string;
      root?: string;
      tags: string[];
      post: string;
      offset: { start: number; length: number };
    }[];
  }[];
  const flat = sentences.flatMap((sentence) => sentence.terms);
  return flat.map((term, index) => {
    const tags = new Set(term.tags);
    // Prompts are noun phrases, so compromise often reads "astronaut riding a horse" as nouns; an -ing word followed
    // by a determiner is acting as a verb.
    const next = flat[index + 1];
    if (/ing$/.test(term.normal) && next?.tags.includes('Determiner')) {
      tags.delete('Noun');
      tags.add('Gerund');
    }
    return {
      index,
      text: term.text,
      normal: term.normal,
      root: term.root,
      tags,
      start: term.offset.start,
      end: term.offset.start + term.offset.length,
      post: term.post,
    };
  });
}

/** A name: compromise says proper noun or person; place and organisation only count when written capitalised
 * (it tags a lower-case "castle" as a place). */
const isName = (term: Term): boolean =>
  !term.tags.has('Pronoun') &&
  (term.tags.has('ProperNoun') ||
    term.tags.has('Person') ||
    ((term.tags.has('Place') || term.tags.has('Organization')) && /^\p{Lu}/u.test(term.text)));
const isNoun = (term: Term): boolean =>
  term.tags.has('Noun') && !['Pronoun', 'Value', 'Possessive', 'Acronym'].some((tag) => term.tags.has(tag));

interface Run {
  terms: Term[];
  proper: boolean;
  /** Normal forms of up to three words before the run, in the same chunk. */
  before: string[];
}

/** Maximal stretches of names or of common nouns inside one chunk, not crossing punctuation. */
function runs(terms: Term[], parsed: ParsedPrompt): Run[] {
  const result: Run[] = [];
  let current: Run | undefined;
  const recent: Term[] = [];
  for (const term of terms) {
    const kind = isName(term) ? 'name' : isNoun(term) ? 'noun' : undefined;
    const previous = current?.terms.at(-1);
    const continues =
      current &&
      kind !== undefined &&
      current.proper === (kind === 'name') &&
      previous !== undefined &&
      previous.index === term.index - 1 &&
      chunkAt(parsed, previous.start) === chunkAt(parsed, term.start) &&
      !/[,;:.!?()]/.test(previous.post) &&
      current.terms.length < maxRunTerms;
    if (continues) {
      current!.terms.push(term);
    } else {
      if (current) result.push(current);
      const sameChunk = recent.filter((t) => chunkAt(parsed, t.start) === chunkAt(parsed, term.start));
      current = kind
        ? { terms: [term], proper: kind === 'name', before: sameChunk.slice(-3).map((t) => t.normal) }
        : undefined;
    }
    recent.push(term);
    if (recent.length > 3) recent.shift();
  }
  if (current) result.push(current);
  return result;
}

const artistCue =
  /(^|\s)(by|art by|artwork by|painted by|painting by|drawn by|illustrated by|photographed by|style of|in the style of)$/;

type Classified = Omit<Candidate, 'source'>;

function classifyName(terms: Term[], before: string[]): Classified | undefined {
  const label = displayName(terms);
  if (!/\p{L}.*\p{L}/u.test(label)) return undefined;
  if (artistCue.test(before.join(' '))) return { label, category: 'artist', confidence: base.artistAfterBy };
  const has = (tag: string): boolean => terms.some((term) => term.tags.has(tag));
  if (has('Person')) return { label, category: 'person', confidence: base.person };
  if (has('Place')) return { label, category: 'place', confidence: base.place };
  if (has('Organization')) return { label, category: 'brand', confidence: base.organisation };
  return { label, category: 'subject', confidence: base.unknownName };
}

function classifyNoun(terms: Term[], vocabulary: Vocabulary): Classified | undefined {
  // Boilerplate words drop out of the phrase ("forest background" → forest); the last word is made singular.
  const kept = terms.filter((term) => !vocabulary.stopSubjects.has(normaliseKey(term.root ?? term.normal)));
  if (kept.length === 0) return undefined;
  const words = kept.map((term, i) => (i === kept.length - 1 ? (term.root ?? term.normal) : term.normal));
  const label = words
    .join(' ')
    .replace(/[^\p{L}\p{N}' -]/gu, '')
    .trim();
  const letters = label.replace(/[^\p{L}]/gu, '').length;
  if (letters < 2 || letters < label.replace(/\s/g, '').length / 2) return undefined;
  if (vocabulary.stopSubjects.has(normaliseKey(label))) return undefined;
  return { label, category: 'subject', confidence: base.noun };
}

/** Names as written, trailing punctuation trimmed; all-lower-case names get capitals ("greg rutkowski"). */
function displayName(terms: Term[]): string {
  const text = terms
    .map((term) => term.text.replace(/[^\p{L}\p{N}'’.&-]+$/u, ''))
    .join(' ')
    .trim();
  return text === text.toLowerCase()
    ? text.replace(/(^|\s)(\p{L})/gu, (_, space: string, c: string) => space + c.toUpperCase())
    : text;
}

function emphasis(weight: number): number {
  return Math.sqrt(Math.min(1.6, Math.max(0.5, weight)));
}

function combine(candidates: Candidate[], model: string): Tag[] {
  const byKey = new Map<string, { label: string; category: TagCategory; miss: number; source: ConceptTagSource }>();
  for (const candidate of candidates) {
    const key = `${candidate.category}\0${normaliseKey(candidate.label)}`;
    const existing = byKey.get(key);
    const confidence = Math.min(0.99, Math.max(0, candidate.confidence));
    if (existing) {
      existing.miss *= 1 - confidence;
      // The prompt's word is the stronger evidence: a tag it backs is a prompt tag, even if the file name says it too.
      if (candidate.source === 'prompt') existing.source = 'prompt';
    } else {
      byKey.set(key, {
        label: candidate.label,
        category: candidate.category,
        miss: 1 - confidence,
        source: candidate.source,
      });
    }
  }
  const order = (category: TagCategory): number => tagCategories.indexOf(category);
  return [...byKey.values()]
    .map(({ label, category, miss, source }) => ({
      label,
      category,
      source,
      confidence: Math.round(Math.min(0.99, 1 - miss) * 1000) / 1000,
      model,
    }))
    .sort(
      (a, b) => order(a.category) - order(b.category) || b.confidence - a.confidence || compareText(a.label, b.label),
    );
}

/** Code-unit order, not the locale's: the same tags sort the same way on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
