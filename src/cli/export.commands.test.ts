/**
 * `provena presets …` and `provena export …` in process over a real runtime (SQLite); the services' rules are tested
 * on both dialects beside them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { runInProcess } from '../../test/cli-in-process.ts';
import { operator } from '../../test/contexts.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { zipEntries } from '../../test/zip-entries.ts';
import type { ExportManifest } from '../domain/export-archive.ts';
import type { CliServices } from './program.ts';

describe('provena presets | export', () => {
  let rt: TestRuntime;
  const ids: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'provena-export-cli-'));
  beforeAll(async () => {
    rt = await createTestRuntime('sqlite', { embedder: 'none', moderation: 'false' });
    for (const [seed, fileName] of [
      [81, 'dune.png'],
      [82, 'reef.png'],
    ] as const) {
      const made = await rt.intake.intake(operator, await samplePng(seed, 96), {
        fileName,
        fields: completeFields,
        mode: 'interactive',
      });
      ids.push(made.asset.id);
    }
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await rt?.dispose();
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  const run = (...args: string[]) =>
    runInProcess(args, () =>
      Promise.resolve({ ...rt, ctx: operator, close: () => Promise.resolve() } as unknown as CliServices),
    );

  it('lists the presets, sets one from a file, deletes it', async () => {
    expect((await run('presets', 'list')).out).toMatch(/web-1600\s+webp\s+1600×1600\s+inside\s+82\s+provenance/);
    const file = join(dir, 'preset.json');
    writeFileSync(file, JSON.stringify({ name: 'square-512', width: 512, height: 512, fit: 'cover', format: 'png' }));
    expect((await run('presets', 'set', '--file', file)).out).toBe('created preset square-512\n');
    writeFileSync(file, JSON.stringify({ name: 'square-512', format: 'bmp' }));
    const bad = await run('presets', 'set', '--file', file);
    expect(bad.code).toBe(65);
    expect(bad.err).toContain('preset.format: "bmp" is unknown');
    expect((await run('presets', 'delete', 'square-512')).out).toBe('deleted preset square-512\n');
    expect((await run('presets', 'delete', 'square-512')).code).toBe(66);
  });

  it('exports into a folder: each file with its sidecar, a progress line each, exit 1 when one was refused', async () => {
    const out = join(dir, 'folder');
    const res = await run(
      'export',
      ids[0]!,
      ids[1]!,
      '--preset',
      'thumbnail-400',
      '--channel',
      'internal',
      '--out',
      out,
    );
    expect(res.code).toBe(0);
    expect(res.err).toContain(`[1/2] exported ${ids[0]} → dune.thumbnail-400.webp`);
    expect(res.out).toBe(`2 exported, 0 refused → ${out}\n`);
    expect(readdirSync(out).sort()).toEqual([
      'dune.thumbnail-400.webp',
      'dune.thumbnail-400.webp.jsonld',
      'reef.thumbnail-400.webp',
      'reef.thumbnail-400.webp.jsonld',
    ]);
    expect((await sharp(readFileSync(join(out, 'dune.thumbnail-400.webp'))).metadata()).format).toBe('webp');
    // The web needs an approved asset: both drafts are refused, and so the command fails with the refusal.
    const denied = await run('export', ids[0]!, '--preset', 'web-1600', '--channel', 'web', '--out', out);
    expect(denied.code).toBe(77);
    expect(denied.err).toContain(`[1/1] refused ${ids[0]}: USAGE_DENIED`);
    const mixed = await run(
      'export',
      ids[1]!,
      '00000000-0000-7000-8000-000000000000',
      '--preset',
      'thumbnail-400',
      '--channel',
      'internal',
      '--out',
      out,
    );
    expect(mixed.code).toBe(1);
    expect(mixed.out).toContain('1 exported, 1 refused');
    // Written again under a free name, never over the earlier file.
    expect(readdirSync(out)).toContain('reef.thumbnail-400-2.webp');
    expect(readdirSync(out).some((name) => name.includes('.part-'))).toBe(false);
  });

  it('exports into a zip with its manifest; refuses what it cannot do before opening anything', async () => {
    const zip = join(dir, 'out', 'bundle.zip');
    const res = await run('export', ...ids, '--preset', 'email-800', '--channel', 'internal', '--out', zip, '--json');
    expect(res.code).toBe(0);
    const entries = zipEntries(readFileSync(zip));
    expect([...entries.keys()]).toContain('manifest.json');
    const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as ExportManifest;
    expect(manifest.exported.map((e) => e.assetId)).toEqual(ids);
    expect(JSON.parse(res.out)).toMatchObject({ out: zip, refused: [] });
    const none = await run('export', '--preset', 'email-800', '--channel', 'internal', '--out', zip);
    expect(none.code).toBe(65);
    expect(none.err).toContain('exactly one of them');
    const deniedZip = join(dir, 'denied.zip');
    const denied = await run('export', ids[0]!, '--preset', 'email-800', '--channel', 'web', '--out', deniedZip);
    expect(denied.code).toBe(77);
    expect(readdirSync(dir)).not.toContain('denied.zip');
  });
});
