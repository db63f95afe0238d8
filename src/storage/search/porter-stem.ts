/**
 * The stem SQLite's FTS5 `porter` tokenizer gives a word (a port of fts5PorterCb in SQLite's fts5_tokenize.c, the
 * original Porter algorithm), for looking words up in search_fts's vocabulary, which holds stems: "lighthouse" is
 * indexed as "lighthous". Input: one token as unicode61 hands it on (lower case, diacritics removed). The test
 * compares it with what FTS5 itself stores for every word of the judged corpus.
 */

const isVowel = (c: string | undefined, yIsVowel: boolean): boolean =>
  c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || (yIsVowel && c === 'y');

/** Past the first vowel–consonant sequence of stem[from..to): the index after it, or 0 when there is none. */
function gobbleVC(stem: string, from: number, to: number, previousConsonant: boolean): number {
  let i = from;
  let consonant = previousConsonant;
  for (; i < to; i++) if (!(consonant = !isVowel(stem[i], consonant))) break;
  for (i++; i < to; i++) if ((consonant = !isVowel(stem[i], consonant))) return i + 1;
  return 0;
}

/** Porter's measure m of stem[0..n) is above 0. */
const mGt0 = (stem: string, n: number): boolean => gobbleVC(stem, 0, n, false) !== 0;

function mGt1(stem: string, n: number): boolean {
  const first = gobbleVC(stem, 0, n, false);
  return first !== 0 && gobbleVC(stem, first, n, true) !== 0;
}

function mEq1(stem: string, n: number): boolean {
  const first = gobbleVC(stem, 0, n, false);
  return first !== 0 && gobbleVC(stem, first, n, true) === 0;
}

/** *o: ends consonant–vowel–consonant, the last not w, x or y. */
function oStar(stem: string, n: number): boolean {
  const last = stem[n - 1];
  if (last === 'w' || last === 'x' || last === 'y') return false;
  let mask = 0;
  let consonant = false;
  for (let i = 0; i < n; i++) {
    consonant = !isVowel(stem[i], consonant);
    mask = ((mask << 1) + (consonant ? 1 : 0)) & 0xff;
  }
  return (mask & 0x7) === 0x5;
}

const hasVowel = (stem: string, n: number): boolean => {
  for (let i = 0; i < n; i++) if (isVowel(stem[i], i > 0)) return true;
  return false;
};

type Condition = (stem: string, n: number) => boolean;
/** Suffix, condition on what precedes it, replacement. */
type Rule = readonly [suffix: string, condition: Condition | undefined, replacement: string];

/**
 * The first rule whose suffix ends the word (with something before it) is the only one tried: applied when its
 * condition holds. Answers the new word and whether a rule was applied.
 */
function applyFirst(word: string, rules: readonly Rule[]): [string, boolean] {
  for (const [suffix, condition, replacement] of rules) {
    if (word.length <= suffix.length || !word.endsWith(suffix)) continue;
    const n = word.length - suffix.length;
    if (condition && !condition(word, n)) return [word, false];
    return [word.slice(0, n) + replacement, true];
  }
  return [word, false];
}

const mGt1AndSOrT: Condition = (stem, n) => (stem[n - 1] === 's' || stem[n - 1] === 't') && mGt1(stem, n);

const step1b: readonly Rule[] = [
  ['eed', mGt0, 'ee'],
  ['ed', hasVowel, ''],
  ['ing', hasVowel, ''],
];
const step1b2: readonly Rule[] = [
  ['at', undefined, 'ate'],
  ['bl', undefined, 'ble'],
  ['iz', undefined, 'ize'],
];
const step2: readonly Rule[] = [
  ['ational', mGt0, 'ate'],
  ['tional', mGt0, 'tion'],
  ['enci', mGt0, 'ence'],
  ['anci', mGt0, 'ance'],
  ['izer', mGt0, 'ize'],
  ['logi', mGt0, 'log'],
  ['bli', mGt0, 'ble'],
  ['alli', mGt0, 'al'],
  ['entli', mGt0, 'ent'],
  ['eli', mGt0, 'e'],
  ['ousli', mGt0, 'ous'],
  ['ization', mGt0, 'ize'],
  ['ation', mGt0, 'ate'],
  ['ator', mGt0, 'ate'],
  ['alism', mGt0, 'al'],
  ['iveness', mGt0, 'ive'],
  ['fulness', mGt0, 'ful'],
  ['ousness', mGt0, 'ous'],
  ['aliti', mGt0, 'al'],
  ['iviti', mGt0, 'ive'],
  ['biliti', mGt0, 'ble'],
];
const step3: readonly Rule[] = [
  ['ical', mGt0, 'ic'],
  ['ness', mGt0, ''],
  ['icate', mGt0, 'ic'],
  ['iciti', mGt0, 'ic'],
  ['ful', mGt0, ''],
  ['ative', mGt0, ''],
  ['alize', mGt0, 'al'],
];
const step4: readonly Rule[] = [
  ['al', mGt1, ''],
  ['ance', mGt1, ''],
  ['ence', mGt1, ''],
  ['er', mGt1, ''],
  ['ic', mGt1, ''],
  ['able', mGt1, ''],
  ['ible', mGt1, ''],
  ['ant', mGt1, ''],
  ['ement', mGt1, ''],
  ['ment', mGt1, ''],
  ['ent', mGt1, ''],
  ['ion', mGt1AndSOrT, ''],
  ['ou', mGt1, ''],
  ['ism', mGt1, ''],
  ['ate', mGt1, ''],
  ['iti', mGt1, ''],
  ['ous', mGt1, ''],
  ['ive', mGt1, ''],
  ['ize', mGt1, ''],
];

/**
 * The rules of one step as FTS5's generated code tries them: only those whose suffix shares the word's last but one
 * letter, in order, the first whose whole suffix matches decides.
 */
function step(word: string, rules: readonly Rule[]): [string, boolean] {
  const key = word[word.length - 2];
  return applyFirst(
    word,
    rules.filter(([suffix]) => suffix[suffix.length - 2] === key),
  );
}

/** FTS5's porter stem of a token; tokens shorter than 3 or longer than 64 characters are kept as they are. */
export function porterStem(token: string): string {
  if (token.length < 3 || token.length > 64) return token;
  let word = token;
  // Step 1a.
  if (word.endsWith('s')) {
    const n = word.length;
    if (word[n - 2] === 'e') {
      word =
        (n > 4 && word[n - 4] === 's' && word[n - 3] === 's') || (n > 3 && word[n - 3] === 'i')
          ? word.slice(0, n - 2)
          : word.slice(0, n - 1);
    } else if (word[n - 2] !== 's') word = word.slice(0, n - 1);
  }
  // Step 1b.
  const [afterStep1b, applied] = step(word, step1b);
  word = afterStep1b;
  if (applied) {
    const [after1b2, lengthened] = step(word, step1b2);
    word = after1b2;
    if (!lengthened) {
      const c = word[word.length - 1];
      if (!isVowel(c, false) && c !== 'l' && c !== 's' && c !== 'z' && c === word[word.length - 2])
        word = word.slice(0, -1);
      else if (mEq1(word, word.length) && oStar(word, word.length)) word += 'e';
    }
  }
  // Step 1c.
  if (word.endsWith('y') && hasVowel(word, word.length - 1)) word = `${word.slice(0, -1)}i`;
  // Steps 2 to 4.
  [word] = step(word, step2);
  [word] = step(word, step3);
  [word] = step(word, step4);
  // Step 5a.
  if (word.endsWith('e')) {
    const n = word.length - 1;
    if (mGt1(word, n) || (mEq1(word, n) && !oStar(word, n))) word = word.slice(0, n);
  }
  // Step 5b.
  if (word.length > 1 && word.endsWith('ll') && mGt1(word, word.length - 1)) word = word.slice(0, -1);
  return word;
}
