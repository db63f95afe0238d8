/**
 * Ranking quality against graded judgments (2 = highly relevant, 1 = partly, absent = not relevant): nDCG@k with the
 * exponential gain (2^grade − 1, so a highly relevant hit weighs three times a partial one) and recall@k. Used by the
 * judged relevance set's test floor (test/search-relevance-set.ts) and by the search benchmark's report.
 */

export type Grade = 1 | 2;
export type Judgments = ReadonlyMap<string, Grade>;

const gain = (grade: number): number => 2 ** grade - 1;
const discount = (rank: number): number => 1 / Math.log2(rank + 2);

/** Discounted cumulative gain of the first k of `ranked`; an id ranked twice counts once (its first place). */
function dcg(ranked: readonly string[], judgments: Judgments, k: number): number {
  const seen = new Set<string>();
  let sum = 0;
  let rank = 0;
  for (const id of ranked) {
    if (rank >= k) break;
    if (seen.has(id)) continue;
    seen.add(id);
    sum += gain(judgments.get(id) ?? 0) * discount(rank);
    rank++;
  }
  return sum;
}

/** nDCG@k in 0..1. A query without any relevant asset is a mistake in the judged set, not a score: it throws. */
export function ndcgAt(k: number, ranked: readonly string[], judgments: Judgments): number {
  const ideal = [...judgments.values()].sort((a, b) => b - a).slice(0, k);
  const idealDcg = ideal.reduce((sum, grade, rank) => sum + gain(grade) * discount(rank), 0);
  if (idealDcg === 0) throw new Error('nDCG of a query with no relevant asset is undefined');
  return dcg(ranked, judgments, k) / idealDcg;
}

/** The share of the relevant assets (any grade) found in the first k of `ranked`. */
export function recallAt(k: number, ranked: readonly string[], judgments: Judgments): number {
  if (judgments.size === 0) throw new Error('recall of a query with no relevant asset is undefined');
  const top = new Set(ranked.slice(0, k));
  let found = 0;
  for (const id of judgments.keys()) if (top.has(id)) found++;
  return found / judgments.size;
}

export interface RankingScore {
  ndcg10: number;
  recall50: number;
}

export interface RankingEvaluation<Q extends { id: string; category: string }> {
  perQuery: (RankingScore & { query: Q })[];
  perCategory: Map<string, RankingScore & { queries: number }>;
  mean: RankingScore;
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;

/** Runs every query through `rank` (ids, best first) and scores it: per query, per category and overall. */
export async function evaluateRanking<Q extends { id: string; category: string; judgments: Judgments }>(
  queries: readonly Q[],
  rank: (query: Q) => Promise<readonly string[]>,
): Promise<RankingEvaluation<Q>> {
  const perQuery: (RankingScore & { query: Q })[] = [];
  for (const query of queries) {
    const ranked = await rank(query);
    perQuery.push({
      query,
      ndcg10: ndcgAt(10, ranked, query.judgments),
      recall50: recallAt(50, ranked, query.judgments),
    });
  }
  const perCategory = new Map<string, RankingScore & { queries: number }>();
  for (const category of new Set(queries.map((q) => q.category))) {
    const scores = perQuery.filter((s) => s.query.category === category);
    perCategory.set(category, {
      ndcg10: mean(scores.map((s) => s.ndcg10)),
      recall50: mean(scores.map((s) => s.recall50)),
      queries: scores.length,
    });
  }
  return {
    perQuery,
    perCategory,
    mean: { ndcg10: mean(perQuery.map((s) => s.ndcg10)), recall50: mean(perQuery.map((s) => s.recall50)) },
  };
}
