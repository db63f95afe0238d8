/**
 * JPEG marker-segment walker (ITU T.81 Annex B): reads the metadata segments before the first SOS and never the
 * entropy-coded data. APP1 Exif → EXIF, APP1 XMP (+ Extended XMP, joined), APP11 JUMBF → C2PA store, APP13
 * Photoshop 3.0 → IIM, COM → text entries.
 */
import { provenanceLimits, type RawMetadata } from '../contract.ts';
import type { Walker } from './byte-source.ts';
import { latin1Bytes, concatBytes, hex, startsWith, trimTrailingNuls, u16be, utf8OrLatin1 } from '../bytes.ts';
import { EXTENDED_XMP_SIGNATURE, ExtendedXmpCollector } from './jpeg-extended-xmp.ts';
import { JumbfCollector } from './jpeg-jumbf.ts';
import { addExif, addPhotoshopResources, addXmp, keep, setC2paStore, warn } from './raw-metadata.ts';

const EXIF_SIGNATURE = latin1Bytes('Exif\0');
const XMP_SIGNATURE = latin1Bytes('http://ns.adobe.com/xap/1.0/\0');
const EXTENDED_XMP = latin1Bytes(EXTENDED_XMP_SIGNATURE);
const PHOTOSHOP_SIGNATURE = latin1Bytes('Photoshop 3.0\0');

const APP1 = 0xe1;
const APP11 = 0xeb;
const APP13 = 0xed;
const COM = 0xfe;
const SOS = 0xda;
const EOI = 0xd9;
const interesting = new Set([APP1, APP11, APP13, COM]);

/** Markers without a length field: TEM, RST0–7, SOI. */
const isStandalone = (marker: number): boolean => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);

export function* walkJpeg(size: number, raw: RawMetadata): Walker<void> {
  const soi = yield { offset: 0, length: 2 };
  if (soi[0] !== 0xff || soi[1] !== 0xd8) {
    warn(raw, 'jpeg: no SOI marker');
    return;
  }
  const extended = new ExtendedXmpCollector();
  const jumbf = new JumbfCollector();
  const photoshop: Uint8Array[] = [];
  let at = 2;
  let entries = 0;
  for (;;) {
    if (at + 2 > size) {
      warn(raw, 'jpeg: ends before the image data (no SOS)');
      break;
    }
    if (++entries > provenanceLimits.maxEntries) {
      warn(raw, `jpeg: more than ${provenanceLimits.maxEntries} segments; the rest are ignored`);
      break;
    }
    const header = yield { offset: at, length: 4 };
    if (header[0] !== 0xff) {
      warn(raw, `jpeg: expected a marker at ${at}; the rest is ignored`);
      break;
    }
    const marker = header[1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte before a marker
      continue;
    }
    if (marker === SOS || marker === EOI) break;
    if (isStandalone(marker)) {
      at += 2;
      continue;
    }
    if (header.length < 4) {
      warn(raw, `jpeg: truncated segment header at ${at}`);
      break;
    }
    const length = u16be(header, 2);
    const where = `jpeg: segment ${hex(marker, 2)} at ${at}`;
    if (length < 2) {
      warn(raw, `${where}: invalid length ${length}; the rest is ignored`);
      break;
    }
    if (at + 2 + length > size) {
      warn(raw, `${where}: declares ${length} bytes but only ${size - at - 2} remain (truncated)`);
      break;
    }
    if (interesting.has(marker)) {
      const payload = yield { offset: at + 4, length: length - 2 };
      if (marker === APP1) {
        if (startsWith(payload, EXIF_SIGNATURE)) addExif(raw, payload.subarray(6), where);
        else if (startsWith(payload, XMP_SIGNATURE)) addXmp(raw, payload.subarray(XMP_SIGNATURE.length), where);
        else if (startsWith(payload, EXTENDED_XMP) && keep(raw, payload.length, where)) {
          const problem = extended.add(payload);
          if (problem) warn(raw, `${where}: ${problem}`);
        }
      } else if (marker === APP11) {
        jumbf.add(payload);
      } else if (marker === APP13) {
        if (startsWith(payload, PHOTOSHOP_SIGNATURE)) {
          // Resource blocks larger than one segment continue in the next APP13: concatenate them.
          const body = payload.subarray(PHOTOSHOP_SIGNATURE.length);
          if (keep(raw, body.length, where)) photoshop.push(body);
        }
      } else if (marker === COM) {
        const text = utf8OrLatin1(trimTrailingNuls(payload));
        if (text !== '' && keep(raw, payload.length, where))
          raw.textEntries.push({ keyword: 'COM', text, source: 'COM' });
      }
    }
    at += 2 + length;
  }

  if (extended.size > 0) {
    const { packets, problems } = extended.joinInto(raw.xmp);
    raw.xmp = packets;
    for (const problem of problems) warn(raw, `jpeg: ${problem}`);
  }
  const { store, problems } = jumbf.finish();
  for (const problem of problems) warn(raw, `jpeg: ${problem}`);
  if (store) setC2paStore(raw, store, 'jpeg: APP11');
  if (photoshop.length > 0) addPhotoshopResources(raw, concatBytes(photoshop), 'jpeg: APP13');
}
