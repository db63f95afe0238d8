/**
 * The parent's C2PA manifests, carried into the manifest store of an edit (C2PA 2.2 §10.3, ingredient v3): every
 * manifest of the parent's store goes into the new store before the new one, and the new manifest's ingredient names
 * the parent's active manifest and its claim signature by hashed URI. The hashes are over the superbox payloads (the
 * description box and the children, without the superbox's own header), as c2pa-rs computes them when it validates
 * the ingredient (`ingredient.manifest.validated`).
 */
import { createHash } from 'node:crypto';
import { childByLabel, contentTypeOf, isSuperbox, labelOf, parseJumbf, type JumbfSuperbox } from '../jumbf.ts';

export interface ParentManifests {
  /** Label (`urn:c2pa:…`) of the parent's active manifest. */
  activeLabel: string;
  /** Every manifest superbox of the parent's store, in store order (the active one last), byte for byte. */
  manifestBoxes: Uint8Array[];
  /** SHA-256 of the active manifest superbox's payload. */
  manifestBoxHash: Uint8Array;
  /** SHA-256 of its signature superbox's payload. */
  signatureBoxHash: Uint8Array;
}

const MANIFEST_TYPES = new Set(['c2ma', 'c2um']);
const sha256 = (bytes: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(bytes).digest());
const whole = (bytes: Uint8Array, box: JumbfSuperbox): Uint8Array =>
  bytes.subarray(box.offset, box.offset + box.length);
const payload = (bytes: Uint8Array, box: JumbfSuperbox): Uint8Array =>
  bytes.subarray(box.offset + box.headerLength, box.offset + box.length);

/**
 * The parent's manifests from its store bytes (`RawMetadata.c2paStore`), or undefined when the store cannot be read
 * cleanly (then the ingredient is recorded without them: carrying a damaged store would make the new one invalid).
 */
export function parentManifestsFromStore(store: Uint8Array): ParentManifests | undefined {
  const { boxes, warnings } = parseJumbf(store);
  const root = boxes[0];
  if (warnings.length > 0 || boxes.length !== 1 || !isSuperbox(root) || contentTypeOf(root) !== 'c2pa')
    return undefined;
  const manifests = root.children.filter(
    (child): child is JumbfSuperbox => isSuperbox(child) && MANIFEST_TYPES.has(contentTypeOf(child) ?? ''),
  );
  const active = manifests.at(-1);
  const activeLabel = active ? labelOf(active) : undefined;
  const signature = active ? childByLabel(active, 'c2pa.signature') : undefined;
  if (!active || !activeLabel || !signature) return undefined;
  return {
    activeLabel,
    manifestBoxes: manifests.map((manifest) => whole(store, manifest)),
    manifestBoxHash: sha256(payload(store, active)),
    signatureBoxHash: sha256(payload(store, signature)),
  };
}
