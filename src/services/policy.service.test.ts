import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { allTeams, member, operator, system, userContext } from '../../test/contexts.ts';
import { samplePng } from '../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import type { AssetWithVersions } from '../domain/asset.ts';
import { defaultRiskPolicy, type RiskPolicy } from '../domain/risk-policy.ts';
import { createJobRegistry } from '../main/job-definitions.ts';
import { rederiveTiersJob, rederiveTiersQueue } from '../jobs/risk-policy.jobs.ts';
import { PolicyService } from './policy.service.ts';
import { rederiveTier } from './risk-tier.ts';

let seed = 9000;
const at = () => new Date().toISOString();

/** The default policy, plus: social media goes to legal and compliance. */
const socialIsRisky: RiskPolicy = {
  ...defaultRiskPolicy,
  rules: [...defaultRiskPolicy.rules, { id: 'social-risky', when: { intendedUse: ['social'] }, tier: 3 }],
};

for (const dialect of dialects) {
  describeDialect(dialect, `risk policy and tiers [${dialect}]`, () => {
    let rt: TestRuntime;
    /** Small batches, so that the keyset walk takes several. */
    let policies: PolicyService;
    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
      policies = new PolicyService({ store: rt.store, rederive: rederiveTiersQueue, batchSize: 2 });
    });
    afterAll(async () => rt?.dispose());

    const ingest = async (fields: Record<string, string> = {}): Promise<AssetWithVersions> => {
      const n = seed++;
      const result = await rt.intake.intake(operator, Readable.from([await samplePng(n)]), {
        fileName: `p${n}.png`,
        fields: { ...completeFields, ...fields },
        mode: 'bulk',
      });
      return result.asset;
    };
    const runAllBatches = async (policyVersion: number) => {
      let after: string | undefined;
      let changed = 0;
      for (let i = 0; i < 1000; i++) {
        const out = await policies.rederiveBatch(system, { policyVersion, ...(after ? { after } : {}) });
        changed += out.changed;
        if (out.next === undefined) return { changed, superseded: out.superseded === true };
        after = out.next;
      }
      throw new Error('the re-derivation never ended');
    };

    it('gives a new asset its tier at intake from its fields, under the shipped default (version 0)', async () => {
      const social = await ingest();
      expect(social).toMatchObject({ riskTier: 2, riskRule: 'customer-facing', riskPolicyVersion: 0 });
      expect(await rt.assets.get(operator, social.id)).toMatchObject({ riskTier: 2, riskRule: 'customer-facing' });
      const internal = await ingest({ intendedUse: 'internal', audience: 'internal' });
      expect(internal).toMatchObject({ riskTier: 1, riskPolicyVersion: 0, audience: 'internal' });
      expect(internal.riskRule).toBeUndefined();
      // Regulated whatever the channel: the intake flag counts, not only the `regulated` intended use.
      const regulated = await ingest({ intendedUse: 'internal', regulated: 'yes' });
      expect(regulated).toMatchObject({ riskTier: 3, riskRule: 'regulated', regulated: true });
      // An external audience stated for an internal use is external.
      expect(await ingest({ intendedUse: 'internal', audience: 'external' })).toMatchObject({ riskTier: 2 });
    });

    it('derives the tier again when an edit changes a fact, in the same transaction, audited', async () => {
      const asset = await ingest({ intendedUse: 'internal' });
      expect(asset.riskTier).toBe(1);
      await rt.edits.edit(operator, asset.id, { intendedUse: 'social' });
      expect(await rt.assets.get(operator, asset.id)).toMatchObject({ riskTier: 2, riskRule: 'customer-facing' });
      await rt.edits.edit(operator, asset.id, { rightsStatus: 'restricted' });
      expect(await rt.assets.get(operator, asset.id)).toMatchObject({
        riskTier: 3,
        riskRule: 'rights-not-cleared-external',
      });
      // An internal audience, stated: neither customer-facing nor external use of uncleared rights.
      await rt.edits.edit(operator, asset.id, { audience: 'internal' });
      expect(await rt.assets.get(operator, asset.id)).toMatchObject({ audience: 'internal', riskTier: 1 });
      await rt.edits.edit(operator, asset.id, { regulated: true });
      expect(await rt.assets.get(operator, asset.id)).toMatchObject({
        regulated: true,
        riskTier: 3,
        riskRule: 'regulated',
      });
      await expect(rt.edits.edit(operator, asset.id, { regulated: 'perhaps' })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { problems: [{ field: 'regulated' }] },
      });
      await rt.edits.edit(operator, asset.id, { regulated: null, audience: null });
      expect(await rt.assets.get(operator, asset.id)).toMatchObject({
        riskTier: 3,
        riskRule: 'rights-not-cleared-external',
      });
      // An edit of a field the rules do not read changes no tier and adds no tier entry.
      await rt.edits.edit(operator, asset.id, { title: 'Renamed' });
      const causes = (await rt.store.audit.forSubject('asset', asset.id))
        .filter((e) => e.action === 'asset.risk-tier-set')
        .map((e) => [e.actor, e.details?.cause, e.details?.tier]);
      expect(causes).toEqual([
        ['operator:tester', 'fields-changed', 2],
        ['operator:tester', 'fields-changed', 3],
        ['operator:tester', 'fields-changed', 1],
        ['operator:tester', 'fields-changed', 3],
        ['operator:tester', 'fields-changed', 3],
      ]);
    });

    it('refuses bad audience and regulated values at intake, naming them', async () => {
      await expect(
        rt.intake.intake(operator, Readable.from([await samplePng(seed++)]), {
          fileName: 'bad.png',
          fields: { ...completeFields, audience: 'everyone', regulated: 'maybe' },
          mode: 'interactive',
        }),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: {
          problems: [
            { field: 'audience', problem: 'must be one of: internal, external' },
            { field: 'regulated', problem: 'must be true or false (yes/no, 1/0 also accepted)' },
          ],
        },
      });
    });

    it('reads the shipped default as version 0 until a policy is stored, and its history', async () => {
      expect(await policies.current(operator)).toMatchObject({ version: 0, policy: defaultRiskPolicy });
      expect((await policies.history(operator)).map((h) => h.version)).toEqual([0]);
      await expect(policies.version(operator, 5)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('refuses a bad document with the path of every problem, storing and queueing nothing', async () => {
      const jobsBefore = await rt.store.jobs.list({ name: rederiveTiersJob.name }, { limit: 200 });
      await expect(
        policies.put(operator, {
          value: { defaultTier: 1, rules: [{ id: 'x', when: { kind: ['imgae'], colour: 'red' }, tier: 2 }] },
        }),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: {
          problems: [
            { field: 'rules[0].when.colour', problem: expect.stringContaining('unknown field') as string },
            { field: 'rules[0].when.kind[0]', problem: expect.stringContaining('must be one of') as string },
          ],
        },
      });
      await expect(policies.put(operator, { text: '{\n  "defaultTier": 1,\n}' })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { problems: [{ field: '(policy)', problem: expect.stringContaining('line 3, column 1') as string }] },
      });
      expect((await policies.history(operator)).map((h) => h.version)).toEqual([0]);
      const jobsAfter = await rt.store.jobs.list({ name: rederiveTiersJob.name }, { limit: 200 });
      expect(jobsAfter.items).toHaveLength(jobsBefore.items.length);
    });

    it('reads a YAML document, naming the line of a YAML error and the path of every other problem', () => {
      const yaml = [
        'defaultTier: 1',
        'rules:',
        '  - id: ads',
        '    when: { intendedUse: [advertising], aiInvolvement: [ai-generated] }',
        '    tier: 3',
      ].join('\n');
      expect(policies.check(operator, { text: yaml, format: 'yaml' })).toEqual({
        defaultTier: 1,
        rules: [{ id: 'ads', when: { intendedUse: ['advertising'], aiInvolvement: ['ai-generated'] }, tier: 3 }],
      });
      const problems = (text: string) => {
        try {
          policies.check(operator, { text, format: 'yaml' });
        } catch (error) {
          return (error as { details: { problems: { field: string; problem: string }[] } }).details.problems;
        }
        return [];
      };
      expect(problems('defaultTier: 1\ndefaultTier: 2\nrules: []')).toEqual([
        { field: '(policy)', problem: expect.stringContaining('Map keys must be unique at line 2') as string },
      ]);
      expect(problems('rules:\n  - id: a\n    when: {kind: [image\n    tier: 2\n')[0]).toMatchObject({
        field: '(policy)',
        problem: expect.stringContaining('at line 4, column 5') as string,
      });
      expect(problems('defaultTier: 1\nrules:\n  - {id: a, when: {kind: [imgae]}, tier: 2}')).toEqual([
        { field: 'rules[0].when.kind[0]', problem: expect.stringContaining('must be one of') as string },
      ]);
    });

    it('needs policy:edit to change or preview the policy; anyone who reads assets may read it', async () => {
      const creator = userContext('cora', [member('team-a', 'creator')]);
      await expect(policies.put(creator, { value: socialIsRisky })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        details: { permission: 'policy:edit' },
      });
      await expect(policies.preview(creator, { value: socialIsRisky })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect((await policies.current(creator)).version).toBe(0);
      await expect(policies.current(userContext('nobody', []))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('a policy change re-derives the tiers of assets not yet approved, in keyset batches, and leaves approved ones', async () => {
      const pending = [await ingest(), await ingest(), await ingest()];
      const approved = await ingest();
      await rt.store.transaction((tx) => tx.assets.setStatus(approved.id, 'approved', at(), approved.status));

      const preview = await policies.preview(operator, { value: socialIsRisky });
      expect(preview.changes).toBeGreaterThanOrEqual(3);
      expect(preview.byTier['2→3']).toBeGreaterThanOrEqual(3);
      expect(preview.examples[0]).toMatchObject({ to: { tier: 3, rule: 'social-risky' } });
      // A preview stores nothing.
      expect((await rt.assets.get(operator, pending[0]!.id)).riskTier).toBe(2);

      const compliance = userContext('cleo', [member(allTeams, 'compliance')]);
      const stored = await policies.put(compliance, { value: socialIsRisky }, 'social posts go to legal');
      expect(stored).toMatchObject({ version: 1, createdBy: 'user:cleo', note: 'social posts go to legal' });
      const [changedEntry] = (await rt.store.audit.forSubject('risk-policy', '1')).filter(
        (e) => e.action === 'risk-policy.changed',
      );
      expect(changedEntry).toMatchObject({ actor: 'user:cleo', details: { version: 1, previousVersion: 0 } });
      // Queued in the same transaction.
      const queued = await rt.store.jobs.list({ name: rederiveTiersJob.name }, { limit: 10 });
      expect(queued.items.map((j) => j.payload)).toContainEqual({ policyVersion: 1 });

      const { changed } = await runAllBatches(1);
      expect(changed).toBeGreaterThanOrEqual(3);
      for (const asset of pending)
        expect(await rt.assets.get(operator, asset.id)).toMatchObject({
          riskTier: 3,
          riskRule: 'social-risky',
          riskPolicyVersion: 1,
        });
      expect(await rt.assets.get(operator, approved.id)).toMatchObject({
        riskTier: 2,
        riskRule: 'customer-facing',
        riskPolicyVersion: 0,
      });
      const history = await rt.store.audit.forSubject('asset', pending[0]!.id);
      expect(history.filter((e) => e.action === 'asset.risk-tier-set').at(-1)).toMatchObject({
        actor: 'system:test',
        details: { cause: 'policy-changed', tier: 3, rule: 'social-risky', previous: { tier: 2 } },
      });
      expect(
        (await rt.store.audit.forSubject('risk-policy', '1')).filter((e) => e.action === 'risk-policy.tiers-rederived')
          .length,
      ).toBeGreaterThanOrEqual(2);

      // Idempotent: once more, nothing changes and no asset gets another entry.
      const entries = (await rt.store.audit.forSubject('asset', pending[0]!.id)).length;
      expect((await runAllBatches(1)).changed).toBe(0);
      expect(await rt.store.audit.forSubject('asset', pending[0]!.id)).toHaveLength(entries);
    });

    it('stops the re-derivation of a version no longer current', async () => {
      await policies.put(operator, { value: defaultRiskPolicy }, 'back to the default');
      const current = await policies.current(operator);
      expect(await policies.rederiveBatch(system, { policyVersion: current.version - 1 })).toMatchObject({
        examined: 0,
        superseded: true,
      });
    });

    it('runs as a job whose completion queues the next batch', async () => {
      const registry = createJobRegistry(rt);
      const definition = registry.definition(rederiveTiersJob.name)!;
      const current = await policies.current(operator);
      const first = (await rt.store.riskPolicies.tierPendingAssetIds('', 1))[0]!;
      const context = {
        job: {} as never,
        ctx: system,
        signal: new AbortController().signal,
        stillHeld: () => Promise.resolve(),
      };
      // The runtime's service takes 200 per batch: from the first id on, it is one batch, the last.
      const result = await definition.handler({ policyVersion: current.version, after: first }, context);
      expect(result ?? undefined).toBeUndefined();
      const small = new PolicyService({ store: rt.store, rederive: rederiveTiersQueue, batchSize: 1 });
      const smallRegistry = createJobRegistry({ ...rt, policies: small });
      const followed = await smallRegistry
        .definition(rederiveTiersJob.name)!
        .handler({ policyVersion: current.version }, context);
      expect(followed).toMatchObject({
        followUps: [{ name: rederiveTiersJob.name, payload: { policyVersion: current.version, after: first } }],
      });
    });

    it('derives the tier again when enrichment finishes, with the tags it found, before the asset goes to review', async () => {
      await policies.put(operator, {
        value: { defaultTier: 1, rules: [{ id: 'lighthouses', when: { tags: ['lighthouse'] }, tier: 3 }] },
      });
      const asset = await ingest({ intendedUse: 'internal' });
      expect(asset).toMatchObject({ status: 'enriching', riskTier: 1 });
      const service = await rt.openEnrichment();
      await service.enrichVersion(system, asset.id, undefined);
      const enriched = await rt.assets.get(operator, asset.id);
      expect(enriched.status).not.toBe('enriching');
      expect(enriched).toMatchObject({ riskTier: 3, riskRule: 'lighthouses' });
      const history = (await rt.store.audit.forSubject('asset', asset.id)).map((e) => [
        e.action,
        e.details?.cause ?? e.details?.transition,
      ]);
      // Set in the run's transaction, just before the transition that ends enrichment.
      const tierAt = history.findIndex(([action]) => action === 'asset.risk-tier-set');
      expect(history[tierAt]).toEqual(['asset.risk-tier-set', 'enrichment-finished']);
      expect(history[tierAt + 1]).toEqual(['asset.transitioned', 'finish-enrichment']);
    });

    it('derives the tier from what enrichment found: moderation scores and tags', async () => {
      const tagged: RiskPolicy = {
        defaultTier: 1,
        rules: [
          { id: 'weapons', when: { tags: ['Weapon'] }, tier: 2 },
          { id: 'nsfw', when: { moderationAtLeast: { porn: 0.5 } }, tier: 3 },
        ],
      };
      await policies.put(operator, { value: tagged });
      const asset = await ingest({ intendedUse: 'internal' });
      const versionId = asset.versions[0]!.id;
      await rt.store.transaction(async (tx) => {
        await tx.enrichment.replaceTags(
          versionId,
          ['visual'],
          [{ label: 'weapon', category: 'object', source: 'visual', confidence: 0.9, model: 'm' }],
        );
        return rederiveTier(system, tx, asset.id, { cause: 'fields-changed' });
      });
      expect(await rt.assets.get(operator, asset.id)).toMatchObject({ riskTier: 2, riskRule: 'weapons' });
      await rt.store.transaction(async (tx) => {
        await tx.enrichment.saveResults([
          {
            versionId,
            enricher: 'visual-tags',
            model: 'nsfwjs',
            modelVersion: '1',
            status: 'done',
            producedAt: at(),
            result: { tags: 1, moderation: { nsfwjs: { Porn: 0.8, Neutral: 0.2 } } },
          },
        ]);
        const outcome = await rederiveTier(system, tx, asset.id, { cause: 'enrichment-finished' });
        expect(outcome).toMatchObject({ changed: true, before: { riskTier: 2 }, after: { riskTier: 3 } });
      });
      expect(await rt.assets.get(operator, asset.id)).toMatchObject({ riskTier: 3, riskRule: 'nsfw' });
      // Unchanged facts: nothing written, nothing audited.
      const entries = (await rt.store.audit.forSubject('asset', asset.id)).length;
      const again = await rt.store.transaction((tx) => rederiveTier(system, tx, asset.id, { cause: 'fields-changed' }));
      expect(again).toMatchObject({ changed: false, written: false });
      expect(await rt.store.audit.forSubject('asset', asset.id)).toHaveLength(entries);
    });

    it('derives the tier from the faces step: people depicted, also when the policy changes', async () => {
      await policies.put(operator, {
        value: { defaultTier: 1, rules: [{ id: 'likeness', when: { people: true }, tier: 3 }] } satisfies RiskPolicy,
      });
      const asset = await ingest({ intendedUse: 'internal' });
      const versionId = asset.versions[0]!.id;
      expect(await rt.assets.get(operator, asset.id)).toMatchObject({ riskTier: 1 });
      await rt.store.transaction(async (tx) => {
        await tx.enrichment.saveResults([
          {
            versionId,
            enricher: 'faces',
            model: 'human-blazeface+facemesh',
            modelVersion: '3.3.6',
            status: 'done',
            producedAt: at(),
            result: { faces: [{ box: { x: 1, y: 1, width: 40, height: 40 }, score: 0.9 }], containsPeople: true },
          },
        ]);
        return rederiveTier(system, tx, asset.id, { cause: 'enrichment-finished' });
      });
      expect(await rt.assets.get(operator, asset.id)).toMatchObject({ riskTier: 3, riskRule: 'likeness' });
      // A new policy version re-derives from the stored facts (storage reads the faces result in its batch).
      const next = await policies.put(operator, {
        value: { defaultTier: 1, rules: [{ id: 'likeness-2', when: { people: true }, tier: 2 }] } satisfies RiskPolicy,
      });
      await runAllBatches(next.version);
      expect(await rt.assets.get(operator, asset.id)).toMatchObject({ riskTier: 2, riskRule: 'likeness-2' });
    });
  });
}
