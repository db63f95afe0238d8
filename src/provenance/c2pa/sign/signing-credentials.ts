/**
 * The operator's signing credentials: a PEM certificate chain (leaf first) and the leaf's private key, checked up
 * front so that a misconfiguration fails with CONFIG_INVALID at signing time rather than as a manifest every
 * validator rejects later. The checks mirror the C2PA certificate profile (C2PA 2.2 §14.5.1) where node:crypto
 * exposes the fields.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { ProvenaError } from '../../../domain/errors.ts';

/** COSE algorithm identifiers (RFC 9053) for the signature algorithms C2PA allows. */
export const coseAlgorithms = {
  ES256: -7,
  ES384: -35,
  ES512: -36,
  PS256: -37,
  EdDSA: -8,
} as const;

export type CoseAlgorithmName = keyof typeof coseAlgorithms;

export interface SigningCredentials {
  alg: CoseAlgorithmName;
  /** DER certificates, leaf first: what goes into the COSE x5chain header. */
  chainDer: Uint8Array[];
  leaf: X509Certificate;
  privateKey: KeyObject;
  /** Exact length of a signature made with this key (fixed for every supported algorithm). */
  signatureLength: number;
}

const ANY_EKU = '2.5.29.37.0';
const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const MAX_CHAIN = 10;

const configInvalid = (problem: string, details: Record<string, unknown> = {}, cause?: unknown): ProvenaError =>
  new ProvenaError('CONFIG_INVALID', `C2PA signing credentials: ${problem}`, details, cause ? { cause } : undefined);

function parseChain(pem: string): X509Certificate[] {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (blocks.length === 0) throw configInvalid('the certificate chain contains no PEM certificate');
  if (blocks.length > MAX_CHAIN) throw configInvalid(`the certificate chain has more than ${MAX_CHAIN} certificates`);
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw configInvalid(`certificate ${index} of the chain cannot be parsed`, { index }, error);
    }
  });
}

function algorithmFor(key: KeyObject): { alg: CoseAlgorithmName; signatureLength: number } {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'ec':
      if (details.namedCurve === 'prime256v1') return { alg: 'ES256', signatureLength: 64 };
      if (details.namedCurve === 'secp384r1') return { alg: 'ES384', signatureLength: 96 };
      if (details.namedCurve === 'secp521r1') return { alg: 'ES512', signatureLength: 132 };
      throw configInvalid(`EC curve ${String(details.namedCurve)} is not allowed by C2PA (use P-256, P-384 or P-521)`);
    case 'rsa':
    case 'rsa-pss': {
      const bits = details.modulusLength ?? 0;
      if (bits < 2048) throw configInvalid(`RSA keys must have at least 2048 bits, this one has ${bits}`);
      return { alg: 'PS256', signatureLength: Math.ceil(bits / 8) };
    }
    case 'ed25519':
      return { alg: 'EdDSA', signatureLength: 64 };
    default:
      throw configInvalid(`key type ${String(key.asymmetricKeyType)} is not supported for C2PA signing`);
  }
}

/** The last credentials parsed: a bulk export signs every file with the same chain and key. */
let lastParsed: { chainPem: string; keyPem: string; credentials: SigningCredentials } | undefined;

/**
 * Parses and checks the chain and key. `at` is the signing time the leaf must be valid at.
 * Throws ProvenaError('CONFIG_INVALID') naming the first problem found. The parse of the last chain and key is kept
 * (parsing them is ~2 ms, a tenth of signing one export); the validity time is checked on every call.
 */
export function loadSigningCredentials(
  certificateChainPem: string,
  privateKeyPem: string,
  at: Date,
): SigningCredentials {
  if (typeof certificateChainPem !== 'string' || typeof privateKeyPem !== 'string') {
    throw configInvalid('the certificate chain and the private key must be PEM strings');
  }
  const cached =
    lastParsed?.chainPem === certificateChainPem && lastParsed.keyPem === privateKeyPem
      ? lastParsed.credentials
      : undefined;
  if (cached) {
    checkValidAt(cached.leaf, at);
    return cached;
  }
  const credentials = parseCredentials(certificateChainPem, privateKeyPem, at);
  lastParsed = { chainPem: certificateChainPem, keyPem: privateKeyPem, credentials };
  return credentials;
}

function checkValidAt(leaf: X509Certificate, at: Date): void {
  const notBefore = new Date(leaf.validFrom);
  const notAfter = new Date(leaf.validTo);
  if (!(at >= notBefore && at <= notAfter)) {
    throw configInvalid(`the leaf certificate is not valid at ${at.toISOString()}`, {
      validFrom: notBefore.toISOString(),
      validTo: notAfter.toISOString(),
    });
  }
}

function parseCredentials(certificateChainPem: string, privateKeyPem: string, at: Date): SigningCredentials {
  const chain = parseChain(certificateChainPem);
  const leaf = chain[0];
  if (!leaf) throw configInvalid('the certificate chain is empty');

  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch (error) {
    throw configInvalid('the private key cannot be parsed (expected an unencrypted PEM key)', {}, error);
  }
  if (!leaf.checkPrivateKey(privateKey)) {
    throw configInvalid('the private key does not belong to the first (leaf) certificate of the chain', {
      leafSubject: leaf.subject,
    });
  }
  const { alg, signatureLength } = algorithmFor(privateKey);

  if (leaf.ca) throw configInvalid('the leaf certificate is a CA certificate; C2PA signers must not be CAs');
  checkValidAt(leaf, at);
  // Node exposes the extended key usage as `keyUsage`. C2PA requires the extension and forbids anyExtendedKeyUsage.
  const eku = leaf.keyUsage ?? [];
  if (eku.length === 0) throw configInvalid('the leaf certificate has no extended key usage; C2PA requires one');
  if (eku.includes(ANY_EKU)) throw configInvalid('the leaf certificate allows anyExtendedKeyUsage, which C2PA forbids');

  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i];
    const issuer = chain[i + 1];
    if (cert && issuer && !cert.checkIssued(issuer)) {
      throw configInvalid(`certificate ${i} of the chain was not issued by certificate ${i + 1}; put the leaf first`, {
        index: i,
      });
    }
  }
  return { alg, chainDer: chain.map((c) => new Uint8Array(c.raw)), leaf, privateKey, signatureLength };
}
