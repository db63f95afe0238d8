import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from './search-query.ts';
import { formatSearchQuery } from './search-query-format.ts';
import { fuseRankings, partTextForVectors, vectorRestriction } from './similar-search.ts';

const now = new Date('2026-12-01T00:00:00Z');

describe('reciprocal rank fusion', () => {
  it('scores 1/(60 + rank) summed over the rankings, an item high in both first', () => {
    const fused = fuseRankings([
      ['a', 'b', 'c'],
      ['b', 'd', 'a'],
    ]);
    expect(fused.map((item) => item.id)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 10);
    expect(fused.find((item) => item.id === 'c')!.score).toBeCloseTo(1 / 63, 10);
  });

  it('breaks ties by the order the rankings were given in', () => {
    expect(fuseRankings([['text'], ['vector']]).map((item) => item.id)).toEqual(['text', 'vector']);
    expect(fuseRankings([])).toEqual([]);
  });
});

describe('the text of a query parted for vector ranking', () => {
  const parted = (q: string) => {
    const { restricting, words } = partTextForVectors(parseSearchQuery(q, now).text);
    return { words, restricting: restricting ? formatSearchQuery({ text: restricting, filters: [] }) : undefined };
  };

  it('ranks by free words and phrases, restricts by exclusions and field terms', () => {
    expect(parted('sunset "red barn" -tag:people title:poster')).toEqual({
      words: 'sunset red barn',
      restricting: '-tag:people title:poster',
    });
    expect(parted('castle OR palace')).toEqual({ words: 'castle palace', restricting: undefined });
    expect(parted('-people')).toEqual({ words: '', restricting: '-people' });
    expect(parted('')).toEqual({ words: '', restricting: undefined });
  });

  it('keeps every filter in the vector restriction', () => {
    const query = parseSearchQuery('sunset status:approved -tag:people campaign:summer', now);
    expect(formatSearchQuery(vectorRestriction(query))).toBe('-tag:people status:approved campaign:summer');
  });
});
