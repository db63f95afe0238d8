/**
 * A bounded EXIF/TIFF reader for the text tags provenance cares about.
 *
 * Walks IFD0 (and its next-IFD chain) and the Exif IFD (0x8769), in both byte orders. Every offset is checked
 * against the block, every IFD is visited once (loop protection) and the number of IFDs and entries is capped, so a
 * hostile block costs at most a few thousand entry reads. Problems become warnings; nothing throws.
 */
import type { ExifFields } from '../contract.ts';
import { hex, trimTrailingNuls, utf8OrLatin1 } from '../bytes.ts';
import { EXIF_TAGS } from './exif-tags.ts';
import { decodeAscii, decodeUserComment, decodeXpTag, looksLikeText } from './text-values.ts';

const exifLimits = {
  /** IFDs visited in one block (IFD0, its chain, the Exif IFD). */
  maxIfds: 16,
  /** Entries read over all IFDs. Real files have a few hundred at most. */
  maxEntries: 4096,
};

/** Byte size of one value of each TIFF field type (index = type); 0 = unknown type. */
const typeSizes = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4] as const;
const TYPE_BYTE = 1;
const TYPE_ASCII = 2;
const TYPE_UNDEFINED = 7;

type IfdKind = 'ifd0' | 'exif' | 'chain';

interface TiffView {
  bytes: Uint8Array;
  bigEndian: boolean;
  u16(at: number): number;
  u32(at: number): number;
}

const makeView = (bytes: Uint8Array, bigEndian: boolean): TiffView => {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    bytes,
    bigEndian,
    u16: (at) => dv.getUint16(at, !bigEndian),
    u32: (at) => dv.getUint32(at, !bigEndian),
  };
};

const xpTags = new Set<number>([
  EXIF_TAGS.xpTitle,
  EXIF_TAGS.xpComment,
  EXIF_TAGS.xpAuthor,
  EXIF_TAGS.xpKeywords,
  EXIF_TAGS.xpSubject,
]);

/** Decodes one entry's value to text when it is text-valued; undefined for numbers and binary blobs. */
const decodeText = (view: TiffView, tag: number, type: number, value: Uint8Array): string | undefined => {
  if (tag === EXIF_TAGS.userComment) return decodeUserComment(value, view.bigEndian).text;
  if (xpTags.has(tag) && (type === TYPE_BYTE || type === TYPE_UNDEFINED)) return decodeXpTag(value);
  if (type === TYPE_ASCII) return decodeAscii(value, tag === EXIF_TAGS.copyright);
  if (type === TYPE_UNDEFINED) {
    const trimmed = trimTrailingNuls(value);
    return looksLikeText(trimmed) ? utf8OrLatin1(trimmed) : undefined;
  }
  return undefined;
};

/**
 * Reads a TIFF-structured EXIF block (what follows `Exif\0\0` in JPEG APP1, or a PNG eXIf / WebP EXIF payload).
 * Returns undefined when the block is not TIFF at all; warnings are appended to `warnings`.
 */
export const readExif = (tiff: Uint8Array, warnings: string[]): ExifFields | undefined => {
  if (tiff.length < 8) {
    warnings.push(`exif: ${tiff.length} bytes is too short for a TIFF header`);
    return undefined;
  }
  const order = String.fromCharCode(tiff[0] ?? 0, tiff[1] ?? 0);
  if (order !== 'II' && order !== 'MM') {
    warnings.push('exif: no TIFF byte-order mark (II/MM)');
    return undefined;
  }
  const view = makeView(tiff, order === 'MM');
  if (view.u16(2) !== 42) {
    warnings.push(`exif: TIFF magic is ${view.u16(2)}, not 42`);
    return undefined;
  }

  /** tag → [text per IFD kind], first occurrence per kind. */
  const found = new Map<number, Partial<Record<IfdKind, string>>>();
  const raw: Record<string, string> = {};
  const visited = new Set<number>();
  const queue: Array<{ offset: number; kind: IfdKind }> = [{ offset: view.u32(4), kind: 'ifd0' }];
  let entriesRead = 0;
  let entryCapWarned = false;

  while (queue.length > 0) {
    const { offset, kind } = queue.shift()!;
    if (offset === 0) continue;
    if (visited.has(offset)) {
      warnings.push(`exif: IFD at ${offset} is referenced twice (loop); not followed again`);
      continue;
    }
    if (visited.size >= exifLimits.maxIfds) {
      warnings.push(`exif: more than ${exifLimits.maxIfds} IFDs; the rest are ignored`);
      break;
    }
    if (offset < 8 || offset + 2 > tiff.length) {
      warnings.push(`exif: ${kind} IFD offset ${offset} lies outside the ${tiff.length}-byte block`);
      continue;
    }
    visited.add(offset);
    let count = view.u16(offset);
    const fits = Math.floor((tiff.length - offset - 2) / 12);
    if (count > fits) {
      warnings.push(`exif: ${kind} IFD at ${offset} declares ${count} entries but only ${fits} fit; truncated`);
      count = fits;
    }
    for (let i = 0; i < count; i++) {
      if (entriesRead >= exifLimits.maxEntries) {
        if (!entryCapWarned) warnings.push(`exif: more than ${exifLimits.maxEntries} entries; the rest are ignored`);
        entryCapWarned = true;
        break;
      }
      entriesRead++;
      const entry = offset + 2 + i * 12;
      const tag = view.u16(entry);
      const type = view.u16(entry + 2);
      const n = view.u32(entry + 4);
      const size = typeSizes[type] ?? 0;
      if (size === 0) continue; // unknown type: skip quietly, as the TIFF spec asks
      const byteLength = n * size;
      let valueAt = entry + 8;
      if (byteLength > 4) {
        valueAt = view.u32(entry + 8);
        if (valueAt + byteLength > tiff.length) {
          warnings.push(
            `exif: tag ${hex(tag)} value (${byteLength} bytes at ${valueAt}) lies outside the ${tiff.length}-byte block`,
          );
          continue;
        }
      }
      if (tag === EXIF_TAGS.exifIfdPointer && kind !== 'exif') {
        queue.push({ offset: view.u32(entry + 8), kind: 'exif' });
        continue;
      }
      const text = decodeText(view, tag, type, tiff.subarray(valueAt, valueAt + byteLength));
      if (text === undefined) continue;
      const key = hex(tag);
      if (!(key in raw)) raw[key] = text;
      const perKind = found.get(tag) ?? {};
      if (perKind[kind] === undefined) perKind[kind] = text;
      found.set(tag, perKind);
    }
    if (kind !== 'exif') {
      const nextAt = offset + 2 + count * 12;
      if (nextAt + 4 <= tiff.length) queue.push({ offset: view.u32(nextAt), kind: 'chain' });
    }
  }

  /** The value from the IFD where the tag belongs, else from wherever a variant writer put it. */
  const pick = (tag: number, home: IfdKind): string | undefined => {
    const perKind = found.get(tag);
    if (!perKind) return undefined;
    const value = perKind[home] ?? perKind.ifd0 ?? perKind.exif ?? perKind.chain;
    return value === '' ? undefined : value;
  };

  const fields: ExifFields = { raw };
  const assign = <K extends Exclude<keyof ExifFields, 'raw'>>(key: K, tag: number, home: IfdKind): void => {
    const value = pick(tag, home);
    if (value !== undefined && value.trim() !== '') fields[key] = value;
  };
  assign('imageDescription', EXIF_TAGS.imageDescription, 'ifd0');
  assign('make', EXIF_TAGS.make, 'ifd0');
  assign('model', EXIF_TAGS.model, 'ifd0');
  assign('software', EXIF_TAGS.software, 'ifd0');
  assign('artist', EXIF_TAGS.artist, 'ifd0');
  assign('copyright', EXIF_TAGS.copyright, 'ifd0');
  assign('dateTimeOriginal', EXIF_TAGS.dateTimeOriginal, 'exif');
  assign('userComment', EXIF_TAGS.userComment, 'exif');
  assign('makerNote', EXIF_TAGS.makerNote, 'exif');
  return fields;
};
