/**
 * JUMBF box writer (ISO/IEC 19566-5 as profiled by C2PA 2.2).
 *
 * A box is `LBox u32 BE | TBox 4cc | payload`; a superbox (`jumb`) starts with a description box (`jumd`) holding a
 * content-type UUID, toggles and a NUL-terminated label, optionally followed by a private `c2sh` salt box.
 */
import { concatBytes } from '../../bytes.ts';

/** C2PA content-type UUIDs are `XXXXXXXX-0011-0010-8000-00AA00389B71` where the first 4 bytes are ASCII. */
const C2PA_UUID_TAIL = Uint8Array.of(0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71);

export const jumbfContentTypes = {
  manifestStore: 'c2pa',
  manifest: 'c2ma',
  assertionStore: 'c2as',
  claim: 'c2cl',
  signature: 'c2cs',
  cbor: 'cbor',
  json: 'json',
} as const;

/** Toggle bits of the description box. */
const TOGGLE_REQUESTABLE = 0x01;
const TOGGLE_LABEL = 0x02;
const TOGGLE_PRIVATE = 0x10;

const MAX_BOX_SIZE = 0xffff_ffff;
const textEncoder = new TextEncoder();

const fourcc = (code: string): Uint8Array => {
  if (!/^[\x20-\x7e]{4}$/.test(code)) throw new RangeError(`not a four-character code: ${JSON.stringify(code)}`);
  return textEncoder.encode(code);
};

export function c2paTypeUuid(code: string): Uint8Array {
  const uuid = new Uint8Array(16);
  uuid.set(fourcc(code), 0);
  uuid.set(C2PA_UUID_TAIL, 4);
  return uuid;
}

/** One plain box. Stores over 4 GiB would need XLBox; no image we sign gets near that, so we refuse instead. */
export function jumbfBox(type: string, payload: Uint8Array): Uint8Array {
  const size = 8 + payload.length;
  if (size > MAX_BOX_SIZE) throw new RangeError(`JUMBF box ${type} of ${size} bytes exceeds 4 GiB`);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  out.set(fourcc(type), 4);
  out.set(payload, 8);
  return out;
}

/**
 * C2PA labels are used inside JUMBF URIs (`self#jumbf=c2pa.assertions/c2pa.actions.v2`), so they must not contain
 * the URI's separators or a NUL; C2PA 2.2 §8.2 restricts them to this set.
 */
const LABEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

export function checkLabel(label: string): void {
  if (!LABEL_PATTERN.test(label) || label.length > 255)
    throw new RangeError(`invalid JUMBF label: ${JSON.stringify(label)}`);
}

export function descriptionBox(typeUuid: Uint8Array, label: string, salt?: Uint8Array): Uint8Array {
  checkLabel(label);
  const labelBytes = textEncoder.encode(label);
  const toggles = TOGGLE_REQUESTABLE | TOGGLE_LABEL | (salt ? TOGGLE_PRIVATE : 0);
  const parts = [typeUuid, Uint8Array.of(toggles), labelBytes, Uint8Array.of(0)];
  if (salt) parts.push(jumbfBox('c2sh', salt));
  return jumbfBox('jumd', concatBytes(parts));
}

export function superBox(
  typeUuid: Uint8Array,
  label: string,
  children: readonly Uint8Array[],
  salt?: Uint8Array,
): Uint8Array {
  return jumbfBox('jumb', concatBytes([descriptionBox(typeUuid, label, salt), ...children]));
}

/** An assertion or claim superbox holding one `cbor` content box. */
export function cborSuperBox(typeCode: string, label: string, cbor: Uint8Array, salt?: Uint8Array): Uint8Array {
  return superBox(c2paTypeUuid(typeCode), label, [jumbfBox('cbor', cbor)], salt);
}

/**
 * What a hashed URI's `hash` covers: the superbox's payload (description box and content boxes) without the
 * superbox's own 8-byte header, as c2pa-rs computes it (checked against a c2pa-rs-signed fixture).
 */
export const superBoxHashInput = (box: Uint8Array): Uint8Array => box.subarray(8);
