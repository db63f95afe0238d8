/**
 * Finding phrases in prompts, copy and OCR words the way a brand manager means them: whole words, whatever the case,
 * accents or Unicode tricks ("Pícasso", "ＮＩＫＥ", "Ni\u200Bke", Cyrillic "Nіke"), with plural and possessive
 * endings ("Nikes", "Nike's") and hyphenated compounds ("Banksy-style"), but never inside another word
 * ("Nikelodeon" is not "Nike"). Every match reports where it is in the original text.
 *
 * No raw regular expression from a guideline is ever compiled: a phrase is words, and `*` inside a word stands for
 * any run of letters or digits within that word. The matcher is a linear scan over tokens with a glob match per
 * token (at most `wildcards` stars, each word at most a few hundred characters), so no input can make it backtrack
 * catastrophically — which is why the guideline format offers wildcards instead of patterns.
 */

/** One word of a text: its folded form (for matching) and where it lies in the original (UTF-16 offsets). */
export interface Token {
  /** Lower-case, accents removed, compatibility forms and look-alike letters mapped to Latin. */
  folded: string;
  /** Lower-case NFKC of the original letters, accents kept: what spelling is compared on. */
  lower: string;
  start: number;
  end: number;
}

// Letters of other scripts drawn like Latin ones (Unicode's confusables, the ones seen in evasion): folded to Latin.
const lookAlikes: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ԁ: 'd',
  ɡ: 'g',
  ԛ: 'q',
  ԝ: 'w',
  ɩ: 'i',
  ı: 'i',
  ȷ: 'j',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
};

/** Characters that render as nothing: removed before matching, so "Ni\u200Bke" is "Nike". */
const invisibleRanges: readonly [number, number][] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
];
const isInvisible = (ch: string): boolean => {
  const code = ch.codePointAt(0)!;
  return invisibleRanges.some(([from, to]) => code >= from && code <= to);
};
const wordChar = /[\p{L}\p{N}]/u;
const combining = /\p{M}/u;

/** The folded form of one character (possibly empty, possibly several letters); `undefined` if it separates words. */
function foldChar(ch: string): { folded: string; lower: string } | undefined {
  if (isInvisible(ch)) return { folded: '', lower: '' };
  const compat = ch.normalize('NFKC');
  // NFKC turns full-width 'Ｎ' into 'N' and ligatures into letters; a separator stays a separator.
  if (compat.length === 0 || ![...compat].some((c) => wordChar.test(c) || combining.test(c))) return undefined;
  const lower = compat.toLowerCase();
  let folded = '';
  for (const c of lower.normalize('NFD')) {
    if (combining.test(c)) continue;
    folded += lookAlikes[c] ?? c;
  }
  return { folded, lower };
}

const foldCache = new Map<string, { folded: string; lower: string } | undefined>();
const foldCached = (ch: string) => {
  if (foldCache.has(ch)) return foldCache.get(ch);
  const result = foldChar(ch);
  if (foldCache.size < 10_000) foldCache.set(ch, result);
  return result;
};

const isAsciiWordCode = (code: number) =>
  (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39);

/** The words of a text, folded, with their offsets. ASCII takes a fast path: it is nearly all OCR and prompt text. */
export function tokenise(text: string, options: { keepStars?: boolean } = {}): Token[] {
  const tokens: Token[] = [];
  let folded = '';
  let lower = '';
  let start = -1;
  // Where the word's last visible character ends: an invisible one after it is not part of its span.
  let end = -1;
  let i = 0;
  const close = () => {
    if (start >= 0 && folded !== '') tokens.push({ folded, lower, start, end });
    folded = '';
    lower = '';
    start = -1;
  };
  while (i < text.length) {
    const code = text.charCodeAt(i);
    // The fast path: a whole word of ASCII letters and digits followed by an ASCII separator (or the end).
    if (start < 0 && isAsciiWordCode(code)) {
      let j = i + 1;
      while (j < text.length && isAsciiWordCode(text.charCodeAt(j))) j++;
      const next = j < text.length ? text.charCodeAt(j) : 0;
      if (next < 0x80 && !(next === 0x2a && options.keepStars === true)) {
        const word = text.slice(i, j).toLowerCase();
        tokens.push({ folded: word, lower: word, start: i, end: j });
        i = j;
        continue;
      }
    }
    let ch: string;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) ch = text.slice(i, i + 2);
    else ch = text[i]!;
    let part: { folded: string; lower: string } | undefined;
    if (code < 0x80) {
      const c = code | 0x20;
      part =
        (c >= 0x61 && c <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code === 0x2a && options.keepStars === true)
          ? { folded: ch.toLowerCase(), lower: ch.toLowerCase() }
          : undefined;
    } else part = foldCached(ch);
    if (part === undefined) {
      if (start >= 0) close();
    } else {
      if (start < 0 && part.folded !== '') start = i;
      if (start >= 0 && part.lower !== '') end = i + ch.length;
      folded += part.folded;
      lower += part.lower;
    }
    i += ch.length;
  }
  close();
  return tokens;
}

/** Folds a phrase's words the way text is folded; `*` is kept as the wildcard, part of the word it touches. */
const phraseWords = (phrase: string): string[] => tokenise(phrase, { keepStars: true }).map((t) => t.folded);

/** A phrase compiled for matching: folded words, each literal or a glob of literal pieces around `*`. */
export interface CompiledPhrase {
  phrase: string;
  words: { literal?: string; pieces?: string[] }[];
}

export function compilePhrase(phrase: string): CompiledPhrase {
  return {
    phrase,
    words: phraseWords(phrase).map((w) => (w.includes('*') ? { pieces: w.split('*') } : { literal: w })),
  };
}

/** Why a phrase cannot be used (empty, only stars, too many stars), or undefined when it is fine. */
export function phraseProblem(phrase: string, maxWildcards: number): string | undefined {
  const stars = phrase.split('*').length - 1;
  if (stars > maxWildcards) return `has ${stars} wildcards (*); at most ${maxWildcards}`;
  const words = phraseWords(phrase);
  if (words.length === 0) return 'has no letters or digits to match';
  if (words.some((w) => w.replace(/\*/g, '') === ''))
    return 'has a word that is only a wildcard (*): it would match any word';
  return undefined;
}

/** Glob match of one word: pieces in order, first anchored at the start, last at the end. Linear in the word. */
function globMatches(pieces: readonly string[], word: string): boolean {
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (!word.startsWith(first) || word.length < first.length + last.length) return false;
  let at = first.length;
  const endLimit = word.length - last.length;
  for (let p = 1; p < pieces.length - 1; p++) {
    const found = word.indexOf(pieces[p]!, at);
    if (found < 0 || found + pieces[p]!.length > endLimit) return false;
    at = found + pieces[p]!.length;
  }
  return word.endsWith(last);
}

/** The last word of a phrase also matches its plural ("Nikes", "Picassos"); possessives are tokens of their own. */
function wordMatches(word: CompiledPhrase['words'][number], token: string, isLast: boolean): boolean {
  if (word.literal !== undefined)
    return (
      token === word.literal ||
      (isLast &&
        ((token.length === word.literal.length + 1 && token.endsWith('s')) ||
          (token.length === word.literal.length + 2 && token.endsWith('es'))) &&
        token.startsWith(word.literal))
    );
  return globMatches(word.pieces!, token);
}

/** Where each folded word occurs in a token list: phrases beginning with a literal word look only there. */
export type TokenIndex = ReadonlyMap<string, readonly number[]>;

export function indexTokens(tokens: readonly Token[]): TokenIndex {
  const index = new Map<string, number[]>();
  tokens.forEach((token, i) => {
    const at = index.get(token.folded);
    if (at) at.push(i);
    else index.set(token.folded, [i]);
  });
  return index;
}

/** A match: token indexes [from, to) of the text's tokens. */
export interface TokenMatch {
  from: number;
  to: number;
}

/**
 * Every place the phrase occurs as whole words. A phrase of several words also matches them written as one word
 * ("Coca-Cola" in "CocaCola") — but a one-word phrase never matches part of a word.
 */
export function findPhrase(phrase: CompiledPhrase, tokens: readonly Token[], index?: TokenIndex): TokenMatch[] {
  const matches: TokenMatch[] = [];
  const n = phrase.words.length;
  const joinedLiteral =
    n > 1 && phrase.words.every((w) => w.literal !== undefined)
      ? phrase.words.map((w) => w.literal).join('')
      : undefined;
  // With an index, only the positions where the first word (or the joined form) occurs, plural included, are tried:
  // a hundred phrases over thousands of OCR words stay a few look-ups each.
  const first = phrase.words[0]!.literal;
  let positions: Iterable<number> | undefined;
  if (index && first !== undefined) {
    const found: (readonly number[])[] = [];
    const look = (key: string) => {
      const at = index.get(key);
      if (at) found.push(at);
    };
    look(first);
    if (n === 1) {
      look(`${first}s`);
      look(`${first}es`);
    }
    if (joinedLiteral !== undefined) {
      look(joinedLiteral);
      look(`${joinedLiteral}s`);
      look(`${joinedLiteral}es`);
    }
    if (found.length === 0) return matches;
    positions = found.length === 1 ? found[0]! : [...new Set(found.flat())].sort((a, b) => a - b);
  }
  let free = 0;
  for (const i of positions ?? tokens.keys()) {
    if (i < free) continue;
    free = i + 1;
    if (i + n <= tokens.length) {
      let all = true;
      for (let k = 0; k < n && all; k++) all = wordMatches(phrase.words[k]!, tokens[i + k]!.folded, k === n - 1);
      if (all) {
        matches.push({ from: i, to: i + n });
        free = i + n;
        continue;
      }
    }
    if (joinedLiteral !== undefined && wordMatches({ literal: joinedLiteral }, tokens[i]!.folded, true))
      matches.push({ from: i, to: i + 1 });
  }
  return matches;
}

const rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Damerau-Levenshtein distance (optimal string alignment: adjacent transpositions count one edit), giving up as
 * soon as it exceeds `max` (then returns max + 1): the check compares thousands of OCR words with a brand name.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const width = b.length + 1;
  if (rows[0]!.length < width) for (let r = 0; r < 3; r++) rows[r] = new Int32Array(width * 2);
  // Three rows reused across calls (the one before the previous is what a transposition looks back to).
  let before = rows[0]!;
  let previous = rows[1]!;
  let current = rows[2]!;
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb)
        value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length]!, max + 1);
}
