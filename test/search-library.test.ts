/**
 * The search benchmark's synthetic library (bench/search/): its distributions, its determinism, and rows that the
 * rest of Provena accepts as its own — digests that verify, a status change the repository allows, enrichment read
 * back through the repositories — on both dialects.
 */
import { describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { checkRowDigest, assetDigestFields, versionDigestFields } from '../src/domain/row-digest.ts';
import type { Database } from '../src/storage/schema.ts';
import {
  catalogueSizes,
  corpusEnd,
  corpusSpanMs,
  embeddingDimensions,
  generateSearchAsset,
  SearchEmbeddingSpace,
  type SearchAssetSpec,
} from '../bench/search/corpus.ts';
import { buildSearchLibrary } from '../bench/search/library.ts';
import { describeEachDialect, testAuditKey } from './dialects.ts';
import { relevanceSet, writeRelevanceCorpus } from './search-relevance-set.ts';

const share = (specs: readonly SearchAssetSpec[], test: (s: SearchAssetSpec) => boolean) =>
  specs.filter(test).length / specs.length;

describe('the synthetic search corpus', () => {
  const specs = Array.from({ length: 6000 }, (_, i) => generateSearchAsset(3, i));

  it('is a pure function of seed and index', () => {
    expect(generateSearchAsset(3, 123)).toEqual(specs[123]);
    expect(generateSearchAsset(4, 123).id).not.toBe(specs[123]!.id);
    expect(new Set(specs.map((s) => s.id)).size).toBe(specs.length);
    expect(new Set(specs.map((s) => s.blobSha256)).size).toBe(specs.length);
  });

  it('has the distributions of a real library', () => {
    expect(share(specs, (s) => s.ocr !== undefined)).toBeGreaterThan(0.12);
    expect(share(specs, (s) => s.ocr !== undefined)).toBeLessThan(0.18);
    expect(share(specs, (s) => s.faces > 0)).toBeGreaterThan(0.25);
    expect(share(specs, (s) => s.faces > 0)).toBeLessThan(0.4);
    expect(new Set(specs.map((s) => s.tool.tool)).size).toBe(12);
    expect(new Set(specs.map((s) => s.model).filter(Boolean)).size).toBeGreaterThanOrEqual(28);
    expect(new Set(specs.map((s) => s.campaignIndex).filter((c) => c !== undefined)).size).toBeGreaterThan(150);
    expect(Math.max(...specs.map((s) => s.teamIndex))).toBeLessThan(catalogueSizes.teams);
    const times = specs.map((s) => Date.parse(s.createdAt));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(corpusEnd - corpusSpanMs);
    expect(Math.max(...times)).toBeLessThanOrEqual(corpusEnd);
    // More recent work than old: the library grows.
    expect(share(specs, (s) => Date.parse(s.createdAt) > corpusEnd - corpusSpanMs / 2)).toBeGreaterThan(0.6);
    // Statuses skewed: published the most common, every status present.
    const statuses = new Map<string, number>();
    for (const s of specs) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
    expect([...statuses].sort((a, b) => b[1] - a[1])[0]![0]).toBe('published');
    expect(statuses.size).toBe(11);
    // Zipf: the most common subject is far more common than the median one.
    const subjects = new Map<string, number>();
    for (const s of specs) subjects.set(s.subject.word, (subjects.get(s.subject.word) ?? 0) + 1);
    const counts = [...subjects.values()].sort((a, b) => b - a);
    expect(counts[0]!).toBeGreaterThan(10 * counts[Math.floor(counts.length / 2)]!);
    // Thousands of distinct words across the fields a search indexes.
    const words = new Set(
      specs.flatMap((s) => `${s.prompt ?? ''} ${s.title} ${s.ocr?.text ?? ''}`.toLowerCase().split(/[^a-zà-ž0-9]+/)),
    );
    expect(words.size).toBeGreaterThan(1000);
    expect(share(specs, (s) => s.negativePrompt !== undefined)).toBeGreaterThan(0.2);
    expect(share(specs, (s) => s.family !== undefined)).toBeGreaterThan(0.05);
  });

  it('makes embeddings whose nearest neighbours share the subject', () => {
    const space = new SearchEmbeddingSpace(3);
    const sample = specs.slice(0, 400);
    const vectors = sample.map((s) => space.vectorOf(s));
    for (const v of vectors) {
      expect(v).toHaveLength(embeddingDimensions);
      expect(Math.hypot(...v)).toBeCloseTo(1, 4);
      // Non-negative, like the pooled activations of the MobileNet embedder.
      expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    }
    let sameSubject = 0;
    vectors.forEach((v, i) => {
      let best = -2;
      let bestAt = -1;
      vectors.forEach((w, j) => {
        if (i === j) return;
        let dot = 0;
        for (let d = 0; d < v.length; d++) dot += v[d]! * w[d]!;
        if (dot > best) [best, bestAt] = [dot, j];
      });
      if (sample[bestAt]!.subject === sample[i]!.subject) sameSubject++;
    });
    // By chance (Zipf subjects) about one in ten would; clusters make it most.
    expect(sameSubject / vectors.length).toBeGreaterThan(0.8);
  });
});

describeEachDialect('the search library written into the tables', ({ store, dialect }) => {
  const seed = 7;
  const assets = 120;
  let hooked: Kysely<Database> | undefined;

  it('writes every asset in batches and calls the after-build hook once', async () => {
    const report = await buildSearchLibrary({
      db: store().db,
      dialect,
      assets,
      seed,
      auditKey: testAuditKey,
      batch: 32,
      afterBuild: (db) => {
        expect(hooked).toBeUndefined();
        hooked = db;
        return Promise.resolve();
      },
    });
    expect(hooked).toBe(store().db);
    expect(report.assets).toBe(assets);
    expect(report.rows).toBeGreaterThan(assets * 15);
    const count = async (table: string) =>
      Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(store().db)).rows[0]!.n);
    expect(await count('assets')).toBe(assets);
    expect(await count('embeddings')).toBe(assets);
    expect(await count('teams')).toBe(catalogueSizes.teams);
    expect(await count('campaigns')).toBe(catalogueSizes.campaigns);
  });

  it('gives every asset and version row a digest that verifies', async () => {
    let rows = 0;
    for await (const row of store().assets.digestedRows()) {
      const check =
        row.type === 'asset'
          ? checkRowDigest(testAuditKey, 'asset', row.asset.id, assetDigestFields(row.asset), row.digest)
          : checkRowDigest(testAuditKey, 'version', row.version.id, versionDigestFields(row.version), row.digest);
      expect(check).toEqual({ ok: true });
      rows++;
    }
    expect(rows).toBeGreaterThan(assets * 2);
  });

  it('reads back through the repositories as generated', async () => {
    for (const index of [0, 1, 57, assets - 1]) {
      const spec = generateSearchAsset(seed, index);
      const asset = await store().assets.get(spec.id);
      expect(asset).toMatchObject({
        title: spec.title,
        status: spec.status,
        tool: spec.tool.tool,
        riskTier: spec.riskTier,
        currentVersion: spec.versions,
      });
      expect(asset!.prompt).toBe(spec.prompt);
      expect(asset!.team?.id).toBeDefined();
      const current = asset!.versions.find((v) => v.number === spec.versions)!;
      expect(current.id).toBe(spec.versionId);
      expect(current.provenance.prompt?.negative).toBe(
        spec.aiInvolvement === 'unknown' ? undefined : spec.negativePrompt,
      );
      expect(current.provenance.aiInvolvement).toBe(spec.aiInvolvement);
      const [embedding] = await store().enrichment.embeddings(spec.versionId);
      expect(embedding!.dimensions).toBe(embeddingDimensions);
      expect([...embedding!.vector]).toEqual([...new SearchEmbeddingSpace(seed).vectorOf(spec)]);
      expect((await store().enrichment.palette(spec.versionId)).map((c) => c.hex)).toEqual(
        spec.palette.map((c) => c.hex),
      );
      const tags = await store().enrichment.tags(spec.versionId);
      expect(new Set(tags.map((t) => `${t.source}:${t.label}`))).toEqual(
        new Set(spec.tags.map((t) => `${t.source}:${t.label}`)),
      );
      const text = await store().enrichment.result(spec.versionId, 'text');
      expect(text!.status).toBe('done');
      expect((text!.result as { text: string }).text).toBe(spec.ocr?.text ?? '');
    }
  });

  it('takes a status change like any asset (the repository checks the digest first)', async () => {
    const spec = generateSearchAsset(seed, 3);
    await store().transaction((tx) => tx.assets.setStatus(spec.id, 'archived', new Date().toISOString(), spec.status));
    expect((await store().assets.get(spec.id))!.status).toBe('archived');
  });
});

describeEachDialect('the judged relevance corpus written into the tables', ({ store, dialect }) => {
  it('writes every asset of the set, planted ones included, readable through the repositories', async () => {
    const set = relevanceSet();
    await writeRelevanceCorpus(store().db, dialect, set, testAuditKey);
    const { rows } = await sql<{ n: number }>`select count(*) as n from assets`.execute(store().db);
    expect(Number(rows[0]!.n)).toBe(set.corpus.length);
    const planted = set.corpus.filter((spec) => spec.title.startsWith('Castle Rock offsite'));
    expect(planted).toHaveLength(3);
    for (const spec of planted) expect((await store().assets.get(spec.id))!.title).toBe(spec.title);
    const blurry = set.queries.find((q) => q.id === 'negative-blurry')!;
    for (const id of blurry.judgments.keys()) expect((await store().assets.get(id))!.prompt).toMatch(/^blurry /);
  });
});
