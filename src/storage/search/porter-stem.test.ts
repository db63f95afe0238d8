/**
 * porterStem against FTS5 itself: every word of the judged corpus, and every string one edit away from a sample of
 * them (what typo lookups stem), tokenized by a real FTS5 table with the index's tokenizer.
 */
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { fieldText, positiveFields, relevanceSet, searchTokens } from '../../../test/search-relevance-set.ts';
import { wordsOneEditAway } from '../../domain/search-expansion.ts';
import { porterStem } from './porter-stem.ts';

function fts5Stems(words: readonly string[]): string[] {
  const db = new Database(':memory:');
  try {
    db.exec(
      `create virtual table f using fts5(t, tokenize='porter unicode61 remove_diacritics 2');
       create virtual table v using fts5vocab(f, instance);`,
    );
    const insert = db.prepare('insert into f (rowid, t) values (?, ?)');
    db.transaction(() => words.forEach((word, i) => insert.run(i + 1, word)))();
    const stems = new Array<string>(words.length);
    for (const row of db.prepare('select doc, term from v').all() as { doc: number; term: string }[])
      stems[row.doc - 1] = row.term;
    return stems;
  } finally {
    db.close();
  }
}

it('stems every word as FTS5 porter does, misspelt ones included', () => {
  const set = relevanceSet();
  const words = new Set<string>();
  for (const spec of set.corpus)
    for (const field of [...positiveFields, 'negativePrompt' as const])
      for (const token of searchTokens(fieldText(spec, field, set.catalogue)))
        if (/^[a-z]+$/.test(token)) words.add(token);
  expect(words.size).toBeGreaterThan(500);
  for (const word of [...words].filter((w) => w.length >= 5).slice(0, 60))
    for (const edited of wordsOneEditAway(word)) words.add(edited);
  const list = [...words];
  const expected = fts5Stems(list);
  const differing = list.filter((word, i) => porterStem(word) !== expected[i]);
  expect(differing.map((word) => `${word}: ${porterStem(word)}`)).toEqual([]);
  expect(porterStem('lighthouse')).toBe('lighthous');
  expect(porterStem('running')).toBe('run');
  expect(porterStem('at')).toBe('at');
});
