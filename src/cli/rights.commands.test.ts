/**
 * The rights and channel commands in process over a real runtime (SQLite); the service's rules are tested on both
 * dialects beside it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { Capture, throwingInsteadOfExiting } from '../../test/cli-in-process.ts';
import { operator } from '../../test/contexts.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { errorTable } from '../edge/error-table.ts';
import { serviceRunner } from './command-runner.ts';
import { addRightsCommands, type RightsCliServices } from './rights.commands.ts';

describe('provena rights | channels', () => {
  let rt: TestRuntime;
  let assetId: string;
  const dir = mkdtempSync(join(tmpdir(), 'provena-rights-cli-'));
  beforeAll(async () => {
    rt = await createTestRuntime('sqlite', { embedder: 'none', moderation: 'false' });
    const made = await rt.intake.intake(operator, await samplePng(77, 96), {
      fileName: 'cli.png',
      fields: completeFields,
      mode: 'interactive',
    });
    assetId = made.asset.id;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await rt?.dispose();
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  async function run(...args: string[]) {
    const out = new Capture();
    const err = new Capture();
    const program = new Command('provena');
    const withServices = serviceRunner<RightsCliServices & { close(): Promise<void> }>(
      () => Promise.resolve({ ...rt, ctx: operator, close: () => Promise.resolve() }),
      err,
    );
    addRightsCommands(program, withServices, out);
    throwingInsteadOfExiting(program);
    process.exitCode = undefined;
    await program.parseAsync(args, { from: 'user' });
    return { out: out.text, err: err.text, code: Number(process.exitCode ?? 0) };
  }

  it('sets a record from a YAML file, then changes fields by flags, and shows the history', async () => {
    const file = join(dir, 'rights.yaml');
    writeFileSync(
      file,
      [
        'status: cleared',
        'licence: House licence',
        'approvedChannels: [web, social]',
        'regionsDenied: [FR]',
        'validFrom: 2026-01-01',
        "expiresAt: '2030-12-31'",
        'creditLine: Provena / AI',
      ].join('\n'),
    );
    const set = await run('rights', 'set', assetId, '--file', file);
    expect(set.err).toBe('');
    expect(set.out).toContain('rights revision 1');
    expect(set.out).toContain('channels:      web, social');
    const flags = await run('rights', 'set', assetId, '--channels', 'web', '--expires', '2031-06-30', '--json');
    expect(JSON.parse(flags.out)).toMatchObject({
      revision: 2,
      record: { status: 'cleared', approvedChannels: ['web'], expiresAt: '2031-06-30', regionsDenied: ['FR'] },
    });
    const history = await run('rights', 'history', assetId);
    expect(history.out).toMatch(/REVISION\s+STATUS/);
    expect(history.out.trim().split('\n').length).toBe(3);
    const show = await run('rights', 'show', assetId);
    expect(show.out).toContain('to 2031-06-30 (last day)');
  });

  it('refuses bad input with every problem and the exit code of VALIDATION_FAILED', async () => {
    const bad = await run(
      'rights',
      'set',
      assetId,
      '--channels',
      'tv',
      '--regions-allowed',
      'EU',
      '--valid-from',
      '2032-01-01',
    );
    expect(bad.code).toBe(errorTable.VALIDATION_FAILED.exit);
    expect(bad.err).toContain(`"tv" not in the organisation's list`);
    expect(bad.err).toContain('regionsAllowed[0]');
    expect(bad.err).toContain('is before validFrom 2032-01-01');
    const missing = await run('rights', 'set', assetId, '--file', join(dir, 'nope.json'));
    expect(missing.code).toBe(errorTable.VALIDATION_FAILED.exit);
    expect(missing.err).toContain('Cannot read the rights file');
  });

  it('checks a use: exit 0 when allowed, the USAGE_DENIED code when denied, every reason printed', async () => {
    const allowed = await run('rights', 'check', assetId, '--channel', 'internal');
    expect(allowed.code).toBe(0);
    expect(allowed.out).toMatch(/^ALLOWED/);
    const denied = await run(
      'rights',
      'check',
      assetId,
      '--channel',
      'social',
      '--region',
      'FR',
      '--date',
      '2032-01-01',
      '--derivative',
    );
    expect(denied.code).toBe(errorTable.USAGE_DENIED.exit);
    expect(denied.out).toMatch(/^DENIED/);
    for (const code of [
      'not_approved',
      'rights_expired',
      'channel_not_approved',
      'region_denied',
      'derivative_not_allowed',
    ])
      expect(denied.out).toContain(`deny  ${code}:`);
    const json = await run('rights', 'check', assetId, '--channel', 'web', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ allowed: false, channel: 'web' });
  });

  it('lists and adds channels', async () => {
    expect((await run('channels', 'add', 'cinema')).out).toBe('added channel cinema\n');
    expect((await run('channels', 'add', 'cinema')).out).toBe('channel cinema exists already\n');
    expect((await run('channels', 'list')).out).toContain('cinema');
    expect((await run('channels', 'remove', 'cinema')).out).toBe('removed channel cinema\n');
    expect((await run('channels', 'remove', 'internal')).code).toBe(errorTable.VALIDATION_FAILED.exit);
  });
});
