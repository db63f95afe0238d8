/**
 * What a query's words also match (docs/search.md, "How text is matched"; decision 0030): stop words dropped where an
 * engine would otherwise look for them, a word's synonyms (search-synonyms.ts) and the indexed words one edit away
 * from a misspelt one. Pure rewrites of the parsed text tree (search-query.ts): storage finds the corrections in the
 * index's vocabulary and translates the result, quoting every term as before. Phrases and prefixes are never
 * expanded (a phrase is what was written, word for word), nor is anything under a NOT (`-car` excludes what the user
 * named, not everything that might mean it).
 */
import type { TextNode, TextTerm } from './search-query.ts';
import { synonymsOf } from './search-synonyms.ts';

/**
 * PostgreSQL's English stop words (tsearch_data/english.stop), which its `provena` configuration leaves out of both
 * documents and queries; SQLite's FTS5 has none, so its queries drop the same words to find the same assets.
 */
export const englishStopWords: ReadonlySet<string> = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself ' +
    'it its itself they them their theirs themselves what which who whom this that these those am is are was were be ' +
    'been being have has had having do does did doing a an the and but if or because as until while of at by for ' +
    'with about against between into through during before after above below to from up down in out on off over ' +
    'under again further then once here there when where why how all any both each few more most other some such no ' +
    'nor not only own same so than too very s t can will just don should now'
  ).split(' '),
);

/** Lower case without diacritics, as both engines fold a word before they compare it. */
export function foldWord(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The tree without word terms that are stop words (phrases keep theirs: FTS5 matches them word for word). An AND or
 * OR keeps its other children, a NOT of nothing goes; undefined when nothing is left: such a query matches nothing,
 * as PostgreSQL answers a query of stop words only.
 */
export function withoutStopWords(node: TextNode): TextNode | undefined {
  switch (node.type) {
    case 'term':
      return node.kind === 'word' && englishStopWords.has(foldWord(node.text)) ? undefined : node;
    case 'not': {
      const child = withoutStopWords(node.child);
      return child ? { ...node, child } : undefined;
    }
    case 'and':
    case 'or': {
      const children = node.children.flatMap((child) => withoutStopWords(child) ?? []);
      if (children.length === 0) return undefined;
      return children.length === 1 ? children[0] : { ...node, children };
    }
  }
}

/** The word terms that are not under a NOT: the ones that may be expanded. */
function positiveWords(node: TextNode, found: TextTerm[] = []): TextTerm[] {
  if (node.type === 'term') {
    if (node.kind === 'word') found.push(node);
  } else if (node.type !== 'not') for (const child of node.children) positiveWords(child, found);
  return found;
}

/** Typo tolerance is for words of at least this many letters: shorter ones have too many neighbours one edit away. */
export const minCorrectedLength = 5;
/** Longer words are left alone (no English word of the index is; the candidates grow with the length). */
export const maxCorrectedLength = 24;
/** At most this many words of one query are looked up for corrections. */
export const maxCorrectedWords = 8;
/** At most this many corrections per word, the most frequent in the index first. */
export const maxCorrectionsPerWord = 3;

/**
 * The folded words of the query that may be corrected: positive word terms of plain letters a–z, 5–24 of them, not
 * in the synonym table, at most `maxCorrectedWords`, each once.
 */
export function correctableWords(node: TextNode): string[] {
  const words = new Set<string>();
  for (const term of positiveWords(node)) {
    const word = foldWord(term.text);
    // A word of the synonym table is a word, not a typo: its synonyms already widen it.
    if (
      word.length >= minCorrectedLength &&
      word.length <= maxCorrectedLength &&
      /^[a-z]+$/.test(word) &&
      synonymsOf(word).length === 0
    )
      words.add(word);
  }
  return [...words].slice(0, maxCorrectedWords);
}

const alphabet = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Every string one edit away from `word` (Damerau: a letter deleted, inserted, changed, or two neighbours swapped)
 * after its first letter, over the letters a–z, without `word` itself: about 54 × its length candidates, to look up
 * in the vocabulary. The first letter is kept, as spelling correctors commonly do (Lucene's DirectSpellChecker,
 * minPrefix 1): it is rarely the one mistyped, and it keeps the look-up within one letter's words.
 */
export function wordsOneEditAway(word: string): string[] {
  const found = new Set<string>();
  for (let i = 1; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail.length > 0) found.add(head + tail.slice(1));
    if (tail.length > 1) found.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of alphabet) {
      found.add(head + letter + tail);
      if (tail.length > 0) found.add(head + letter + tail.slice(1));
    }
  }
  found.delete(word);
  return [...found];
}

/**
 * The tree with each positive word term (not a phrase, not a prefix, not under a NOT) replaced by an OR of itself
 * and its alternatives — its synonyms, then the corrections given for its folded form — each in the term's field.
 * Answers the same object when no term has any, so that a caller can tell whether anything was added.
 */
export function expandTerms(node: TextNode, corrections: ReadonlyMap<string, readonly string[]> = new Map()): TextNode {
  switch (node.type) {
    case 'term': {
      if (node.kind !== 'word') return node;
      const word = foldWord(node.text);
      const alternatives = [...new Set([...synonymsOf(word), ...(corrections.get(word) ?? [])])].filter(
        (alternative) => alternative !== word,
      );
      if (alternatives.length === 0) return node;
      return {
        type: 'or',
        span: node.span,
        children: [node, ...alternatives.map((text): TextTerm => ({ ...node, text }))],
      };
    }
    case 'not':
      return node;
    case 'and':
    case 'or': {
      const children = node.children.map((child) => expandTerms(child, corrections));
      if (children.every((child, i) => child === node.children[i])) return node;
      // An OR inside an OR is one OR, as the parser writes them.
      const merged = children.flatMap((child, i) =>
        node.type === 'or' && child.type === 'or' && child !== node.children[i] ? child.children : [child],
      );
      return { ...node, children: merged };
    }
  }
}
