/**
 * The asset's lifecycle after intake, on both dialects: new versions and revert, editing with quarantine repair,
 * soft delete with restore and purge, and the events outbox every change writes.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { member, operator, userContext } from '../../test/contexts.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import type { AssetWithVersions } from '../domain/asset.ts';
import type { ProvenaError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';

for (const dialect of dialects) {
  describeDialect(dialect, `asset lifecycle [${dialect}]`, () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { assetRetentionDays: '30' });
    });
    afterAll(() => rt.dispose());

    let seed = 1000;
    const png = () => samplePng(seed++);
    const ingest = async (fields: Record<string, string> = completeFields, bytes?: Buffer) =>
      (
        await rt.intake.intake(operator, bytes ?? (await png()), {
          fileName: 'lighthouse.png',
          fields,
          mode: fields === completeFields ? 'interactive' : 'bulk',
        })
      ).asset;
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => {
          throw new Error('expected a failure');
        },
        (error: unknown) => error as ProvenaError,
      );
    const blobExists = (sha256: string) => existsSync(rt.blobs.pathOf(sha256));
    const actions = async (id: string) => (await rt.assets.history(operator, id)).map((e) => e.action);

    it('a new version returns the asset to enrichment; the same bytes again are unchanged; revert makes v3 of v1', async () => {
      const asset = await ingest();
      const v1 = asset.versions[0]!;
      const second = await png();
      const added = await rt.intake.addVersion(operator, asset.id, second, { fileName: 'lighthouse-2.png' });
      expect(added.status).toBe('created');
      expect(added.asset).toMatchObject({ currentVersion: 2, status: 'enriching' });
      expect(added.version).toMatchObject({ number: 2, fileName: 'lighthouse-2.png' });

      const again = await rt.intake.addVersion(operator, asset.id, second, { fileName: 'again.png' });
      expect(again.status).toBe('unchanged');
      expect(again.asset.currentVersion).toBe(2);

      const reverted = await rt.intake.revert(operator, asset.id, 1);
      expect(reverted.status).toBe('created');
      expect(reverted.version).toMatchObject({ number: 3, revertOf: 1, blob: v1.blob, fileName: v1.fileName });
      const read = await rt.assets.get(operator, asset.id);
      expect(read.currentVersion).toBe(3);
      expect(read.versions.map((v) => v.number)).toEqual([1, 2, 3]);
      const original = await rt.assets.original(operator, asset.id);
      expect(original.version.blob.sha256).toBe(v1.blob.sha256);
      expect(await actions(asset.id)).toEqual([
        'asset.created',
        'asset.transitioned',
        'asset.version-added',
        'asset.transitioned',
        'asset.reverted',
        'asset.transitioned',
      ]);
      // Reverting to the current version changes nothing; an unknown version is named.
      expect((await rt.intake.revert(operator, asset.id, 3)).status).toBe('unchanged');
      expect(await failure(rt.intake.revert(operator, asset.id, 9))).toMatchObject({ code: 'NOT_FOUND' });
    });

    it("another asset's bytes as a new version answer duplicate; a creator of another team cannot add one", async () => {
      const first = await ingest();
      const second = await ingest();
      const bytes = await rt.blobs.open(first.versions[0]!.blob.sha256);
      const chunks: Buffer[] = [];
      for await (const chunk of bytes) chunks.push(chunk as Buffer);
      const result = await rt.intake.addVersion(operator, second.id, Buffer.concat(chunks), { fileName: 'x.png' });
      expect(result).toMatchObject({ status: 'duplicate', duplicateOf: first.id });
      expect((await rt.assets.get(operator, second.id)).currentVersion).toBe(1);

      const outsider = userContext('olga', [member('some-other-team', 'creator')]);
      expect(
        await failure(rt.intake.addVersion(outsider, second.id, await png(), { fileName: 'x.png' })),
      ).toMatchObject({
        code: 'NOT_FOUND',
      });
      const viewer = userContext('vera', [member(second.team!.id, 'viewer')]);
      expect(await failure(rt.intake.addVersion(viewer, second.id, await png(), { fileName: 'x.png' }))).toMatchObject({
        code: 'FORBIDDEN',
        details: { permission: 'asset:create' },
      });
    });

    it('an edit audits each field before and after, refuses unknown fields and stale preconditions', async () => {
      const asset = await ingest();
      const editor = userContext('ed', [member(asset.team!.id, 'creator')]);
      const outcome = await rt.edits.edit(
        editor,
        asset.id,
        {
          title: 'Lighthouse at dusk',
          description: 'For the summer posts',
          campaign: 'Autumn',
          addTags: ['sea', 'Dusk'],
        },
        { expectedUpdatedAt: asset.updatedAt },
      );
      expect(outcome.changes.map((c) => c.field)).toEqual(['title', 'description', 'campaign', 'tags']);
      expect(outcome.asset).toMatchObject({
        title: 'Lighthouse at dusk',
        description: 'For the summer posts',
        campaign: { name: 'Autumn' },
      });
      expect(outcome.tags).toEqual(['Dusk', 'sea']);
      const entry = (await rt.assets.history(operator, asset.id)).find((e) => e.action === 'asset.edited')!;
      expect(entry.actor).toBe('user:ed');
      expect(entry.details).toMatchObject({
        changes: [
          { field: 'title', before: 'lighthouse.png', after: 'Lighthouse at dusk' },
          { field: 'description', before: null, after: 'For the summer posts' },
          { field: 'campaign', before: 'Summer Launch', after: 'Autumn' },
          { field: 'tags', before: [], after: ['Dusk', 'sea'] },
        ],
      });
      const removed = await rt.edits.edit(editor, asset.id, { removeTags: ['dusk'], description: null });
      expect(removed.tags).toEqual(['sea']);
      expect(removed.asset.description).toBeUndefined();

      // The first edit's precondition is stale now.
      expect(
        await failure(rt.edits.edit(editor, asset.id, { title: 'Again' }, { expectedUpdatedAt: asset.updatedAt })),
      ).toMatchObject({ code: 'CONFLICT' });
      const invalid = await failure(
        rt.edits.edit(editor, asset.id, { colour: 'red', title: 7, intendedUse: 'billboards', rightsStatus: null }),
      );
      expect(invalid.code).toBe('VALIDATION_FAILED');
      expect((invalid.details.problems as { field: string }[]).map((p) => p.field)).toEqual([
        'colour',
        'title',
        'intendedUse',
        'rightsStatus',
      ]);
      expect((await rt.assets.get(operator, asset.id)).title).toBe('Lighthouse at dusk');

      // Moving to another team needs asset:edit there too; nothing is written when it is refused.
      expect(await failure(rt.edits.edit(editor, asset.id, { team: 'Legal', title: 'Moved' }))).toMatchObject({
        code: 'FORBIDDEN',
        details: { permission: 'asset:edit' },
      });
      expect((await rt.assets.get(operator, asset.id)).title).toBe('Lighthouse at dusk');
      const viewer = userContext('vic', [member(asset.team!.id, 'viewer')]);
      expect(await failure(rt.edits.edit(viewer, asset.id, { title: 'No' }))).toMatchObject({ code: 'FORBIDDEN' });
    });

    it('an edit resolving every quarantine reason releases the asset; a partial repair lists what remains', async () => {
      const { campaign: _campaign, intendedUse: _use, ...partial } = completeFields;
      const held = await ingest(partial);
      expect(held.status).toBe('quarantined');
      expect(held.quarantineReasons.map((r) => r.field)).toEqual(['intendedUse', 'campaign']);

      const first = await rt.edits.edit(operator, held.id, { campaign: 'Summer Launch' });
      expect(first.released).toBe(false);
      expect(first.asset.status).toBe('quarantined');
      expect(first.remainingReasons?.map((r) => r.field)).toEqual(['intendedUse']);

      const second = await rt.edits.edit(operator, held.id, { intendedUse: 'web' });
      expect(second.released).toBe(true);
      expect(second.asset.status).toBe('enriching');
      expect(second.asset.quarantineReasons).toEqual([]);
      const history = await rt.assets.history(operator, held.id);
      expect(history.slice(-2).map((e) => [e.action, e.details?.transition ?? null])).toEqual([
        ['asset.edited', null],
        ['asset.transitioned', 'release'],
      ]);
    });

    it('soft delete hides the asset from every read until restored; purge removes it and the blobs nobody else uses', async () => {
      const kept = await ingest();
      const gone = await ingest();
      // gone's second version reverts to its first: one blob used twice, and one of its own.
      const v2bytes = await png();
      await rt.intake.addVersion(operator, gone.id, v2bytes, { fileName: 'v2.png' });
      const withVersions = await rt.assets.get(operator, gone.id);
      const [v1, v2] = withVersions.versions as [AssetWithVersions['versions'][0], AssetWithVersions['versions'][0]];

      const creator = userContext('cora', [member(gone.team!.id, 'creator')]);
      const deleted = await rt.lifecycle.delete(creator, gone.id, new Date('2026-01-01T00:00:00Z'));
      expect(deleted.deletion).toMatchObject({ by: 'user:cora', purgeAfter: '2026-01-31T00:00:00.000Z' });
      for (const read of [
        () => rt.assets.get(operator, gone.id),
        () => rt.assets.original(operator, gone.id),
        () => rt.assets.history(operator, gone.id),
        () => rt.edits.edit(operator, gone.id, { title: 'x' }),
        () => rt.workflow.transition(operator, gone.id, 'quarantine'),
        () => rt.intake.revert(operator, gone.id, 1),
        () => rt.lifecycle.delete(operator, gone.id),
      ])
        expect(await failure(read())).toMatchObject({ code: 'NOT_FOUND' });
      const listed = await rt.assets.list(operator, {}, { limit: 200 });
      expect(listed.items.map((a) => a.id)).not.toContain(gone.id);
      const deletedOnly = await rt.assets.list(operator, { deleted: 'only' }, { limit: 200 });
      expect(deletedOnly.items.map((a) => a.id)).toEqual([gone.id]);
      expect(await failure(rt.assets.list(creator, { deleted: 'only' }, {}))).toMatchObject({ code: 'FORBIDDEN' });
      // Its bytes cannot come in again as a new asset while it may be restored.
      const again = await failure(
        rt.intake.intake(operator, v2bytes, { fileName: 'v.png', fields: completeFields, mode: 'interactive' }),
      );
      expect(again.code).toBe('CONFLICT');

      // Restore puts it back as it was; the creator may not restore.
      expect(await failure(rt.lifecycle.restore(creator, gone.id))).toMatchObject({ code: 'FORBIDDEN' });
      const restored = await rt.lifecycle.restore(operator, gone.id);
      expect(restored.deletion).toBeUndefined();
      expect(await rt.assets.get(operator, gone.id)).toMatchObject({ status: 'enriching', currentVersion: 2 });
      expect(await failure(rt.lifecycle.restore(operator, gone.id))).toMatchObject({ code: 'CONFLICT' });

      // Deleted again and past its retention: purged with both of its blobs (no other asset uses them).
      await rt.lifecycle.delete(operator, gone.id, new Date('2026-01-01T00:00:00Z'));
      const dry = await rt.lifecycle.purge(operator, { dryRun: true, now: new Date('2026-02-01T00:00:00Z') });
      expect(dry.assets.map((a) => a.id)).toEqual([gone.id]);
      expect(blobExists(v1.blob.sha256)).toBe(true);
      const early = await rt.lifecycle.purge(operator, { now: new Date('2026-01-15T00:00:00Z') });
      expect(early.assets).toEqual([]);
      const report = await rt.lifecycle.purge(operator, { now: new Date('2026-02-01T00:00:00Z') });
      expect(report.assets).toEqual([
        expect.objectContaining({ id: gone.id, blobsRemoved: [v1.blob.sha256, v2.blob.sha256].sort() }),
      ]);
      expect(blobExists(v1.blob.sha256)).toBe(false);
      expect(blobExists(v2.blob.sha256)).toBe(false);
      expect(blobExists(kept.versions[0]!.blob.sha256)).toBe(true);
      expect(await rt.store.assets.get(gone.id, { includeDeleted: true })).toBeUndefined();
      const purgedEntry = (await rt.store.audit.forSubject('asset', gone.id)).at(-1)!;
      expect(purgedEntry).toMatchObject({ action: 'asset.purged', actor: 'operator:tester' });
      // Now the bytes may come in again.
      const back = await rt.intake.intake(operator, v2bytes, {
        fileName: 'v.png',
        fields: completeFields,
        mode: 'interactive',
      });
      expect(back.status).toBe('created');
      expect(blobExists(v2.blob.sha256)).toBe(true);
    });

    it('purge keeps a blob another asset still uses (a thumbnail uploaded as an asset of its own)', async () => {
      const first = await ingest();
      const thumbnailBytes = await png();
      const thumbnail = await rt.blobs.put(thumbnailBytes);
      await rt.store.transaction((tx) =>
        tx.enrichment.replaceRenditions(
          first.versions[0]!.id,
          ['thumbnail'],
          [
            {
              role: 'thumbnail',
              mediaType: 'image/png',
              width: 64,
              height: 64,
              sha256: thumbnail.sha256,
              size: thumbnailBytes.length,
            },
          ],
          new Date().toISOString(),
        ),
      );
      // Someone downloads the thumbnail and uploads it: the same bytes are now another asset's original.
      const second = await ingest(completeFields, thumbnailBytes);
      expect(second.versions[0]!.blob.sha256).toBe(thumbnail.sha256);
      await rt.lifecycle.delete(operator, first.id, new Date('2026-01-01T00:00:00Z'));
      const report = await rt.lifecycle.purge(operator, { now: new Date('2026-03-01T00:00:00Z') });
      expect(report.assets).toEqual([
        expect.objectContaining({ id: first.id, blobsRemoved: [first.versions[0]!.blob.sha256] }),
      ]);
      expect(blobExists(first.versions[0]!.blob.sha256)).toBe(false);
      expect(blobExists(thumbnail.sha256)).toBe(true);
      const original = await rt.assets.original(operator, second.id);
      expect(original.version.blob.sha256).toBe(thumbnail.sha256);
      expect(await rt.store.assets.isBlobReferenced(thumbnail.sha256)).toBe(true);
    });

    it('of two edits from the same read at once, one applies and the other is CONFLICT; same for two uploads of one file', async () => {
      const asset = await ingest();
      const results = await Promise.allSettled([
        rt.edits.edit(operator, asset.id, { title: 'First' }, { expectedUpdatedAt: asset.updatedAt }),
        rt.edits.edit(operator, asset.id, { title: 'Second' }, { expectedUpdatedAt: asset.updatedAt }),
      ]);
      const applied = results.filter((r) => r.status === 'fulfilled');
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as ProvenaError] : []));
      expect(applied).toHaveLength(1);
      expect(refused.map((e) => e.code)).toEqual(['CONFLICT']);
      expect(await actions(asset.id)).toEqual(['asset.created', 'asset.transitioned', 'asset.edited']);

      const bytes = await png();
      const uploads = await Promise.all([
        rt.intake.addVersion(operator, asset.id, bytes, { fileName: 'a.png' }),
        rt.intake.addVersion(operator, asset.id, bytes, { fileName: 'b.png' }),
      ]);
      expect(uploads.map((u) => u.status).sort()).toEqual(['created', 'unchanged']);
      expect((await rt.assets.get(operator, asset.id)).versions.map((v) => v.number)).toEqual([1, 2]);
    });

    it('purging the canonical asset of a family hands the family to its oldest other member', async () => {
      const [canonical, older, newer] = [await ingest(), await ingest(), await ingest()];
      const familyId = newId();
      const at = (minute: number) => `2026-01-01T00:0${minute}:00.000Z`;
      await rt.store.transaction((tx) =>
        tx.families.insert({
          id: familyId,
          state: 'confirmed',
          canonicalAssetId: canonical.id,
          reason: 'manual',
          members: [
            { assetId: canonical.id, role: 'canonical', state: 'confirmed', reason: 'manual', addedAt: at(1) },
            { assetId: older.id, role: 'variant', state: 'confirmed', reason: 'manual', addedAt: at(2) },
            { assetId: newer.id, role: 'variant', state: 'confirmed', reason: 'manual', addedAt: at(3) },
          ],
          createdAt: at(1),
          updatedAt: at(1),
        }),
      );
      await rt.lifecycle.delete(operator, canonical.id, new Date('2026-01-01T00:00:00Z'));
      // A deleted member still belongs to its team: the family stays in that team's reach.
      const teamViewer = userContext('tom', [member(canonical.team!.id, 'viewer')]);
      expect((await rt.families.get(teamViewer, familyId)).id).toBe(familyId);
      // A deleted member cannot lead the family: a clear refusal, not a crash.
      expect(await failure(rt.families.deprecateRest(operator, familyId))).toMatchObject({
        code: 'CONFLICT',
        details: { problem: 'deleted' },
      });
      expect(await failure(rt.families.setCanonical(operator, familyId, canonical.id))).toMatchObject({
        code: 'CONFLICT',
      });
      await rt.lifecycle.purge(operator, { now: new Date('2026-06-01T00:00:00Z') });
      const family = await rt.store.families.get(familyId);
      expect(family?.canonicalAssetId).toBe(older.id);
      expect(family?.members.map((m) => [m.assetId, m.role])).toEqual([
        [older.id, 'canonical'],
        [newer.id, 'variant'],
      ]);
      // The last members going take the family with them.
      for (const asset of [older, newer])
        await rt.lifecycle.delete(operator, asset.id, new Date('2026-01-01T00:00:00Z'));
      await rt.lifecycle.purge(operator, { now: new Date('2026-06-01T00:00:00Z') });
      expect(await rt.store.families.get(familyId)).toBeUndefined();
    });

    it('after versions, edits, deletes, restores and purges, audit verify still finds every row as written', async () => {
      const asset = await ingest();
      await rt.intake.addVersion(operator, asset.id, await png(), { fileName: 'v2.png' });
      await rt.intake.revert(operator, asset.id, 1);
      await rt.edits.edit(operator, asset.id, { description: 'checked', addTags: ['audit'] });
      await rt.lifecycle.delete(operator, asset.id);
      await rt.lifecycle.restore(operator, asset.id);
      const verification = await rt.maintenance.verifyAudit(operator);
      expect(verification.ok).toBe(true);
    });

    it('every transition writes one event in its transaction, readable after a seq', async () => {
      const start = (await rt.events.after(operator, 0, 1000)).nextAfter;
      const asset = await ingest();
      await rt.workflow.transition(operator, asset.id, 'quarantine', { reason: 'rights' });
      // A refused transition writes nothing.
      await failure(rt.workflow.transition(operator, asset.id, 'publish'));
      const page = await rt.events.after(operator, start, 1000);
      const mine = page.items.filter((e) => e.subjectId === asset.id);
      expect(mine.map((e) => [e.type, e.payload.transition])).toEqual([
        ['asset.transitioned', 'start-enrichment'],
        ['asset.transitioned', 'quarantine'],
      ]);
      expect(mine[1]).toMatchObject({ actor: 'operator:tester', payload: { from: 'enriching', to: 'quarantined' } });
      const seqs = page.items.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      // Resuming after the first of them answers the rest.
      const rest = await rt.events.after(operator, mine[0]!.seq, 1000);
      expect(rest.items[0]!.seq).toBe(mine[0]!.seq + 1);
      expect(rest.nextAfter).toBe(seqs.at(-1));
      const reader = userContext('rita', [member('any', 'viewer')]);
      expect(await failure(rt.events.after(reader, 0, 10))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await failure(rt.events.after(operator, -1, 0))).toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });
}
