import { describe, expect, it } from 'vitest';
import { loadVocabulary, normaliseKey, readVocabularyVersion, vocabularyDigest } from './vocabulary.ts';

describe('the bundled vocabulary', () => {
  it('matches the digest in vocab/version.json (edit a list → bump the version and update the digest)', () => {
    expect(vocabularyDigest()).toBe(readVocabularyVersion().sha256);
  });

  it('indexes every category with canonical labels for aliases', () => {
    const vocabulary = loadVocabulary();
    const counts = new Map<string, number>();
    for (const entry of vocabulary.entries.values()) counts.set(entry.category, (counts.get(entry.category) ?? 0) + 1);
    expect(counts.get('artist')).toBeGreaterThan(150);
    expect(counts.get('style')).toBeGreaterThan(100);
    expect(counts.get('medium')).toBeGreaterThan(60);
    expect(counts.get('brand')).toBeGreaterThan(80);
    expect(vocabulary.entries.get(normaliseKey('HR Giger'))?.label).toBe('H. R. Giger');
    expect(vocabulary.entries.get(normaliseKey('watercolour'))?.label).toBe('watercolor');
    expect(vocabulary.entries.get(normaliseKey('apple'))).toMatchObject({ label: 'Apple', capitalisedOnly: true });
    expect(vocabulary.stopSubjects.has('masterpiece')).toBe(true);
  });
});

describe('normaliseKey', () => {
  it('folds case, accents and punctuation', () => {
    expect(normaliseKey('  Zdzisław  BEKSIŃSKI, ')).toBe('zdzislaw beksinski');
    expect(normaliseKey('H.R. Giger')).toBe('h r giger');
    expect(normaliseKey('Dungeons & Dragons')).toBe('dungeons and dragons');
  });
});
