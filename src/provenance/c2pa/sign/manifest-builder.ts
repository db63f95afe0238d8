/**
 * Builds a C2PA manifest store with one standard manifest (claim v2, claim signature and assertions of C2PA 2.2):
 *
 *   jumb c2pa                                  manifest store
 *     jumb c2ma urn:c2pa:<uuid>                manifest
 *       jumb c2as c2pa.assertions
 *         jumb cbor c2pa.actions.v2            c2pa.created | c2pa.opened + c2pa.edited
 *         [jumb cbor c2pa.ingredient.v3]       the parent asset, when editing
 *         jumb cbor c2pa.hash.data             hard binding with the manifest's exclusion range
 *       jumb c2cl c2pa.claim.v2                claim v2, created_assertions as hashed URIs
 *       jumb c2cs c2pa.signature               COSE_Sign1 over the claim bytes
 *
 * The builder is pure: given the same inputs (including the salts) it returns the same bytes, which the two-pass
 * signer relies on (lay out with placeholders, hash the file, sign the claim, rebuild at the same size).
 */
import { createHash } from 'node:crypto';
import { CborTag, encodeCbor, type CborValue } from './cbor-encode.ts';
import { c2paTypeUuid, cborSuperBox, jumbfContentTypes, superBox, superBoxHashInput } from './jumbf-writer.ts';
import type { ParentManifests } from './parent-manifest.ts';

export type SignAction = 'c2pa.created' | 'c2pa.edited';

/** The actions of an export that an edit may record after c2pa.opened (C2PA 2.2 §18.14.4 standard actions). */
export const editActionNames = [
  'c2pa.resized',
  'c2pa.cropped',
  'c2pa.transcoded',
  'c2pa.edited',
  'c2pa.edited.metadata',
  'c2pa.watermarked',
] as const;
export type EditActionName = (typeof editActionNames)[number];

export interface EditAction {
  action: EditActionName;
  /** A human-readable line on what was done (`resized to 1600×1067`). */
  description?: string;
}

/** The asset an edit opened: its ingredient assertion names it. */
export interface ParentIngredient {
  title: string;
  /** Its media type (it may differ from the signed file's, e.g. a PNG exported as WebP). */
  format: string;
  /** Its own C2PA manifests, carried into the new store (parent-manifest.ts), with what validating them found. */
  manifests?: ParentManifests & { validationFailures: readonly string[] };
}

export interface GeneratorInfo {
  name: string;
  version?: string;
}

export interface ManifestContent {
  /** `urn:c2pa:<uuid>` */
  manifestLabel: string;
  /** `xmp:iid:<uuid>` of the signed asset. */
  instanceId: string;
  action: SignAction;
  digitalSourceType?: string;
  softwareAgent?: GeneratorInfo;
  claimGenerator: GeneratorInfo;
  title?: string;
  /** Media type of the signed asset; the parent's too unless `parent` says otherwise. */
  format: string;
  /** With c2pa.edited: the actions after c2pa.opened (default one c2pa.edited with the digital source type). */
  editActions?: readonly EditAction[];
  /** With c2pa.edited: the parent asset (default: titled `title`, in `format`). */
  parent?: ParentIngredient;
  when: Date;
  /** 16-byte salts, one per assertion, fixed across both passes. */
  salts: { actions: Uint8Array; ingredient: Uint8Array; dataHash: Uint8Array };
}

export interface Exclusion {
  start: number;
  length: number;
}

export const DATA_HASH_LABEL = 'c2pa.hash.data';
const ACTIONS_LABEL = 'c2pa.actions.v2';
const INGREDIENT_LABEL = 'c2pa.ingredient.v3';
const ASSERTION_STORE_LABEL = 'c2pa.assertions';
const CLAIM_LABEL = 'c2pa.claim.v2';
const SIGNATURE_LABEL = 'c2pa.signature';

const sha256 = (bytes: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(bytes).digest());

const generatorInfo = (info: GeneratorInfo): CborValue => ({ name: info.name, version: info.version });

interface BuiltAssertion {
  label: string;
  box: Uint8Array;
}

const assertion = (label: string, value: CborValue, salt: Uint8Array): BuiltAssertion => ({
  label,
  box: cborSuperBox(jumbfContentTypes.cbor, label, encodeCbor(value), salt),
});

/** A tdate (RFC 8949 tag 0) without milliseconds, as the C2PA examples write it. */
const tdate = (when: Date): CborTag => new CborTag(0, when.toISOString().replace(/\.\d{3}Z$/, 'Z'));

const hashedUri = (url: string, hash: Uint8Array): CborValue => ({ url, hash });
const assertionUri = (label: string): string => `self#jumbf=${ASSERTION_STORE_LABEL}/${label}`;

function buildAssertions(content: ManifestContent, exclusion: Exclusion, dataHash: Uint8Array): BuiltAssertion[] {
  const agent = content.softwareAgent ? generatorInfo(content.softwareAgent) : undefined;
  const built: BuiltAssertion[] = [];
  const actions: CborValue[] = [];
  if (content.action === 'c2pa.edited') {
    // C2PA 2.2 §18.14.2: an edited asset's first action is c2pa.opened, naming the parent as an ingredient. The
    // parent's own manifest (if any) is not carried over; the ingredient records only what was opened.
    const carried = content.parent?.manifests;
    const manifestUri = carried ? `self#jumbf=/c2pa/${carried.activeLabel}` : undefined;
    const ingredient = assertion(
      INGREDIENT_LABEL,
      {
        'dc:title': content.parent?.title ?? content.title ?? 'parent asset',
        'dc:format': content.parent?.format ?? content.format,
        relationship: 'parentOf',
        // Ingredient v3: the parent's active manifest and claim signature by hashed URI, with the results of
        // validating them when the parent came in (its failure codes; none for a manifest that validated).
        ...(carried && manifestUri
          ? {
              validationResults: {
                activeManifest: {
                  success: [],
                  informational: [],
                  failure: carried.validationFailures.map((code) => ({ code, url: manifestUri })),
                },
              },
              activeManifest: { url: manifestUri, alg: 'sha256', hash: carried.manifestBoxHash },
              claimSignature: {
                url: `${manifestUri}/${SIGNATURE_LABEL}`,
                alg: 'sha256',
                hash: carried.signatureBoxHash,
              },
            }
          : {}),
      },
      content.salts.ingredient,
    );
    built.push(ingredient);
    actions.push({
      action: 'c2pa.opened',
      softwareAgent: agent,
      when: tdate(content.when),
      parameters: {
        ingredients: [hashedUri(assertionUri(INGREDIENT_LABEL), sha256(superBoxHashInput(ingredient.box)))],
      },
    });
  }
  if (content.action === 'c2pa.edited' && content.editActions && content.editActions.length > 0) {
    for (const edit of content.editActions) {
      actions.push({
        action: edit.action,
        softwareAgent: agent,
        description: edit.description,
        when: tdate(content.when),
      });
    }
  } else {
    actions.push({
      action: content.action,
      softwareAgent: agent,
      digitalSourceType: content.digitalSourceType,
      when: tdate(content.when),
    });
  }
  built.unshift(assertion(ACTIONS_LABEL, { actions }, content.salts.actions));
  built.push(
    assertion(
      DATA_HASH_LABEL,
      {
        exclusions: [{ start: exclusion.start, length: exclusion.length }],
        name: 'jumbf manifest',
        alg: 'sha256',
        hash: dataHash,
        pad: new Uint8Array(0),
      },
      content.salts.dataHash,
    ),
  );
  return built;
}

export interface BuiltManifest {
  /** The claim's CBOR bytes: the detached COSE payload. */
  claim: Uint8Array;
  /** Assembles the whole store around a COSE_Sign1. */
  store: (coseSign1: Uint8Array) => Uint8Array;
}

export function buildManifest(content: ManifestContent, exclusion: Exclusion, dataHash: Uint8Array): BuiltManifest {
  const assertions = buildAssertions(content, exclusion, dataHash);
  const claim = encodeCbor({
    instanceID: content.instanceId,
    claim_generator_info: generatorInfo(content.claimGenerator),
    signature: `self#jumbf=/c2pa/${content.manifestLabel}/${SIGNATURE_LABEL}`,
    created_assertions: assertions.map((a) => hashedUri(assertionUri(a.label), sha256(superBoxHashInput(a.box)))),
    'dc:title': content.title,
    alg: 'sha256',
  });
  const assertionStore = superBox(
    c2paTypeUuid(jumbfContentTypes.assertionStore),
    ASSERTION_STORE_LABEL,
    assertions.map((a) => a.box),
  );
  const claimBox = cborSuperBox(jumbfContentTypes.claim, CLAIM_LABEL, claim);
  return {
    claim,
    store: (coseSign1) => {
      const signatureBox = cborSuperBox(jumbfContentTypes.signature, SIGNATURE_LABEL, coseSign1);
      const manifest = superBox(c2paTypeUuid(jumbfContentTypes.manifest), content.manifestLabel, [
        assertionStore,
        claimBox,
        signatureBox,
      ]);
      // The parent's manifests first: the active manifest is the store's last.
      const carried = content.action === 'c2pa.edited' ? (content.parent?.manifests?.manifestBoxes ?? []) : [];
      return superBox(c2paTypeUuid(jumbfContentTypes.manifestStore), 'c2pa', [...carried, manifest]);
    },
  };
}
