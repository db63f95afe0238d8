import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { operator } from '../../../test/contexts.ts';
import { samplePng } from '../../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { bearer, useTestApp } from '../../../test/http-app.ts';
import { completeFields } from '../../../test/runtime.ts';
import { stringify as stringifyYaml } from 'yaml';
import { defaultRiskPolicy } from '../../domain/risk-policy.ts';

interface PolicyReply {
  version: number;
  createdBy: string;
  note?: string;
  policy: typeof defaultRiskPolicy;
}

const socialIsRisky = {
  ...defaultRiskPolicy,
  rules: [...defaultRiskPolicy.rules, { id: 'social-risky', when: { intendedUse: ['social'] }, tier: 3 }],
};

let seed = 7100;

for (const dialect of dialects) {
  describeDialect(dialect, `risk policy API [${dialect}]`, () => {
    const t = useTestApp(dialect);
    const tokenFor = async (username: string, memberships: { teamId: string; role: string }[]) => {
      await t.app.inject({ method: 'POST', url: '/api/v1/users', payload: { username, memberships } });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'test', scopes: ['read', 'write', 'admin'], user: username },
      });
      return bearer(res.json<{ secret: string }>().secret);
    };
    const put = (payload: string, headers: Record<string, string> = {}, query = '') =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/policies/risk${query}`,
        headers: { 'content-type': 'application/json', ...headers },
        payload,
      });

    it('answers the shipped default as version 0 until one is stored', async () => {
      const res = await t.app.inject({ url: '/api/v1/policies/risk' });
      expect(res.statusCode).toBe(200);
      expect(res.json<PolicyReply>()).toMatchObject({ version: 0, policy: defaultRiskPolicy });
      const versions = await t.app.inject({ url: '/api/v1/policies/risk/versions' });
      expect(versions.json<{ items: { version: number }[] }>().items.map((v) => v.version)).toEqual([0]);
      expect((await t.app.inject({ url: '/api/v1/policies/risk/versions/0' })).json<PolicyReply>().version).toBe(0);
      const missing = await t.app.inject({ url: '/api/v1/policies/risk/versions/7' });
      expect(missing.statusCode).toBe(404);
      expect((await t.app.inject({ url: '/api/v1/policies/risk/versions/x' })).statusCode).toBe(400);
    });

    it('refuses a syntax error and an unknown field with 400 naming where, storing nothing', async () => {
      const syntax = await put('{\n  "defaultTier": 1,\n  "rules": [\n}');
      expect(syntax.statusCode).toBe(400);
      expect(syntax.json()).toMatchObject({
        error: {
          code: 'VALIDATION_FAILED',
          details: { problems: [{ field: '(policy)', problem: expect.stringContaining('line 4') as string }] },
        },
      });
      const unknown = await put(
        JSON.stringify({ ...defaultRiskPolicy, rules: [{ id: 'a', when: { audience: 'external' }, tier: 2, w: 1 }] }),
      );
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toMatchObject({
        error: {
          details: { problems: [{ field: 'rules[0].w', problem: expect.stringContaining('unknown field') as string }] },
        },
      });
      const yaml = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/policies/risk',
        headers: { 'content-type': 'application/yaml' },
        payload: 'defaultTier: 1\nrules:\n  - id: a\n    when: {audience: everyone}\n    tier: 2\n',
      });
      expect(yaml.statusCode).toBe(400);
      expect(yaml.json()).toMatchObject({
        error: { details: { problems: [{ field: 'rules[0].when.audience' }] } },
      });
      const notJsonType = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/policies/risk',
        headers: { 'content-type': 'text/plain' },
        payload: 'defaultTier: 1',
      });
      expect(notJsonType.statusCode).toBe(415);
      expect((await t.app.inject({ url: '/api/v1/policies/risk' })).json<PolicyReply>().version).toBe(0);
    });

    it('previews, stores a new version with its note and re-derives tiers; needs policy:edit', async () => {
      const asset = (
        await t.rt.intake.intake(operator, Readable.from([await samplePng(seed++)]), {
          fileName: 'route.png',
          fields: completeFields,
          mode: 'bulk',
        })
      ).asset;
      const shown = await t.app.inject({ url: `/api/v1/assets/${asset.id}` });
      expect(shown.json()).toMatchObject({ riskTier: 2, riskRule: 'customer-facing', riskPolicyVersion: 0 });

      const preview = await t.app.inject({
        method: 'POST',
        url: '/api/v1/policies/risk/preview',
        payload: socialIsRisky,
      });
      // The same document in YAML previews the same.
      const yamlPreview = await t.app.inject({
        method: 'POST',
        url: '/api/v1/policies/risk/preview',
        headers: { 'content-type': 'application/yaml' },
        payload: stringifyYaml(socialIsRisky),
      });
      expect(yamlPreview.json()).toEqual(preview.json());
      expect(preview.statusCode).toBe(200);
      expect(preview.json()).toMatchObject({ changes: 1, byTier: { '2→3': 1 }, truncated: false });

      const creator = await tokenFor('cory', [{ teamId: '*', role: 'creator' }]);
      const refused = await put(JSON.stringify(socialIsRisky), creator);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ error: { code: 'FORBIDDEN', details: { permission: 'policy:edit' } } });
      // A creator reads it all the same: it explains the tiers of the assets they see.
      expect((await t.app.inject({ url: '/api/v1/policies/risk', headers: creator })).statusCode).toBe(200);

      const stored = await put(JSON.stringify(socialIsRisky), {}, '?note=social%20to%20legal');
      expect(stored.statusCode).toBe(200);
      expect(stored.json<PolicyReply>()).toMatchObject({
        version: 1,
        createdBy: 'user:admin',
        note: 'social to legal',
      });
      // The job queued with the change does the re-derivation; here it is run as the worker would.
      let after: string | undefined;
      do {
        after = (await t.rt.policies.rederiveBatch(operator, { policyVersion: 1, ...(after ? { after } : {}) })).next;
      } while (after);
      expect((await t.app.inject({ url: `/api/v1/assets/${asset.id}` })).json()).toMatchObject({
        riskTier: 3,
        riskRule: 'social-risky',
        riskPolicyVersion: 1,
      });
      const tier3 = await t.app.inject({ url: '/api/v1/assets?riskTier=3' });
      expect(tier3.json<{ items: { id: string }[] }>().items.map((a) => a.id)).toContain(asset.id);
      const tier2 = await t.app.inject({ url: '/api/v1/assets?riskTier=2' });
      expect(tier2.json<{ items: { id: string }[] }>().items.map((a) => a.id)).not.toContain(asset.id);
      expect((await t.app.inject({ url: '/api/v1/assets?riskTier=4' })).statusCode).toBe(400);
      // Editing a fact the rules read derives the tier again: regulated, as JSON's true.
      const internal = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/assets/${asset.id}`,
        payload: { intendedUse: 'internal', audience: 'internal' },
      });
      expect(internal.statusCode).toBe(200);
      expect(internal.json()).toMatchObject({ asset: { riskTier: 1, audience: 'internal' } });
      const regulated = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/assets/${asset.id}`,
        payload: { regulated: true },
      });
      expect(regulated.json()).toMatchObject({ asset: { riskTier: 3, riskRule: 'regulated', regulated: true } });
      const wrong = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/assets/${asset.id}`,
        payload: { audience: 'everyone' },
      });
      expect(wrong.statusCode).toBe(400);
      const versions = await t.app.inject({ url: '/api/v1/policies/risk/versions' });
      expect(versions.json<{ items: { version: number; note?: string }[] }>().items).toMatchObject([
        { version: 1, note: 'social to legal' },
        { version: 0 },
      ]);
    });
  });
}
