import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hammingDistance, type Hash64 } from '../hashes/hash64.ts';
import { HammingIndex, bandsForSize } from './hamming-index.ts';

/** Hashes clustered around a few centres, so that radius queries have real answers at every distance. */
const clusteredHashes = (count: number) =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })), { minLength: 1, maxLength: 4 }),
      fc.array(fc.tuple(fc.nat(), fc.nat({ max: 63 }), fc.nat({ max: 63 }), fc.nat({ max: 63 }), fc.nat({ max: 63 })), {
        minLength: count,
        maxLength: count,
      }),
    )
    .map(([centres, flips]) =>
      flips.map(([c, ...bits]): Hash64 => {
        const [hi, lo] = centres[c % centres.length]!;
        let h = hi;
        let l = lo;
        // Up to four bit flips (a flip listed twice cancels): distances 0..8 between members of one cluster.
        for (const bit of bits.slice(0, 1 + (c % 4))) {
          if (bit < 32) h ^= 1 << bit;
          else l ^= 1 << (bit - 32);
        }
        return { hi: h >>> 0, lo: l >>> 0 };
      }),
    );

const bruteForce = (entries: Map<string, Hash64>, query: Hash64, radius: number) =>
  [...entries]
    .map(([id, hash]) => ({ id, distance: hammingDistance(hash, query) }))
    .filter((m) => m.distance <= radius)
    .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1));

/** Adds the hashes as a0, a1, …; returns the same entries for bruteForce. */
const fill = (index: HammingIndex, hashes: Hash64[]): Map<string, Hash64> => {
  const entries = new Map<string, Hash64>();
  hashes.forEach((h, i) => {
    index.add(`a${i}`, h);
    entries.set(`a${i}`, h);
  });
  return entries;
};

const strip = (matches: { id: string; distance: number }[]) => matches.map(({ id, distance }) => ({ id, distance }));

describe('HammingIndex', () => {
  it('answers radius queries exactly like brute force (random clustered data, every band count)', () => {
    fc.assert(
      fc.property(
        clusteredHashes(300),
        fc.integer({ min: 3, max: 16 }),
        fc.integer({ min: 0, max: 12 }),
        fc.nat({ max: 299 }),
        (hashes, bands, radius, pick) => {
          const index = new HammingIndex({ bands, initialCapacity: 16 });
          const entries = fill(index, hashes);
          const query = hashes[pick]!;
          expect(strip(index.query(query, radius))).toEqual(bruteForce(entries, query, radius));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('uses its bands (not a scan) on a large index and still matches brute force', () => {
    fc.assert(
      fc.property(
        clusteredHashes(4000),
        fc.integer({ min: 0, max: 9 }),
        fc.nat({ max: 3999 }),
        (hashes, radius, pick) => {
          const index = new HammingIndex();
          const entries = fill(index, hashes);
          const query = hashes[pick]!;
          expect(strip(index.query(query, radius))).toEqual(bruteForce(entries, query, radius));
        },
      ),
      { numRuns: 15 },
    );
  });

  it('stays correct through interleaved adds, replacements and removals', () => {
    const ops = fc.array(
      fc.oneof(
        fc.record({
          op: fc.constant('add' as const),
          id: fc.nat({ max: 40 }),
          hi: fc.nat({ max: 0xff }),
          lo: fc.nat({ max: 0xff }),
        }),
        fc.record({ op: fc.constant('remove' as const), id: fc.nat({ max: 40 }) }),
      ),
      { maxLength: 200 },
    );
    fc.assert(
      fc.property(ops, fc.nat({ max: 0xff }), fc.integer({ min: 0, max: 6 }), (operations, q, radius) => {
        const index = new HammingIndex({ initialCapacity: 16 });
        const entries = new Map<string, Hash64>();
        for (const o of operations) {
          if (o.op === 'add') {
            // High bits mostly zero: many entries share buckets, which exercises unlinking in the middle of a list.
            index.add(`x${o.id}`, { hi: o.hi, lo: o.lo });
            entries.set(`x${o.id}`, { hi: o.hi, lo: o.lo });
          } else {
            expect(index.remove(`x${o.id}`)).toBe(entries.delete(`x${o.id}`));
          }
        }
        expect(index.size).toBe(entries.size);
        const query = { hi: q, lo: q };
        expect(strip(index.query(query, radius))).toEqual(bruteForce(entries, query, radius));
      }),
      { numRuns: 200 },
    );
  });

  it('finds exactly the identical hashes at radius 0, and nothing after removal', () => {
    const index = new HammingIndex();
    const h = { hi: 0xdeadbeef, lo: 0x01234567 };
    index.add('a', h);
    index.add('b', h);
    index.add('c', { hi: 0xdeadbeef, lo: 0x01234566 });
    expect(index.query(h, 0).map((m) => m.id)).toEqual(['a', 'b']);
    expect(index.query(h, 1).map((m) => [m.id, m.distance])).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 1],
    ]);
    expect(index.remove('a')).toBe(true);
    expect(index.remove('a')).toBe(false);
    expect(index.query(h, 0).map((m) => m.id)).toEqual(['b']);
    index.add('a', { hi: 0, lo: 0 }); // reuses the freed slot with another hash
    expect(index.query(h, 0).map((m) => m.id)).toEqual(['b']);
    expect(index.get('a')).toEqual({ hash: { hi: 0, lo: 0 } });
    expect(index.query({ hi: 0, lo: 0 }, 64)).toHaveLength(3);
  });

  it('replaces the hash when an id is added again, and keeps companions', () => {
    const index = new HammingIndex();
    index.add('a', { hi: 1, lo: 1 }, { hi: 7, lo: 8 });
    index.add('a', { hi: 0xffffffff, lo: 0xffffffff });
    expect(index.size).toBe(1);
    expect(index.query({ hi: 1, lo: 1 }, 10)).toEqual([]);
    expect(index.get('a')).toEqual({ hash: { hi: 0xffffffff, lo: 0xffffffff } });
    index.add('b', { hi: 2, lo: 3 }, { hi: 7, lo: 8 });
    expect(index.query({ hi: 2, lo: 3 }, 0)[0]?.companion).toEqual({ hi: 7, lo: 8 });
  });

  it('bulk-loads parallel arrays like repeated adds', () => {
    const n = 5000;
    const his = new Uint32Array(n);
    const los = new Uint32Array(n);
    const ids: string[] = [];
    const single = new HammingIndex();
    let seed = 1;
    const next = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
    for (let i = 0; i < n; i++) {
      his[i] = next() & 0xffff00ff; // a few fixed zero bits: denser neighbourhoods
      los[i] = next();
      ids.push(`id${i}`);
      single.add(ids[i]!, { hi: his[i]!, lo: los[i]! });
    }
    const bulk = new HammingIndex({ initialCapacity: 16 });
    bulk.addMany(ids, his, los);
    expect(bulk.size).toBe(n);
    for (let i = 0; i < 50; i++) {
      const q = { hi: his[i * 7]!, lo: los[i * 7]! ^ 0b1011 };
      expect(bulk.query(q, 8)).toEqual(single.query(q, 8));
    }
    expect(() => bulk.addMany(['x'], new Uint32Array(2), new Uint32Array(1))).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('rejects bad radii, bad hashes and unsupported band counts', () => {
    const index = new HammingIndex();
    for (const radius of [-1, 65, 1.5, Number.NaN]) {
      expect(() => index.query({ hi: 0, lo: 0 }, radius)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    }
    expect(() => index.add('a', { hi: 1.5, lo: 0 })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => index.add('a', { hi: 2 ** 33, lo: 0 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    for (const bands of [1, 2, 17, 2.5])
      expect(() => new HammingIndex({ bands })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('bandsForSize', () => {
  it('follows 64 / log2(size), within 3..8', () => {
    expect(bandsForSize(1_000_000)).toBe(3);
    expect(bandsForSize(65_536)).toBe(4);
    expect(bandsForSize(10_000)).toBe(5);
    expect(bandsForSize(0)).toBe(8);
    expect(bandsForSize(Number.NaN)).toBe(8);
  });
});
