import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AssetWithVersions } from '../domain/asset.ts';
import type { CanonicalRule } from '../domain/sameness.ts';
import { samplePng } from '../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { FamilyService } from './family.service.ts';
import { operator, system } from '../../test/contexts.ts';

let seed = 100;

for (const dialect of dialects) {
  describeDialect(dialect, `family service [${dialect}]`, () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
    });
    afterAll(async () => rt?.dispose());

    const asset = async (): Promise<AssetWithVersions> => {
      const n = seed++;
      const result = await rt.intake.intake(operator, Readable.from([await samplePng(n)]), {
        fileName: `v${n}.png`,
        fields: completeFields,
        mode: 'bulk',
      });
      return result.asset;
    };
    /** A suggested family of `count` assets, built the way enrichment builds it (the batch rule). */
    const suggested = async (count: number, families = rt.families) => {
      const batch = new FamilyService({ store: rt.store, workflow: rt.workflow, batchIdOf: () => `batch-${seed}` });
      const assets = [];
      for (let i = 0; i < count; i++) assets.push(await asset());
      let familyId = '';
      for (const a of assets) {
        const out = await rt.store.transaction((tx) => batch.suggestFor(system, tx, a, a.versions[0]!, []));
        if (out.family) familyId = out.family.id;
      }
      return { assets, family: await families.get(operator, familyId) };
    };

    it('suggests a family from a connector batch, oldest asset as canonical, audited', async () => {
      const { assets, family } = await suggested(3);
      expect(family).toMatchObject({ state: 'suggested', reason: 'batch', canonicalAssetId: assets[0]!.id });
      expect(family.members.map((m) => [m.assetId, m.role, m.state])).toEqual([
        [assets[0]!.id, 'canonical', 'suggested'],
        [assets[1]!.id, 'variant', 'suggested'],
        [assets[2]!.id, 'variant', 'suggested'],
      ]);
      const actions = (await rt.store.audit.forSubject('family', family.id)).map((e) => e.action);
      expect(actions).toEqual(['family.suggested', 'family.member-suggested']);
    });

    it('confirms, sets the canonical, and deprecates the rest in one action with one audit entry per asset', async () => {
      const { assets, family } = await suggested(4);
      const [a, b, c, d] = assets as [AssetWithVersions, AssetWithVersions, AssetWithVersions, AssetWithVersions];
      await expect(rt.families.deprecateRest(operator, family.id)).rejects.toMatchObject({ code: 'CONFLICT' });
      await rt.families.confirm(operator, family.id, [a.id, b.id, c.id]);
      const withCanonical = await rt.families.setCanonical(operator, family.id, b.id);
      expect(withCanonical.canonicalAssetId).toBe(b.id);
      expect(withCanonical.members.filter((m) => m.role === 'canonical').map((m) => m.assetId)).toEqual([b.id]);

      const { items } = await rt.families.deprecateRest(operator, family.id);
      expect(items).toEqual(
        expect.arrayContaining([
          { assetId: a.id, outcome: 'deprecated' },
          { assetId: b.id, outcome: 'skipped', reason: 'canonical' },
          { assetId: c.id, outcome: 'deprecated' },
          { assetId: d.id, outcome: 'skipped', reason: 'suggested-only' },
        ]),
      );
      for (const [id, status] of [
        [a.id, 'deprecated'],
        [b.id, b.status],
        [c.id, 'deprecated'],
        [d.id, d.status],
      ] as const) {
        expect((await rt.assets.get(operator, id)).status).toBe(status);
      }
      const audit = await rt.store.audit.forSubject('asset', a.id);
      expect(audit.at(-1)).toMatchObject({
        actor: 'operator:tester',
        action: 'asset.transitioned',
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
        details: expect.objectContaining({ to: 'deprecated', familyId: family.id }),
      });
      const familyActions = (await rt.store.audit.forSubject('family', family.id)).map((e) => e.action);
      expect(familyActions.slice(-3)).toEqual(['family.confirmed', 'family.canonical-set', 'family.rest-deprecated']);
      // Running it again deprecates nothing more.
      const again = await rt.families.deprecateRest(operator, family.id);
      expect(again.items.filter((i) => i.outcome === 'deprecated')).toEqual([]);
    });

    it('refuses a canonical the governance rule rejects (the hook), before any change', async () => {
      const onlyApproved: CanonicalRule = (candidate) =>
        candidate.status === 'approved' ? { ok: true } : { ok: false, problem: 'the canonical asset must be approved' };
      const strict = new FamilyService({ store: rt.store, workflow: rt.workflow, canonicalRule: onlyApproved });
      const { assets, family } = await suggested(2);
      await expect(strict.setCanonical(operator, family.id, assets[1]!.id)).rejects.toMatchObject({
        code: 'CONFLICT',
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
        details: expect.objectContaining({ problem: 'the canonical asset must be approved' }),
      });
      await strict.confirm(operator, family.id);
      await expect(strict.deprecateRest(operator, family.id)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await rt.assets.get(operator, assets[1]!.id)).status).not.toBe('deprecated');
      expect((await rt.families.get(operator, family.id)).canonicalAssetId).toBe(assets[0]!.id);
    });

    it('splits, merges and moves members; a family of one is dissolved', async () => {
      const first = await suggested(4);
      const [a, b, c, d] = first.assets as [AssetWithVersions, AssetWithVersions, AssetWithVersions, AssetWithVersions];
      await expect(rt.families.split(operator, first.family.id, [a.id])).rejects.toMatchObject({ code: 'CONFLICT' });
      const { from, created } = await rt.families.split(operator, first.family.id, [c.id, d.id], d.id);
      expect(from?.members.map((m) => m.assetId)).toEqual([a.id, b.id]);
      expect(created).toMatchObject({ state: 'confirmed', canonicalAssetId: d.id, reason: 'manual' });

      const merged = await rt.families.merge(operator, first.family.id, created.id);
      expect(merged.members.map((m) => m.assetId).sort()).toEqual([a.id, b.id, c.id, d.id].sort());
      expect(merged.canonicalAssetId).toBe(a.id);
      await expect(rt.families.get(operator, created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });

      const other = await suggested(2);
      const moved = await rt.families.moveMember(operator, d.id, other.family.id);
      expect(moved.members.find((m) => m.assetId === d.id)).toMatchObject({
        role: 'variant',
        state: 'confirmed',
        reason: 'manual',
      });
      expect((await rt.families.familyOf(operator, d.id))?.id).toBe(other.family.id);

      // Removing members down to one dissolves the family.
      const gone = await rt.families.removeMembers(operator, first.family.id, [b.id, c.id]);
      expect(gone).toBeUndefined();
      expect(await rt.families.familyOf(operator, a.id)).toBeUndefined();
      const actions = (await rt.store.audit.forSubject('family', first.family.id)).map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'family.split',
          'family.merged',
          'family.member-moved-out',
          'family.dissolved',
          'family.members-removed',
        ]),
      );
    });

    it('proposes a visual match only when lineage and closeness agree (look-alikes of another prompt are not variants)', async () => {
      const plain = new FamilyService({ store: rt.store, workflow: rt.workflow });
      /** An asset with its own prompt (or none); its lineage is recorded as enrichment records it. */
      const withPrompt = async (prompt: string | undefined): Promise<AssetWithVersions> => {
        const stored = await asset();
        const first = stored.versions[0]!;
        // The prompt comes from the asset alone (the file's own prompt would go first).
        const version = { ...first, provenance: { ...first.provenance, prompt: undefined } };
        const shaped = { ...stored, prompt, versions: [version] } as AssetWithVersions;
        await rt.store.transaction((tx) => plain.suggestFor(system, tx, shaped, version, []));
        return shaped;
      };
      const link = (from: AssetWithVersions, to: AssetWithVersions, pHash: number, dHash: number) => ({
        assetId: from.id,
        versionNumber: 1,
        matchedAssetId: to.id,
        verdict: 'variant-candidate' as const,
        distances: { pHash, dHash, via: 'direct' as const },
        reason: 'test',
        decidedBy: 'test',
        createdAt: new Date().toISOString(),
      });
      const suggest = (from: AssetWithVersions, links: ReturnType<typeof link>[]) =>
        rt.store.transaction((tx) => plain.suggestFor(system, tx, from, from.versions[0]!, links));

      const lighthouse = await withPrompt(`a lighthouse at dusk ${seed}`);
      const harbour = await withPrompt(`a harbour at dawn ${seed}`);
      // Close on the hashes, but generated from another prompt: a look-alike.
      expect(await suggest(harbour, [link(harbour, lighthouse, 4, 5)])).toEqual({ suggested: 0 });

      // No prompt on one side: the pixels decide, and a loose match is not enough.
      const unprompted = await withPrompt(undefined);
      expect(await suggest(unprompted, [link(unprompted, lighthouse, 16, 20)])).toEqual({ suggested: 0 });
      const close = await suggest(unprompted, [link(unprompted, lighthouse, 16, 20), link(unprompted, harbour, 8, 10)]);
      expect(close.family?.reason).toBe('visual');
      expect(close.family?.members.map((m) => m.assetId).sort()).toEqual([unprompted.id, harbour.id].sort());
    });

    it('reports strangers and unknown families with clear errors', async () => {
      const { family } = await suggested(2);
      const outsider = await asset();
      await expect(rt.families.confirm(operator, family.id, [outsider.id])).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      await expect(
        rt.families.setCanonical(operator, '00000000-0000-7000-8000-000000000000', outsider.id),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(rt.families.merge(operator, family.id, family.id)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    });
  });
}
