/**
 * `provena doctor` against a live store: garbage collection racing intake of the same bytes, the staging count, and
 * blobs that vanish while doctor looks at them.
 */
import { rmSync, utimesSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import type { BlobStat, BlobStore } from '../domain/ports.ts';
import type { IntakeRequest } from './intake.service.ts';
import { MaintenanceService } from './maintenance.service.ts';
import { operator } from '../../test/contexts.ts';

const request = (fileName: string): IntakeRequest => ({
  fileName,
  fields: { ...completeFields },
  mode: 'interactive',
});

const twoHoursAgo = () => new Date(Date.now() - 2 * 3600_000);

/** The blob store with `list` replaced: the rest of it is the real one. */
function withList(blobs: BlobStore, list: () => AsyncIterable<BlobStat>): BlobStore {
  return new Proxy(blobs, {
    get(target, property, receiver) {
      if (property === 'list') return list;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

for (const dialect of dialects) {
  describeDialect(dialect, `MaintenanceService.doctor [${dialect}]`, () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
    });
    afterAll(() => rt.dispose());

    /** Bytes left in the store by an earlier crash (committed, never recorded), old enough to be called an orphan. */
    async function oldOrphan(bytes: Buffer): Promise<string> {
      const staged = await rt.blobs.stage(bytes, { maxBytes: 1 << 20 });
      await rt.blobs.commit(staged);
      await rt.blobs.discard(staged);
      utimesSync(rt.blobs.pathOf(staged.sha256), twoHoursAgo(), twoHoursAgo());
      return staged.sha256;
    }

    async function expectEveryAssetReadable(): Promise<void> {
      let cursor: string | undefined;
      do {
        const page = await rt.assets.list(operator, {}, { limit: 200, ...(cursor ? { cursor } : {}) });
        for (const item of page.items) {
          for (const version of (await rt.assets.get(operator, item.id)).versions) {
            expect(await rt.blobs.stat(version.blob.sha256), `blob of ${item.title}`).toBeDefined();
            expect(await rt.blobs.verify(version.blob.sha256)).toBe(true);
          }
        }
        cursor = page.nextCursor;
      } while (cursor);
      expect((await rt.maintenance.doctor(operator, { fix: false, verifyContents: true })).missingBlobs).toEqual([]);
    }

    it('never deletes the blob of an upload admitted while doctor --fix runs, over many rounds', async () => {
      const rounds = 30;
      for (let round = 0; round < rounds; round++) {
        const bytes = await samplePng(10 + round);
        await oldOrphan(bytes);
        let intakeDone = false;
        // Garbage collection over and over while three uploads of the orphan's bytes go through intake.
        const collecting = (async () => {
          while (!intakeDone) await rt.maintenance.doctor(operator, { fix: true });
        })();
        const uploads = await Promise.all(
          [0, 1, 2].map((i) => rt.intake.intake(operator, Readable.from([bytes]), request(`round-${round}-${i}.png`))),
        ).finally(() => (intakeDone = true));
        await collecting;
        expect(uploads.filter((u) => u.status === 'created')).toHaveLength(1);
      }
      await expectEveryAssetReadable();
    });

    it('keeps a blob that became referenced between deciding it was an orphan and deleting it', async () => {
      const bytes = await samplePng(60);
      const sha = await oldOrphan(bytes);
      let listed!: () => void;
      const decided = new Promise<void>((resolve) => (listed = resolve));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      // Doctor pauses once it has read the references and listed the store, before it deletes anything.
      const paused = withList(rt.blobs, async function* () {
        for await (const blob of rt.blobs.list()) yield blob;
        listed();
        await gate;
      });
      const doctor = new MaintenanceService({ store: rt.store, blobs: paused }).doctor(operator, { fix: true });
      await decided;
      const upload = await rt.intake.intake(operator, Readable.from([bytes]), request('late.png'));
      expect(upload.status).toBe('created');
      release();
      const report = await doctor;
      expect(report.orphanBlobs).not.toContain(sha);
      expect(await rt.blobs.stat(sha)).toBeDefined();
      expect(await rt.blobs.verify(sha)).toBe(true);
    });

    it('reports stale staging files without --fix and removes them with it', async () => {
      const before = (await rt.maintenance.doctor(operator, { fix: false })).staleStagingFiles;
      const staged = await rt.intake.stage(operator, Readable.from([Buffer.from('an upload cut short')]));
      utimesSync(staged.path, twoHoursAgo(), twoHoursAgo());
      const found = await rt.maintenance.doctor(operator, { fix: false });
      expect(found.staleStagingFiles).toBe(before + 1);
      expect(found.removed).toBe(false);
      const fixed = await rt.maintenance.doctor(operator, { fix: true });
      expect(fixed.staleStagingFiles).toBe(before + 1);
      expect((await rt.maintenance.doctor(operator, { fix: false })).staleStagingFiles).toBe(0);
    });

    it('puts back a missing blob when the same file is ingested again', async () => {
      const bytes = await samplePng(62);
      const { asset } = await rt.intake.intake(operator, Readable.from([bytes]), request('lost.png'));
      const sha = asset.versions[0]!.blob.sha256;
      rmSync(rt.blobs.pathOf(sha));
      expect((await rt.maintenance.doctor(operator, { fix: false })).missingBlobs).toEqual([sha]);
      const again = await rt.intake.intake(operator, Readable.from([bytes]), request('found.png'));
      expect(again).toMatchObject({ status: 'duplicate', duplicateOf: asset.id });
      expect(await rt.blobs.verify(sha)).toBe(true);
      expect((await rt.maintenance.doctor(operator, { fix: false })).missingBlobs).toEqual([]);
    });

    it('lists a blob that vanishes while doctor --verify runs as missing, never as corrupt', async () => {
      const { asset } = await rt.intake.intake(
        operator,
        Readable.from([await samplePng(61)]),
        request('vanishing.png'),
      );
      const victim = asset.versions[0]!.blob.sha256;
      // Listed, then removed before it is re-read (an operator, a failing disk).
      const vanishing = withList(rt.blobs, async function* () {
        for await (const blob of rt.blobs.list()) {
          if (blob.sha256 === victim) rmSync(rt.blobs.pathOf(blob.sha256));
          yield blob;
        }
      });
      const report = await new MaintenanceService({ store: rt.store, blobs: vanishing }).doctor(operator, {
        fix: false,
        verifyContents: true,
      });
      expect(report.missingBlobs).toEqual([victim]);
      expect(report.corruptBlobs).toEqual([]);
    });
  });
}
