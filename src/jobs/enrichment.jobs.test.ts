import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { systemContext } from '../domain/access.ts';
import { isProvenaError } from '../domain/errors.ts';
import type { Job } from '../domain/jobs.ts';
import { createJobRegistry } from '../main/job-definitions.ts';
import { EnrichmentService, type EnrichOutcome, type StepOutcome } from '../services/enrichment.service.ts';
import { enrichmentJobs } from './enrichment.jobs.ts';
import { createRegistry, type JobRegistry } from './registry.ts';
import { Worker } from './worker.ts';
import { samplePng } from '../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { createEnrichers, enrichmentDepsOn } from '../../test/enrichment.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { eventually } from '../../test/waiting.ts';
import { operator } from '../../test/contexts.ts';

describe('enrichment jobs [sqlite]', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime('sqlite', { embedder: 'none', moderation: 'false' });
  });
  afterAll(async () => rt?.dispose());

  it('queues one enrich.version job per intake in the intake transaction, and its handler enriches the version', async () => {
    const { asset } = await rt.intake.intake(operator, Readable.from([await samplePng(3, 96)]), {
      fileName: 'job.png',
      fields: completeFields,
      mode: 'bulk',
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
    await definition.handler(payload, {
      job: jobs[0]!,
      ctx: systemContext('enrich.version'),
      signal: new AbortController().signal,
      stillHeld: () => Promise.resolve(),
    });
    const view = await rt.enrichments.view(operator, asset.id);
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
          {
            job: {} as never,
            ctx: systemContext('enrich.version'),
            signal: new AbortController().signal,
            stillHeld: () => Promise.resolve(),
          },
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

for (const dialect of dialects) {
  describeDialect(dialect, `enrichment jobs under a worker [${dialect}]`, () => {
    /** A runtime of the test's own: the worker takes every job in its database. */
    async function runtime(): Promise<TestRuntime> {
      const rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
      onTestFinished(() => rt.dispose());
      return rt;
    }

    /** The job intake queued for the asset. */
    async function jobOf(rt: TestRuntime, assetId: string): Promise<Job> {
      const jobs = (await rt.store.jobs.list({ name: 'enrich.version' }, { limit: 100 })).items;
      return jobs.find((j) => (j.payload as { assetId: string }).assetId === assetId)!;
    }

    function startWorker(rt: TestRuntime, registry: JobRegistry): Worker {
      const worker = new Worker({
        store: rt.store,
        registry,
        concurrency: 1,
        leaseMs: 1000,
        minPollMs: 10,
        maxPollMs: 50,
        backoff: { baseMs: 5, maxMs: 20 },
      });
      worker.start();
      onTestFinished(() => worker.stop({ graceMs: 0 }));
      return worker;
    }

    const ingest = async (rt: TestRuntime, seed: number) =>
      (
        await rt.intake.intake(operator, Readable.from([await samplePng(seed, 96)]), {
          fileName: `job-${seed}.png`,
          fields: completeFields,
          mode: 'bulk',
        })
      ).asset;

    it('records nothing for a job cancelled while it runs', async () => {
      const rt = await runtime();
      const asset = await ingest(rt, 21);
      const job = await jobOf(rt, asset.id);
      // The run waits at its first read of the original until the job has been cancelled.
      let reached!: () => void;
      const reading = new Promise<void>((resolve) => (reached = resolve));
      let release!: () => void;
      const cancelled = new Promise<void>((resolve) => (release = resolve));
      const enrichers = await createEnrichers({ maxPixels: rt.config.maxPixels, pixelThreads: 0 });
      onTestFinished(() => enrichers.dispose?.());
      const plain = enrichmentDepsOn(rt, enrichers);
      const service = new EnrichmentService({
        ...plain,
        localFile: async (sha) => {
          reached();
          await cancelled;
          return plain.localFile(sha);
        },
      });
      const runs: Promise<EnrichOutcome>[] = [];
      const enrichVersion = service.enrichVersion.bind(service);
      service.enrichVersion = (...args) => {
        const run = enrichVersion(...args);
        runs.push(run);
        return run;
      };
      startWorker(rt, createRegistry(enrichmentJobs({ openEnrichment: () => Promise.resolve(service) })));
      await reading;
      expect(await rt.store.jobs.cancel(job.id)).toMatchObject({ status: 'cancelled' });
      release();
      const [outcome] = await Promise.allSettled(runs);
      expect(outcome).toMatchObject({ status: 'rejected' });
      expect(await rt.store.enrichment.results(asset.versions[0]!.id)).toEqual([]);
      expect(await rt.store.enrichment.renditions(asset.versions[0]!.id)).toEqual([]);
      expect(await rt.store.jobs.get(job.id)).toMatchObject({ status: 'cancelled' });
    });

    it('fails a job whose original is missing or damaged, retries it, then gives it up, recording nothing', async () => {
      const rt = await runtime();
      const missing = await ingest(rt, 22);
      const cutShort = await ingest(rt, 23);
      const overwritten = await ingest(rt, 24);
      const pathOf = (asset: typeof missing) => rt.blobs.pathOf(asset.versions[0]!.blob.sha256);
      rmSync(pathOf(missing));
      const damage = (asset: typeof missing, bytes: (good: Buffer) => Buffer) => {
        const good = readFileSync(pathOf(asset));
        chmodSync(pathOf(asset), 0o644);
        writeFileSync(pathOf(asset), bytes(good));
      };
      damage(cutShort, (good) => good.subarray(0, good.length >> 1));
      // Same size, bytes past the PNG signature zeroed: only the digest tells.
      damage(overwritten, (good) => Buffer.concat([good.subarray(0, 8), Buffer.alloc(good.length - 8)]));

      startWorker(rt, createJobRegistry(rt));
      for (const [asset, code] of [
        [missing, 'BLOB_MISSING'],
        [cutShort, 'INTEGRITY_ERROR'],
        [overwritten, 'INTEGRITY_ERROR'],
      ] as const) {
        const { id } = await jobOf(rt, asset.id);
        const job = await eventually(
          () => rt.store.jobs.get(id),
          (j) => j?.status === 'dead' || j?.status === 'succeeded',
        );
        expect(job).toMatchObject({ status: 'dead', attempts: job!.maxAttempts, lastError: { code } });
        expect(job!.maxAttempts).toBeGreaterThan(1);
        expect(await rt.store.enrichment.results(asset.versions[0]!.id)).toEqual([]);
      }
    });
  });
}
