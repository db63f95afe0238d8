/**
 * Signing credentials from configuration: PEM files or a PKCS#12 file (made here with the openssl CLI, in its
 * modern AES form and its legacy 3DES form), and every misconfiguration refused with CONFIG_INVALID naming the
 * setting to fix.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProvenaError } from '../../domain/errors.ts';
import { signC2pa } from '../c2pa/sign/sign-c2pa.ts';
import { validateWithC2paRs } from '../c2pa/sign/sign-test-support.ts';
import { generateTestPki, type TestPki } from '../c2pa/sign/test-pki.ts';
import { photoLike } from './export-test-support.ts';
import { loadSigningPem, type SigningCredentialSettings } from './signing-config.ts';

let pki: TestPki;
let other: TestPki;
let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(() => {
  pki = generateTestPki();
  other = generateTestPki({ intermediate: false });
  dir = mkdtempSync(join(tmpdir(), 'provena-signing-config-'));
  writeFileSync(file('chain.pem'), pki.chainPem);
  writeFileSync(file('leaf.key'), pki.leafKeyPem);
  writeFileSync(file('other.key'), other.leafKeyPem);
  writeFileSync(file('leaf.pem'), pki.leafCertPem);
  // The root first: the loader must find the order itself.
  writeFileSync(file('cas.pem'), pki.rootCertPem + (pki.intermediateCertPem ?? ''));
  const pkcs12 = (out: string, extra: string[]) =>
    execFileSync(
      'openssl',
      [
        'pkcs12',
        '-export',
        '-inkey',
        file('leaf.key'),
        '-in',
        file('leaf.pem'),
        // The intermediate and the root go in as the "CA certificates"; the loader orders them and leaves the root out.
        '-certfile',
        file('cas.pem'),
        '-passout',
        'pass:s3cret',
        '-out',
        file(out),
        ...extra,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  pkcs12('modern.p12', []);
  pkcs12('legacy.p12', ['-legacy']);
  writeFileSync(file('garbage.p12'), 'not a PKCS#12 file');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const configError = (settings: SigningCredentialSettings): ProvenaError => {
  try {
    loadSigningPem(settings);
  } catch (error) {
    if (error instanceof ProvenaError) return error;
    throw error;
  }
  throw new Error('expected a ProvenaError');
};

describe('loadSigningPem', () => {
  it('is undefined when nothing is configured', () => {
    expect(loadSigningPem({})).toBeUndefined();
  });

  it('loads a PEM chain and key', () => {
    const pem = loadSigningPem({ certificateFile: file('chain.pem'), keyFile: file('leaf.key') });
    expect(pem?.subject).toContain('CN=Provena Test Signer');
    expect(pem?.certificateChainPem).toBe(pki.chainPem);
  });

  it.each(['modern.p12', 'legacy.p12'])(
    'loads %s: leaf first, then the intermediate, the root left out',
    async (name) => {
      const pem = loadSigningPem({ pkcs12File: file(name), pkcs12Password: 's3cret' });
      expect(pem?.subject).toContain('CN=Provena Test Signer');
      const blocks = pem?.certificateChainPem.match(/-----BEGIN CERTIFICATE-----/g) ?? [];
      expect(blocks).toHaveLength(2);
      // And what it loaded signs a file that c2pa-rs trusts.
      const png = await photoLike(64, 48, 'png');
      const signed = signC2pa(png, 'image/png', {
        certificateChainPem: pem!.certificateChainPem,
        privateKeyPem: pem!.privateKeyPem,
        action: 'c2pa.edited',
      });
      expect((await validateWithC2paRs(signed, 'image/png', pki)).state).toBe('Trusted');
    },
  );

  it.each<[string, SigningCredentialSettings, string, RegExp]>([
    [
      'a missing certificate file',
      { certificateFile: '/nonexistent/chain.pem', keyFile: '/nonexistent/k' },
      'PROVENA_SIGNING_CERT',
      /does not exist/,
    ],
    [
      'a missing key file',
      { certificateFile: '', keyFile: '/nonexistent/leaf.key' },
      'PROVENA_SIGNING_KEY',
      /does not exist/,
    ],
    ['a key without its certificate', { keyFile: '/k' }, 'PROVENA_SIGNING_CERT', /is needed with PROVENA_SIGNING_KEY/],
    [
      'a certificate without its key',
      { certificateFile: '/c' },
      'PROVENA_SIGNING_KEY',
      /is needed with PROVENA_SIGNING_CERT/,
    ],
    ['a password without a file', { pkcs12Password: 'x' }, 'PROVENA_SIGNING_PKCS12', /is needed/],
    [
      'both PEM and PKCS#12',
      { pkcs12File: '/p', certificateFile: '/c', keyFile: '/k' },
      'PROVENA_SIGNING_PKCS12',
      /not both/,
    ],
    [
      'a missing PKCS#12 file',
      { pkcs12File: '/nonexistent.p12', pkcs12Password: 's3cret' },
      'PROVENA_SIGNING_PKCS12',
      /does not exist/,
    ],
    [
      'a wrong PKCS#12 password',
      { pkcs12File: 'modern.p12', pkcs12Password: 'wrong' },
      'PROVENA_SIGNING_PKCS12_PASSWORD',
      /password/,
    ],
    ['no password for a PKCS#12 file', { pkcs12File: 'legacy.p12' }, 'PROVENA_SIGNING_PKCS12_PASSWORD', /password/],
    [
      'a file that is not PKCS#12',
      { pkcs12File: 'garbage.p12', pkcs12Password: 's3cret' },
      'PROVENA_SIGNING_PKCS12',
      /not a PKCS#12/,
    ],
    [
      'a key that is not the certificate’s',
      { certificateFile: 'chain.pem', keyFile: 'other.key' },
      'PROVENA_SIGNING_CERT / PROVENA_SIGNING_KEY',
      /does not belong/,
    ],
    [
      'a key file that is not a key',
      { certificateFile: 'chain.pem', keyFile: 'chain.pem' },
      'PROVENA_SIGNING_CERT / PROVENA_SIGNING_KEY',
      /cannot be parsed/,
    ],
  ])('refuses %s with CONFIG_INVALID naming the setting', (_name, settings, setting, problem) => {
    const inDir = (path: string | undefined) =>
      path === undefined || path === '' || path.startsWith('/') ? path : file(path);
    const resolved: SigningCredentialSettings = {
      ...settings,
      ...(settings.certificateFile !== undefined
        ? { certificateFile: inDir(settings.certificateFile) || file('chain.pem') }
        : {}),
      ...(settings.keyFile !== undefined ? { keyFile: inDir(settings.keyFile) } : {}),
      ...(settings.pkcs12File !== undefined ? { pkcs12File: inDir(settings.pkcs12File) } : {}),
    };
    const error = configError(resolved);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message.startsWith(`${setting}: `), error.message).toBe(true);
    expect(error.message).toMatch(problem);
    expect(error.details).toEqual({ problems: [{ field: setting, problem: expect.any(String) as string }] });
  });
});
