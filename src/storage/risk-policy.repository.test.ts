import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import { checkRowDigest, assetDigestFields } from '../domain/row-digest.ts';
import { defaultRiskPolicy, riskFactsOf, type RiskPolicy } from '../domain/risk-policy.ts';
import { testAuditKey } from '../../test/audit-key.ts';

const at = '2030-01-01T00:00:00.000Z';
const stricter: RiskPolicy = {
  defaultTier: 2,
  rules: [
    { id: 'print', description: 'Print runs are expensive to recall.', when: { intendedUse: ['print'] }, tier: 3 },
  ],
};

describeEachDialect('risk policy repository', ({ store }) => {
  it('has no version until one is stored, then answers the newest, any version and the history newest first', async () => {
    const policies = store().riskPolicies;
    expect(await policies.latest()).toBeUndefined();
    expect(await policies.history()).toEqual([]);
    await policies.insert({ version: 1, policy: defaultRiskPolicy, createdAt: at, createdBy: 'operator:a' });
    await policies.insert({ version: 2, policy: stricter, createdAt: at, createdBy: 'user:b', note: 'print' });
    expect(await policies.latest()).toEqual({
      version: 2,
      policy: stricter,
      createdAt: at,
      createdBy: 'user:b',
      note: 'print',
    });
    expect((await policies.get(1))?.policy).toEqual(defaultRiskPolicy);
    expect(await policies.get(3)).toBeUndefined();
    expect(await policies.history()).toEqual([
      { version: 2, createdAt: at, createdBy: 'user:b', note: 'print' },
      { version: 1, createdAt: at, createdBy: 'operator:a' },
    ]);
  });

  it('refuses a version stored twice (two edits at once) as CONFLICT, keeping the first', async () => {
    const policies = store().riskPolicies;
    const next = ((await policies.latest())?.version ?? 0) + 1;
    await policies.insert({ version: next, policy: stricter, createdAt: at, createdBy: 'user:first' });
    await expect(
      policies.insert({ version: next, policy: defaultRiskPolicy, createdAt: at, createdBy: 'user:second' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await policies.get(next))?.createdBy).toBe('user:first');
  });

  it('lists the assets whose tier is still pending, in id order after a key, leaving decided ones out', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await addStoredAsset(store())).assetId);
    // One approved and one published: their tier stays as it was decided.
    await store().transaction(async (tx) => {
      await tx.assets.setStatus(ids[1]!, 'approved', at, 'draft');
      await tx.assets.setStatus(ids[3]!, 'published', at, 'draft');
    });
    const pending = [ids[0]!, ids[2]!, ids[4]!].sort();
    const all = await store().riskPolicies.tierPendingAssetIds('', 1000);
    expect(all.filter((id) => ids.includes(id))).toEqual(pending);
    const first = await store().riskPolicies.tierPendingAssetIds('', 1);
    const afterFirst = await store().riskPolicies.tierPendingAssetIds(first[0]!, 1000);
    expect([...first, ...afterFirst]).toEqual(all);
  });

  it('reads the facts of a batch of assets as the one-asset path does: fields, tags, moderation, AI verdict', async () => {
    const plain = await addStoredAsset(store());
    const enriched = await addStoredAsset(store(), { versions: 2 });
    const current = enriched.versionIds[1]!;
    await store().transaction(async (tx) => {
      await tx.enrichment.replaceTags(
        current,
        ['visual'],
        [{ label: 'Weapon', category: 'object', source: 'visual', confidence: 0.9, model: 'm' }],
      );
      // The first version's tags are not the current version's facts.
      await tx.enrichment.replaceTags(
        enriched.versionIds[0]!,
        ['visual'],
        [{ label: 'old', category: 'object', source: 'visual', confidence: 0.9, model: 'm' }],
      );
      await tx.enrichment.saveResults([
        {
          versionId: current,
          enricher: 'visual-tags',
          model: 'nsfwjs',
          modelVersion: '1',
          status: 'done',
          producedAt: at,
          result: { tags: 1, moderation: { nsfwjs: { Porn: 0.7, Neutral: 0.3 } } },
        },
      ]);
      await tx.assets.setRiskTier(enriched.assetId, { tier: 2, rule: 'x', policyVersion: 4 });
    });
    const facts = await store().transaction((tx) =>
      tx.riskPolicies.tierFacts([enriched.assetId, plain.assetId, 'no-such-asset'], { lock: true }),
    );
    const byId = new Map(facts.map((f) => [f.assetId, f]));
    expect(facts).toHaveLength(2);
    expect(byId.get(enriched.assetId)).toMatchObject({
      status: 'draft',
      riskTier: 2,
      riskRule: 'x',
      riskPolicyVersion: 4,
      facts: {
        kind: 'image',
        rightsStatus: 'pending',
        aiInvolvement: 'unknown',
        tags: ['Weapon'],
        moderation: { porn: 0.7, neutral: 0.3 },
      },
    });
    const asset = (await store().assets.get(plain.assetId))!;
    expect(byId.get(plain.assetId)?.facts).toEqual(riskFactsOf(asset, { tags: [] }));
  });

  it('sets an asset’s tier with its row digest, answers what was there, and lists assets by tier', async () => {
    const { assetId } = await addStoredAsset(store());
    const before = await store().transaction((tx) =>
      tx.assets.setRiskTier(assetId, { tier: 3, rule: 'print', policyVersion: 2 }),
    );
    expect(before).toEqual({ status: 'draft' });
    expect(await store().assets.get(assetId)).toMatchObject({ riskTier: 3, riskRule: 'print', riskPolicyVersion: 2 });
    // The default tier: no rule.
    const previous = await store().transaction((tx) => tx.assets.setRiskTier(assetId, { tier: 2, policyVersion: 3 }));
    expect(previous).toEqual({ status: 'draft', riskTier: 3, riskRule: 'print', riskPolicyVersion: 2 });
    const asset = (await store().assets.get(assetId))!;
    expect(asset.riskTier).toBe(2);
    expect(asset.riskRule).toBeUndefined();
    // The digest covers the tier: the row still checks, and a status change after it is not refused.
    const row = await store().db.selectFrom('assets').selectAll().where('id', '=', assetId).executeTakeFirstOrThrow();
    const { versions: _v, requestor: _r, team: _t, campaign: _c, ...fields } = asset;
    expect(checkRowDigest(testAuditKey, 'asset', assetId, assetDigestFields(fields), row.row_digest)).toEqual({
      ok: true,
    });
    await store().transaction((tx) => tx.assets.setStatus(assetId, 'enriching', at, 'draft'));
    const listed = await store().assets.list({ riskTier: 2 }, { limit: 200 });
    expect(listed.items.map((a) => a.id)).toContain(assetId);
    expect((await store().assets.list({ riskTier: 3 }, { limit: 200 })).items.map((a) => a.id)).not.toContain(assetId);
  });

  it('names the tier in the digest check when it is changed around Provena', async () => {
    const { assetId } = await addStoredAsset(store());
    await store().transaction((tx) => tx.assets.setRiskTier(assetId, { tier: 3, rule: 'print', policyVersion: 1 }));
    await store().db.updateTable('assets').set({ risk_tier: 1 }).where('id', '=', assetId).execute();
    await expect(
      store().transaction((tx) => tx.assets.setRiskTier(assetId, { tier: 2, policyVersion: 1 })),
    ).rejects.toMatchObject({ code: 'AUDIT_CHAIN_BROKEN', details: { check: { fields: ['riskTier'] } } });
    // Cleared altogether: named too, though the field is then missing from the row.
    await store().db.updateTable('assets').set({ risk_tier: null }).where('id', '=', assetId).execute();
    await expect(
      store().transaction((tx) => tx.assets.setStatus(assetId, 'enriching', at, 'draft')),
    ).rejects.toMatchObject({ code: 'AUDIT_CHAIN_BROKEN', details: { check: { fields: ['riskTier'] } } });
  });
});
