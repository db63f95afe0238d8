import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { singleSignOnFor } from './oidc.ts';

describe('single sign-on wiring', () => {
  const dir = mkdtempSync(join(tmpdir(), 'provena-oidc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const configWith = (secretFile: string) =>
    loadConfig({
      PROVENA_OIDC_ISSUER: 'https://login.example.com',
      PROVENA_OIDC_CLIENT_ID: 'provena',
      PROVENA_OIDC_CLIENT_SECRET_FILE: secretFile,
      PROVENA_OIDC_REDIRECT_URL: 'https://dam.example.com/api/v1/auth/oidc/callback',
    });

  it('is absent without an issuer', () => {
    expect(singleSignOnFor(loadConfig({}))).toBeUndefined();
  });

  it('reads the client secret file, and stops the start when it cannot', () => {
    const file = join(dir, 'secret');
    writeFileSync(file, 'the-secret\n');
    expect(singleSignOnFor(configWith(file))).toBeTypeOf('function');
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    for (const [path, problem] of [
      [join(dir, 'missing'), 'cannot be read (ENOENT)'],
      [empty, 'is empty'],
    ] as const)
      expect(() => singleSignOnFor(configWith(path))).toThrow(
        expect.objectContaining({
          code: 'CONFIG_INVALID',
          message: expect.stringContaining(problem) as string,
        }) as Error,
      );
  });
});
