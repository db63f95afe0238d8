/**
 * The no-crypto reading of a manifest store: our JUMBF walk turned into the same
 * StoreModel that c2pa-wasm's JSON gives, so that the summary can be computed when the validator refuses a damaged
 * store or is not wanted (indexing). Nothing here verifies hashes or signatures: validationState stays undefined.
 * Signer display fields follow c2pa-rs `signature_info`: issuer = leaf certificate subject O, commonName = CN,
 * time = the RFC 3161 timestamp's genTime.
 */
import { X509Certificate } from 'node:crypto';
import { decodeCborSafe } from './cbor-safe.ts';
import { childrenOfType, decodeContent, firstContent, isSuperbox, jumbfTypes, labelOf, parseJumbf } from './jumbf.ts';
import type { JumbfSuperbox } from './jumbf.ts';
import { isObject, maxListEntries, str } from './store-model.ts';
import type { AssertionModel, IngredientModel, ManifestModel, SignerInfo, StoreModel } from './store-model.ts';

const manifestTypes: ReadonlySet<string> = new Set([
  jumbfTypes.manifest,
  jumbfTypes.updateManifest,
  jumbfTypes.legacyManifest,
]);

/** COSE algorithm ids → the names c2pa-rs shows in `signature_info.alg`. */
const coseAlgs: Record<string, string> = {
  '-7': 'Es256',
  '-35': 'Es384',
  '-36': 'Es512',
  '-37': 'Ps256',
  '-38': 'Ps384',
  '-39': 'Ps512',
  '-8': 'Ed25519',
};

/** Builds a StoreModel from the manifest-store JUMBF bytes. Never throws. */
export function storeFromJumbf(bytes: Uint8Array): StoreModel {
  const { boxes, warnings } = parseJumbf(bytes);
  const manifests = new Map<string, ManifestModel>();
  const root = boxes[0];
  if (!isSuperbox(root) || root.description?.type4cc !== jumbfTypes.manifestStore) {
    warnings.push('JUMBF data does not start with a C2PA manifest store box');
    return { manifests, statusCodes: [], warnings };
  }
  if (boxes.length > 1) warnings.push(`${boxes.length - 1} box(es) after the manifest store ignored`);
  let last: string | undefined;
  for (const box of root.children.slice(0, maxListEntries)) {
    if (!isSuperbox(box) || !manifestTypes.has(box.description?.type4cc ?? '')) continue;
    const label = labelOf(box);
    if (label === undefined) {
      warnings.push('a C2PA manifest box has no label; skipped');
      continue;
    }
    if (manifests.has(label)) {
      warnings.push(`duplicate manifest label ${label}; the first is kept`);
      continue;
    }
    manifests.set(label, readManifest(box, label, warnings));
    last = label;
  }
  warnings.push('C2PA signatures and hashes were not validated (read without the validator)');
  // The active manifest is the last manifest box in the store (C2PA specification).
  return { activeManifest: last, manifests, statusCodes: [], warnings };
}

function contentValue(box: JumbfSuperbox, warnings: string[]): unknown {
  const content = firstContent(box);
  if (!content) return undefined;
  const { content: decoded, warning } = decodeContent(content);
  if (warning) warnings.push(`${labelOf(box) ?? 'box'}: ${warning}`);
  return decoded?.type === 'cbor' || decoded?.type === 'json' ? decoded.value : undefined;
}

function readManifest(box: JumbfSuperbox, label: string, warnings: string[]): ManifestModel {
  const manifest: ManifestModel = { label, claimGeneratorInfo: [], assertions: [], ingredients: [] };
  const claimBox = childrenOfType(box, jumbfTypes.claim)[0];
  const claim = claimBox ? contentValue(claimBox, warnings) : undefined;
  if (isObject(claim)) {
    manifest.claimGenerator = str(claim.claim_generator);
    const info = claim.claim_generator_info;
    manifest.claimGeneratorInfo = Array.isArray(info)
      ? info.filter(isObject).slice(0, maxListEntries)
      : isObject(info)
        ? [info]
        : [];
    manifest.title = str(claim['dc:title']);
  } else warnings.push(`manifest ${label} has no readable claim`);

  for (const store of childrenOfType(box, jumbfTypes.assertionStore)) {
    for (const a of store.children.slice(0, maxListEntries)) {
      if (!isSuperbox(a)) continue;
      const aLabel = labelOf(a);
      if (aLabel === undefined) continue;
      const assertion: AssertionModel = { label: aLabel, data: contentValue(a, warnings) };
      manifest.assertions.push(assertion);
      if (/^c2pa\.ingredient(?:\.v\d+)?(?:__\d+)?$/.test(aLabel) && isObject(assertion.data)) {
        manifest.ingredients.push(readIngredient(assertion.data));
      }
    }
  }
  const sigBox = childrenOfType(box, jumbfTypes.signature)[0];
  if (sigBox) {
    const signer = readSigner(sigBox, warnings);
    if (signer) manifest.signer = signer;
  }
  return manifest;
}

function readIngredient(data: Record<string, unknown>): IngredientModel {
  const ref = isObject(data.activeManifest)
    ? data.activeManifest
    : isObject(data.c2pa_manifest)
      ? data.c2pa_manifest
      : undefined;
  const url = ref ? str(ref.url) : undefined;
  const out: IngredientModel = {};
  const title = str(data['dc:title']);
  if (title !== undefined) out.title = title;
  const relationship = str(data.relationship);
  if (relationship !== undefined) out.relationship = relationship;
  const format = str(data['dc:format']);
  if (format !== undefined) out.format = format;
  const target = url !== undefined ? /^self#jumbf=\/?c2pa\/([^/]+)/.exec(url)?.[1] : undefined;
  if (target !== undefined) out.activeManifest = decodeURIComponentSafe(target);
  return out;
}

const decodeURIComponentSafe = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const asBytes = (v: unknown): Uint8Array | undefined => (v instanceof Uint8Array ? v : undefined);

function readSigner(box: JumbfSuperbox, warnings: string[]): SignerInfo | undefined {
  let cose = contentValue(box, warnings);
  // cbor-x returns tag 18 (COSE_Sign1) as a Tag object; untagged arrays are accepted too.
  if (isObject(cose) && 'tag' in cose && 'value' in cose) cose = cose.value;
  if (!Array.isArray(cose) || cose.length < 4) {
    warnings.push('claim signature is not a COSE_Sign1 structure');
    return undefined;
  }
  const [protectedBytes, unprotected] = cose as [unknown, unknown];
  let protectedHeader: Record<string, unknown> = {};
  const pb = asBytes(protectedBytes);
  if (pb && pb.length > 0) {
    const decoded = decodeCborSafe(pb);
    if (decoded.ok && isObject(decoded.value)) protectedHeader = decoded.value;
    else warnings.push('claim signature protected header is unreadable');
  }
  const unprotectedHeader = isObject(unprotected) ? unprotected : {};
  const signer: SignerInfo = {};
  const alg = protectedHeader['1'];
  if (typeof alg === 'number' && coseAlgs[String(alg)] !== undefined) signer.alg = coseAlgs[String(alg)];

  const chain = protectedHeader['33'] ?? unprotectedHeader['33'] ?? unprotectedHeader.x5chain;
  const leaf = Array.isArray(chain) ? asBytes(chain[0]) : asBytes(chain);
  if (leaf) {
    try {
      const subject = parseDistinguishedName(new X509Certificate(leaf).subject);
      if (subject.O !== undefined) signer.issuer = subject.O;
      if (subject.CN !== undefined) signer.commonName = subject.CN;
    } catch (error) {
      warnings.push(`signing certificate is unreadable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const key of ['sigTst2', 'sigTst']) {
    const tst = unprotectedHeader[key];
    const tokens = isObject(tst) && Array.isArray(tst.tstTokens) ? tst.tstTokens : [];
    const first: unknown = tokens[0];
    const token = isObject(first) ? asBytes(first.val) : undefined;
    const time = token ? timeStampGenTime(token) : undefined;
    if (time !== undefined) {
      signer.time = time;
      break;
    }
  }
  return signer;
}

/** Node prints a subject as `C=US\nO=OpenAI\nCN=…`; we want the last value of each attribute. */
function parseDistinguishedName(dn: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of dn.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Minimal DER walk to the genTime of an RFC 3161 TimeStampToken (CMS ContentInfo → SignedData → TSTInfo).

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

function readTlv(b: Uint8Array, pos: number, limit: number): Tlv | undefined {
  if (pos + 2 > limit) return undefined;
  const tag = b[pos] ?? 0;
  if ((tag & 0x1f) === 0x1f) return undefined; // multi-byte tags do not occur on this path
  let len = b[pos + 1] ?? 0;
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) return undefined; // indefinite or absurd lengths: give up
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (b[start + i] ?? 0);
    start += n;
  }
  const end = start + len;
  return end <= limit ? { tag, start, end } : undefined;
}

/** The children of a constructed TLV, bounded. */
function childrenOf(b: Uint8Array, parent: Tlv, max = 16): Tlv[] {
  const out: Tlv[] = [];
  for (let pos = parent.start; pos < parent.end && out.length < max;) {
    const t = readTlv(b, pos, parent.end);
    if (!t) break;
    out.push(t);
    pos = t.end;
  }
  return out;
}

/** Returns an RFC 3161 timestamp's genTime as RFC 3339 (`2024-03-08T20:22:53+00:00`), or undefined. */
export function timeStampGenTime(token: Uint8Array): string | undefined {
  const outer = readTlv(token, 0, token.length);
  if (outer?.tag !== 0x30) return undefined;
  // Writers store either the TimeStampToken (a CMS ContentInfo: OID, [0] SignedData) or the whole
  // TimeStampResp (SEQUENCE { PKIStatusInfo, TimeStampToken }).
  const top = childrenOf(token, outer);
  const contentInfo = top[0]?.tag === 0x30 ? top[1] : outer;
  if (contentInfo?.tag !== 0x30) return undefined;
  const explicit = childrenOf(token, contentInfo)[1];
  if (explicit?.tag !== 0xa0) return undefined;
  const signedData = childrenOf(token, explicit)[0];
  if (signedData?.tag !== 0x30) return undefined;
  const encap = childrenOf(token, signedData).find((t, i) => i >= 2 && t.tag === 0x30);
  if (!encap) return undefined;
  const eContentWrap = childrenOf(token, encap)[1];
  if (eContentWrap?.tag !== 0xa0) return undefined;
  const octets = childrenOf(token, eContentWrap)[0];
  if (octets?.tag !== 0x04) return undefined;
  const tstInfo = readTlv(token, octets.start, octets.end);
  if (tstInfo?.tag !== 0x30) return undefined;
  const genTime = childrenOf(token, tstInfo).find((t) => t.tag === 0x18);
  if (!genTime) return undefined;
  const s = String.fromCharCode(...token.subarray(genTime.start, genTime.end));
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+00:00` : undefined;
}
