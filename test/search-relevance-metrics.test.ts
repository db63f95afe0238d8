import { describe, expect, it } from 'vitest';
import { evaluateRanking, ndcgAt, recallAt, type Grade } from './search-relevance-metrics.ts';

const judged = (entries: [string, Grade][]) => new Map<string, Grade>(entries);

describe('nDCG@k', () => {
  const judgments = judged([
    ['a', 2],
    ['b', 1],
    ['c', 1],
  ]);

  it('is 1 for the ideal order and less for any other', () => {
    expect(ndcgAt(10, ['a', 'b', 'c'], judgments)).toBeCloseTo(1, 10);
    expect(ndcgAt(10, ['a', 'c', 'b'], judgments)).toBeCloseTo(1, 10);
    expect(ndcgAt(10, ['b', 'a', 'c'], judgments)).toBeLessThan(1);
    expect(ndcgAt(10, ['x', 'a', 'b', 'c'], judgments)).toBeLessThan(ndcgAt(10, ['a', 'x', 'b', 'c'], judgments));
  });

  it('matches the formula: gain 2^grade − 1, discount 1 / log2(rank + 2)', () => {
    // Ranked b, x, a: 1/log2(2) + 0 + 3/log2(4) = 1 + 1.5; ideal a, b, c: 3 + 1/log2(3) + 1/log2(4).
    const expected = (1 + 3 / 2) / (3 + 1 / Math.log2(3) + 1 / 2);
    expect(ndcgAt(10, ['b', 'x', 'a'], judgments)).toBeCloseTo(expected, 10);
  });

  it('is 0 when nothing relevant is ranked, and counts only the first k', () => {
    expect(ndcgAt(10, ['x', 'y'], judgments)).toBe(0);
    expect(ndcgAt(10, [], judgments)).toBe(0);
    expect(ndcgAt(1, ['x', 'a'], judgments)).toBe(0);
  });

  it('counts an id ranked twice once', () => {
    expect(ndcgAt(10, ['a', 'a', 'a'], judgments)).toBeCloseTo(ndcgAt(10, ['a'], judgments), 10);
  });

  it('refuses a query with no relevant asset', () => {
    expect(() => ndcgAt(10, ['a'], new Map())).toThrow(/no relevant/);
  });
});

describe('recall@k', () => {
  const judgments = judged([
    ['a', 2],
    ['b', 1],
    ['c', 1],
    ['d', 2],
  ]);

  it('is the share of relevant assets (any grade) in the first k', () => {
    expect(recallAt(50, ['a', 'b', 'c', 'd'], judgments)).toBe(1);
    expect(recallAt(2, ['a', 'x', 'b'], judgments)).toBe(0.25);
    expect(recallAt(3, ['a', 'x', 'b'], judgments)).toBe(0.5);
    expect(recallAt(50, [], judgments)).toBe(0);
  });

  it('refuses a query with no relevant asset', () => {
    expect(() => recallAt(50, ['a'], new Map())).toThrow(/no relevant/);
  });
});

describe('evaluateRanking', () => {
  it('scores per query, per category and overall', async () => {
    const queries = [
      { id: 'q1', category: 'plain', judgments: judged([['a', 2]]) },
      { id: 'q2', category: 'plain', judgments: judged([['b', 2]]) },
      { id: 'q3', category: 'typo', judgments: judged([['c', 1]]) },
    ];
    const answers: Record<string, string[]> = { q1: ['a'], q2: ['x'], q3: ['c'] };
    const result = await evaluateRanking(queries, (q) => Promise.resolve(answers[q.id]!));
    expect(result.perQuery.map((s) => s.ndcg10)).toEqual([1, 0, 1]);
    expect(result.perCategory.get('plain')).toEqual({ ndcg10: 0.5, recall50: 0.5, queries: 2 });
    expect(result.perCategory.get('typo')).toEqual({ ndcg10: 1, recall50: 1, queries: 1 });
    expect(result.mean.ndcg10).toBeCloseTo(2 / 3, 10);
  });
});
