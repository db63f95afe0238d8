/** `provena policy …` and `provena ls --risk-tier` through the real binary, on a store of its own. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { cliScenarioTimeoutMs, jsonLines, runProvena } from '../../test/cli.ts';
import { completeFields } from '../../test/runtime.ts';
import { defaultRiskPolicy } from '../domain/risk-policy.ts';

describe('provena policy', () => {
  it(
    'shows the default, refuses a bad file naming each problem, previews and stores a version, lists by tier',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'provena-cli-policy-'));
      onTestFinished(() => rmSync(root, { recursive: true, force: true }));
      const dataDir = join(root, 'data');
      const drop = join(root, 'drop');
      mkdirSync(drop);
      writeFileSync(join(drop, 'a.png'), await samplePng(611));
      writeFileSync(join(drop, 'a.png.json'), JSON.stringify(completeFields));
      const provena = (...args: string[]) => runProvena([...args, '--data-dir', dataDir]);
      const [ingested] = jsonLines<{ assetId: string }>((await provena('ingest', drop, '--json')).stdout);

      const shown = await provena('policy', 'show');
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain('risk policy version 0 (the shipped default)');
      expect(shown.stdout).toContain('tier 2  customer-facing');
      const asJson = JSON.parse((await provena('policy', 'show', '0', '--json')).stdout) as { policy: unknown };
      expect(asJson.policy).toEqual(defaultRiskPolicy);

      const bad = join(root, 'bad.json');
      writeFileSync(bad, JSON.stringify({ defaultTier: 5, rules: [{ id: 'x', when: { kind: ['imgae'] }, tier: 2 }] }));
      const refused = await provena('policy', 'check', bad);
      expect(refused.code).toBe(65);
      expect(refused.stderr).toContain('defaultTier: must be one of: 1, 2, 3');
      expect(refused.stderr).toContain('rules[0].when.kind[0]: must be one of');
      const broken = join(root, 'broken.json');
      writeFileSync(broken, '{\n  "defaultTier": 1\n  "rules": []\n}');
      expect((await provena('policy', 'set', broken)).stderr).toContain('at line 3, column 3');
      expect((await provena('policy', 'check', join(root, 'missing.json'))).stderr).toContain('Cannot read');

      const stricter = join(root, 'stricter.json');
      writeFileSync(
        stricter,
        JSON.stringify({
          ...defaultRiskPolicy,
          rules: [...defaultRiskPolicy.rules, { id: 'social-risky', when: { intendedUse: ['social'] }, tier: 3 }],
        }),
      );
      expect((await provena('policy', 'check', stricter)).stdout).toContain('ok: default tier 1, 6 rules');
      const preview = await provena('policy', 'preview', stricter);
      expect(preview.stdout).toContain('1 of 1 assets not yet approved would change tier or rule');
      expect(preview.stdout).toContain(ingested!.assetId);
      const set = await provena('policy', 'set', stricter, '--note', 'social to legal');
      expect(set.code).toBe(0);
      expect(set.stdout).toContain('stored risk policy version 1');
      const history = await provena('policy', 'history');
      expect(history.stdout).toMatch(/1 .*social to legal/);

      // The re-derivation is a job: the worker is not running here, so the asset keeps its tier until it runs.
      const tier2 = JSON.parse((await provena('ls', '--risk-tier', '2', '--json')).stdout) as {
        items: { id: string }[];
      };
      expect(tier2.items.map((a) => a.id)).toEqual([ingested!.assetId]);
      const jobs = JSON.parse((await provena('jobs', 'list', '--json')).stdout) as { items: { name: string }[] };
      expect(jobs.items.map((j) => j.name)).toContain('risk.rederive-tiers');
      expect((await provena('ls', '--risk-tier', '4')).code).not.toBe(0);
    },
    cliScenarioTimeoutMs,
  );
});
