/**
 * The curated vocabularies behind prompt tags (data files in ./vocab): artists, styles, mediums and brands, matched as
 * whole phrases by compromise's `lookup` (longest match, on its normalised terms: case, accents and punctuation do
 * not matter), plus a list of boilerplate nouns that never become subject tags and of file-name noise.
 *
 * File format: one entry per line, `Canonical | alias | alias`; `#` starts a comment; a leading `!` on a name means
 * "only when written capitalised" (Apple the brand, not an apple). vocab/version.json carries the version number
 * stored in every tag's model string and a digest of the files, which a test compares so that an edit cannot ship
 * without a version bump.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nlp from 'compromise';
import type { TagCategory } from '../../domain/enrichment.ts';

export type VocabularyCategory = Extract<TagCategory, 'artist' | 'style' | 'medium' | 'brand'>;

/** When two lists hold the same phrase, the earlier category wins. */
export const vocabularyFiles: readonly { category: VocabularyCategory; file: string }[] = [
  { category: 'artist', file: 'artists.txt' },
  { category: 'medium', file: 'mediums.txt' },
  { category: 'style', file: 'styles.txt' },
  { category: 'brand', file: 'brands.txt' },
];
export const listFiles = ['stop-subjects.txt', 'file-name-noise.txt'] as const;

export interface VocabularyEntry {
  label: string;
  category: VocabularyCategory;
  /** Only counts when the matched text starts with a capital letter. */
  capitalisedOnly: boolean;
}

export interface Vocabulary {
  version: number;
  /** normaliseKey(alias) → entry. */
  entries: Map<string, VocabularyEntry>;
  /** compromise trie over every alias. */
  trie: object;
  stopSubjects: Set<string>;
  fileNameNoise: Set<string>;
}

const vocabDirectory = new URL('./vocab/', import.meta.url);

/** Lower case, accents and punctuation folded to spaces: the key both vocabulary aliases and matched text go through. */
export function normaliseKey(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      // Letters NFKD leaves whole: Beksiński's ł, Ørsted's ø, Straße's ß.
      .replace(/[łđøæœß]/g, (c) => ({ ł: 'l', đ: 'd', ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss' })[c] ?? c)
      .replace(/&/g, ' and ')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

function lines(file: string): string[] {
  return readFileSync(new URL(file, vocabDirectory), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.length > 0);
}

/** SHA-256 over the vocabulary files in a fixed order (what version.json's digest records). */
export function vocabularyDigest(): string {
  const hash = createHash('sha256');
  for (const file of [...vocabularyFiles.map((v) => v.file), ...listFiles]) {
    hash.update(`${file}\0`).update(readFileSync(new URL(file, vocabDirectory)));
  }
  return hash.digest('hex');
}

export function readVocabularyVersion(): { version: number; sha256: string } {
  const raw = JSON.parse(readFileSync(new URL('version.json', vocabDirectory), 'utf8')) as {
    version?: unknown;
    sha256?: unknown;
  };
  if (typeof raw.version !== 'number' || typeof raw.sha256 !== 'string') {
    throw new Error('vocab/version.json needs a numeric "version" and a "sha256"');
  }
  return { version: raw.version, sha256: raw.sha256 };
}

let cached: Vocabulary | undefined;

/** Reads and indexes the bundled vocabulary once per process. */
export function loadVocabulary(): Vocabulary {
  if (cached) return cached;
  const entries = new Map<string, VocabularyEntry>();
  const phrases: string[] = [];
  for (const { category, file } of vocabularyFiles) {
    for (const line of lines(file)) {
      const names = line.split('|').map((name) => name.trim());
      const label = names[0]!.replace(/^!/, '');
      for (const name of names) {
        const capitalisedOnly = name.startsWith('!');
        const key = normaliseKey(name.replace(/^!/, ''));
        if (key.length === 0 || entries.has(key)) continue;
        entries.set(key, { label, category, capitalisedOnly });
        phrases.push(name.replace(/^!/, '').toLowerCase());
      }
    }
  }
  cached = {
    version: readVocabularyVersion().version,
    entries,
    trie: nlp.buildTrie(phrases),
    stopSubjects: new Set(lines('stop-subjects.txt').map(normaliseKey)),
    fileNameNoise: new Set(lines('file-name-noise.txt').map(normaliseKey)),
  };
  return cached;
}
