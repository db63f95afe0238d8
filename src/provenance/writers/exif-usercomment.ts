/**
 * Minimal EXIF (TIFF) writer for generator metadata (A1111, ComfyUI, Fooocus and the like): IFD0 text tags and an
 * Exif IFD holding UserComment — the `UNICODE\0` + UTF-16 form that A1111 writes through piexif — then embedding in
 * JPEG (APP1 `Exif\0\0`, replacing the old one) and WebP (`EXIF` chunk holding the bare TIFF).
 *
 * The `piexif` layout reproduces piexif's byte layout exactly (no next-IFD pointer after the Exif IFD, no word
 * padding), so fixtures imitate A1111 to the byte; the `standard` layout follows TIFF 6.0 to the letter.
 */
import {
  EXIF_APP1_HEADER,
  editJpegSegments,
  encodeJpegSegment,
  leadingAppCount,
  payloadStartsWith,
} from './jpeg-segments.ts';
import { setWebpMetadata } from './webp-chunks.ts';
import { concatBytes, latin1Bytes } from '../bytes.ts';
import { EXIF_TAGS } from '../exif/exif-tags.ts';
import { invalidValue } from './writer-errors.ts';

const TYPE_ASCII = 2;
const TYPE_LONG = 4;
const TYPE_UNDEFINED = 7;

export { EXIF_TAGS };

export type UserCommentCharset = 'unicode' | 'ascii' | 'none';

export interface ExifWriteFields {
  /** IFD0 ASCII tags, written as NUL-terminated UTF-8 (what ExifTool and exiv2 read back as text). */
  imageDescription?: string;
  make?: string;
  model?: string;
  software?: string;
  artist?: string;
  copyright?: string;
  /** Exif IFD 0x9286. */
  userComment?: string;
  /**
   * 'unicode' (default): `UNICODE\0` + UTF-16 in the TIFF byte order (big-endian for MM, as A1111 writes).
   * 'ascii': `ASCII\0\0\0` + text. 'none': the bare UTF-8 text without a charset prefix (what Pillow's `Exif`
   * writes for a str value, seen from Fooocus and some ComfyUI save nodes).
   */
  userCommentCharset?: UserCommentCharset;
  /** Put UserComment in IFD0 instead of the Exif IFD (Pillow `Image.Exif()[0x9286] = …`, as Fooocus does). */
  userCommentInIfd0?: boolean;
  /** Exif IFD 0x927C as text (Fooocus stores its metadata scheme here; it writes it to IFD0, see makerNoteInIfd0). */
  makerNote?: string;
  makerNoteInIfd0?: boolean;
  /** Exif IFD 0xA420, the EXIF twin of IPTC Digital Image GUID. */
  imageUniqueId?: string;
}

export interface TiffOptions {
  byteOrder?: 'MM' | 'II';
  layout?: 'standard' | 'piexif';
}

interface IfdEntry {
  tag: number;
  type: number;
  count: number;
  data: Uint8Array;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function asciiEntry(tag: number, text: string): IfdEntry {
  if (text.includes('\0')) throw invalidValue(`EXIF tag 0x${tag.toString(16)}`, 'text contains a NUL character');
  const data = concatBytes([utf8(text), Uint8Array.of(0)]);
  return { tag, type: TYPE_ASCII, count: data.length, data };
}

const undefinedEntry = (tag: number, data: Uint8Array): IfdEntry => ({
  tag,
  type: TYPE_UNDEFINED,
  count: data.length,
  data,
});

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), littleEndian);
  return out;
}

/** The UserComment value: 8-byte charset prefix + text (EXIF 2.3 §4.6.5). */
export function encodeUserComment(text: string, charset: UserCommentCharset, littleEndian: boolean): Uint8Array {
  if (charset === 'unicode') return concatBytes([latin1Bytes('UNICODE\0'), utf16(text, littleEndian)]);
  if (charset === 'ascii') {
    if ([...text].some((c) => c.charCodeAt(0) > 0x7f))
      throw invalidValue('userComment', 'ASCII charset needs 7-bit text');
    return concatBytes([latin1Bytes('ASCII\0\0\0'), latin1Bytes(text)]);
  }
  return utf8(text);
}

/** Bytes an IFD and its out-of-line values take. */
function ifdSize(entries: IfdEntry[], nextPointer: boolean, pad: boolean): number {
  let size = 2 + entries.length * 12 + (nextPointer ? 4 : 0);
  for (const e of entries) if (e.data.length > 4) size += e.data.length + (pad ? e.data.length & 1 : 0);
  return size;
}

function writeIfd(
  out: DataView,
  bytes: Uint8Array,
  offset: number,
  entries: IfdEntry[],
  nextPointer: boolean,
  pad: boolean,
  le: boolean,
): void {
  out.setUint16(offset, entries.length, le);
  let valueAt = offset + 2 + entries.length * 12 + (nextPointer ? 4 : 0);
  entries.forEach((e, i) => {
    const at = offset + 2 + i * 12;
    out.setUint16(at, e.tag, le);
    out.setUint16(at + 2, e.type, le);
    out.setUint32(at + 4, e.count, le);
    if (e.data.length <= 4) {
      bytes.set(e.data, at + 8);
    } else {
      out.setUint32(at + 8, valueAt, le);
      bytes.set(e.data, valueAt);
      valueAt += e.data.length + (pad ? e.data.length & 1 : 0);
    }
  });
  // A zero next-IFD pointer is already there: the buffer starts zeroed.
}

/** Builds a TIFF block (header + IFD0 [+ Exif IFD]); throws VALIDATION_FAILED when it would exceed one JPEG APP1. */
export function buildExifTiff(fields: ExifWriteFields, options: TiffOptions = {}): Uint8Array {
  const le = (options.byteOrder ?? 'MM') === 'II';
  const piexif = options.layout === 'piexif';
  const pad = !piexif;
  const ifd0: IfdEntry[] = [];
  const exif: IfdEntry[] = [];
  const text: Array<[keyof typeof EXIF_TAGS, string | undefined]> = [
    ['imageDescription', fields.imageDescription],
    ['make', fields.make],
    ['model', fields.model],
    ['software', fields.software],
    ['artist', fields.artist],
    ['copyright', fields.copyright],
  ];
  for (const [name, value] of text) if (value !== undefined) ifd0.push(asciiEntry(EXIF_TAGS[name], value));
  if (fields.userComment !== undefined) {
    const data = encodeUserComment(fields.userComment, fields.userCommentCharset ?? 'unicode', le);
    (fields.userCommentInIfd0 ? ifd0 : exif).push(undefinedEntry(EXIF_TAGS.userComment, data));
  }
  if (fields.makerNote !== undefined) {
    (fields.makerNoteInIfd0 ? ifd0 : exif).push(undefinedEntry(EXIF_TAGS.makerNote, utf8(fields.makerNote)));
  }
  if (fields.imageUniqueId !== undefined) exif.push(asciiEntry(EXIF_TAGS.imageUniqueId, fields.imageUniqueId));
  if (exif.length > 0) ifd0.push({ tag: EXIF_TAGS.exifIfdPointer, type: TYPE_LONG, count: 1, data: new Uint8Array(4) });
  ifd0.sort((a, b) => a.tag - b.tag);
  exif.sort((a, b) => a.tag - b.tag);

  const ifd0Size = ifdSize(ifd0, true, pad);
  const exifOffset = 8 + ifd0Size;
  const total = exifOffset + (exif.length > 0 ? ifdSize(exif, !piexif, pad) : 0);
  if (total + EXIF_APP1_HEADER.length > 0xffff - 2) {
    throw invalidValue('exif', `the EXIF block would be ${total} bytes; one JPEG APP1 holds at most 65,527`);
  }
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.set(latin1Bytes(le ? 'II' : 'MM'), 0);
  view.setUint16(2, 42, le);
  view.setUint32(4, 8, le);
  const pointer = ifd0.find((e) => e.tag === EXIF_TAGS.exifIfdPointer);
  if (pointer) new DataView(pointer.data.buffer).setUint32(0, exifOffset, le);
  writeIfd(view, bytes, 8, ifd0, true, pad, le);
  if (exif.length > 0) writeIfd(view, bytes, exifOffset, exif, !piexif, pad, le);
  return bytes;
}

/**
 * Puts a TIFF block into a JPEG as APP1 `Exif\0\0`, replacing every existing EXIF APP1; the new one goes right after
 * SOI and any APP0 (JFIF), where EXIF readers expect it.
 */
export function setJpegExif(jpeg: Uint8Array, tiff: Uint8Array): Uint8Array {
  const segment = encodeJpegSegment(0xe1, concatBytes([EXIF_APP1_HEADER, tiff]));
  return editJpegSegments(jpeg, {
    remove: (s) => s.marker === 0xe1 && payloadStartsWith(jpeg, s, EXIF_APP1_HEADER),
    insert: [segment],
    insertAfter: (kept) => leadingAppCount(kept, jpeg, false),
  });
}

/** Puts a TIFF block into a WebP `EXIF` chunk (bare TIFF, no `Exif\0\0`, as Pillow writes it). */
export function setWebpExif(webp: Uint8Array, tiff: Uint8Array): Uint8Array {
  return setWebpMetadata(webp, { exif: tiff });
}
