/**
 * `provena asset add-version|revert|edit|delete|restore` and `provena purge` in process over a real runtime (SQLite):
 * the commands are thin, so one dialect shows what they print and the exit code of a refusal; the services' rules
 * are tested on both dialects (services/asset-lifecycle.service.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { runInProcess } from '../../test/cli-in-process.ts';
import { operator } from '../../test/contexts.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { exitCodeFor } from './output.ts';
import type { CliServices } from './program.ts';
import { ProvenaError } from '../domain/errors.ts';

describe('provena asset lifecycle commands', () => {
  let rt: TestRuntime;
  let dir: string;
  beforeAll(async () => {
    rt = await createTestRuntime('sqlite', { embedder: 'none', moderation: 'false' });
    dir = mkdtempSync(join(tmpdir(), 'provena-asset-cli-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await rt?.dispose();
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  const run = async (...args: string[]) => {
    const { out, err, code, thrown } = await runInProcess(args, () =>
      Promise.resolve({ ...rt, ctx: operator, close: () => Promise.resolve() } as CliServices),
    );
    if (thrown !== undefined) throw thrown;
    return { out, err, exitCode: code };
  };
  let seed = 9000;
  const ingested = async () =>
    (
      await rt.intake.intake(operator, await samplePng(seed++), {
        fileName: 'lighthouse.png',
        fields: completeFields,
        mode: 'interactive',
      })
    ).asset;

  it('adds a version from a file, answers unchanged for the same file, and reverts', async () => {
    const asset = await ingested();
    const file = join(dir, 'second.png');
    writeFileSync(file, await samplePng(seed++));
    const added = await run('asset', 'add-version', asset.id, file);
    expect(added.out).toBe(`asset ${asset.id}: version 2 is current; status enriching\n`);
    const again = await run('asset', 'add-version', asset.id, file, '--json');
    expect(JSON.parse(again.out)).toMatchObject({ status: 'unchanged', version: 2, asset: { currentVersion: 2 } });
    const reverted = await run('asset', 'revert', asset.id, '1');
    expect(reverted.out).toBe(`asset ${asset.id}: version 3 (revert of version 1) is current; status enriching\n`);
    const bad = await run('asset', 'revert', asset.id, 'first');
    expect(bad.err).toContain('<n>: a version number');
    expect(bad.exitCode).toBe(exitCodeFor(new ProvenaError('VALIDATION_FAILED', '')));
  });

  it('edits fields and tags, prints each change, and repairs a quarantined asset', async () => {
    const asset = await ingested();
    const edited = await run(
      'asset',
      'edit',
      asset.id,
      '--title',
      'Lighthouse at dusk',
      '--tag',
      'coast',
      '--tag',
      'night',
      '--clear',
      'toolVersion',
      '--model',
      'sdxl',
    );
    expect(edited.out).toBe(
      [
        `asset ${asset.id} edited`,
        '  title: lighthouse.png → Lighthouse at dusk',
        '  model: — → sdxl',
        '  toolVersion: 0.3.10 → —',
        '  tags: — → coast, night',
        '',
      ].join('\n'),
    );
    const json = await run('asset', 'edit', asset.id, '--remove-tag', 'night', '--json');
    expect(JSON.parse(json.out)).toMatchObject({
      tags: ['coast'],
      released: false,
      asset: { title: 'Lighthouse at dusk' },
    });
    const both = await run('asset', 'edit', asset.id, '--prompt', 'x', '--clear', 'prompt');
    expect(both.err).toContain('--prompt: both set and cleared');
    const stale = await run('asset', 'edit', asset.id, '--title', 'x', '--if-updated-at', asset.updatedAt);
    expect(stale.exitCode).toBe(exitCodeFor(new ProvenaError('CONFLICT', '')));

    const { rightsStatus: _rights, campaign: _campaign, ...partial } = completeFields;
    const held = (
      await rt.intake.intake(operator, await samplePng(seed++), { fileName: 'held.png', fields: partial, mode: 'bulk' })
    ).asset;
    const partly = await run('asset', 'edit', held.id, '--campaign', 'Summer Launch');
    expect(partly.out).toContain('  still quarantined: rightsStatus: required: the initial rights status\n');
    const repaired = await run('asset', 'edit', held.id, '--rights-status', 'cleared');
    expect(repaired.out).toContain('  every quarantine reason resolved: enriching now\n');
  });

  it('deletes and restores; purge lists, then removes, what is past its retention', async () => {
    const asset = await ingested();
    const deleted = await run('asset', 'delete', asset.id);
    expect(deleted.out).toMatch(new RegExp(`^asset ${asset.id} deleted; it can be restored until \\d{4}-`));
    expect((await run('show', asset.id)).exitCode).toBe(exitCodeFor(new ProvenaError('NOT_FOUND', '')));
    const listed = JSON.parse((await run('ls', '--deleted', 'only', '--json')).out) as { items: { id: string }[] };
    expect(listed.items.map((a) => a.id)).toEqual([asset.id]);
    expect((await run('asset', 'restore', asset.id)).out).toBe(`asset ${asset.id} restored (enriching)\n`);
    expect((await run('asset', 'restore', asset.id)).exitCode).toBe(exitCodeFor(new ProvenaError('CONFLICT', '')));

    expect((await run('purge', '--dry-run')).out).toBe('no deleted asset is past its retention period\n');
    await rt.lifecycle.delete(operator, asset.id, new Date('2020-01-01T00:00:00Z'));
    expect((await run('purge', '--dry-run')).out).toBe(
      `would purge ${asset.id}  lighthouse.png  (deleted 2020-01-01T00:00:00.000Z)\n`,
    );
    const purged = await run('purge', '--json');
    expect(JSON.parse(purged.out)).toMatchObject({
      dryRun: false,
      assets: [{ id: asset.id, blobsRemoved: [asset.versions[0]!.blob.sha256] }],
      blobsKept: 0,
    });
    expect(await rt.store.assets.get(asset.id, { includeDeleted: true })).toBeUndefined();
  });
});
