/**
 * Loads the operator's offline C2PA trust material from files and checks it before use, so that a wrong path or a
 * damaged PEM fails at start-up with CONFIG_INVALID instead of silently validating everything as untrusted.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ProvenaError } from '../../domain/errors.ts';
import type { C2paTrustInput } from './reader.ts';

export interface C2paTrustPaths {
  /** PEM bundle of trust anchors (e.g. the C2PA conformance trust list). */
  trustAnchors?: string;
  /** Allowed EKU OIDs, one per line, `//` comments (c2pa-rs `store.cfg`). */
  trustConfig?: string;
  /** End-entity allowed list: PEM certificates or base64 SHA-256 hashes, one per line. */
  allowedList?: string;
}

const pemBlock = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
/** Bound on the size of a trust file: real trust lists are tens of kilobytes. */
const maxTrustFileBytes = 8 * 1024 * 1024;

const invalid = (setting: string, path: string, problem: string, cause?: unknown): ProvenaError =>
  new ProvenaError('CONFIG_INVALID', `C2PA ${setting} file ${path}: ${problem}`, { setting, path, problem }, { cause });

async function readText(setting: string, path: string): Promise<string> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalid(
      setting,
      path,
      code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`,
      error,
    );
  }
  if (data.length > maxTrustFileBytes) throw invalid(setting, path, `is larger than ${maxTrustFileBytes} bytes`);
  return data.toString('utf8');
}

/** Checks that every PEM certificate block parses; returns how many there are. Throws CONFIG_INVALID. */
export function checkPemCertificates(setting: string, path: string, pem: string): number {
  let count = 0;
  for (const match of pem.matchAll(pemBlock)) {
    count++;
    try {
      new X509Certificate(match[0]);
    } catch (error) {
      throw invalid(setting, path, `certificate #${count} is not a valid X.509 certificate`, error);
    }
  }
  if (count === 0) throw invalid(setting, path, 'contains no PEM certificate');
  return count;
}

/** Checks an EKU list (c2pa-rs store.cfg): every non-comment line must be a dotted OID. */
export function checkTrustConfig(path: string, text: string): void {
  let oids = 0;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('//') || line.startsWith('#')) continue;
    if (!/^[0-2](?:\.\d+)+$/.test(line))
      throw invalid('trust config', path, `line ${i + 1} is not an OID: '${line.slice(0, 80)}'`);
    oids++;
  }
  if (oids === 0) throw invalid('trust config', path, 'lists no extended-key-usage OID');
}

function checkAllowedList(path: string, text: string): void {
  if (text.includes('-----BEGIN')) {
    checkPemCertificates('allowed list', path, text);
    return;
  }
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('//'));
  if (lines.length === 0) throw invalid('allowed list', path, 'is empty');
  for (const line of lines) {
    if (!/^[A-Za-z0-9+/]+=*$/.test(line) || Buffer.from(line, 'base64').length !== 32) {
      throw invalid('allowed list', path, `'${line.slice(0, 80)}' is neither PEM nor a base64 SHA-256 hash`);
    }
  }
}

/** Reads and checks the trust files that are configured; absent paths are simply left out. */
export async function loadC2paTrust(paths: C2paTrustPaths): Promise<C2paTrustInput> {
  const trust: C2paTrustInput = {};
  if (paths.trustAnchors !== undefined) {
    const pem = await readText('trust anchors', paths.trustAnchors);
    checkPemCertificates('trust anchors', paths.trustAnchors, pem);
    trust.trustAnchorsPem = pem;
  }
  if (paths.trustConfig !== undefined) {
    const cfg = await readText('trust config', paths.trustConfig);
    checkTrustConfig(paths.trustConfig, cfg);
    trust.trustConfig = cfg;
  }
  if (paths.allowedList !== undefined) {
    const list = await readText('allowed list', paths.allowedList);
    checkAllowedList(paths.allowedList, list);
    trust.allowedListPem = list;
  }
  return trust;
}
