/**
 * SqlSearchRepository's bounds on a broad match (decision 0038), on both dialects, with bounds small enough for a
 * test library: a text query ranks only its newest matches when it has more than `rankCandidates` (and all of them,
 * exactly, when it has fewer), and the facets of a match broader than `facetSample` are counted over a sample and
 * flagged approximate, while a narrower match's counts are exact and not flagged.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { parseSearchQuery } from '../../domain/search-query.ts';
import type { SearchRequest } from '../../domain/search.ts';
import { describeEachDialect } from '../../../test/dialects.ts';
import { addStoredAsset } from '../../../test/stored-assets.ts';
import { SqlSearchRepository } from './search.repository.ts';

describeEachDialect('search repository: bounds on a broad match', ({ store, dialect }) => {
  let team: string;
  /** The lantern assets, oldest first. */
  const lanterns: string[] = [];
  const approved = new Set<string>();

  beforeAll(async () => {
    team = (await store().catalog.ensure('team', 'Bounded Harbour')).entry.id;
    for (let i = 0; i < 60; i++) {
      const status = i % 20 === 0 ? ('approved' as const) : undefined;
      const { assetId } = await addStoredAsset(store(), {
        title: i % 3 === 0 ? `lantern lantern festival ${i}.png` : `paper lantern ${i}.png`,
        teamId: team,
        at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        // PostgreSQL samples by the hash of the asset id: random ids made the sampled count of ~10 in 60 vary
        // between runs, now and then below this test's bounds. Fixed ids make the sample the same every run.
        id: `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`,
        ...(status ? { status } : {}),
      });
      lanterns.push(assetId);
      if (status) approved.add(assetId);
    }
    await addStoredAsset(store(), { title: 'harbour boats.png', teamId: team });
    // The planner's estimate (PostgreSQL's choice to sample) reads the statistics autovacuum keeps.
    if (dialect === 'postgres') await sql`analyze search_documents`.execute(store().db);
  });

  const repository = (rankCandidates: number, facetSample: number) =>
    new SqlSearchRepository(store().db, dialect, { rankCandidates, facetSample });
  const request = (q: string, more: Partial<SearchRequest> = {}): SearchRequest => ({
    query: parseSearchQuery(q, new Date()),
    teamIds: [team],
    limit: 50,
    ...more,
  });

  it('ranks only the newest matches of a broad query, best first, and pages within them', async () => {
    const bounded = repository(10, 1000);
    const first = await bounded.search(request('lantern', { limit: 6 }));
    expect(first.nextCursor).toBeDefined();
    const second = await bounded.search(request('lantern', { limit: 6, cursor: first.nextCursor! }));
    expect(second.nextCursor).toBeUndefined();
    const hits = [...first.hits, ...second.hits];
    expect(new Set(hits.map((hit) => hit.assetId))).toEqual(new Set(lanterns.slice(-10)));
    const scores = hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // The titles with the word twice rank above the others among the candidates.
    expect(scores[0]).toBeGreaterThan(scores[scores.length - 1]!);
  });

  it('ranks every match of a query that has no more than the bound, however old', async () => {
    const narrow = await repository(10, 1000).search(request('lantern status:approved'));
    expect(new Set(narrow.hits.map((hit) => hit.assetId))).toEqual(approved);
    const exact = await repository(1000, 1000).search(request('lantern'));
    const bounded = await repository(60, 1000).search(request('lantern'));
    expect(bounded.hits).toEqual(exact.hits);
  });

  it('counts the facets of a broad match over a sample, as approximate', async () => {
    for (const q of ['lantern', 'status:draft']) {
      const result = await repository(1000, 10).search(request(q, { facets: ['status', 'team'] }));
      expect(result.approximate).toBe(true);
      expect(result.total).toBeGreaterThan(20);
      expect(result.total).toBeLessThan(130);
      const teamCount = result.facets?.team?.[0]?.count ?? 0;
      expect(teamCount).toBe(result.total);
    }
  });

  it('counts the facets of a match within the bound exactly, not flagged', async () => {
    const narrow = await repository(1000, 10).search(request('lantern status:approved', { facets: ['status'] }));
    expect(narrow.approximate).toBeUndefined();
    expect(narrow.total).toBe(3);
    expect(narrow.facets?.status).toEqual([{ value: 'approved', count: 3 }]);
    const unbounded = await repository(1000, 1000).search(request('lantern', { facets: ['status'] }));
    expect(unbounded.approximate).toBeUndefined();
    expect(unbounded.total).toBe(60);
    expect(unbounded.facets?.status).toEqual([
      { value: 'draft', count: 57 },
      { value: 'approved', count: 3 },
    ]);
  });
});

describeEachDialect('search repository: the newest matches across months', ({ store, dialect }) => {
  let team: string;
  /** The kite assets, newest first: three a month from January to October 2026, one at each month's last minute. */
  const kitesNewestFirst: string[] = [];

  beforeAll(async () => {
    team = (await store().catalog.ensure('team', 'Kite Harbour')).entry.id;
    const made: { at: string; assetId: string }[] = [];
    for (let month = 0; month < 10; month++)
      for (const at of [
        new Date(Date.UTC(2026, month, 3, 12)),
        new Date(Date.UTC(2026, month, 17, 12)),
        // The month's last minute in UTC (already the next month east of Greenwich): the ISO text's month counts.
        new Date(Date.UTC(2026, month + 1, 1) - 60_000),
      ]) {
        const { assetId } = await addStoredAsset(store(), {
          title: `kite over the dunes ${made.length}.png`,
          teamId: team,
          at: at.toISOString(),
        });
        made.push({ at: at.toISOString(), assetId });
      }
    await addStoredAsset(store(), { title: 'harbour boats.png', teamId: team, at: '2026-11-20T10:00:00.000Z' });
    kitesNewestFirst.push(...made.sort((a, b) => b.at.localeCompare(a.at)).map((kite) => kite.assetId));
    if (dialect === 'postgres') await sql`analyze search_documents`.execute(store().db);
  });

  // PostgreSQL reads a match month by month past monthlyReadAbove, at once below it: both must keep the same set.
  for (const [read, monthlyReadAbove] of [
    ['month by month', 0],
    ['at once', Number.POSITIVE_INFINITY],
  ] as const) {
    const candidatesOf = async (q: string, rankCandidates: number) => {
      const bounds = { rankCandidates, facetSample: 1000, monthlyReadAbove };
      const result = await new SqlSearchRepository(store().db, dialect, bounds).search({
        query: parseSearchQuery(q, new Date('2026-12-01T00:00:00Z')),
        teamIds: [team],
        limit: 100,
      });
      return new Set(result.hits.map((hit) => hit.assetId));
    };

    it(`ranks the newest matches however many months they span, none newer left out (read ${read})`, async () => {
      expect(await candidatesOf('kite', 7)).toEqual(new Set(kitesNewestFirst.slice(0, 7)));
      expect(await candidatesOf('kite', 30)).toEqual(new Set(kitesNewestFirst));
    });

    it(`reads the newest matches within a created: range (read ${read})`, async () => {
      // March to May: the nine kites of those months; the four newest are May's three and April's last.
      const inRange = await candidatesOf('kite created:2026-03..2026-05', 4);
      expect(inRange).toEqual(new Set(kitesNewestFirst.slice(15, 19)));
      const all = await candidatesOf('kite created:2026-03..2026-05', 100);
      expect(all).toEqual(new Set(kitesNewestFirst.slice(15, 24)));
      expect(await candidatesOf('kite created:>=2027-01-01', 10)).toEqual(new Set());
    });
  }
});
