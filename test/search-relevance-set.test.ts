/**
 * The judged relevance set itself: enough queries of every kind, each with relevant assets, judgments that follow
 * from the corpus (the hard kinds really are hard: a synonym's word is nowhere in the corpus, a typo is one edit
 * away, a negative word is in many negative prompts), and a naive word matcher scoring far below the judgments on
 * them — so a search that only matches words cannot pass the floor the search service's test sets.
 */
import { describe, expect, it } from 'vitest';
import { SearchEmbeddingSpace } from '../bench/search/corpus.ts';
import { parseSearchQuery } from '../src/domain/search-query-parser.ts';
import { synonymsOf } from '../src/domain/search-synonyms.ts';
import { evaluateRanking, ndcgAt, recallAt } from './search-relevance-metrics.ts';
import {
  fieldText,
  positiveFields,
  queryCategories,
  queryVector,
  relevanceSet,
  searchTokens,
  type JudgedQuery,
  type TextField,
} from './search-relevance-set.ts';

const set = relevanceSet();
const { corpus, catalogue, queries } = set;
const byCategory = (category: JudgedQuery['category']) => queries.filter((q) => q.category === category);
const tokensOf = (field: TextField) => corpus.map((spec) => new Set(searchTokens(fieldText(spec, field, catalogue))));
const fieldTokens = new Map<TextField, Set<string>[]>(
  [...positiveFields, 'negativePrompt' as const].map((field) => [field, tokensOf(field)]),
);
/** Which assets say `token` in one of `fields`. */
const saying = (token: string, fields: readonly TextField[]) =>
  corpus.filter((_, i) => fields.some((field) => fieldTokens.get(field)![i]!.has(token)));

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * A search that only matches whole words (folded), ANDed, in every field the negative prompt included, ranked by
 * corpus order: no stemming, synonyms, typo tolerance, field weights or query language.
 */
function naiveWordMatch(query: JudgedQuery): string[] {
  const words = searchTokens(query.text).filter((w) => !query.text.includes(`-${w}`));
  if (words.length === 0) return [];
  const fields: TextField[] = [...positiveFields, 'negativePrompt'];
  return corpus
    .filter((_, i) => words.every((w) => fields.some((f) => fieldTokens.get(f)![i]!.has(w))))
    .map((s) => s.id);
}

describe('the judged relevance set', () => {
  it('has at least 40 queries covering every kind, with unique ids', () => {
    expect(queries.length).toBeGreaterThanOrEqual(40);
    expect(new Set(queries.map((q) => q.id)).size).toBe(queries.length);
    for (const category of queryCategories) expect(byCategory(category).length, category).toBeGreaterThan(0);
  });

  it('gives every query between 2 and 60 relevant assets of the corpus, at least one highly relevant', () => {
    const ids = new Set(corpus.map((spec) => spec.id));
    expect(ids.size).toBe(corpus.length);
    for (const query of queries) {
      expect(query.judgments.size, query.id).toBeGreaterThanOrEqual(2);
      expect(query.judgments.size, query.id).toBeLessThanOrEqual(60);
      expect(
        [...query.judgments.values()].some((g) => g === 2),
        query.id,
      ).toBe(true);
      for (const id of query.judgments.keys()) expect(ids.has(id), query.id).toBe(true);
    }
  });

  it('is the same every time it is made', () => {
    const again = relevanceSet();
    expect(again.corpus.map((s) => s.id)).toEqual(corpus.map((s) => s.id));
    expect(again.queries.map((q) => [q.id, [...q.judgments]])).toEqual(queries.map((q) => [q.id, [...q.judgments]]));
  });

  it('judges every asset that says a plain word relevant (a judgment never misses a match)', () => {
    for (const query of [...byCategory('plain'), ...byCategory('multi-word'), ...byCategory('diacritics')]) {
      const words = searchTokens(query.text);
      const matching = corpus.filter((_, i) =>
        words.every((w) => positiveFields.some((f) => fieldTokens.get(f)![i]!.has(w))),
      );
      for (const spec of matching) expect(query.judgments.has(spec.id), `${query.id}: ${spec.title}`).toBe(true);
    }
  });

  it('uses synonyms the corpus never says, from the domain table', () => {
    for (const query of byCategory('synonym')) {
      const [word] = searchTokens(query.text);
      expect(saying(word!, [...positiveFields, 'negativePrompt']), query.id).toHaveLength(0);
      // What the corpus says instead is a synonym of the query's word.
      const relevant = corpus.filter((s) => query.judgments.get(s.id) === 2);
      const said = synonymsOf(word!).filter((synonym) =>
        relevant.some((s) => saying(synonym, positiveFields).includes(s)),
      );
      expect(said.length, query.id).toBeGreaterThan(0);
    }
  });

  it('uses typos one edit away from the word meant, which the corpus never says', () => {
    for (const query of byCategory('typo')) {
      expect(saying(query.text, [...positiveFields, 'negativePrompt']), query.id).toHaveLength(0);
      const meant = query.intent.replace(/s$/, '');
      expect(editDistance(query.text, meant), `${query.id} → ${meant}`).toBe(1);
    }
  });

  it('uses inflections the highly relevant assets do not all say', () => {
    for (const query of byCategory('stemming')) {
      const relevant = corpus.filter((s) => query.judgments.get(s.id) === 2);
      const withoutTheWord = relevant.filter((s) => !saying(query.text, positiveFields).includes(s));
      expect(withoutTheWord.length, query.id).toBeGreaterThan(0);
    }
  });

  it('folds diacritics both ways: the corpus writes some words with them and some without', () => {
    const accented = corpus.filter((s) => /café|crème|Zürich|Beksiński/.test(`${s.prompt ?? ''} ${s.title}`));
    expect(accented.length).toBeGreaterThan(10);
    expect(queries.find((q) => q.id === 'diacritics-cafe-accented')!.query).toBe('café');
    // The accented query's relevant assets include some whose title says "cafe" without the accent (file names).
    const accentedQuery = queries.find((q) => q.id === 'diacritics-cafe-accented')!;
    expect(corpus.some((s) => accentedQuery.judgments.has(s.id) && /\bcafe\b/.test(s.title))).toBe(true);
  });

  it('has negative-prompt words in many negative prompts of assets judged not relevant', () => {
    for (const query of byCategory('negative-prompt')) {
      const inNegatives = saying(query.text, ['negativePrompt']).filter((s) => !query.judgments.has(s.id));
      expect(inNegatives.length, query.id).toBeGreaterThanOrEqual(20);
    }
  });

  it('has OCR-only, tag-only, title-only and prompt-only words only in their field', () => {
    const only: [JudgedQuery['category'], TextField][] = [
      ['ocr-only', 'ocr'],
      ['tag-only', 'tags'],
      ['title-only', 'title'],
      ['prompt-only', 'prompt'],
    ];
    for (const [category, field] of only)
      for (const query of byCategory(category)) {
        const [word] = searchTokens(query.text);
        const elsewhere = positiveFields.filter((f) => f !== field);
        expect(saying(word!, elsewhere), query.id).toHaveLength(0);
        expect(saying(word!, [field]).length, query.id).toBeGreaterThanOrEqual(query.judgments.size);
      }
  });

  it('has decoys for field-scoped queries: the word in another field, judged not relevant', () => {
    const promptCastle = queries.find((q) => q.id === 'field-prompt-castle')!;
    const castleTitles = saying('castle', ['title']).filter((s) => !promptCastle.judgments.has(s.id));
    expect(castleTitles.length).toBeGreaterThanOrEqual(3);
    const textTickets = queries.find((q) => q.id === 'field-text-tickets')!;
    expect(saying('tickets', ['title']).filter((s) => !textTickets.judgments.has(s.id)).length).toBeGreaterThanOrEqual(
      3,
    );
  });

  it('applies filters and exclusions strictly', () => {
    const byId = new Map(corpus.map((s) => [s.id, s]));
    for (const query of byCategory('filtered')) {
      const filters = query.filters!;
      for (const id of query.judgments.keys()) {
        const spec = byId.get(id)!;
        if (filters.status) expect(spec.status).toBe(filters.status);
        if (filters.riskTier) expect(spec.riskTier).toBe(filters.riskTier);
        if (filters.team) expect(catalogue.teams[spec.teamIndex]!.slug).toBe(filters.team);
        if (filters.model) expect(spec.model).toBe(filters.model);
        if (filters.createdFrom) expect(spec.createdAt >= filters.createdFrom).toBe(true);
      }
    }
    const exclusion = byCategory('exclusion')[0]!;
    for (const spec of saying('cinematic', positiveFields)) expect(exclusion.judgments.has(spec.id)).toBe(false);
  });

  it('scores the judgments themselves perfectly, and a naive word matcher far lower on the hard kinds', async () => {
    const ideal = await evaluateRanking(queries, (q) =>
      Promise.resolve([...q.judgments].sort((a, b) => b[1] - a[1]).map(([id]) => id)),
    );
    expect(ideal.mean.ndcg10).toBeCloseTo(1, 10);
    // Recall@50 of a query with more than 50 relevant assets is at most 50 / their number.
    const bestRecall = queries.map((q) => Math.min(1, 50 / q.judgments.size));
    expect(ideal.mean.recall50).toBeCloseTo(bestRecall.reduce((a, b) => a + b, 0) / queries.length, 10);

    const naive = await evaluateRanking(queries, (q) => Promise.resolve(naiveWordMatch(q)));
    for (const category of ['synonym', 'typo', 'negative-prompt', 'field-scoped'] as const)
      expect(naive.perCategory.get(category)!.ndcg10, category).toBeLessThan(0.6);
    expect(naive.perCategory.get('synonym')!.recall50).toBe(0);
    expect(naive.perCategory.get('typo')!.recall50).toBe(0);
    // Yet it finds plain words: the set does not make everything hard.
    expect(naive.perCategory.get('plain')!.recall50).toBeGreaterThan(0.9);
    expect(naive.mean.ndcg10).toBeLessThan(0.75);
  });

  it('gives queries that name what a picture shows a vector near their relevant assets', async () => {
    const visual = queries.filter((q) => q.visual);
    expect(visual.length).toBeGreaterThanOrEqual(30);
    expect(queries.filter((q) => q.category === 'ocr-only').every((q) => q.visual === undefined)).toBe(true);
    const space = new SearchEmbeddingSpace(set.seed);
    const vectors = corpus.map((spec) => space.vectorOf(spec));
    const knn = (query: JudgedQuery) => {
      const probe = queryVector(set, query)!;
      const scored = vectors.map((v, i) => {
        let dot = 0;
        for (let d = 0; d < v.length; d++) dot += v[d]! * probe[d]!;
        return [dot, corpus[i]!.id] as const;
      });
      return Promise.resolve(scored.sort((a, b) => b[0] - a[0]).map(([, id]) => id));
    };
    const vector = await evaluateRanking(visual, knn);
    // Exact kNN finds subjects well (filters and exclusions aside: a vector knows nothing of them).
    for (const category of ['plain', 'typo', 'synonym'] as const)
      expect(vector.perCategory.get(category)!.ndcg10, category).toBeGreaterThan(0.6);
  });

  it('writes every query in the query language (docs/search.md), filters as the structured form says', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    for (const query of queries) {
      const parsed = parseSearchQuery(query.query, now);
      const fields = parsed.filters.map((f) => f.field).sort();
      const expected = Object.keys(query.filters ?? {})
        .map((name) => ({ riskTier: 'risk', createdFrom: 'created' })[name] ?? name)
        .sort();
      expect(fields, query.id).toEqual(expected);
    }
  });

  it('is scored with the metrics the benchmark reports', () => {
    const query = queries[0]!;
    const ranked = [...query.judgments.keys()];
    expect(ndcgAt(10, ranked, query.judgments)).toBeGreaterThan(0);
    expect(recallAt(50, ranked, query.judgments)).toBe(1);
  });
});
