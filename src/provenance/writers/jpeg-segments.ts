/**
 * JPEG marker-segment surgery for the metadata writers: walk the header segments up to SOS, drop the APPn segments
 * being replaced, insert new ones. Everything from SOS on (the entropy-coded image) is copied untouched.
 */
import { concatBytes, latin1Bytes } from '../bytes.ts';
import { corruptFile, invalidValue } from './writer-errors.ts';

export const EXIF_APP1_HEADER = latin1Bytes('Exif\0\0');
export const XMP_APP1_HEADER = latin1Bytes('http://ns.adobe.com/xap/1.0/\0');
export const XMP_EXTENSION_HEADER = latin1Bytes('http://ns.adobe.com/xmp/extension/\0');

/** Largest payload of one marker segment: the 16-bit length counts itself. */
export const MAX_SEGMENT_PAYLOAD = 0xffff - 2;
const MAX_SEGMENTS = 100_000;

export interface JpegSegment {
  /** Marker byte after 0xFF (0xE1 for APP1). */
  marker: number;
  start: number;
  end: number;
  payloadStart: number;
}

export interface JpegLayout {
  /** Header segments between SOI and SOS, in file order. */
  segments: JpegSegment[];
  /** Offset of the SOS marker: from here to the end is copied verbatim. */
  bodyStart: number;
}

export function walkJpegSegments(jpeg: Uint8Array): JpegLayout {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw corruptFile('JPEG', 'no SOI marker');
  const segments: JpegSegment[] = [];
  let offset = 2;
  for (;;) {
    if (segments.length >= MAX_SEGMENTS) throw corruptFile('JPEG', `more than ${MAX_SEGMENTS} segments`);
    if (offset + 2 > jpeg.length || jpeg[offset] !== 0xff) throw corruptFile('JPEG', 'expected a marker', { offset });
    // Fill bytes (0xFF repeated) may precede a marker.
    let markerAt = offset + 1;
    while (jpeg[markerAt] === 0xff && markerAt < jpeg.length) markerAt++;
    const marker = jpeg[markerAt];
    if (marker === undefined) throw corruptFile('JPEG', 'truncated before SOS');
    if (marker === 0xda) return { segments, bodyStart: offset };
    if (marker === 0xd9) throw corruptFile('JPEG', 'EOI before any SOS');
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      // Standalone markers carry no length field.
      segments.push({ marker, start: offset, end: markerAt + 1, payloadStart: markerAt + 1 });
      offset = markerAt + 1;
      continue;
    }
    if (marker === 0x00) throw corruptFile('JPEG', 'invalid marker 0x00', { offset });
    const lengthAt = markerAt + 1;
    if (lengthAt + 2 > jpeg.length) throw corruptFile('JPEG', 'truncated segment length', { offset });
    const length = ((jpeg[lengthAt] ?? 0) << 8) | (jpeg[lengthAt + 1] ?? 0);
    const end = lengthAt + length;
    if (length < 2 || end > jpeg.length) throw corruptFile('JPEG', 'segment runs past the end', { offset });
    segments.push({ marker, start: offset, end, payloadStart: lengthAt + 2 });
    offset = end;
  }
}

export const payloadStartsWith = (jpeg: Uint8Array, segment: JpegSegment, prefix: Uint8Array): boolean =>
  segment.end - segment.payloadStart >= prefix.length && prefix.every((b, i) => jpeg[segment.payloadStart + i] === b);

/** One APPn segment: marker, big-endian length, payload. */
export function encodeJpegSegment(marker: number, payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_SEGMENT_PAYLOAD) {
    throw invalidValue('metadata', `a JPEG segment holds at most ${MAX_SEGMENT_PAYLOAD} bytes, got ${payload.length}`);
  }
  const out = new Uint8Array(4 + payload.length);
  out[0] = 0xff;
  out[1] = marker;
  out[2] = ((payload.length + 2) >> 8) & 0xff;
  out[3] = (payload.length + 2) & 0xff;
  out.set(payload, 4);
  return out;
}

export interface SegmentEdit {
  /** Segments to drop (e.g. the old EXIF APP1). */
  remove: (segment: JpegSegment) => boolean;
  /** Complete encoded segments to insert. */
  insert: Uint8Array[];
  /**
   * Index into the kept header segments after which to insert, computed from them (e.g. after APP0/EXIF, per the
   * EXIF and XMP specs' "APP1 follows SOI/APP0" rule).
   */
  insertAfter: (kept: JpegSegment[], jpeg: Uint8Array) => number;
}

export function editJpegSegments(jpeg: Uint8Array, edit: SegmentEdit): Uint8Array {
  const layout = walkJpegSegments(jpeg);
  const kept = layout.segments.filter((s) => !edit.remove(s));
  const at = edit.insertAfter(kept, jpeg);
  const parts: Uint8Array[] = [jpeg.subarray(0, 2)];
  kept.forEach((segment, index) => {
    if (index === at) parts.push(...edit.insert);
    parts.push(jpeg.subarray(segment.start, segment.end));
  });
  if (at >= kept.length) parts.push(...edit.insert);
  parts.push(jpeg.subarray(layout.bodyStart));
  return concatBytes(parts);
}

/** Number of leading segments that are APP0 (JFIF/JFXX) and, when `andExif`, EXIF APP1: new APP1s go after them. */
export function leadingAppCount(kept: JpegSegment[], jpeg: Uint8Array, andExif: boolean): number {
  let index = 0;
  while (index < kept.length) {
    const segment = kept[index];
    if (segment === undefined) break;
    const isApp0 = segment.marker === 0xe0;
    const isExif = andExif && segment.marker === 0xe1 && payloadStartsWith(jpeg, segment, EXIF_APP1_HEADER);
    if (!isApp0 && !isExif) break;
    index++;
  }
  return index;
}

/** True when the JPEG carries a C2PA manifest store (APP11 JUMBF), which any edit invalidates. */
export function jpegHasC2pa(jpeg: Uint8Array): boolean {
  return walkJpegSegments(jpeg).segments.some(
    (s) => s.marker === 0xeb && jpeg[s.payloadStart] === 0x4a && jpeg[s.payloadStart + 1] === 0x50,
  );
}
