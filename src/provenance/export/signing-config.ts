/**
 * The organisation's C2PA signing credentials, from the files the configuration names: a PEM certificate chain and
 * a PEM private key, or one PKCS#12 file and its password. Read once at start-up and checked with the signer's own
 * rules (c2pa/sign/signing-credentials.ts), so that a missing file, a wrong password or a key that does not belong to
 * the certificate stops the process with CONFIG_INVALID naming the setting to fix, instead of failing every export.
 * The credentials live in memory only; nothing here is ever written to the database.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import forge from 'node-forge';
import { ProvenaError } from '../../domain/errors.ts';
import { loadSigningCredentials } from '../c2pa/sign/signing-credentials.ts';

export interface SigningCredentialSettings {
  certificateFile?: string;
  keyFile?: string;
  pkcs12File?: string;
  pkcs12Password?: string;
}

/** The PEM pair the signer takes (sign-c2pa.ts SignC2paOptions). */
export interface SigningPem {
  certificateChainPem: string;
  privateKeyPem: string;
  /** Subject of the leaf, for the log line that says who signs. */
  subject: string;
}

/** How each setting is called where the operator sets it (environment variables; config.ts has the flags too). */
export const signingSettingNames = {
  certificateFile: 'PROVENA_SIGNING_CERT',
  keyFile: 'PROVENA_SIGNING_KEY',
  pkcs12File: 'PROVENA_SIGNING_PKCS12',
  pkcs12Password: 'PROVENA_SIGNING_PKCS12_PASSWORD',
} as const;

/** Larger than any certificate chain or key file; a bigger file is not one. */
const MAX_CREDENTIAL_FILE_BYTES = 1024 * 1024;

const configInvalid = (setting: string, problem: string, cause?: unknown): ProvenaError =>
  new ProvenaError(
    'CONFIG_INVALID',
    `${setting}: ${problem}`,
    { problems: [{ field: setting, problem }] },
    cause === undefined ? undefined : { cause },
  );

function readCredentialFile(setting: string, path: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw configInvalid(
      setting,
      code === 'ENOENT' ? `the file ${path} does not exist` : `the file ${path} cannot be read (${code ?? 'error'})`,
      error,
    );
  }
  if (bytes.length > MAX_CREDENTIAL_FILE_BYTES) {
    throw configInvalid(setting, `the file ${path} is ${bytes.length} bytes, too large for a credential file`);
  }
  return bytes;
}

/** Leaf first, then each issuer: the order the COSE x5chain needs, whatever order the PKCS#12 file kept. */
function orderChain(certificates: X509Certificate[], key: KeyObject): X509Certificate[] {
  const leaf = certificates.find((certificate) => certificate.checkPrivateKey(key));
  if (!leaf) return certificates;
  const chain = [leaf];
  const rest = certificates.filter((certificate) => certificate !== leaf);
  for (let current = leaf; ;) {
    const issuer = rest.find((candidate) => current.checkIssued(candidate) && !chain.includes(candidate));
    // A self-signed root is the validator's trust anchor, not part of the chain the signer sends.
    if (!issuer || issuer.checkIssued(issuer)) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}

function fromPkcs12(file: Buffer, password: string): { chainPem: string; keyPem: string } {
  const names = signingSettingNames;
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(file.toString('binary'))), password);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const wrongPassword = /MAC could not be verified|Invalid password/i.test(message);
    throw configInvalid(
      wrongPassword ? names.pkcs12Password : names.pkcs12File,
      wrongPassword
        ? `the password does not open the PKCS#12 file ${names.pkcs12File} names`
        : `the file is not a PKCS#12 file that can be read (${message})`,
      error,
    );
  }
  const der = (asn1: forge.asn1.Asn1): Buffer => Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag!] ?? []),
  ];
  const certificateBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag!] ?? [];
  if (keyBags.length !== 1) {
    throw configInvalid(names.pkcs12File, `the PKCS#12 file holds ${keyBags.length} private keys; it must hold one`);
  }
  if (certificateBags.length === 0) throw configInvalid(names.pkcs12File, 'the PKCS#12 file holds no certificate');
  let key: KeyObject;
  let certificates: X509Certificate[];
  try {
    // forge decrypts the bags; node:crypto parses what is inside (forge itself knows no EC keys or certificates).
    key = createPrivateKey({ key: der(keyBags[0]!.asn1), format: 'der', type: 'pkcs8' });
    certificates = certificateBags.map((bag) => new X509Certificate(der(bag.asn1)));
  } catch (error) {
    throw configInvalid(names.pkcs12File, 'the key or a certificate in the PKCS#12 file cannot be parsed', error);
  }
  const chain = orderChain(certificates, key);
  return {
    chainPem: chain.map((certificate) => certificate.toString()).join(''),
    keyPem: key.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/**
 * The signing PEM pair from the settings, or undefined when none is configured (exports then carry no new C2PA
 * manifest, and say so). Throws CONFIG_INVALID naming the setting for half a configuration, an unreadable file, a
 * wrong PKCS#12 password, or credentials the C2PA profile refuses (key not matching the certificate, expired, a CA).
 */
export function loadSigningPem(settings: SigningCredentialSettings, now: Date = new Date()): SigningPem | undefined {
  const names = signingSettingNames;
  const { certificateFile, keyFile, pkcs12File, pkcs12Password } = settings;
  if (pkcs12File !== undefined && (certificateFile !== undefined || keyFile !== undefined)) {
    throw configInvalid(
      names.pkcs12File,
      `give either ${names.pkcs12File} or ${names.certificateFile} with ${names.keyFile}, not both`,
    );
  }
  let chainPem: string;
  let keyPem: string;
  let blame: string;
  if (pkcs12File !== undefined) {
    ({ chainPem, keyPem } = fromPkcs12(readCredentialFile(names.pkcs12File, pkcs12File), pkcs12Password ?? ''));
    blame = names.pkcs12File;
  } else if (certificateFile !== undefined || keyFile !== undefined) {
    if (certificateFile === undefined) throw configInvalid(names.certificateFile, `is needed with ${names.keyFile}`);
    if (keyFile === undefined) throw configInvalid(names.keyFile, `is needed with ${names.certificateFile}`);
    chainPem = readCredentialFile(names.certificateFile, certificateFile).toString('utf8');
    keyPem = readCredentialFile(names.keyFile, keyFile).toString('utf8');
    blame = `${names.certificateFile} / ${names.keyFile}`;
  } else {
    if (pkcs12Password !== undefined) throw configInvalid(names.pkcs12File, `is needed with ${names.pkcs12Password}`);
    return undefined;
  }
  try {
    const checked = loadSigningCredentials(chainPem, keyPem, now);
    return { certificateChainPem: chainPem, privateKeyPem: keyPem, subject: checked.leaf.subject };
  } catch (error) {
    if (error instanceof ProvenaError && error.code === 'CONFIG_INVALID') {
      throw configInvalid(blame, error.message, error);
    }
    throw error;
  }
}
