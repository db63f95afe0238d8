/**
 * Test-only PKI for C2PA signing: a root CA, an optional intermediate CA and a leaf signing certificate that meets
 * the C2PA certificate profile (C2PA 2.2 §14.5.1: not a CA, keyUsage digitalSignature (critical), an allowed EKU,
 * SKI/AKI, validity covering now). Generated with the `openssl` CLI at test time so that no key material is ever
 * checked in. Never use these certificates outside tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type TestKeyAlgorithm = 'ec-p256' | 'ec-p384' | 'ec-p521' | 'rsa-2048' | 'ed25519';

export interface TestPkiOptions {
  keyAlgorithm?: TestKeyAlgorithm;
  /** Put an intermediate CA between root and leaf (default true), as real signing services do. */
  intermediate?: boolean;
  /**
   * Extended key usage of the leaf (OIDs or OpenSSL names); default emailProtection, which c2pa-rs's default EKU
   * list allows. An empty list leaves the extension out (breaks the C2PA profile; for negative tests).
   */
  leafEku?: string[];
  /** Make the leaf a CA (breaks the C2PA profile; for negative tests). */
  leafIsCa?: boolean;
  leafCommonName?: string;
  organization?: string;
  /** Leaf validity in days from now (default 30). */
  leafDays?: number;
}

export interface TestPki {
  rootCertPem: string;
  rootKeyPem: string;
  intermediateCertPem?: string;
  leafCertPem: string;
  leafKeyPem: string;
  /** What an operator would configure: leaf first, then intermediates; the root is left out (it is the anchor). */
  chainPem: string;
  /** The PEM bundle to configure as trust anchor in a validator. */
  trustAnchorPem: string;
}

/** EKU OIDs that c2pa-rs accepts by default (its `store.cfg`), for the validator's `trust_config` setting. */
export const c2paTestEkuConfig = [
  '1.3.6.1.5.5.7.3.4', // emailProtection
  '1.3.6.1.5.5.7.3.36', // documentSigning
  '1.3.6.1.5.5.7.3.8', // timeStamping
  '1.3.6.1.5.5.7.3.9', // OCSPSigning
  '1.3.6.1.4.1.311.76.59.1.9', // MS C2PA Signing
  '1.3.6.1.4.1.62558.2.1', // C2PA Signing Cert
].join('\n');

const keyArgs: Record<TestKeyAlgorithm, string[]> = {
  'ec-p256': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  'ec-p384': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  'ec-p521': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'],
  'rsa-2048': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  ed25519: ['-algorithm', 'ED25519'],
};

const caExtensions = [
  'basicConstraints=critical,CA:TRUE',
  'keyUsage=critical,digitalSignature,keyCertSign,cRLSign',
  'subjectKeyIdentifier=hash',
  'authorityKeyIdentifier=keyid:always',
];

/** Generates a fresh PKI in a temporary folder (removed before returning). Throws when `openssl` is missing. */
export function generateTestPki(options: TestPkiOptions = {}): TestPki {
  const alg = options.keyAlgorithm ?? 'ec-p256';
  const org = options.organization ?? 'Provena Test';
  const dir = mkdtempSync(join(tmpdir(), 'provena-pki-'));
  const openssl = (args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  // Ed25519 certificates must not name a digest; the others are signed with the digest that matches their size.
  const digest =
    alg === 'ed25519' ? [] : alg === 'ec-p384' ? ['-sha384'] : alg === 'ec-p521' ? ['-sha512'] : ['-sha256'];
  const writeExt = (name: string, lines: string[]): string => {
    writeFileSync(join(dir, name), `[ext]\n${lines.join('\n')}\n`);
    return name;
  };
  const newKey = (name: string): void => openssl(['genpkey', ...keyArgs[alg], '-out', name]);
  const issue = (name: string, subject: string, issuer: string, ext: string, days: number): void => {
    openssl(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`]);
    openssl([
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${issuer}.pem`,
      '-CAkey',
      `${issuer}.key`,
      '-CAcreateserial',
      '-days',
      String(days),
      ...digest,
      '-extfile',
      ext,
      '-extensions',
      'ext',
      '-out',
      `${name}.pem`,
    ]);
  };

  try {
    newKey('root.key');
    const rootExt = writeExt('root.ext', caExtensions);
    openssl([
      'req',
      '-x509',
      '-new',
      '-key',
      'root.key',
      '-subj',
      `/CN=${org} Root CA/O=${org}`,
      '-days',
      '3650',
      ...digest,
      '-config',
      rootExt,
      '-extensions',
      'ext',
      '-out',
      'root.pem',
    ]);
    let issuer = 'root';
    if (options.intermediate ?? true) {
      newKey('int.key');
      issue('int', `/CN=${org} Intermediate CA/O=${org}`, 'root', writeExt('int.ext', caExtensions), 1825);
      issuer = 'int';
    }
    newKey('leaf.key');
    const leafExt = writeExt('leaf.ext', [
      options.leafIsCa ? 'basicConstraints=critical,CA:TRUE' : 'basicConstraints=critical,CA:FALSE',
      options.leafIsCa ? 'keyUsage=critical,digitalSignature,keyCertSign' : 'keyUsage=critical,digitalSignature',
      ...(options.leafEku?.length === 0
        ? []
        : [`extendedKeyUsage=critical,${(options.leafEku ?? ['emailProtection']).join(',')}`]),
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid:always',
    ]);
    issue('leaf', `/CN=${options.leafCommonName ?? `${org} Signer`}/O=${org}`, issuer, leafExt, options.leafDays ?? 30);

    const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
    const rootCertPem = read('root.pem');
    const intermediateCertPem = issuer === 'int' ? read('int.pem') : undefined;
    const leafCertPem = read('leaf.pem');
    return {
      rootCertPem,
      rootKeyPem: read('root.key'),
      ...(intermediateCertPem !== undefined ? { intermediateCertPem } : {}),
      leafCertPem,
      leafKeyPem: read('leaf.key'),
      chainPem: leafCertPem + (intermediateCertPem ?? ''),
      trustAnchorPem: rootCertPem,
    };
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`test PKI generation with openssl failed: ${stderr || String(error)}`, { cause: error });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
