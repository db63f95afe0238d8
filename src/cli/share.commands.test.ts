/**
 * `provena share create | list | revoke | stats` in process over a real runtime (SQLite) with PROVENA_PUBLIC_URL set:
 * the link is printed once under the public address, with the password read from standard input; the service's
 * rules are tested on both dialects beside it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { runInProcess } from '../../test/cli-in-process.ts';
import { operator } from '../../test/contexts.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { publicBase } from './share.commands.ts';

describe('provena share', () => {
  let rt: TestRuntime;
  let assetId: string;
  beforeAll(async () => {
    rt = await createTestRuntime('sqlite', {
      embedder: 'none',
      moderation: 'false',
      publicUrl: 'https://dam.example.com/',
    });
    const made = await rt.intake.intake(operator, await samplePng(4242), {
      fileName: 'a.png',
      fields: completeFields,
      mode: 'interactive',
    });
    assetId = made.asset.id;
  });
  afterAll(async () => rt?.dispose());
  afterEach(() => {
    process.exitCode = undefined;
  });

  const provena = (args: string[], stdin = '') =>
    runInProcess(args, () => Promise.resolve({ ...rt, ctx: operator, close: () => Promise.resolve() }), stdin);

  it('prints the link once under the public address, then lists, counts and revokes it', async () => {
    const created = await provena(
      ['share', 'create', assetId, '--expires', '7d', '--channel', 'web', '--region', 'de', '--password-stdin'],
      'a long password\n',
    );
    expect(created.code, created.err).toBe(0);
    const [url, about] = created.out.split('\n');
    expect(url).toMatch(/^https:\/\/dam\.example\.com\/s\/[A-Za-z0-9_-]{43}$/);
    expect(about).toContain('for web in DE');
    expect(about).toContain('with a password');
    const id = /share link (\S+)/.exec(about!)![1]!;

    const listed = await provena(['share', 'list']);
    expect(listed.out).toContain(id);
    expect(listed.out).not.toContain(url!.slice(-43));
    expect((await provena(['share', 'stats', id])).out).toContain('0 hits');

    const revoked = await provena(['share', 'revoke', id, '--json']);
    expect(JSON.parse(revoked.out)).toMatchObject({ id, revokedBy: 'operator:tester' });
    expect((await provena(['share', 'list'])).out).toBe('no share links\n');
    expect((await provena(['share', 'list', '--all'])).out).toContain('revoked');
  });

  it('refuses a command that names neither or both of an asset and a collection, and bad fields, by name', async () => {
    const neither = await provena(['share', 'create', '--expires', '7d', '--channel', 'web']);
    expect(neither.code).not.toBe(0);
    expect(neither.err).toContain('VALIDATION_FAILED');
    const bad = await provena(['share', 'create', assetId, '--expires', 'someday', '--channel', 'web']);
    expect(bad.err).toContain('expires');
    const unknown = await provena(['share', 'revoke', '00000000-0000-7000-8000-000000000000']);
    expect(unknown.err).toContain('NOT_FOUND');
  });

  it('prints links under http://HOST:PORT without a public address', () => {
    expect(publicBase({ host: '127.0.0.1', port: 8080 })).toBe('http://127.0.0.1:8080');
    expect(publicBase({ host: '::1', port: 80 })).toBe('http://[::1]:80');
    expect(publicBase({ host: '0.0.0.0', port: 1, publicUrl: 'https://x.example/dam/' })).toBe('https://x.example/dam');
  });
});
