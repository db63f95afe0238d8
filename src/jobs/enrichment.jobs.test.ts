import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRegistry } from '../main/job-definitions.ts';
import { samplePng } from '../../test/bad-inputs.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';

describe('enrichment jobs [sqlite]', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime('sqlite', { embedder: 'none', moderation: 'false' });
  });
  afterAll(async () => rt?.dispose());

  it('queues one enrich.version job per intake in the intake transaction, and its handler enriches the version', async () => {
    const { asset } = await rt.intake.intake(Readable.from([await samplePng(3, 96)]), {
      fileName: 'job.png',
      fields: completeFields,
      mode: 'bulk',
      channel: 'test',
    });
    const jobs = (await rt.store.jobs.list({ name: 'enrich.version' }, { limit: 10 })).items;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      queue: 'enrichment',
      payload: { assetId: asset.id, version: 1 },
      dedupeKey: `enrich:${asset.id}:1:all`,
    });

    const registry = createJobRegistry(rt);
    const definition = registry.definition('enrich.version')!;
    const payload = registry.parse('enrich.version', jobs[0]!.payload);
    await definition.handler(payload, { job: jobs[0]!, signal: new AbortController().signal });
    const view = await rt.enrichments.view(asset.id);
    expect(view.results.map((r) => `${r.enricher}:${r.status}`)).toEqual(
      expect.arrayContaining(['renditions:done', 'hashes:done', 'palette:done']),
    );
    expect(() => registry.parse('enrich.version', { assetId: asset.id, only: ['ocr'] })).toThrow();
  });
});
