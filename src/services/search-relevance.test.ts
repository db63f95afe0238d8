/**
 * Search relevance on the judged set (issue 14, Relevance): the ~2,000-asset corpus of test/search-relevance-set.ts
 * written into a real database of each dialect, every judged query run through SearchService — the one production
 * read path, query language, expansions (stop words, synonyms, typo corrections) and ranking included — and scored
 * with nDCG@10 and recall@50 per category. The floors sit a little under what the search reaches, so that a change
 * that costs relevance fails here; the table printed shows where it stands.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operator } from '../../test/contexts.ts';
import { createTestDatabase, describeDialect, dialects, testAuditKey, type TestDatabase } from '../../test/dialects.ts';
import { evaluateRanking, type RankingEvaluation } from '../../test/search-relevance-metrics.ts';
import {
  queryCategories,
  relevanceSet,
  writeRelevanceCorpus,
  type JudgedQuery,
  type QueryCategory,
} from '../../test/search-relevance-set.ts';
import type { Dialect } from '../storage/database.ts';
import { openStore, type SqlStore } from '../storage/store.ts';
import { SearchService } from './search.service.ts';

/**
 * The least mean nDCG@10 and recall@50 each category must keep, on both dialects (the lower of the two measured,
 * rounded down by a little): a regression of one query in a category of three or more falls below.
 */
type Floors = Record<QueryCategory, { ndcg10: number; recall50: number }>;

const floors: Floors = {
  plain: { ndcg10: 0.96, recall50: 0.95 },
  'multi-word': { ndcg10: 0.97, recall50: 0.97 },
  phrase: { ndcg10: 0.97, recall50: 0.96 },
  stemming: { ndcg10: 0.97, recall50: 0.9 },
  prefix: { ndcg10: 0.95, recall50: 0.96 },
  diacritics: { ndcg10: 0.91, recall50: 0.97 },
  typo: { ndcg10: 0.97, recall50: 0.95 },
  synonym: { ndcg10: 0.95, recall50: 0.93 },
  'prompt-only': { ndcg10: 0.97, recall50: 0.97 },
  'negative-prompt': { ndcg10: 0.97, recall50: 0.97 },
  'ocr-only': { ndcg10: 0.64, recall50: 0.97 },
  'tag-only': { ndcg10: 0.97, recall50: 0.97 },
  'title-only': { ndcg10: 0.97, recall50: 0.97 },
  'field-scoped': { ndcg10: 0.93, recall50: 0.97 },
  filtered: { ndcg10: 0.97, recall50: 0.96 },
  exclusion: { ndcg10: 0.97, recall50: 0.91 },
};

/** The least means over every query. */
const overallFloor = { ndcg10: 0.95, recall50: 0.96 };

const figure = (value: number) => value.toFixed(3);

function table(dialect: Dialect, evaluation: RankingEvaluation<JudgedQuery>): string {
  const lines = [`search relevance [${dialect}]   category          queries  nDCG@10  recall@50`];
  for (const category of queryCategories) {
    const score = evaluation.perCategory.get(category);
    if (score)
      lines.push(
        `  ${category.padEnd(18)} ${String(score.queries).padStart(7)}  ${figure(score.ndcg10).padStart(7)}  ${figure(score.recall50).padStart(9)}`,
      );
  }
  lines.push(
    `  ${'all'.padEnd(18)} ${String(evaluation.perQuery.length).padStart(7)}  ${figure(evaluation.mean.ndcg10).padStart(7)}  ${figure(evaluation.mean.recall50).padStart(9)}`,
  );
  const weakest = [...evaluation.perQuery].sort((a, b) => a.ndcg10 - b.ndcg10).slice(0, 8);
  lines.push(`  weakest: ${weakest.map((s) => `${s.query.id} ${figure(s.ndcg10)}`).join(', ')}`);
  return lines.join('\n');
}

for (const dialect of dialects) {
  describeDialect(dialect, `search relevance on the judged set [${dialect}]`, () => {
    const set = relevanceSet();
    let database: TestDatabase | undefined;
    let store: SqlStore | undefined;
    let evaluation: RankingEvaluation<JudgedQuery>;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      store = await openStore({ ...database, auditKey: testAuditKey });
      await writeRelevanceCorpus(store.db, dialect, set, testAuditKey);
      await store.search.rebuild();
      const search = new SearchService({ store, now: () => new Date('2026-12-01T00:00:00Z') });
      evaluation = await evaluateRanking(set.queries, async (query) => {
        const page = await search.search(operator, { q: query.query, limit: 50 });
        return page.items.map((item) => item.asset.id);
      });
      console.log(table(dialect, evaluation));
    }, 300_000);
    afterAll(async () => {
      await store?.close();
      await database?.dispose();
    });

    it('keeps every category of the judged set above its floor', () => {
      const below: string[] = [];
      for (const category of queryCategories) {
        const score = evaluation.perCategory.get(category)!;
        const floor = floors[category];
        if (score.ndcg10 < floor.ndcg10)
          below.push(`${category} nDCG@10 ${figure(score.ndcg10)} < ${figure(floor.ndcg10)}`);
        if (score.recall50 < floor.recall50)
          below.push(`${category} recall@50 ${figure(score.recall50)} < ${figure(floor.recall50)}`);
      }
      expect(below).toEqual([]);
    });

    it('keeps the mean over every query above its floor', () => {
      expect(evaluation.mean.ndcg10).toBeGreaterThanOrEqual(overallFloor.ndcg10);
      expect(evaluation.mean.recall50).toBeGreaterThanOrEqual(overallFloor.recall50);
    });
  });
}
