import { describe, expect, it } from 'vitest';
import {
  correctableWords,
  expandTerms,
  maxCorrectedWords,
  withoutStopWords,
  wordsOneEditAway,
} from './search-expansion.ts';
import { formatSearchQuery, parseSearchQuery, type TextNode } from './search-query.ts';

const tree = (text: string): TextNode => parseSearchQuery(text, new Date('2026-12-01T00:00:00Z')).text!;
/** The tree printed back in the query language (spans aside), to compare rewrites by what they mean. */
const printed = (node: TextNode | undefined): string => (node ? formatSearchQuery({ text: node, filters: [] }) : '');

describe('stop words', () => {
  it('drops stop-word terms, keeping phrases whole and the rest of each group', () => {
    expect(printed(withoutStopWords(tree('a lighthouse at the harbour')))).toBe('lighthouse harbour');
    expect(printed(withoutStopWords(tree('"a lighthouse" The')))).toBe('"a lighthouse"');
    expect(printed(withoutStopWords(tree('cat OR the')))).toBe('cat');
    expect(printed(withoutStopWords(tree('cat -the')))).toBe('cat');
    expect(printed(withoutStopWords(tree('title:about dog*')))).toBe('dog*');
  });

  it('leaves nothing of a query of stop words only (it then matches nothing)', () => {
    expect(withoutStopWords(tree('the a of'))).toBeUndefined();
    expect(withoutStopWords(tree('-the'))).toBeUndefined();
  });
});

describe('synonyms and corrections', () => {
  it("ORs a word with the domain table's synonyms, in the word's field", () => {
    expect(printed(expandTerms(tree('automobile')))).toBe('automobile OR car OR auto');
    expect(printed(expandTerms(tree('title:Couch')))).toBe('title:Couch,sofa');
    expect(printed(expandTerms(tree('sea cliff')))).toBe('(sea OR ocean) cliff');
  });

  it('never expands a phrase, a prefix or anything under a NOT, and answers the same tree when nothing is added', () => {
    for (const text of ['"red car"', 'car*', '-car', 'dragon -(car OR bike)', 'lighthouse']) {
      const node = tree(text);
      expect(expandTerms(node), text).toBe(node);
    }
  });

  it('adds the corrections given for the folded word, after its synonyms, once each', () => {
    const corrections = new Map([
      ['lighthose', ['lighthouse']],
      ['automobil', ['automobile', 'automobile']],
    ]);
    expect(printed(expandTerms(tree('LightHose'), corrections))).toBe('LightHose OR lighthouse');
    expect(printed(expandTerms(tree('automobil OR boat'), corrections))).toBe('automobil OR automobile OR boat');
  });

  it('corrects only positive words of 5 to 24 letters a–z, at most a few per query', () => {
    expect(
      correctableWords(tree('tigar owl -dragom "penguim fish" waterfal* cathedrl café7 Lighthose automobile')),
    ).toEqual(['tigar', 'cathedrl', 'lighthose']);
    const many = Array.from({ length: 12 }, (_, i) => `word${'abcdefghijkl'[i]}x`).join(' ');
    expect(correctableWords(tree(many))).toHaveLength(maxCorrectedWords);
  });

  it('spells every word one Damerau edit away after its first letter', () => {
    const edits = wordsOneEditAway('lighthose');
    expect(edits).toContain('lighthouse'); // insertion
    expect(edits).toContain('lighthos'); // deletion
    expect(edits).toContain('lighthoss'); // substitution
    expect(edits).toContain('lgihthose'); // transposition
    // The first letter is kept.
    expect(edits.every((edit) => edit.startsWith('l'))).toBe(true);
    expect(edits).not.toContain('ilghthose');
    expect(edits).not.toContain('lighthose');
    expect(edits).not.toContain('lighthouses');
    expect(new Set(edits).size).toBe(edits.length);
    // 26 insertions per gap, 25 changes, one deletion and one swap per letter, less the duplicates.
    expect(edits.length).toBeLessThan(54 * 'lighthose'.length + 26);
  });
});
