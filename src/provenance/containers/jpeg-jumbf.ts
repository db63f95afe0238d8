/**
 * JUMBF in JPEG APP11 (ISO/IEC 19566-5 Annex B / JPEG XT, C2PA 2.2 §A.3.4): each segment is
 * CI 'JP' + En (u16 box instance) + Z (u32 packet sequence) + box bytes. The first packet of a box starts with the
 * superbox header (LBox, TBox 'jumb' [, XLBox]); every continuation packet repeats that header, which is stripped.
 * Segments are grouped by En and ordered by Z; the group whose first box describes a `c2pa` store is the manifest
 * store. Other JUMBF boxes (e.g. JPEG XT HDR data) are ignored.
 */
import { provenanceLimits } from '../contract.ts';
import { ascii4, concatBytes, startsWith, u32be } from '../bytes.ts';

interface Packet {
  z: number;
  box: Uint8Array;
}

export interface JumbfResult {
  store?: Uint8Array;
  problems: string[];
}

/** Header length of a box (8, or 16 with XLBox) and its declared total length (0 = to the end). */
const boxHeader = (box: Uint8Array): { headerLength: number; declared: number } | undefined => {
  if (box.length < 8) return undefined;
  const lbox = u32be(box, 0);
  if (lbox === 1) {
    if (box.length < 16) return undefined;
    const declared = u32be(box, 8) * 0x1_0000_0000 + u32be(box, 12);
    return { headerLength: 16, declared };
  }
  return { headerLength: 8, declared: lbox };
};

/** True when `box` is a `jumb` superbox whose description box has the C2PA manifest-store UUID prefix `c2pa`. */
export const isC2paStoreBox = (box: Uint8Array): boolean => {
  const header = boxHeader(box);
  if (!header || ascii4(box, 4) !== 'jumb') return false;
  const jumd = header.headerLength;
  return ascii4(box, jumd + 4) === 'jumd' && ascii4(box, jumd + 8) === 'c2pa';
};

export class JumbfCollector {
  /** By En, in first-seen order. */
  private readonly groups = new Map<number, { packets: Packet[]; bytes: number; overflow: boolean }>();
  /** Bytes held over all boxes: a file full of APP11 segments must not pile up more than one store's worth. */
  private totalBytes = 0;

  /** `payload` is the APP11 payload (after the length field). Non-JUMBF APP11 payloads are ignored. */
  add(payload: Uint8Array): void {
    if (payload.length < 8 || payload[0] !== 0x4a || payload[1] !== 0x50) return; // CI 'JP'
    const en = ((payload[2] ?? 0) << 8) | (payload[3] ?? 0);
    const z = u32be(payload, 4);
    let group = this.groups.get(en);
    if (!group) {
      group = { packets: [], bytes: 0, overflow: false };
      this.groups.set(en, group);
    }
    if (group.overflow) return;
    group.bytes += payload.length - 8;
    this.totalBytes += payload.length - 8;
    if (group.bytes > provenanceLimits.maxPayloadBytes || this.totalBytes > 2 * provenanceLimits.maxPayloadBytes) {
      group.overflow = true;
      this.totalBytes -= group.bytes;
      group.packets = [];
      return;
    }
    group.packets.push({ z, box: payload.subarray(8) });
  }

  finish(): JumbfResult {
    const problems: string[] = [];
    let store: Uint8Array | undefined;
    for (const [en, group] of this.groups) {
      if (group.overflow) {
        problems.push(`APP11 JUMBF box ${en} exceeds the payload limit; ignored`);
        continue;
      }
      // Stable sort keeps file order among equal Z (Microsoft writes Z = 0 for a single packet).
      const packets = [...group.packets].sort((a, b) => a.z - b.z);
      const first = packets[0];
      if (!first || !isC2paStoreBox(first.box)) continue;
      if (store) {
        problems.push(`APP11: a second C2PA store (En ${en}) is ignored`);
        continue;
      }
      const header = boxHeader(first.box);
      if (!header) continue;
      const repeated = first.box.subarray(0, header.headerLength);
      const parts: Uint8Array[] = [first.box];
      let previousZ = first.z;
      for (const packet of packets.slice(1)) {
        if (packet.z === previousZ) {
          problems.push(`APP11 JUMBF box ${en}: packet Z=${packet.z} repeated; the copy is ignored`);
          continue;
        }
        if (packet.z !== previousZ + 1) problems.push(`APP11 JUMBF box ${en}: packet Z=${previousZ + 1} is missing`);
        previousZ = packet.z;
        if (startsWith(packet.box, repeated)) parts.push(packet.box.subarray(header.headerLength));
        else {
          problems.push(`APP11 JUMBF box ${en}: packet Z=${packet.z} does not repeat the box header`);
          parts.push(packet.box);
        }
      }
      let assembled = concatBytes(parts);
      if (header.declared !== 0 && assembled.length < header.declared) {
        problems.push(`C2PA store is truncated: ${assembled.length} of ${header.declared} bytes`);
      } else if (header.declared !== 0 && assembled.length > header.declared) {
        problems.push(`C2PA store has ${assembled.length - header.declared} bytes after its superbox; dropped`);
        assembled = assembled.subarray(0, header.declared);
      }
      store = assembled;
    }
    return { store, problems };
  }
}
