/**
 * Rendition files the blob store already held (an old orphan, say) can be deleted by `doctor --fix` between their
 * storage and the transaction that records them: that transaction puts them back.
 */
import { rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { createEnrichers, enrichmentDepsOn } from '../../test/enrichment.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import type { BlobStore } from '../domain/ports.ts';
import { EnrichmentService } from './enrichment.service.ts';
import { operator } from '../../test/contexts.ts';

for (const dialect of dialects) {
  describeDialect(dialect, `rendition files [${dialect}]`, () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
    });
    afterAll(() => rt.dispose());

    it('writes again a reused rendition file that was deleted before the run recorded it', async () => {
      const { asset } = await rt.intake.intake(operator, Readable.from([await samplePng(70, 128)]), {
        fileName: 'reused.png',
        fields: completeFields,
        mode: 'bulk',
      });
      const enrichers = await createEnrichers({ maxPixels: rt.config.maxPixels, pixelThreads: 0 });
      try {
        const plain = enrichmentDepsOn(rt, enrichers);
        await new EnrichmentService(plain).enrichVersion(operator, asset.id, undefined, { only: ['renditions'] });
        // Bytes found already stored, then removed (by garbage collection) before the run's transaction.
        const collected: BlobStore = new Proxy(rt.blobs, {
          get(target, property, receiver) {
            if (property === 'put')
              return async (bytes: Uint8Array, options?: { sha256?: string }) => {
                const stored = await target.put(bytes, options);
                if (!stored.created) rmSync(target.pathOf(stored.sha256));
                return stored;
              };
            const value: unknown = Reflect.get(target, property, receiver);
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
          },
        });
        await new EnrichmentService({ ...plain, blobs: collected }).enrichVersion(operator, asset.id, undefined, {
          only: ['renditions'],
          force: true,
        });
        const renditions = await rt.store.enrichment.renditions(asset.versions[0]!.id);
        expect(renditions.length).toBeGreaterThan(0);
        for (const rendition of renditions) expect(await rt.blobs.verify(rendition.sha256)).toBe(true);
      } finally {
        await enrichers.dispose?.();
      }
    });
  });
}
