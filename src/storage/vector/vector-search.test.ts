import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { isProvenaError } from '../../domain/errors.ts';
import { describeEachDialect } from '../../../test/dialects.ts';
import { has, itWith } from '../../../test/requirements.ts';
import { addStoredAsset } from '../../../test/stored-assets.ts';
import { binaryCode, codeWords, hamming } from './binary-code.ts';
import { CodeIndex } from './code-index.ts';
import { bruteForce, clusteredVectors, recallOf } from './test-vectors.ts';
import { VectorSearch, type NearestQuery } from './vector-search.ts';

const model = 'test-embedder';
const dimensions = 512;
const corpusSize = 2000;

describe('binary codes', () => {
  it('are closer in Hamming distance for vectors closer in angle, and the index returns the closest first', () => {
    const source = clusteredVectors({ dimensions, clusters: 5, seed: 7 });
    const a = source.next(0);
    const sameCluster = source.next(0);
    const otherCluster = source.next(1);
    const ca = binaryCode(a);
    expect(hamming(binaryCode(a), 0, ca)).toBe(0);
    expect(hamming(binaryCode(sameCluster), 0, ca)).toBeLessThan(hamming(binaryCode(otherCluster), 0, ca));

    const index = new CodeIndex();
    // Enough entries to make the flat array grow past its first allocation.
    for (let i = 0; i < 1500; i++) index.set(`far-${i}`, binaryCode(source.next(1 + (i % 4))));
    index.set('near', binaryCode(sameCluster));
    index.set('self', ca, 'asset-self', 3);
    expect([index.assetIdAt(index.slotOf('self')!), index.versionNumberAt(index.slotOf('self')!)]).toEqual([
      'asset-self',
      3,
    ]);
    const ids = (slots: number[]) => slots.map((slot) => index.versionIdAt(slot));
    expect(ids(index.closest(ca, 2))).toEqual(['self', 'near']);
    // Among given slots only.
    const slots = ['far-3', 'near', 'far-10'].map((id) => index.slotOf(id)!);
    expect(ids(index.closest(ca, 1, slots))).toEqual(['near']);
    expect(index.closest(ca, 10, slots)).toHaveLength(3);
    expect(index.closest(ca, 0)).toEqual([]);
    expect(codeWords * 32).toBeGreaterThanOrEqual(128);
  });
});

describeEachDialect('vector search', ({ store, dialect }) => {
  const corpus: { id: string; assetId: string; team: string; vector: Float32Array }[] = [];
  const source = clusteredVectors({ dimensions, clusters: 40, seed: 42 });
  const search = () => new VectorSearch(store().db, { exactBelow: 0, refreshMs: 0 });
  /** Team name → id, once beforeAll made them. */
  const teamOf = (name: string) => teamIdsByName.get(name)!;
  const teamIdsByName = new Map<string, string>();
  const approximateIsTested = dialect === 'sqlite' || has('pgvector');

  const store_ = async (versionId: string, vector: Float32Array) =>
    store().transaction((tx) =>
      tx.enrichment.saveEmbedding(versionId, { model, modelVersion: '1', vector }, new Date().toISOString()),
    );

  it('finds nothing for a model nothing was stored for', async () => {
    expect(await search().nearest({ model: 'never-stored', vector: source.next(), k: 5 })).toEqual([]);
    expect(await search().exactNearest({ model: 'never-stored', vector: source.next(), k: 5 })).toEqual([]);
  });

  beforeAll(async () => {
    const teamIds = new Map<string, string>();
    for (const name of ['team-a', 'team-b', 'team-c', 'team-d', 'team-e'])
      teamIds.set(name, (await store().catalog.ensure('team', name)).entry.id);
    for (const [k, v] of teamIds) teamIdsByName.set(k, v);
    const teams = ['team-a', 'team-b', 'team-c', 'team-d'];
    const added: { assetId: string; versionId: string; team: string }[] = [];
    for (let i = 0; i < corpusSize; i++) {
      // Five assets of team-e only: a very selective filter.
      const team = i < 5 ? 'team-e' : teams[i % teams.length]!;
      const { assetId, versionIds } = await addStoredAsset(store(), { teamId: teamIds.get(team)! });
      added.push({ assetId, versionId: versionIds[0]!, team: teamIds.get(team)! });
    }
    await store().transaction(async (tx) => {
      for (const a of added) {
        const vector = source.next();
        corpus.push({ id: a.versionId, assetId: a.assetId, team: a.team, vector });
        await tx.enrichment.saveEmbedding(a.versionId, { model, modelVersion: '1', vector }, new Date().toISOString());
      }
    });
  }, 300_000);

  const queries = () => Array.from({ length: 20 }, (_, i) => (i % 2 ? source.next() : corpus[i * 37]!.vector));

  it('exactNearest returns what brute force does, similarities included', async () => {
    for (const vector of queries()) {
      const got = await search().exactNearest({ model, vector, k: 10 });
      expect(got.map((n) => n.versionId)).toEqual(bruteForce(vector, corpus, 10));
      const byId = new Map(corpus.map((c) => [c.id, c]));
      for (const n of got) {
        expect(n.assetId).toBe(byId.get(n.versionId)!.assetId);
        const stored = byId.get(n.versionId)!.vector;
        const dot = stored.reduce((s, x, i) => s + x * vector[i]!, 0);
        const norms = Math.sqrt(vector.reduce((s, x) => s + x * x, 0) * stored.reduce((s, x) => s + x * x, 0));
        expect(n.similarity).toBeCloseTo(dot / norms, 5);
      }
      // Best first.
      expect(got.map((n) => n.similarity)).toEqual([...got.map((n) => n.similarity)].sort((a, b) => b - a));
    }
  });

  it('nearest finds at least 90% of the exact top 20 (recall against brute force)', async () => {
    let recall = 0;
    const all = queries();
    for (const vector of all) {
      const got = await search().nearest({ model, vector, k: 20 });
      expect(got).toHaveLength(20);
      recall += recallOf(
        got.map((n) => n.versionId),
        bruteForce(vector, corpus, 20),
      );
    }
    expect(recall / all.length).toBeGreaterThanOrEqual(approximateIsTested ? 0.9 : 1);
  });

  it('is exact when the re-rank depth covers the library', async () => {
    const exactEnough = new VectorSearch(store().db, { exactBelow: 0, rerankDepth: corpusSize + 10 });
    for (const vector of queries().slice(0, 5)) {
      const got = await exactEnough.nearest({ model, vector, k: 10 });
      if (dialect === 'sqlite') expect(got.map((n) => n.versionId)).toEqual(bruteForce(vector, corpus, 10));
      else expect(got).toHaveLength(10);
    }
  });

  it('honours restrict: nothing outside it, and k results when k exist', async () => {
    const inTeamA = corpus.filter((c) => c.team === teamOf('team-a'));
    for (const vector of queries().slice(0, 8)) {
      const got = await search().nearest({
        model,
        vector,
        k: 20,
        restrict: (eb) => eb('assets.team_id', '=', teamOf('team-a')),
      });
      expect(got).toHaveLength(20);
      const teamAIds = new Set(inTeamA.map((c) => c.id));
      expect(got.every((n) => teamAIds.has(n.versionId))).toBe(true);
      expect(
        recallOf(
          got.map((n) => n.versionId),
          bruteForce(vector, inTeamA, 20),
        ),
      ).toBeGreaterThanOrEqual(0.8);
    }
    // Very selective: five admitted, all five come back, in exact order, whatever k.
    const inTeamE = corpus.filter((c) => c.team === teamOf('team-e'));
    const vector = source.next();
    const got = await search().nearest({
      model,
      vector,
      k: 20,
      restrict: (eb) => eb('assets.team_id', 'in', [teamOf('team-e')]),
    });
    expect(got.map((n) => n.versionId)).toEqual(bruteForce(vector, inTeamE, 20));
    // Nothing admitted: nothing returned.
    expect(
      await search().nearest({ model, vector, k: 5, restrict: (eb) => eb('assets.team_id', '=', 'nobody') }),
    ).toEqual([]);
  });

  it('returns the whole admitted library when k exceeds it', async () => {
    const got = await search().nearest({
      model,
      vector: source.next(),
      k: 1000,
      restrict: (eb) => eb('assets.team_id', '=', teamOf('team-e')),
    });
    expect(got).toHaveLength(5);
    const all = await search().exactNearest({ model, vector: source.next(), k: 1000 });
    expect(all).toHaveLength(1000);
  });

  it("searches each asset's current version only, and sees an embedding as soon as it is committed", async () => {
    const searcher = search();
    await searcher.nearest({ model, vector: source.next(), k: 1 });
    const { assetId, versionIds } = await addStoredAsset(store(), { versions: 2 });
    const [old, current] = versionIds as [string, string];
    // The old version's vector is far from everything else; the current one's is an ordinary one.
    const far = new Float32Array(dimensions);
    far[0] = 1;
    await store_(old, far);
    await store_(current, source.next());
    const got = await searcher.nearest({ model, vector: far, k: 5 });
    expect(got.map((n) => n.versionId)).not.toContain(old);
    for (const ask of [searcher.nearest.bind(searcher), searcher.exactNearest.bind(searcher)]) {
      const ofAsset = await ask({ model, vector: far, k: 5, restrict: (eb) => eb('assets.id', '=', assetId) });
      expect(ofAsset.map((n) => n.versionId)).toEqual([current]);
    }

    // Stored after this searcher loaded its codes (by "another process": it shares no memory with the writer).
    const { versionIds: fresh } = await addStoredAsset(store());
    const unusual = new Float32Array(dimensions);
    unusual[1] = 1;
    unusual[2] = 0.5;
    await store_(fresh[0]!, unusual);
    expect((await searcher.nearest({ model, vector: unusual, k: 1 }))[0]?.versionId).toBe(fresh[0]);
  });

  it('never returns a soft-deleted asset', async () => {
    const target = corpus[123]!;
    const before = await search().nearest({ model, vector: target.vector, k: 1 });
    expect(before[0]?.versionId).toBe(target.id);
    const at = new Date().toISOString();
    await store()
      .db.updateTable('assets')
      .set({ deleted_at: at, deleted_by: 'test', purge_after: at })
      .where('id', '=', target.assetId)
      .execute();
    try {
      for (const ask of [search().nearest.bind(search()), search().exactNearest.bind(search())]) {
        const got = await ask({ model, vector: target.vector, k: 50 });
        expect(got.map((n) => n.assetId)).not.toContain(target.assetId);
      }
    } finally {
      await store()
        .db.updateTable('assets')
        .set({ deleted_at: null, deleted_by: null, purge_after: null })
        .where('id', '=', target.assetId)
        .execute();
    }
  });

  it('stores and finds vectors of any length (halfvec stops at ±65504), and stores one without direction', async () => {
    const { versionIds } = await addStoredAsset(store());
    const huge = source.next().map((x) => x * 1e30);
    await store_(versionIds[0]!, huge);
    const { versionIds: zeroIds } = await addStoredAsset(store());
    await store_(zeroIds[0]!, new Float32Array(dimensions));
    for (const ask of [search().nearest.bind(search()), search().exactNearest.bind(search())]) {
      const got = await ask({ model, vector: huge.map((x) => x * 1e5), k: 3 });
      expect(got[0]?.versionId).toBe(versionIds[0]);
      expect(got[0]?.similarity).toBeCloseTo(1, 2);
      expect(got.map((n) => n.versionId)).not.toContain(zeroIds[0]);
    }
  });

  it('refuses a vector of the wrong dimension, naming the expected one, and other bad queries', async () => {
    const refusal = async (query: NearestQuery) => {
      try {
        await search().nearest(query);
      } catch (error) {
        if (isProvenaError(error)) return error;
        throw error;
      }
      throw new Error('accepted');
    };
    const wrong = await refusal({ model, vector: new Float32Array(1280).fill(0.1), k: 5 });
    expect(wrong.code).toBe('VALIDATION_FAILED');
    expect(wrong.message).toContain('has 1280 dimensions');
    expect(wrong.message).toContain(`have ${dimensions}`);
    for (const [query, says] of [
      [{ model, vector: source.next(), k: 0 }, 'k: must be a whole number'],
      [{ model, vector: source.next(), k: 2.5 }, 'k: must be a whole number'],
      [{ model, vector: source.next(), k: 1_000_000 }, 'from 1 to 1000'],
      [{ model, vector: [], k: 5 }, 'vector: must hold at least one number'],
      [{ model, vector: new Float32Array(dimensions), k: 5 }, 'all zeros'],
      [{ model, vector: [...source.next().slice(1), Number.NaN], k: 5 }, 'finite numbers'],
      [{ model: ' ', vector: source.next(), k: 5 }, 'model: must name'],
    ] as const) {
      const error = await refusal(query);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toContain(says);
    }
  });

  if (dialect === 'postgres') {
    itWith('pgvector', 'answers by the HNSW index (the plan says so)', async () => {
      const searcher = new VectorSearch(store().db);
      expect(await searcher.method()).toEqual({ method: 'hnsw' });
      const literal = `[${Array.from(source.next()).join(',')}]`;
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain
        select version_id from embeddings where dimensions = 512
        order by ann::halfvec(512) <=> ${literal}::halfvec(512) limit 5`.execute(store().db);
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('embeddings_ann_512_idx');
    });

    // Last: it takes the column away, as on a server without pgvector.
    it('falls back to exact search, saying so once, without the pgvector column', async () => {
      await sql`alter table embeddings drop column if exists ann`.execute(store().db);
      const notices: string[] = [];
      const searcher = new VectorSearch(store().db, { onNotice: (line) => notices.push(line) });
      expect((await searcher.method()).method).toBe('exact');
      for (const vector of queries().slice(0, 3))
        expect((await searcher.nearest({ model, vector, k: 10 })).map((n) => n.versionId)).toEqual(
          bruteForce(vector, corpus, 10),
        );
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain('pgvector is not installed');
      // Storing still works (the searchable form is skipped).
      const { versionIds } = await addStoredAsset(store());
      const added = source.next();
      await store_(versionIds[0]!, added);
      // pgvector arrives later: the column is added and filled from the stored vectors, the index is used again.
      if (has('pgvector')) {
        expect(await searcher.enableIndex()).toBe(true);
        expect((await searcher.method()).method).toBe('hnsw');
        const all = [...corpus, { id: versionIds[0]!, vector: added }];
        for (const vector of queries().slice(0, 3))
          expect(
            recallOf(
              (await searcher.nearest({ model, vector, k: 10 })).map((n) => n.versionId),
              bruteForce(vector, all, 10),
            ),
          ).toBeGreaterThanOrEqual(0.9);
      }
    });
  }
});
