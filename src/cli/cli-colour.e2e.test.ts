/** End to end through the real `provena` binary: ingest solid colours, compute their palettes, list by colour. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cliScenarioTimeoutMs, runProvena as provena } from '../../test/cli.ts';
import { completeFields } from '../../test/runtime.ts';
import { partialFailureExitCode } from '../edge/error-table.ts';

/** A PNG whose left `split` fraction is one colour and the rest another. */
const twoColourPng = (left: string, right: string, split: number): Promise<Buffer> => {
  const width = 100;
  const leftWidth = Math.round(width * split);
  return sharp({ create: { width, height: 40, channels: 3, background: right } })
    .composite([
      {
        input: { create: { width: leftWidth, height: 40, channels: 3, background: left } },
        left: 0,
        top: 0,
      },
    ])
    .png()
    .toBuffer();
};

describe('provena ls --colour', () => {
  it(
    'lists assets by palette colour family or hex colour (palettes from enrich --now, by filter and by id), and refuses unknown colours',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'provena-cli-colour-'));
      onTestFinished(() => rmSync(root, { recursive: true, force: true }));
      const dataDir = join(root, 'data');
      const drop = join(root, 'drop');
      mkdirSync(drop, { recursive: true });
      const files: Record<string, Buffer> = {
        'red-white.png': await twoColourPng('#ff0000', '#ffffff', 0.7),
        'navy-orange.png': await twoColourPng('#000080', '#ff6600', 0.95),
        'teal.png': await twoColourPng('#008080', '#008080', 1),
      };
      for (const [name, bytes] of Object.entries(files)) {
        writeFileSync(join(drop, name), bytes);
        writeFileSync(join(drop, `${name}.json`), JSON.stringify(completeFields));
      }
      const ingest = await provena(['ingest', drop, '--json', '--concurrency', '1', '--data-dir', dataDir]);
      expect(ingest.code).toBe(0);
      const idOf = Object.fromEntries(
        ingest.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { file: string; assetId: string })
          .map((l) => [l.file.split('/').pop()!, l.assetId]),
      );
      const enrich = await provena(['enrich', '--all', '--now', '--only', 'palette', '--data-dir', dataDir]);
      expect(enrich.code).toBe(0);
      // By id: the listed asset again (forced), and one that does not exist, reported as such.
      const missing = '00000000-0000-4000-8000-00000000abcd';
      const byId = await provena([
        'enrich',
        '--now',
        '--force',
        '--only',
        'palette',
        '--json',
        '--data-dir',
        dataDir,
        idOf['teal.png']!,
        missing,
      ]);
      expect(byId.code).toBe(partialFailureExitCode);
      const items = byId.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { assetId: string; ok: boolean; error?: { code: string } });
      expect(items.find((i) => i.assetId === idOf['teal.png'])).toMatchObject({ ok: true });
      expect(items.find((i) => i.assetId === missing)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

      const ls = async (...args: string[]) => {
        const res = await provena(['ls', '--json', '--data-dir', dataDir, ...args]);
        expect(res.code).toBe(0);
        return (JSON.parse(res.stdout) as { items: Array<{ id: string }> }).items.map((a) => a.id).sort();
      };
      expect(await ls('--colour', 'red')).toEqual([idOf['red-white.png']]);
      expect(await ls('--colour', 'white')).toEqual([idOf['red-white.png']]);
      expect(await ls('--colour', 'blue')).toEqual([idOf['navy-orange.png']]);
      expect(await ls('--colour', 'teal')).toEqual([idOf['teal.png']]);
      // The orange strip covers 5 %: only a lower share finds it.
      expect(await ls('--colour', 'orange')).toEqual([]);
      expect(await ls('--colour', 'orange', '--colour-share', '0.03')).toEqual([idOf['navy-orange.png']]);
      expect(await ls('--colour', '#ff6600', '--colour-share', '0.03')).toEqual([idOf['navy-orange.png']]);
      expect(await ls('--colour', '#ee0000')).toEqual([idOf['red-white.png']]);
      expect(await ls('--colour', '#ee0000', '--colour-tolerance', '1')).toEqual([]);

      const unknown = await provena(['ls', '--colour', 'reddish', '--data-dir', dataDir]);
      expect(unknown.code).toBe(65);
      expect(unknown.stderr).toContain('VALIDATION_FAILED');
      expect(unknown.stderr).toContain(
        'red, orange, yellow, green, teal, blue, purple, pink, brown, black, grey, white',
      );
      const share = await provena(['ls', '--colour', 'red', '--colour-share', 'lots', '--data-dir', dataDir]);
      expect(share.code).toBe(65);
      expect(share.stderr).toContain('--colour-share');
    },
    cliScenarioTimeoutMs,
  );
});
