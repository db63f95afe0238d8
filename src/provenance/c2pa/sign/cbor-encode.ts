/**
 * A small deterministic CBOR encoder (RFC 8949) for what the signer writes: claims, assertions, COSE structures.
 *
 * Why not cbor-x's encoder: its defaults add extensions a C2PA validator does not expect (tag 64 on Uint8Array,
 * record structures, float shortening), and the signer must know the exact byte size of what it writes before it
 * hashes the file. Here every item gets the shortest head, maps keep insertion order, and nothing else happens.
 */

export class CborTag {
  constructor(
    readonly tag: number,
    readonly value: CborValue,
  ) {}
}

export type CborValue =
  | number
  | bigint
  | string
  | boolean
  | null
  | undefined
  | Uint8Array
  | CborTag
  | readonly CborValue[]
  | ReadonlyMap<string | number, CborValue>
  | { readonly [key: string]: CborValue };

const textEncoder = new TextEncoder();

class Writer {
  private buf = new Uint8Array(256);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Major type + argument with the shortest encoding (the "preferred serialization" of RFC 8949 §4.1). */
  head(major: number, arg: number | bigint): void {
    const m = major << 5;
    const n = BigInt(arg);
    if (n < 24n) this.byte(m | Number(n));
    else if (n < 0x100n) this.bytes(Uint8Array.of(m | 24, Number(n)));
    else if (n < 0x10000n) this.bytes(Uint8Array.of(m | 25, Number(n >> 8n), Number(n & 0xffn)));
    else if (n < 0x100000000n) {
      const out = new Uint8Array(5);
      out[0] = m | 26;
      new DataView(out.buffer).setUint32(1, Number(n));
      this.bytes(out);
    } else if (n < 0x10000000000000000n) {
      const out = new Uint8Array(9);
      out[0] = m | 27;
      new DataView(out.buffer).setBigUint64(1, n);
      this.bytes(out);
    } else throw new RangeError('CBOR integer out of 64-bit range');
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

function encodeInto(w: Writer, value: CborValue, depth: number): void {
  if (depth > 64) throw new RangeError('CBOR value nested deeper than 64');
  if (value === null) return w.byte(0xf6);
  if (value === undefined) return w.byte(0xf7);
  if (value === false) return w.byte(0xf4);
  if (value === true) return w.byte(0xf5);
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value >= 0 ? w.head(0, value) : w.head(1, -1 - value);
    const out = new Uint8Array(9);
    out[0] = 0xfb;
    new DataView(out.buffer).setFloat64(1, value);
    return w.bytes(out);
  }
  if (typeof value === 'bigint') return value >= 0n ? w.head(0, value) : w.head(1, -1n - value);
  if (typeof value === 'string') {
    const utf8 = textEncoder.encode(value);
    w.head(3, utf8.length);
    return w.bytes(utf8);
  }
  if (value instanceof Uint8Array) {
    w.head(2, value.length);
    return w.bytes(value);
  }
  if (value instanceof CborTag) {
    w.head(6, value.tag);
    return encodeInto(w, value.value, depth + 1);
  }
  if (Array.isArray(value)) {
    const items = value as readonly CborValue[];
    w.head(4, items.length);
    for (const item of items) encodeInto(w, item, depth + 1);
    return;
  }
  const entries: [string | number, CborValue][] =
    value instanceof Map
      ? [...(value as ReadonlyMap<string | number, CborValue>)]
      : Object.entries(value as { readonly [key: string]: CborValue });
  // Absent optional fields are written as `undefined` by callers; they are dropped rather than encoded.
  const present = entries.filter(([, v]) => v !== undefined);
  w.head(5, present.length);
  for (const [k, v] of present) {
    encodeInto(w, k, depth + 1);
    encodeInto(w, v, depth + 1);
  }
}

export function encodeCbor(value: CborValue): Uint8Array {
  const w = new Writer();
  encodeInto(w, value, 0);
  return w.result();
}
