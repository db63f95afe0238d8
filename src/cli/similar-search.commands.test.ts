/**
 * `provena search --like <asset>` and `provena search --image <file>` in process over a real runtime (SQLite,
 * MobileNet configured but never loaded: the like search reads a stored embedding, and every refused image is refused
 * by the decoder). The ranking and its rules are tested on both dialects in services/similar-search.test.ts.
 */
import { Command } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Capture, throwingInsteadOfExiting } from '../../test/cli-in-process.ts';
import { operator } from '../../test/contexts.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { serviceRunner } from './command-runner.ts';
import { addSearchCommands, type SearchCliServices } from './search.commands.ts';

const dimensions = 1280;
const vectorTowards = (axis: number, amount: number) => {
  const v = new Float32Array(dimensions).fill(0.01);
  v[axis] = amount;
  return v;
};

describe('provena search --like | --image', () => {
  let rt: TestRuntime;
  let dir: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    rt = await createTestRuntime('sqlite', { embedder: 'mobilenet', moderation: 'false', maxPixels: '10000' });
    dir = mkdtempSync(join(tmpdir(), 'provena-similar-cli-'));
    let seed = 0;
    for (const [key, axis] of [
      ['a', 3],
      ['b', 3],
      ['c', 900],
    ] as const) {
      const picture = await sharp({
        create: { width: 20 + ++seed, height: 20, channels: 3, background: { r: seed * 40, g: 90, b: 10 } },
      })
        .png()
        .toBuffer();
      const { asset } = await rt.intake.intake(operator, picture, {
        fileName: `${key}.png`,
        fields: { ...completeFields, title: `Cli similar ${key}` },
        mode: 'bulk',
      });
      ids[key] = asset.id;
      const stored = await rt.store.assets.get(asset.id);
      await rt.store.transaction((tx) =>
        tx.enrichment.saveEmbedding(
          stored!.versions.find((v) => v.number === stored!.currentVersion)!.id,
          { model: 'mobilenet-v2-nsfw', modelVersion: 'test', vector: vectorTowards(axis, key === 'a' ? 1 : 0.8) },
          new Date().toISOString(),
        ),
      );
    }
  });
  afterAll(async () => {
    await rt?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  async function run(...args: string[]) {
    const out = new Capture();
    const err = new Capture();
    const program = new Command('provena');
    const withServices = serviceRunner<SearchCliServices & { close(): Promise<void> }>(
      () => Promise.resolve({ ...rt, ctx: operator, close: () => Promise.resolve() }),
      err,
    );
    addSearchCommands(program, withServices, out, err);
    throwingInsteadOfExiting(program);
    process.exitCode = undefined;
    await program.parseAsync(args, { from: 'user' });
    return { out: out.text, err: err.text, code: Number(process.exitCode ?? 0) };
  }

  it('lists more like an asset, as JSON and as a table saying how it ranked', async () => {
    const json = await run('search', '--like', ids.a!, '--json');
    expect(json.code).toBe(0);
    const page = JSON.parse(json.out) as { items: { asset: { id: string } }[]; modes: string[] };
    expect(page.items.map((item) => item.asset.id)).toEqual([ids.b, ids.c]);
    expect(page.modes).toEqual(['vector']);
    const table = await run('search', '--like', ids.a!);
    expect(table.out).toContain('ranked by: vector');
    expect(table.out).toContain('Cli similar b');
  });

  it('refuses a missing file, a non-image, a bomb and --image beside --like, with what to fix', async () => {
    const missing = await run('search', '--image', join(dir, 'nowhere.png'));
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/Cannot read the image .*ENOENT/);
    const textFile = join(dir, 'notes.png');
    writeFileSync(textFile, 'not a picture');
    const text = await run('search', '--image', textFile);
    expect(text.code).not.toBe(0);
    expect(text.err).toMatch(/file: the query image cannot be used/);
    const bombFile = join(dir, 'big.png');
    writeFileSync(
      bombFile,
      await sharp({ create: { width: 150, height: 150, channels: 3, background: '#808080' } })
        .png()
        .toBuffer(),
    );
    const bomb = await run('search', '--image', bombFile);
    expect(bomb.code).not.toBe(0);
    expect(bomb.err).toMatch(/pixels/);
    const both = await run('search', '--image', bombFile, '--like', ids.a!);
    expect(both.code).not.toBe(0);
    expect(both.err).toMatch(/--image/);
    const unknown = await run('search', '--like', '00000000-0000-4000-8000-000000000000');
    expect(unknown.err).toMatch(/does not exist/);
  });
});
