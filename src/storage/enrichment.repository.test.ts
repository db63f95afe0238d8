import { CompiledQuery, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { newId } from '../domain/ids.ts';
import type { Store } from '../domain/ports.ts';
import type { VariantFamily } from '../domain/sameness.ts';
import { describeEachDialect } from '../../test/dialects.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import { halvesToHex, hexToHalves, SqlEnrichmentRepository } from './enrichment.repository.ts';

const now = () => new Date().toISOString();
const sha = () => newId().replace(/-/g, '').padEnd(64, 'a');

const addAsset = (store: Store, versions = 1) => addStoredAsset(store, { versions });

describe('hash halves', () => {
  it('round-trips every bit pattern through signed 32-bit halves', () => {
    for (const hex of [
      '0000000000000000',
      'ffffffffffffffff',
      '8000000000000001',
      '7fffffff80000000',
      '0123456789abcdef',
    ]) {
      const [hi, lo] = hexToHalves(hex);
      expect(hi).toBeGreaterThanOrEqual(-(2 ** 31));
      expect(hi).toBeLessThan(2 ** 31);
      expect(halvesToHex(hi, lo)).toBe(hex);
    }
  });
});

describeEachDialect('enrichment repository', ({ store, dialect }) => {
  it('upserts one result per (version, enricher) and keeps its model version and error', async () => {
    const { versionIds } = await addAsset(store());
    const versionId = versionIds[0]!;
    const repo = store().enrichment;
    const record = (enricher: string, modelVersion: string, status: 'done' | 'failed', result = {}) => ({
      versionId,
      enricher,
      model: 'm',
      modelVersion,
      status,
      ...(status === 'failed' ? { error: { code: 'CORRUPT_FILE', message: 'bad' } } : {}),
      producedAt: now(),
      result,
    });
    await repo.saveResults([record('palette', '1', 'failed'), record('hashes', '1', 'done')]);
    expect((await repo.results(versionId)).map((r) => [r.enricher, r.status, r.error?.code])).toEqual([
      ['hashes', 'done', undefined],
      ['palette', 'failed', 'CORRUPT_FILE'],
    ]);
    // Several rows in one statement, updating and inserting; of two for one pair the later wins.
    await repo.saveResults([
      record('palette', '2', 'done', { colours: 3 }),
      record('tags', '1', 'failed'),
      record('tags', '2', 'done', { tags: 4 }),
    ]);
    await repo.saveResults([]);
    const results = await repo.results(versionId);
    expect(results.map((r) => r.enricher)).toEqual(['hashes', 'palette', 'tags']);
    expect(results[1]).toMatchObject({
      enricher: 'palette',
      modelVersion: '2',
      status: 'done',
      result: { colours: 3 },
    });
    expect(results[1]!.error).toBeUndefined();
    expect(results[2]).toMatchObject({ enricher: 'tags', modelVersion: '2', status: 'done', result: { tags: 4 } });
    expect(results[2]!.error).toBeUndefined();
  });

  it("reads the current version's thumbhash placeholder of many assets at once", async () => {
    const two = await addAsset(store(), 2);
    const one = await addAsset(store());
    const bare = await addAsset(store());
    const renditions = (versionId: string, value: string, status: 'done' | 'failed' = 'done') => ({
      versionId,
      enricher: 'renditions',
      model: 'sharp',
      modelVersion: '1',
      status,
      producedAt: now(),
      result: { signals: { width: 4, height: 2, placeholder: { kind: 'thumbhash', value } }, roles: ['thumbnail'] },
    });
    await store().enrichment.saveResults([
      renditions(two.versionIds[0]!, 'old'),
      renditions(two.versionIds[1]!, 'current'),
      renditions(one.versionIds[0]!, 'only'),
      renditions(bare.versionIds[0]!, 'broken', 'failed'),
    ]);
    const placeholders = await store().enrichment.currentPlaceholders([two.assetId, one.assetId, bare.assetId]);
    expect(Object.fromEntries(placeholders)).toEqual({ [two.assetId]: 'current', [one.assetId]: 'only' });
    expect((await store().enrichment.currentPlaceholders([])).size).toBe(0);
  });

  // SQLite's plan only (registered, not skipped, on PostgreSQL: CI fails on a skip).
  if (dialect === 'sqlite')
    it('reads placeholders through the current versions by primary key, never every renditions result (SQLite plan)', async () => {
      // Statistics taken before any thumbnail was made (as a library analysed before an upgrade, or bench:web's):
      // as far as the planner knows there are no `renditions` results, so left the join order it read them all by
      // the (enricher, model_version) index, then looked for the asked assets among them.
      const assets = [];
      for (let i = 0; i < 40; i++) assets.push(await addAsset(store()));
      const result = (versionId: string, enricher: string) => ({
        versionId,
        enricher,
        model: 'm',
        modelVersion: '1',
        status: 'done' as const,
        producedAt: now(),
        result: { signals: { width: 4, height: 2, placeholder: { kind: 'thumbhash', value: 'x' } } },
      });
      await store().enrichment.saveResults(
        assets.flatMap((a) => ['palette', 'hashes', 'text'].map((e) => result(a.versionIds[0]!, e))),
      );
      await sql`analyze`.execute(store().db);
      await store().enrichment.saveResults(assets.map((a) => result(a.versionIds[0]!, 'renditions')));
      // The statement as the repository runs it, captured on its way to the database, then explained.
      const statements: CompiledQuery[] = [];
      const capturing = store().db.withPlugin({
        transformQuery: (args) => {
          statements.push(store().db.getExecutor().compileQuery(args.node, args.queryId));
          return args.node;
        },
        transformResult: (args) => Promise.resolve(args.result),
      });
      const placeholders = await new SqlEnrichmentRepository(capturing).currentPlaceholders(
        assets.slice(0, 3).map((a) => a.assetId),
      );
      expect(placeholders.size).toBe(3);
      const query = statements.find((q) => q.sql.includes('enrichment_results'))!;
      const plan = await store().db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      const steps = plan.rows.map((r) => r.detail);
      expect(steps.find((d) => d.includes('enrichment_results'))).toMatch(/\(version_id=\? AND enricher=\?\)/);
    });

  it('stores renditions by role, registers their blobs, and replaces only the named roles', async () => {
    const { versionIds } = await addAsset(store());
    const versionId = versionIds[0]!;
    const repo = store().enrichment;
    const r = (role: 'thumbnail' | 'preview' | 'poster' | 'keyframe', atSeconds?: number) => ({
      role,
      mediaType: 'image/webp',
      width: 4,
      height: 2,
      sha256: sha(),
      size: 9,
      ...(atSeconds !== undefined ? { atSeconds } : {}),
    });
    await repo.replaceRenditions(
      versionId,
      ['poster', 'keyframe'],
      [r('poster', 0.5), r('keyframe', 1), r('keyframe', 2)],
      now(),
    );
    await repo.replaceRenditions(versionId, ['thumbnail', 'preview'], [r('thumbnail'), r('preview')], now());
    const thumb2 = r('thumbnail');
    await repo.replaceRenditions(versionId, ['thumbnail', 'preview'], [thumb2], now());
    const stored = await repo.renditions(versionId);
    expect(stored.map((x) => x.role)).toEqual(['keyframe', 'keyframe', 'poster', 'thumbnail']);
    expect(stored.filter((x) => x.role === 'keyframe').map((x) => x.atSeconds)).toEqual([1, 2]);
    expect(stored.find((x) => x.role === 'thumbnail')!.sha256).toBe(thumb2.sha256);
    const referenced: string[] = [];
    for await (const s of store().assets.referencedBlobs()) referenced.push(s);
    expect(referenced).toContain(thumb2.sha256);
  });

  it('stores palette, tags (one per source/category/label) and embeddings as exact float32 bytes', async () => {
    const { versionIds } = await addAsset(store());
    const versionId = versionIds[0]!;
    const repo = store().enrichment;
    await repo.replacePalette(versionId, [
      { hex: '#ff0000', lab: { l: 53.24, a: 80.09, b: 67.2 }, share: 0.75, name: 'red', family: 'red' },
      { hex: '#0000ff', lab: { l: 32.3, a: 79.19, b: -107.86 }, share: 0.25, name: 'blue', family: 'blue' },
    ]);
    expect((await repo.palette(versionId)).map((c) => [c.name, c.share])).toEqual([
      ['red', 0.75],
      ['blue', 0.25],
    ]);
    await repo.replaceTags(
      versionId,
      ['prompt'],
      [
        { label: 'fox', category: 'subject', source: 'prompt', confidence: 0.7, model: 'c@1' },
        { label: 'fox', category: 'subject', source: 'prompt', confidence: 0.9, model: 'c@1' },
      ],
    );
    await repo.replaceTags(
      versionId,
      ['visual'],
      [{ label: 'neutral', category: 'moderation', source: 'visual', confidence: 0.8, model: 'm@1' }],
    );
    await repo.replaceTags(
      versionId,
      ['prompt'],
      [{ label: 'lighthouse', category: 'subject', source: 'prompt', confidence: 0.6, model: 'c@1' }],
    );
    expect((await repo.tags(versionId)).map((t) => `${t.source}:${t.label}`)).toEqual([
      'visual:neutral',
      'prompt:lighthouse',
    ]);

    const vector = Float32Array.from([0.1, -0.2, 1e-8, 3.4028234e38]);
    await repo.saveEmbedding(versionId, { model: 'emb', modelVersion: '1', vector }, now());
    const [stored] = await repo.embeddings(versionId);
    expect(stored).toMatchObject({ model: 'emb', modelVersion: '1', dimensions: 4 });
    expect(Array.from(stored!.vector)).toEqual(Array.from(vector));
  });

  it('pages the current version hashes by asset id for the index load, and finds current embeddings', async () => {
    const a = await addAsset(store(), 2);
    const b = await addAsset(store());
    const repo = store().enrichment;
    const h = (x: string) => ({
      full: { dHash: x.repeat(16), pHash: 'f'.repeat(16) },
      inset: { dHash: '8'.repeat(16), pHash: '0123456789abcdef' },
    });
    await repo.replaceHashes(a.versionIds[0]!, a.assetId, h('1'), 'hashes@1');
    await repo.replaceHashes(a.versionIds[1]!, a.assetId, h('2'), 'hashes@1');
    await repo.replaceHashes(b.versionIds[0]!, b.assetId, h('3'), 'hashes@1');
    const first = await repo.currentHashes('', 1);
    expect(first).toHaveLength(1);
    const all = [...first, ...(await repo.currentHashes(first[0]!.assetId, 10))].filter(
      (r) => r.assetId === a.assetId || r.assetId === b.assetId,
    );
    expect(all.map((r) => r.hashes.full.dHash)).toEqual([h('2').full.dHash, h('3').full.dHash]);
    expect(await repo.hashes(a.versionIds[0]!)).toEqual(h('1'));

    await repo.saveEmbedding(
      a.versionIds[1]!,
      { model: 'emb', modelVersion: '1', vector: Float32Array.from([1, 0]) },
      now(),
    );
    await repo.saveEmbedding(
      b.versionIds[0]!,
      { model: 'other', modelVersion: '1', vector: Float32Array.from([0, 1]) },
      now(),
    );
    const found = await repo.currentEmbeddings([a.assetId, b.assetId], 'emb');
    expect([...found.keys()]).toEqual([a.assetId]);
  });

  it('replaces the near-duplicate links of one version and lists links both ways', async () => {
    const a = await addAsset(store());
    const b = await addAsset(store());
    const repo = store().enrichment;
    const link = {
      assetId: b.assetId,
      versionNumber: 1,
      matchedAssetId: a.assetId,
      verdict: 'near-duplicate' as const,
      distances: { dHash: 2, pHash: 3, via: 'direct' as const, embeddingCosine: 0.97 },
      reason: 'r',
      decidedBy: 'rule@1',
      createdAt: now(),
    };
    await repo.replaceLinks(b.assetId, 1, [link]);
    await repo.replaceLinks(b.assetId, 1, [link]);
    expect(await repo.linksOf(a.assetId)).toEqual([link]);
    expect(await repo.linksOf(b.assetId)).toEqual([link]);
    await repo.replaceLinks(b.assetId, 1, []);
    expect(await repo.linksOf(a.assetId)).toEqual([]);
  });
});

describeEachDialect('family repository', ({ store }) => {
  it('keeps one family per asset, moves members, pages families and finds lineage', async () => {
    const [a, b, c] = [await addAsset(store()), await addAsset(store()), await addAsset(store())];
    const repo = store().families;
    const family: VariantFamily = {
      id: newId(),
      state: 'suggested',
      canonicalAssetId: a.assetId,
      reason: 'prompt-seed',
      members: [
        { assetId: a.assetId, role: 'canonical', state: 'suggested', reason: 'prompt-seed', addedAt: now() },
        {
          assetId: b.assetId,
          role: 'variant',
          state: 'suggested',
          reason: 'prompt-seed',
          matchedAssetId: a.assetId,
          addedAt: now(),
        },
      ],
      createdAt: now(),
      updatedAt: now(),
    };
    await repo.insert(family);
    expect(await repo.familyOf(b.assetId)).toEqual(family);
    await expect(
      repo.addMember(newId(), {
        assetId: b.assetId,
        role: 'variant',
        state: 'confirmed',
        reason: 'manual',
        addedAt: now(),
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await repo.addMember(family.id, {
      assetId: c.assetId,
      role: 'variant',
      state: 'suggested',
      reason: 'visual',
      addedAt: now(),
    });
    await repo.updateMember(family.id, c.assetId, { state: 'confirmed' });
    await repo.update(family.id, { state: 'confirmed', canonicalAssetId: b.assetId, updatedAt: now() });
    const after = (await repo.get(family.id))!;
    expect(after).toMatchObject({ state: 'confirmed', canonicalAssetId: b.assetId });
    expect(after.members.find((m) => m.assetId === c.assetId)).toMatchObject({ state: 'confirmed', reason: 'visual' });
    expect((await repo.list({ state: 'confirmed' }, { limit: 10 })).items.map((f) => f.id)).toContain(family.id);
    expect((await repo.list({ state: 'suggested' }, { limit: 10 })).items.map((f) => f.id)).not.toContain(family.id);
    await repo.removeMember(family.id, c.assetId);
    expect(await repo.familyOf(c.assetId)).toBeUndefined();
    await repo.delete(family.id);
    expect(await repo.get(family.id)).toBeUndefined();

    await repo.saveLineage({ assetId: a.assetId, versionNumber: 1, promptKey: 'k1', seed: '1' });
    await repo.saveLineage({ assetId: b.assetId, versionNumber: 1, promptKey: 'k1', seed: '2', batchId: 'batch-9' });
    await repo.saveLineage({ assetId: c.assetId, versionNumber: 1, promptKey: 'k2', batchId: 'batch-9' });
    await repo.saveLineage({ assetId: c.assetId, versionNumber: 1, promptKey: 'k1', batchId: 'batch-9' });
    expect((await repo.samePrompt('k1', a.assetId, 10)).map((l) => l.assetId)).toEqual([b.assetId, c.assetId]);
    expect((await repo.lineageOf([c.assetId, a.assetId, newId()])).map((l) => [l.assetId, l.promptKey])).toEqual(
      [
        [a.assetId, 'k1'],
        [c.assetId, 'k1'],
      ].sort(([x], [y]) => (x! < y! ? -1 : 1)),
    );
    expect(await repo.lineageOf([])).toEqual([]);
    expect(await repo.sameBatch('batch-9', b.assetId, 10)).toEqual([
      { assetId: c.assetId, versionNumber: 1, promptKey: 'k1', batchId: 'batch-9' },
    ]);
  });

  it('lists only the families whose every member is of a team given', async () => {
    const [finance, studio] = await store().transaction(async (tx) => [
      (await tx.catalog.ensure('team', 'Finance')).entry.id,
      (await tx.catalog.ensure('team', 'Studio')).entry.id,
    ]);
    const family = (id: string, members: string[]): VariantFamily => ({
      id,
      state: 'confirmed',
      canonicalAssetId: members[0]!,
      reason: 'manual',
      members: members.map((assetId, i) => ({
        assetId,
        role: i === 0 ? 'canonical' : 'variant',
        state: 'confirmed',
        reason: 'manual',
        addedAt: now(),
      })),
      createdAt: now(),
      updatedAt: now(),
    });
    const inTeam = async (teamId: string) => (await addStoredAsset(store(), { teamId })).assetId;
    const [inFinance, mixed] = [newId(), newId()];
    await store().families.insert(family(inFinance, [await inTeam(finance), await inTeam(finance)]));
    await store().families.insert(family(mixed, [await inTeam(studio), (await addStoredAsset(store())).assetId]));
    const alsoStudio = newId();
    await store().families.insert(family(alsoStudio, [await inTeam(studio), await inTeam(studio)]));
    const ids = async (teamIds: string[]) =>
      (await store().families.list({ teamIds }, { limit: 50 })).items.map((f) => f.id).sort();
    // A member without a team keeps its family out of every team's list.
    expect(await ids([finance])).toEqual([inFinance]);
    expect(await ids([studio])).toEqual([alsoStudio]);
    expect(await ids([finance, studio])).toEqual([inFinance, alsoStudio].sort());
    expect(await ids([])).toEqual([]);
  });
});
