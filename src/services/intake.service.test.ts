import { readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { badInputs, samplePng } from '../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import type { IntakeRequest } from './intake.service.ts';
import { operator } from '../../test/contexts.ts';

const request = (overrides: Partial<IntakeRequest> = {}): IntakeRequest => ({
  fileName: 'lighthouse.png',
  fields: { ...completeFields },
  mode: 'interactive',
  ...overrides,
});

for (const dialect of dialects) {
  describeDialect(dialect, `IntakeService [${dialect}]`, () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { maxUploadBytes: String(200_000) });
    });
    afterAll(() => rt.dispose());

    const stagingFiles = () => readdirSync(join(rt.config.dataDir, 'blobs', 'staging'));

    it('creates an asset with every field and starts its enrichment, stores the bytes once and audits it', async () => {
      const bytes = await samplePng(100);
      const result = await rt.intake.intake(operator, Readable.from([bytes]), request());
      expect(result.status).toBe('created');
      expect(result.asset).toMatchObject({
        status: 'enriching',
        kind: 'image',
        prompt: completeFields.prompt,
        tool: 'ComfyUI',
        intendedUse: 'social',
        rightsStatus: 'pending',
        team: { name: 'Brand Studio', slug: 'brand-studio' },
        campaign: { slug: 'summer-launch' },
        requestor: { name: 'Ana Lima' },
      });
      expect(result.asset.versions[0]).toMatchObject({
        mediaType: 'image/png',
        width: 64,
        height: 64,
        fileName: 'lighthouse.png',
      });
      const history = await rt.assets.history(operator, result.asset.id);
      expect(history.map((e) => [e.action, e.actor])).toEqual([
        ['asset.created', 'operator:tester'],
        ['asset.transitioned', 'system:intake'],
      ]);

      const before = await rt.store.events.lastSeq();
      const again = await rt.intake.intake(operator, Readable.from([bytes]), request({ fileName: 'copy.png' }));
      expect(again).toMatchObject({ status: 'duplicate', duplicateOf: result.asset.id });
      // The refusal is recorded for the dashboard's "duplicates prevented".
      const recorded = await rt.store.events.after(before, 10);
      expect(recorded.map((e) => [e.type, e.subjectId, e.payload.fileName])).toEqual([
        ['asset.duplicate-refused', result.asset.id, 'copy.png'],
      ]);
      const stored = [];
      for await (const b of rt.blobs.list()) stored.push(b.sha256);
      expect(stored.filter((s) => s === result.asset.versions[0]!.blob.sha256)).toHaveLength(1);
      expect(stagingFiles()).toEqual([]);
    });

    it('refuses interactive intake with one error listing every missing and invalid field', async () => {
      const error = await rt.intake
        .intake(
          operator,
          Readable.from([await samplePng(101)]),
          request({ fields: { prompt: 'x', intendedUse: 'billboards', colour: 'red' } }),
        )
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
      const fields = (error as { details: { problems: Array<{ field: string }> } }).details.problems.map(
        (p) => p.field,
      );
      expect(fields).toEqual(['intendedUse', 'colour']);

      const incomplete = await rt.intake
        .intake(
          operator,
          Readable.from([await samplePng(102)]),
          request({ fields: { prompt: 'x', tool: 'Midjourney' } }),
        )
        .catch((e: unknown) => e);
      expect(incomplete).toMatchObject({ code: 'INTAKE_INCOMPLETE' });
      const missing = (incomplete as { details: { problems: Array<{ field: string }> } }).details.problems.map(
        (p) => p.field,
      );
      expect(missing).toEqual(['toolVersion', 'requestor', 'team', 'intendedUse', 'campaign', 'rightsStatus']);
      expect(stagingFiles()).toEqual([]);
    });

    it('quarantines bulk intake with the reasons, unless strict', async () => {
      const result = await rt.intake.intake(
        operator,
        Readable.from([await samplePng(103)]),
        request({ mode: 'bulk', fields: { prompt: 'x', rightsStatus: 'maybe' } }),
      );
      expect(result.status).toBe('quarantined');
      expect(result.asset.quarantineReasons.map((r) => `${r.code}:${r.field}`)).toEqual([
        'INVALID_FIELD:rightsStatus',
        'MISSING_FIELD:tool',
        'MISSING_FIELD:toolVersion',
        'MISSING_FIELD:requestor',
        'MISSING_FIELD:team',
        'MISSING_FIELD:intendedUse',
        'MISSING_FIELD:campaign',
        'MISSING_FIELD:rightsStatus',
      ]);
      expect((await rt.assets.history(operator, result.asset.id))[0]?.action).toBe('asset.quarantined');
      await expect(
        rt.intake.intake(
          operator,
          Readable.from([await samplePng(104)]),
          request({ mode: 'bulk', strict: true, fields: {} }),
        ),
      ).rejects.toMatchObject({ code: 'INTAKE_INCOMPLETE' });
    });

    for (const bad of badInputs) {
      it(`refuses ${bad.name} with ${bad.code} and keeps nothing`, async () => {
        const before = (await rt.assets.list(operator, {}, { limit: 200 })).items.length;
        await expect(
          rt.intake.intake(operator, Readable.from([await bad.bytes()]), request({ fileName: bad.fileName })),
        ).rejects.toMatchObject({
          code: bad.code,
        });
        expect((await rt.assets.list(operator, {}, { limit: 200 })).items.length).toBe(before);
        expect(stagingFiles()).toEqual([]);
      });
    }

    it('refuses an oversized upload while streaming', async () => {
      function* big() {
        for (let i = 0; i < 100; i++) yield Buffer.alloc(10_000, i);
      }
      await expect(
        rt.intake.intake(operator, Readable.from(big()), request({ fileName: 'big.png' })),
      ).rejects.toMatchObject({
        code: 'FILE_TOO_LARGE',
      });
      expect(stagingFiles()).toEqual([]);
    });

    it('admits the same new bytes sent concurrently exactly once', async () => {
      const bytes = await samplePng(105);
      const results = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          rt.intake.intake(operator, Readable.from([bytes]), request({ fileName: `race-${i}.png` })),
        ),
      );
      expect(results.filter((r) => r.status === 'created')).toHaveLength(1);
      const winner = results.find((r) => r.status === 'created')!.asset.id;
      expect(results.filter((r) => r.status === 'duplicate').every((r) => r.duplicateOf === winner)).toBe(true);
    });

    it('doctor finds and removes a blob left by a crash between blob write and commit', async () => {
      const staged = await rt.intake.stage(operator, Readable.from([Buffer.from('orphaned bytes')]));
      await rt.blobs.commit(staged);
      const path = rt.blobs.pathOf(staged.sha256);
      const old = new Date(Date.now() - 2 * 3600_000);
      utimesSync(path, old, old);
      const found = await rt.maintenance.doctor(operator, { fix: false });
      expect(found.orphanBlobs).toEqual([staged.sha256]);
      expect(found.missingBlobs).toEqual([]);
      await rt.maintenance.doctor(operator, { fix: true });
      expect(await rt.blobs.stat(staged.sha256)).toBeUndefined();
      expect((await rt.maintenance.doctor(operator, { fix: false })).orphanBlobs).toEqual([]);
    });

    it('keeps the audit chain verifiable', async () => {
      expect(await rt.maintenance.verifyAudit(operator)).toMatchObject({ ok: true });
    });
  });
}
