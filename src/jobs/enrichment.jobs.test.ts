import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProvenaError } from '../domain/errors.ts';
import { createJobRegistry } from '../main/job-definitions.ts';
import type { EnrichmentService, StepOutcome } from '../services/enrichment.service.ts';
import { enrichmentJobs } from './enrichment.jobs.ts';
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

  it('retries the job for a step that failed with a code the retry policy retries, and only then', async () => {
    const outcomeWith = (steps: StepOutcome[]) => ({ assetId: 'a', versionNumber: 1, steps, nearDuplicates: [] });
    const handlerFor = (steps: StepOutcome[]) => {
      const service = { enrichVersion: () => Promise.resolve(outcomeWith(steps)) } as unknown as EnrichmentService;
      const [definition] = enrichmentJobs({ openEnrichment: () => Promise.resolve(service) });
      return () =>
        definition.handler(
          { assetId: '00000000-0000-4000-8000-000000000000' },
          { job: {} as never, signal: new AbortController().signal },
        );
    };
    const failed = (code: string): StepOutcome => ({
      enricher: 'palette',
      status: 'failed',
      error: { code, message: `palette went ${code}` },
    });
    const done: StepOutcome = { enricher: 'hashes', status: 'done' };
    // Bad input: the failure is recorded, the job is done.
    await expect(handlerFor([done, failed('CORRUPT_FILE')])()).resolves.toBeUndefined();
    await expect(handlerFor([done])()).resolves.toBeUndefined();
    // Busy storage, a stopped thread, a bug, or a code outside the catalogue: another attempt, with the step's code.
    for (const [code, thrown] of [
      ['TRANSIENT_FAILURE', 'TRANSIENT_FAILURE'],
      ['STORAGE_UNAVAILABLE', 'STORAGE_UNAVAILABLE'],
      ['JOB_FAILED', 'JOB_FAILED'],
      ['INTERNAL', 'INTERNAL'],
      ['SOMETHING_ELSE', 'INTERNAL'],
    ]) {
      await expect(handlerFor([done, failed(code!)])()).rejects.toSatisfy(
        (error: unknown) => isProvenaError(error) && error.code === thrown && error.message.startsWith('palette:'),
      );
    }
  });
});
