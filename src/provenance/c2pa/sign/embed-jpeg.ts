/**
 * JPEG: the store travels in APP11 marker segments (ISO/IEC 19566-5 Annex B, C2PA 2.2 §A.3.4). Each segment is
 * `FF EB | Le | CI "JP" | En u16 | Z u32 | data`, where En identifies the box and Z numbers the packets from 1; every
 * continuation segment repeats the superbox's LBox+TBox before its share of the data. The segments are contiguous
 * and go after the leading APP0 (JFIF), as c2pa-rs writes them. The data hash excludes all of them, markers included.
 */
import { encodeJpegSegment, walkJpegSegments, type JpegSegment } from '../../writers/jpeg-segments.ts';
import { concatBytes } from '../../bytes.ts';
import type { PreparedAsset } from './embed-asset.ts';

const APP0 = 0xe0;
const APP11 = 0xeb;
/** JUMBF bytes per segment, below the 65533-byte payload limit with room for the 16 bytes of packet headers. */
export const MAX_JUMBF_PER_SEGMENT = 65_000;
/** The box instance number c2pa-rs uses; any value not used by another JUMBF box in the file works. */
const PREFERRED_EN = 0x0211;

const u16 = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u32 = (b: Uint8Array, at: number): number => u16(b, at) * 0x10000 + u16(b, at + 2);
const isAscii = (b: Uint8Array, at: number, text: string): boolean =>
  [...text].every((c, i) => b[at + i] === c.charCodeAt(0));

interface JumbfPacket {
  segment: JpegSegment;
  en: number;
  z: number;
}

const jumbfPacket = (jpeg: Uint8Array, segment: JpegSegment): JumbfPacket | undefined => {
  const p = segment.payloadStart;
  if (segment.marker !== APP11 || segment.end - p < 8 || !isAscii(jpeg, p, 'JP')) return undefined;
  return { segment, en: u16(jpeg, p + 2), z: u32(jpeg, p + 4) };
};

/** The first packet of a C2PA store: its superbox's description box has the `c2pa` content type. */
const startsC2paStore = (jpeg: Uint8Array, packet: JumbfPacket): boolean =>
  packet.z === 1 &&
  isAscii(jpeg, packet.segment.payloadStart + 12, 'jumb') &&
  isAscii(jpeg, packet.segment.payloadStart + 24, 'c2pa');

export function prepareJpeg(jpeg: Uint8Array, maxJumbfPerSegment = MAX_JUMBF_PER_SEGMENT): PreparedAsset {
  if (!Number.isInteger(maxJumbfPerSegment) || maxJumbfPerSegment < 64 || maxJumbfPerSegment > MAX_JUMBF_PER_SEGMENT) {
    throw new RangeError(`maxJumbfPerSegment must be an integer in 64..${MAX_JUMBF_PER_SEGMENT}`);
  }
  const layout = walkJpegSegments(jpeg);
  const packets = layout.segments.map((s) => jumbfPacket(jpeg, s));
  const c2paInstances = new Set(packets.filter((p) => p && startsC2paStore(jpeg, p)).map((p) => p?.en));
  const kept = layout.segments.filter((_, i) => {
    const packet = packets[i];
    return !(packet && c2paInstances.has(packet.en));
  });
  const usedInstances = new Set(packets.filter((p) => p && !c2paInstances.has(p.en)).map((p) => p?.en));
  let en = PREFERRED_EN;
  while (usedInstances.has(en)) en = (en + 1) & 0xffff;

  let insertAt = 0;
  while (kept[insertAt]?.marker === APP0) insertAt++;
  const before = concatBytes([
    jpeg.subarray(0, 2),
    ...kept.slice(0, insertAt).map((s) => jpeg.subarray(s.start, s.end)),
  ]);
  const after = concatBytes([
    ...kept.slice(insertAt).map((s) => jpeg.subarray(s.start, s.end)),
    jpeg.subarray(layout.bodyStart),
  ]);

  return {
    removedStores: c2paInstances.size,
    embed(store) {
      const segments: Uint8Array[] = [];
      const boxHeader = store.subarray(0, 8);
      for (let offset = 0, z = 1; offset < store.length; offset += maxJumbfPerSegment, z++) {
        const header = new Uint8Array(8);
        const view = new DataView(header.buffer);
        header[0] = 0x4a; // 'J'
        header[1] = 0x50; // 'P'
        view.setUint16(2, en);
        view.setUint32(4, z);
        const data = store.subarray(offset, offset + maxJumbfPerSegment);
        segments.push(encodeJpegSegment(APP11, concatBytes(z === 1 ? [header, data] : [header, boxHeader, data])));
      }
      const app11 = concatBytes(segments);
      return {
        file: concatBytes([before, app11, after]),
        exclusion: { start: before.length, length: app11.length },
      };
    },
  };
}
