/**
 * Several processes over one database: each EnrichmentService keeps its own in-memory similarity index, and must see
 * the hashes the others stored after it started (refreshIndex, migration 0004). Here the "other process" is the
 * runtime's enrichment service and "this process" a second service with its own index over the same database.
 */
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AssetVersion } from '../domain/asset.ts';
import type { Enrichers } from '../domain/enrichers.ts';
import { ProvenaError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Store } from '../domain/ports.ts';
import { emptyProvenance } from '../domain/provenance.ts';
import { createEnrichers, enrichmentDepsOn, render } from '../../test/enrichment.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { EnrichmentService, type EnrichmentDeps, type EnrichOutcome } from './enrichment.service.ts';
import { operator } from '../../test/contexts.ts';

const { prompt: _declaredPrompt, ...renderFields } = completeFields;

const nearDuplicatesOf = (outcome: EnrichOutcome): string[] =>
  outcome.nearDuplicates.filter((l) => l.verdict === 'near-duplicate').map((l) => l.matchedAssetId);

/** The same picture, smaller and re-encoded: a near-duplicate by its hashes, not an exact duplicate. */
const reencoded = (png: Buffer): Promise<Buffer> => sharp(png).resize(384).jpeg({ quality: 80 }).toBuffer();

for (const dialect of dialects) {
  describeDialect(dialect, `similarity index refresh [${dialect}]`, () => {
    let rt: TestRuntime;
    /** The other process: the runtime's own enrichment service, over the runtime's connection. */
    let other: EnrichmentService;
    /** This process's enrichers. */
    let enrichers: Enrichers;

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
      other = await rt.openEnrichment();
      enrichers = await createEnrichers({ maxPixels: rt.config.maxPixels });
    });
    afterAll(async () => {
      await enrichers?.dispose?.();
      await rt?.dispose();
    });

    /** A service of "this process", with its own index. */
    const newService = (options: Pick<EnrichmentDeps, 'similarityRefreshMs'>, store: Store = rt.store) =>
      new EnrichmentService({
        ...enrichmentDepsOn({ store, workflow: rt.workflow, blobs: rt.blobs }, enrichers),
        ...options,
      });
    /** Started: its index loaded now, as at startup. */
    const startService = async (options: Pick<EnrichmentDeps, 'similarityRefreshMs'>) => {
      const service = newService(options);
      await service.loadIndex();
      return service;
    };
    /** The database with some enrichment repository methods replaced (a failing or counting one). */
    const storeWith = (methods: Partial<Store['enrichment']>): Store => {
      const enrichment = Object.create(rt.store.enrichment) as Store['enrichment'];
      for (const [name, method] of Object.entries(methods)) Object.defineProperty(enrichment, name, { value: method });
      return Object.create(rt.store, { enrichment: { value: enrichment } }) as Store;
    };

    const ingest = async (bytes: Buffer, fileName: string) => {
      const result = await rt.intake.intake(operator, Readable.from([bytes]), {
        fileName,
        fields: renderFields,
        mode: 'bulk',
      });
      expect(result.status).not.toBe('duplicate');
      return result.asset;
    };

    it('flags a near-duplicate of an image another process enriched after this one loaded its index', async () => {
      const service = await startService({ similarityRefreshMs: 0 });
      // The old behaviour, as a control: an index loaded once and never refreshed.
      const loadedOnce = await startService({ similarityRefreshMs: Infinity });

      const originalBytes = await render(2201, 'a brass compass on a map', '3001');
      const original = await ingest(originalBytes, 'compass.png');
      const theirs = await other.enrichVersion(operator, original.id, undefined);
      expect(theirs.steps.find((s) => s.enricher === 'hashes')?.status).toBe('done');

      const copy = await ingest(await reencoded(originalBytes), 'compass-small.jpg');
      const outcome = await service.enrichVersion(operator, copy.id, undefined);
      expect(outcome.steps.filter((s) => s.status === 'failed')).toEqual([]);
      expect(nearDuplicatesOf(outcome)).toEqual([original.id]);
      // Recorded with the matched asset, and audited.
      const view = await rt.enrichments.view(operator, copy.id);
      expect(view.nearDuplicates).toEqual([
        expect.objectContaining({ assetId: copy.id, matchedAssetId: original.id, verdict: 'near-duplicate' }),
      ]);
      const audit = await rt.store.audit.forSubject('asset', copy.id);
      expect(audit.map((e) => e.action)).toContain('asset.near-duplicate-flagged');

      const stale = await loadedOnce.enrichVersion(operator, copy.id, undefined, { only: ['hashes'], force: true });
      expect(nearDuplicatesOf(stale)).toEqual([]);
    });

    it('refreshes once per interval, shares a refresh running for concurrent lookups, and loads a never-loaded index', async () => {
      const calls: string[] = [];
      const counting = (similarityRefreshMs: number) =>
        newService(
          { similarityRefreshMs },
          storeWith({
            currentHashes: (after, limit) => {
              calls.push('load');
              return rt.store.enrichment.currentHashes(after, limit);
            },
            currentHashesStoredSince: (since, after, limit) => {
              calls.push('since');
              return rt.store.enrichment.currentHashesStoredSince(since, after, limit);
            },
          }),
        );

      const hourly = counting(3_600_000);
      await Promise.all([hourly.refreshIndex(), hourly.refreshIndex(), hourly.refreshIndex()]);
      await hourly.refreshIndex();
      expect(calls).toEqual(['load']);

      calls.length = 0;
      const always = counting(0);
      await always.loadIndex();
      await always.refreshIndex();
      await always.refreshIndex();
      expect(calls).toEqual(['load', 'since', 'since']);
    });

    it('fails the hashes step, recorded and retried later, when the refresh cannot read the database', async () => {
      const unreachable = new ProvenaError('STORAGE_UNAVAILABLE', 'The database could not be reached.');
      // This process's database, except that the refresh's query fails.
      const failing = newService(
        { similarityRefreshMs: 0 },
        storeWith({ currentHashesStoredSince: () => Promise.reject(unreachable) }),
      );
      await failing.loadIndex();

      const bytes = await render(2401, 'a paper boat on a pond', '5001');
      const original = await ingest(bytes, 'boat.png');
      await other.enrichVersion(operator, original.id, undefined, { only: ['hashes'] });
      const copy = await ingest(await reencoded(bytes), 'boat-small.jpg');
      const outcome = await failing.enrichVersion(operator, copy.id, undefined, { only: ['hashes', 'palette'] });
      expect(outcome.steps).toEqual([
        expect.objectContaining({
          enricher: 'hashes',
          status: 'failed',
          error: { code: 'STORAGE_UNAVAILABLE', message: unreachable.message },
        }),
        expect.objectContaining({ enricher: 'palette', status: 'done' }),
      ]);
      const version = copy.versions[0]!;
      expect(await rt.store.enrichment.result(version.id, 'hashes')).toMatchObject({ status: 'failed' });
      expect(await rt.store.enrichment.hashes(version.id)).toBeUndefined();

      // The next run (here by a process whose database answers) retries the failed step and finds the match.
      const service = await startService({ similarityRefreshMs: 0 });
      const retried = await service.enrichVersion(operator, copy.id, undefined, { only: ['hashes', 'palette'] });
      expect(retried.steps.map((s) => s.status)).toEqual(['done', 'skipped']);
      expect(nearDuplicatesOf(retried)).toEqual([original.id]);
    });

    it("never brings back a superseded version's hashes, even when they were written last", async () => {
      const service = await startService({ similarityRefreshMs: 0 });
      const firstBytes = await render(2301, 'a red kite over dunes', '4001');
      const secondBytes = await render(2302, 'a green kite over dunes', '4002');

      // An asset whose version 2 (a different picture) superseded version 1.
      const versions: AssetVersion[] = [];
      for (const [i, bytes] of [firstBytes, secondBytes].entries()) {
        const staged = await rt.blobs.stage(bytes, { maxBytes: bytes.length });
        await rt.blobs.commit(staged);
        versions.push({
          id: newId(),
          assetId: '',
          number: i + 1,
          blob: { sha256: staged.sha256, size: staged.size },
          mediaType: 'image/png',
          fileName: `kite-${i + 1}.png`,
          provenance: emptyProvenance(),
          createdAt: new Date().toISOString(),
          createdBy: 'test',
        });
      }
      const assetId = newId();
      await rt.store.transaction(async (tx) => {
        const at = new Date().toISOString();
        await tx.assets.insert({
          id: assetId,
          title: 'kite',
          kind: 'image',
          status: 'draft',
          quarantineReasons: [],
          rightsStatus: 'pending',
          currentVersion: 2,
          createdAt: at,
          updatedAt: at,
        });
        for (const version of versions) await tx.assets.insertVersion({ ...version, assetId });
      });
      // The other process hashes the current version, then (a forced re-run) the superseded one, which is written last.
      await other.enrichVersion(operator, assetId, 2, { only: ['hashes'] });
      const old = await other.enrichVersion(operator, assetId, 1, { only: ['hashes'], force: true });
      expect(old.steps).toEqual([expect.objectContaining({ enricher: 'hashes', status: 'done' })]);

      const copyOfFirst = await ingest(await reencoded(firstBytes), 'kite-1-small.jpg');
      const copyOfSecond = await ingest(await reencoded(secondBytes), 'kite-2-small.jpg');
      expect(
        nearDuplicatesOf(await service.enrichVersion(operator, copyOfFirst.id, undefined, { only: ['hashes'] })),
      ).toEqual([]);
      expect(
        nearDuplicatesOf(await service.enrichVersion(operator, copyOfSecond.id, undefined, { only: ['hashes'] })),
      ).toEqual([assetId]);
    });
  });
}
