/**
 * RIFF/WebP chunk walker (RFC 9649): little-endian sizes, payloads padded to even length. Reads `VP8X` (flags),
 * `EXIF` (raw TIFF, or with the JPEG `Exif\0\0` header some writers keep), `XMP ` and `C2PA`; image chunks
 * (VP8, VP8L, ANMF, ALPH…) are skipped by offset.
 */
import { provenanceLimits, type RawMetadata } from '../contract.ts';
import type { Walker } from './byte-source.ts';
import { ascii4, latin1Bytes, startsWith, u32le } from '../bytes.ts';
import { addExif, addXmp, mayKeep, setC2paStore, warn } from './raw-metadata.ts';

const EXIF_HEADER = latin1Bytes('Exif\0\0');
const FLAG_EXIF = 0x08;
const FLAG_XMP = 0x04;
const interesting = new Set(['VP8X', 'EXIF', 'XMP ', 'C2PA']);

const isFourCc = (header: Uint8Array): boolean => {
  for (let i = 0; i < 4; i++) {
    const c = header[i] ?? 0;
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
};

export function* walkWebp(size: number, raw: RawMetadata): Walker<void> {
  const head = yield { offset: 0, length: 12 };
  if (ascii4(head, 0) !== 'RIFF' || ascii4(head, 8) !== 'WEBP') {
    warn(raw, 'webp: not a RIFF WEBP file');
    return;
  }
  const declaredEnd = 8 + u32le(head, 4);
  if (declaredEnd > size) warn(raw, `webp: RIFF declares ${declaredEnd} bytes but the file has ${size} (truncated)`);
  const end = Math.min(declaredEnd, size);
  let flags: number | undefined;
  let sawExif = false;
  let sawXmp = false;
  let at = 12;
  let entries = 0;
  while (at < end) {
    if (at + 8 > end) {
      warn(raw, `webp: truncated chunk header at ${at}`);
      break;
    }
    if (++entries > provenanceLimits.maxEntries) {
      warn(raw, `webp: more than ${provenanceLimits.maxEntries} chunks; the rest are ignored`);
      break;
    }
    const header = yield { offset: at, length: 8 };
    if (!isFourCc(header)) {
      warn(raw, `webp: invalid chunk id at ${at}; the rest is ignored`);
      break;
    }
    const fourCc = ascii4(header, 0);
    const length = u32le(header, 4);
    const where = `webp: ${fourCc.trim()} chunk at ${at}`;
    if (at + 8 + length > end) {
      warn(raw, `${where}: declares ${length} bytes but only ${end - at - 8} remain (truncated)`);
      break;
    }
    if (interesting.has(fourCc)) {
      if (length > provenanceLimits.maxPayloadBytes) {
        warn(raw, `${where}: ${length} bytes exceeds the payload limit; skipped`);
      } else if (fourCc === 'XMP ' && !mayKeep(raw, length, where)) {
        sawXmp = true; // not read: the budget could not keep it
      } else {
        const payload = yield { offset: at + 8, length };
        if (fourCc === 'VP8X') {
          if (at !== 12) warn(raw, `${where}: VP8X is not the first chunk`);
          flags = payload[0] ?? 0;
        } else if (fourCc === 'EXIF') {
          sawExif = true;
          addExif(raw, startsWith(payload, EXIF_HEADER) ? payload.subarray(6) : payload, where);
        } else if (fourCc === 'XMP ') {
          sawXmp = true;
          addXmp(raw, payload, where);
        } else {
          setC2paStore(raw, payload, where);
        }
      }
    }
    at += 8 + length + (length & 1);
  }
  // Mismatches are worth reporting: a set flag without its chunk means stripped or truncated metadata, and some
  // decoders ignore metadata chunks whose flag is clear.
  if (flags !== undefined) {
    if (flags & FLAG_EXIF && !sawExif) warn(raw, 'webp: VP8X announces EXIF but there is no EXIF chunk');
    if (flags & FLAG_XMP && !sawXmp) warn(raw, 'webp: VP8X announces XMP but there is no XMP chunk');
    if (sawExif && !(flags & FLAG_EXIF)) warn(raw, 'webp: EXIF chunk present but the VP8X EXIF flag is clear');
    if (sawXmp && !(flags & FLAG_XMP)) warn(raw, 'webp: XMP chunk present but the VP8X XMP flag is clear');
  } else if (sawExif || sawXmp) {
    warn(raw, 'webp: metadata chunks without a VP8X header (simple-format WebP)');
  }
}
