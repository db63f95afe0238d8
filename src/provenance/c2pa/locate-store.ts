/**
 * Finds the embedded C2PA manifest store (JUMBF bytes) in a JPEG, PNG or WebP file (provenance-formats.md §1.5).
 *
 * The reader only needs this for what c2pa-wasm does not hand back: the verbatim store bytes (kept for
 * re-embedding) and the no-crypto fallback summary when the validator refuses a damaged store. When the container
 * walkers in ../containers/ already extracted the store, the caller passes it in and this is not used.
 * Bounded: at most `provenanceLimits.maxEntries` segments/chunks and `maxPayloadBytes` of store.
 */
import { provenanceLimits } from '../contract.ts';

export interface LocatedStore {
  store?: Uint8Array;
  warnings: string[];
}

const ascii = (b: Uint8Array, from: number, to: number): string => String.fromCharCode(...b.subarray(from, to));

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function fromJpeg(buf: Uint8Array, dv: DataView, warnings: string[]): Uint8Array | undefined {
  let i = 2;
  let instance = -1;
  let size = 0;
  const parts: Uint8Array[] = [];
  for (let n = 0; i + 4 <= buf.length && n < provenanceLimits.maxEntries; n++) {
    if (buf[i] !== 0xff) break;
    const marker = buf[i + 1] ?? 0;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const len = dv.getUint16(i + 2);
    if (len < 2 || i + 2 + len > buf.length) {
      warnings.push(`JPEG segment 0x${marker.toString(16)} at ${i} runs past the end of the file`);
      break;
    }
    const p = buf.subarray(i + 4, i + 2 + len);
    if (marker === 0xeb && p.length > 16 && p[0] === 0x4a && p[1] === 0x50) {
      const en = ((p[2] ?? 0) << 8) | (p[3] ?? 0);
      // The first segment is recognised by its jumd UUID 'c2pa'; continuations share its box instance (En)
      // and repeat the superbox's LBox+TBox, which we drop.
      const part =
        parts.length === 0
          ? ascii(p, 24, 28) === 'c2pa'
            ? p.subarray(8)
            : undefined
          : en === instance
            ? p.subarray(16)
            : undefined;
      if (part) {
        if (parts.length === 0) instance = en;
        size += part.length;
        if (size > provenanceLimits.maxPayloadBytes) {
          warnings.push('C2PA store exceeds the size limit; ignored');
          return undefined;
        }
        parts.push(part);
      }
    }
    i += 2 + len;
  }
  return parts.length > 0 ? concat(parts) : undefined;
}

function fromPng(buf: Uint8Array, dv: DataView, warnings: string[]): Uint8Array | undefined {
  let i = 8;
  for (let n = 0; i + 12 <= buf.length && n < provenanceLimits.maxEntries; n++) {
    const len = dv.getUint32(i);
    const type = ascii(buf, i + 4, i + 8);
    if (i + 12 + len > buf.length) {
      warnings.push(`PNG chunk '${type}' at ${i} runs past the end of the file`);
      return undefined;
    }
    if (type === 'caBX') {
      if (len > provenanceLimits.maxPayloadBytes) {
        warnings.push('C2PA store exceeds the size limit; ignored');
        return undefined;
      }
      return buf.subarray(i + 8, i + 8 + len);
    }
    if (type === 'IEND') break;
    i += 12 + len;
  }
  return undefined;
}

function fromRiff(buf: Uint8Array, dv: DataView, warnings: string[]): Uint8Array | undefined {
  const end = Math.min(buf.length, 8 + dv.getUint32(4, true));
  let i = 12;
  for (let n = 0; i + 8 <= end && n < provenanceLimits.maxEntries; n++) {
    const type = ascii(buf, i, i + 4);
    const len = dv.getUint32(i + 4, true);
    if (i + 8 + len > buf.length) {
      warnings.push(`RIFF chunk '${type}' at ${i} runs past the end of the file`);
      return undefined;
    }
    if (type === 'C2PA') {
      if (len > provenanceLimits.maxPayloadBytes) {
        warnings.push('C2PA store exceeds the size limit; ignored');
        return undefined;
      }
      return buf.subarray(i + 8, i + 8 + len);
    }
    i += 8 + len + (len & 1);
  }
  return undefined;
}

/** Locates the embedded store by sniffing the container from the bytes. Never throws. */
export function locateC2paStore(bytes: Uint8Array): LocatedStore {
  const warnings: string[] = [];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let store: Uint8Array | undefined;
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) store = fromJpeg(bytes, dv, warnings);
  else if (bytes.length >= 8 && ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') store = fromPng(bytes, dv, warnings);
  else if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') {
    store = fromRiff(bytes, dv, warnings);
  }
  return store ? { store, warnings } : { warnings };
}
