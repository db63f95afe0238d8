/**
 * C2PA signing of exported files: one standard manifest (actions + data hash), a claim v2 and a COSE_Sign1 made with
 * node:crypto, embedded in JPEG, PNG or WebP. Any C2PA store already in the file is replaced.
 *
 * Two passes, because the data hash covers the whole file except the manifest and is itself inside the manifest:
 *   1. lay out: build the store with a zero hash and a zero signature of the exact final length, embed it, and
 *      repeat until the exclusion range it records matches where it landed (the range's own CBOR size can grow);
 *   2. hash the laid-out file outside that range, rebuild the store with the hash, sign the claim, and embed the
 *      store, which has exactly the size reserved in pass 1, so the hashed bytes do not move.
 *
 * Metadata (XMP, EXIF, text chunks) must be written before calling this: any later byte change breaks the binding.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ProvenaError, validationFailed, type FieldProblem } from '../../../domain/errors.ts';
import { placeholderCoseSign1, signDetached } from './cose-sign1.ts';
import {
  normaliseMediaType,
  prepareAsset,
  type EmbedResult,
  type PreparedAsset,
  type SignableMediaType,
} from './embed-asset.ts';
import {
  buildManifest,
  editActionNames,
  type EditAction,
  type Exclusion,
  type GeneratorInfo,
  type ManifestContent,
  type ParentIngredient,
  type SignAction,
} from './manifest-builder.ts';
import { loadSigningCredentials, type CoseAlgorithmName } from './signing-credentials.ts';

export type { SignAction, GeneratorInfo, EditAction, EditActionName, ParentIngredient } from './manifest-builder.ts';

export interface SignC2paOptions {
  /** PEM certificates, leaf first, then intermediates (the root may be left out). */
  certificateChainPem: string;
  /** Unencrypted PEM private key of the leaf (PKCS#8, SEC1 or PKCS#1). */
  privateKeyPem: string;
  action: SignAction;
  /** IPTC/C2PA digital source type URI; required with `c2pa.created` (C2PA 2.2 §18.14.2). */
  digitalSourceType?: string;
  softwareAgent?: GeneratorInfo;
  claimGenerator?: GeneratorInfo;
  title?: string;
  /** Time recorded on the actions (e.g. when the image was generated); default now. */
  when?: Date;
  /** With c2pa.edited: what was done after opening the parent (an export: resized, cropped, transcoded…). */
  editActions?: readonly EditAction[];
  /** With c2pa.edited: the parent asset the ingredient names. */
  parent?: ParentIngredient;
}

export interface SignC2paResult {
  file: Uint8Array;
  manifestLabel: string;
  alg: CoseAlgorithmName;
  /** C2PA stores that were in the input and have been replaced. */
  replacedStores: number;
  exclusion: Exclusion;
}

const DEFAULT_GENERATOR: GeneratorInfo = { name: 'Provena' };
const MAX_TEXT = 1024;
const MAX_LAYOUT_PASSES = 8;
const actions: readonly SignAction[] = ['c2pa.created', 'c2pa.edited'];

function checkGenerator(field: string, value: unknown, problems: FieldProblem[]): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null) {
    problems.push({ field: `${field}.name`, problem: 'must be a non-empty string' });
    return;
  }
  const info: Partial<Record<keyof GeneratorInfo, unknown>> = value;
  if (typeof info.name !== 'string' || info.name.trim() === '') {
    problems.push({ field: `${field}.name`, problem: 'must be a non-empty string' });
    return;
  }
  if (info.name.length > MAX_TEXT)
    problems.push({ field: `${field}.name`, problem: `must be at most ${MAX_TEXT} characters` });
  if (info.version !== undefined && (typeof info.version !== 'string' || info.version.length > MAX_TEXT)) {
    problems.push({ field: `${field}.version`, problem: `must be a string of at most ${MAX_TEXT} characters` });
  }
}

function checkOptions(options: SignC2paOptions): void {
  const problems: FieldProblem[] = [];
  if (!actions.includes(options.action))
    problems.push({ field: 'action', problem: `must be one of ${actions.join(', ')}` });
  const dst = options.digitalSourceType;
  if (dst !== undefined && (typeof dst !== 'string' || !/^https?:\/\/\S+$/.test(dst) || dst.length > MAX_TEXT)) {
    problems.push({
      field: 'digitalSourceType',
      problem: 'must be an http(s) URI such as the IPTC digital source types',
    });
  }
  if (options.action === 'c2pa.created' && dst === undefined) {
    problems.push({ field: 'digitalSourceType', problem: 'C2PA requires a digital source type with c2pa.created' });
  }
  checkGenerator('softwareAgent', options.softwareAgent, problems);
  checkGenerator('claimGenerator', options.claimGenerator, problems);
  if (options.title !== undefined && (typeof options.title !== 'string' || options.title.length > MAX_TEXT)) {
    problems.push({ field: 'title', problem: `must be a string of at most ${MAX_TEXT} characters` });
  }
  if (options.when !== undefined && !(options.when instanceof Date && Number.isFinite(options.when.getTime()))) {
    problems.push({ field: 'when', problem: 'must be a valid Date' });
  }
  if (options.editActions !== undefined) {
    if (options.action !== 'c2pa.edited') {
      problems.push({ field: 'editActions', problem: 'are only recorded with the action c2pa.edited' });
    }
    options.editActions.forEach((edit, index) => {
      if (!editActionNames.includes(edit.action)) {
        problems.push({
          field: `editActions[${index}].action`,
          problem: `must be one of ${editActionNames.join(', ')}`,
        });
      }
      if (
        edit.description !== undefined &&
        (typeof edit.description !== 'string' || edit.description.length > MAX_TEXT)
      ) {
        problems.push({
          field: `editActions[${index}].description`,
          problem: `must be a string of at most ${MAX_TEXT} characters`,
        });
      }
    });
  }
  if (options.parent !== undefined) {
    const { title, format } = options.parent;
    if (typeof title !== 'string' || title === '' || title.length > MAX_TEXT) {
      problems.push({ field: 'parent.title', problem: `must be a non-empty string of at most ${MAX_TEXT} characters` });
    }
    if (typeof format !== 'string' || !/^[a-z]+\/[\w.+-]+$/i.test(format)) {
      problems.push({ field: 'parent.format', problem: 'must be a media type such as image/png' });
    }
  }
  if (problems.length > 0) throw validationFailed(problems);
}

const hashOutside = (file: Uint8Array, exclusion: Exclusion): Uint8Array =>
  new Uint8Array(
    createHash('sha256')
      .update(file.subarray(0, exclusion.start))
      .update(file.subarray(exclusion.start + exclusion.length))
      .digest(),
  );

const sameRange = (a: Exclusion, b: Exclusion): boolean => a.start === b.start && a.length === b.length;

/** Signs the file and returns the signed bytes with what was done. Synchronous: it only hashes and signs. */
export function signC2paDetailed(file: Uint8Array, mediaType: string, options: SignC2paOptions): SignC2paResult {
  if (!(file instanceof Uint8Array)) throw validationFailed([{ field: 'file', problem: 'must be a Uint8Array' }]);
  const type = normaliseMediaType(mediaType);
  return signPreparedAsset(() => prepareAsset(file, type), type, options);
}

/**
 * The signer behind signC2paDetailed, for an asset already prepared by one of the embed-* modules. Exported so that
 * tests can sign with non-default container settings (e.g. small JPEG segments to exercise multi-segment stores).
 */
export function signPreparedAsset(
  prepare: () => PreparedAsset,
  type: SignableMediaType,
  options: SignC2paOptions,
): SignC2paResult {
  checkOptions(options);
  const now = new Date();
  const when = options.when ?? now;
  // The certificate must be valid when the signature is made (now): validators without a timestamp check that.
  const credentials = loadSigningCredentials(options.certificateChainPem, options.privateKeyPem, now);
  const asset = prepare();

  const manifestLabel = `urn:c2pa:${randomUUID()}`;
  const content: ManifestContent = {
    manifestLabel,
    instanceId: `xmp:iid:${randomUUID()}`,
    action: options.action,
    ...(options.digitalSourceType !== undefined ? { digitalSourceType: options.digitalSourceType } : {}),
    ...(options.softwareAgent !== undefined ? { softwareAgent: options.softwareAgent } : {}),
    claimGenerator: options.claimGenerator ?? DEFAULT_GENERATOR,
    ...(options.title !== undefined ? { title: options.title } : {}),
    format: type,
    ...(options.editActions !== undefined ? { editActions: options.editActions } : {}),
    ...(options.parent !== undefined ? { parent: options.parent } : {}),
    when,
    salts: { actions: randomBytes(16), ingredient: randomBytes(16), dataHash: randomBytes(16) },
  };

  // Pass 1: find the layout whose recorded exclusion equals where the store lands.
  const zeroHash = new Uint8Array(32);
  const placeholderSignature = placeholderCoseSign1(credentials);
  let exclusion: Exclusion = { start: 0, length: 0 };
  let laid: EmbedResult | undefined;
  for (let pass = 0; pass < MAX_LAYOUT_PASSES && !laid; pass++) {
    const attempt = asset.embed(buildManifest(content, exclusion, zeroHash).store(placeholderSignature));
    if (sameRange(attempt.exclusion, exclusion)) laid = attempt;
    else exclusion = attempt.exclusion;
  }
  if (!laid) throw new ProvenaError('INTERNAL', 'C2PA manifest layout did not converge.', { exclusion });

  // Pass 2: hash, sign, and fill the reserved space.
  const manifest = buildManifest(content, exclusion, hashOutside(laid.file, exclusion));
  const store = manifest.store(signDetached(credentials, manifest.claim));
  const signed = asset.embed(store);
  if (!sameRange(signed.exclusion, exclusion) || signed.file.length !== laid.file.length) {
    throw new ProvenaError('INTERNAL', 'C2PA manifest changed size between layout and signing.', {
      reserved: exclusion,
      actual: signed.exclusion,
    });
  }
  return { file: signed.file, manifestLabel, alg: credentials.alg, replacedStores: asset.removedStores, exclusion };
}

/** Signs `file` (JPEG, PNG or WebP) with a new C2PA manifest and returns the signed bytes. */
export const signC2pa = (file: Uint8Array, mediaType: string, options: SignC2paOptions): Uint8Array =>
  signC2paDetailed(file, mediaType, options).file;
