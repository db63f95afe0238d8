import { beforeAll, describe, expect, it } from 'vitest';
import { ProvenaError } from '../../../domain/errors.ts';
import { loadSigningCredentials } from './signing-credentials.ts';
import { generateTestPki, type TestPki } from './test-pki.ts';

let pki: TestPki;
beforeAll(() => {
  pki = generateTestPki();
});

const now = (): Date => new Date();

const configError = (run: () => unknown): ProvenaError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ProvenaError) return error;
    throw error;
  }
  throw new Error('expected a ProvenaError');
};

describe('loadSigningCredentials', () => {
  it('accepts a C2PA-profile chain and picks ES256 for a P-256 key', () => {
    const credentials = loadSigningCredentials(pki.chainPem, pki.leafKeyPem, now());
    expect(credentials.alg).toBe('ES256');
    expect(credentials.signatureLength).toBe(64);
    expect(credentials.chainDer).toHaveLength(2);
    expect(credentials.leaf.subject).toContain('CN=Provena Test Signer');
  });

  it.each([
    ['ec-p384', 'ES384', 96],
    ['rsa-2048', 'PS256', 256],
    ['ed25519', 'EdDSA', 64],
  ] as const)('picks the algorithm from a %s key', (keyAlgorithm, alg, length) => {
    const other = generateTestPki({ keyAlgorithm, intermediate: false });
    const credentials = loadSigningCredentials(other.chainPem, other.leafKeyPem, now());
    expect([credentials.alg, credentials.signatureLength, credentials.chainDer.length]).toEqual([alg, length, 1]);
  });

  it('rejects a key that does not belong to the leaf', () => {
    const other = generateTestPki({ intermediate: false });
    const error = configError(() => loadSigningCredentials(pki.chainPem, other.leafKeyPem, now()));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/does not belong to the first \(leaf\) certificate/);
  });

  it('rejects a chain given root-first', () => {
    const reversed = (pki.intermediateCertPem ?? '') + pki.leafCertPem;
    // The key matches the second certificate, not the first: the order is the problem either way.
    const error = configError(() => loadSigningCredentials(reversed, pki.leafKeyPem, now()));
    expect(error.code).toBe('CONFIG_INVALID');
  });

  it('rejects a chain whose links do not issue each other', () => {
    const other = generateTestPki();
    const broken = pki.leafCertPem + (other.intermediateCertPem ?? '');
    const error = configError(() => loadSigningCredentials(broken, pki.leafKeyPem, now()));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/not issued by certificate 1/);
  });

  it.each([
    ['no certificate', '', 'key'],
    ['garbage certificate', '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n', 'key'],
    ['garbage key', 'chain', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'],
  ])('rejects %s', (_name, chain, key) => {
    const error = configError(() =>
      loadSigningCredentials(chain === 'chain' ? pki.chainPem : chain, key === 'key' ? pki.leafKeyPem : key, now()),
    );
    expect(error.code).toBe('CONFIG_INVALID');
  });

  it('rejects a leaf that is a CA', () => {
    const ca = generateTestPki({ leafIsCa: true });
    expect(configError(() => loadSigningCredentials(ca.chainPem, ca.leafKeyPem, now())).message).toMatch(/CA/);
  });

  it('rejects a leaf without extended key usage, or with anyExtendedKeyUsage', () => {
    const none = generateTestPki({ leafEku: [] });
    expect(configError(() => loadSigningCredentials(none.chainPem, none.leafKeyPem, now())).message).toMatch(
      /no extended key usage/,
    );
    const any = generateTestPki({ leafEku: ['anyExtendedKeyUsage'] });
    expect(configError(() => loadSigningCredentials(any.chainPem, any.leafKeyPem, now())).message).toMatch(
      /anyExtendedKeyUsage/,
    );
  });

  it('rejects signing outside the leaf validity', () => {
    const later = new Date(Date.now() + 60 * 86_400_000);
    const error = configError(() => loadSigningCredentials(pki.chainPem, pki.leafKeyPem, later));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.details).toHaveProperty('validTo');
  });

  it('keeps the parse of the last chain and key, but checks the validity time on every call', () => {
    const first = loadSigningCredentials(pki.chainPem, pki.leafKeyPem, now());
    expect(loadSigningCredentials(pki.chainPem, pki.leafKeyPem, now())).toBe(first);
    const later = new Date(Date.now() + 60 * 86_400_000);
    expect(configError(() => loadSigningCredentials(pki.chainPem, pki.leafKeyPem, later)).details).toHaveProperty(
      'validTo',
    );
    const other = generateTestPki({ intermediate: false });
    expect(loadSigningCredentials(other.chainPem, other.leafKeyPem, now())).not.toBe(first);
    expect(configError(() => loadSigningCredentials(pki.chainPem, other.leafKeyPem, now())).code).toBe(
      'CONFIG_INVALID',
    );
  });
});
