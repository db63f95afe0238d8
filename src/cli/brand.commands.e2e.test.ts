/** `provena brand …` and `provena check` through the real binary, on a store of its own. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, onTestFinished } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { cliScenarioTimeoutMs, jsonLines, runProvena } from '../../test/cli.ts';
import { completeFields } from '../../test/runtime.ts';

const guideline = `# Acme's brand guideline
brand:
  name: Acme
appliesTo:
  teams: [${completeFields.team}]
rules:
  - id: no-artists
    type: prompt
    forbidden: [picasso, van gogh]
  - id: palette
    type: palette
    colours: [{ name: Acme red, hex: '#e30613' }]
    tolerance: 10
    minOnPaletteShare: 0.5
    severity: warn
`;

describe('provena brand', () => {
  it(
    'imports a guideline (making its brand), refuses a bad one by path, uploads a logo, exports, and checks an asset',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'provena-cli-brand-'));
      onTestFinished(() => rmSync(root, { recursive: true, force: true }));
      const dataDir = join(root, 'data');
      const drop = join(root, 'drop');
      mkdirSync(drop);
      writeFileSync(join(drop, 'a.png'), await samplePng(612));
      writeFileSync(
        join(drop, 'a.png.json'),
        JSON.stringify({ ...completeFields, prompt: 'a lighthouse in the style of Van Gogh' }),
      );
      const provena = (...args: string[]) => runProvena([...args, '--data-dir', dataDir]);
      const [ingested] = jsonLines<{ assetId: string }>((await provena('ingest', drop, '--json')).stdout);

      const bad = join(root, 'bad.yaml');
      writeFileSync(bad, guideline.replace('tolerance: 10', 'tolerance: 140').replace('type: prompt', 'type: sparkle'));
      const refused = await provena('brand', 'import', bad);
      expect(refused.code).toBe(65);
      expect(refused.stderr).toContain('rules[0].type: must be one of');
      expect(refused.stderr).toContain('rules[1].tolerance');

      const file = join(root, 'acme.yaml');
      writeFileSync(file, guideline);
      const imported = await provena('brand', 'import', file, '--note', 'first');
      expect(imported.code).toBe(0);
      expect(imported.stdout).toContain('stored acme guideline version 1 (2 rules)');
      const list = await provena('brand', 'list');
      expect(list.stdout).toMatch(/acme\s+Acme\s+v1/);

      const logo = join(root, 'wordmark.png');
      await sharp({ create: { width: 64, height: 32, channels: 3, background: '#e30613' } })
        .png()
        .toFile(logo);
      const added = await provena('brand', 'logo', 'add', logo);
      expect(added.code).toBe(0);
      expect(added.stdout).toContain('stored logo wordmark (64×32, image/png');
      const notImage = join(root, 'notes.png');
      writeFileSync(notImage, 'just text');
      expect((await provena('brand', 'logo', 'add', notImage, '--brand', 'acme')).stderr).toContain(
        'UNSUPPORTED_MEDIA_TYPE',
      );

      const exported = await provena('brand', 'export', 'acme', '--format', 'yaml');
      expect(exported.stdout).toContain('forbidden:');
      const again = join(root, 'again.yaml');
      writeFileSync(again, exported.stdout.replace('- van gogh', '- monet'));
      const bumped = await provena('brand', 'import', again, '--brand', 'acme');
      expect(bumped.stdout).toContain('version 2');
      expect(bumped.stdout).toContain('changed: no-artists');
      expect((await provena('brand', 'versions', 'acme')).stdout).toMatch(/2 .*\n.*1 .*first/);

      const check = await provena('check', ingested!.assetId);
      // The guideline of version 2 no longer forbids Van Gogh: the prompt rule passes.
      expect(check.stdout).toContain('brand acme, guideline v2');
      expect(check.stdout).toMatch(/PASS\s+no-artists/);
      const json = JSON.parse((await provena('check', ingested!.assetId, '--json')).stdout) as {
        items: { verdict: string }[];
      };
      expect(json.items).toHaveLength(1);
      const shown = await provena('show', ingested!.assetId);
      expect(shown.stdout).toContain('brand checks:');
      expect((await provena('check', 'nope')).code).not.toBe(0);
    },
    cliScenarioTimeoutMs,
  );
});
