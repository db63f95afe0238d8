/**
 * COSE_Sign1 for the C2PA claim signature (RFC 9052 §4.2, C2PA 2.2 §14).
 *
 * The claim bytes are a detached payload: the COSE structure carries `nil` where the payload would be, and the
 * signature covers the Sig_structure `["Signature1", protected, h'' (external_aad), claim bytes]`. The protected
 * header holds the algorithm and the x5chain (label 33, leaf first). ECDSA signatures are in IEEE P1363 form (r||s),
 * as COSE requires, which also makes their length fixed: the signer can size the manifest before signing.
 */
import { constants, sign } from 'node:crypto';
import { CborTag, encodeCbor } from './cbor-encode.ts';
import { coseAlgorithms, type SigningCredentials } from './signing-credentials.ts';

const COSE_SIGN1_TAG = 18;
const HEADER_ALG = 1;
const HEADER_X5CHAIN = 33;

export function protectedHeader(credentials: SigningCredentials): Uint8Array {
  const chain = credentials.chainDer;
  // RFC 9360: a single certificate is a bare bstr, several are an array.
  const x5chain = chain.length === 1 && chain[0] ? chain[0] : chain;
  return encodeCbor(
    new Map<number, Uint8Array | number | Uint8Array[]>([
      [HEADER_ALG, coseAlgorithms[credentials.alg]],
      [HEADER_X5CHAIN, x5chain],
    ]),
  );
}

export const sigStructure = (protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array =>
  encodeCbor(['Signature1', protectedBytes, new Uint8Array(0), payload]);

export function rawSign(credentials: SigningCredentials, data: Uint8Array): Uint8Array {
  const key = credentials.privateKey;
  let signature: Buffer;
  switch (credentials.alg) {
    case 'ES256':
      signature = sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
      break;
    case 'ES384':
      signature = sign('sha384', data, { key, dsaEncoding: 'ieee-p1363' });
      break;
    case 'ES512':
      signature = sign('sha512', data, { key, dsaEncoding: 'ieee-p1363' });
      break;
    case 'PS256':
      // PS256 = RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (RFC 8230 §2).
      signature = sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
      break;
    case 'EdDSA':
      signature = sign(null, data, key);
      break;
  }
  if (signature.length !== credentials.signatureLength) {
    throw new Error(
      `${credentials.alg} signature is ${signature.length} bytes, expected ${credentials.signatureLength}`,
    );
  }
  return new Uint8Array(signature);
}

/** The tagged COSE_Sign1 with a detached payload and the given signature bytes. */
export const coseSign1 = (protectedBytes: Uint8Array, signature: Uint8Array): Uint8Array =>
  encodeCbor(new CborTag(COSE_SIGN1_TAG, [protectedBytes, new Map(), null, signature]));

/** Signs `payload` (the claim CBOR) and returns the complete COSE_Sign1 bytes. */
export function signDetached(credentials: SigningCredentials, payload: Uint8Array): Uint8Array {
  const protectedBytes = protectedHeader(credentials);
  return coseSign1(protectedBytes, rawSign(credentials, sigStructure(protectedBytes, payload)));
}

/** A COSE_Sign1 of exactly the final size with a zero signature: used to lay out the manifest before signing. */
export const placeholderCoseSign1 = (credentials: SigningCredentials): Uint8Array =>
  coseSign1(protectedHeader(credentials), new Uint8Array(credentials.signatureLength));
