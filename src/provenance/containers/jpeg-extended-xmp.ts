/**
 * JPEG Extended XMP (XMP Specification Part 3, §1.1.3.1): a packet too large for one APP1 is split into a main
 * packet plus an extended packet carried in APP1 segments `http://ns.adobe.com/xmp/extension/\0` + 32-char GUID
 * (MD5 of the extended packet, upper-case hex) + u32 full length + u32 offset + bytes. The main packet names the
 * GUID in `xmpNote:HasExtendedXMP`; chunks with any other GUID are ignored, as the spec requires.
 *
 * Chunks are kept as views and only assembled once fully present, so a hostile "full length" never allocates more
 * than the bytes the file actually holds (and never more than provenanceLimits.maxPayloadBytes).
 */
import { createHash } from 'node:crypto';
import { provenanceLimits } from '../contract.ts';
import { latin1, u32be, utf8 } from '../bytes.ts';

export const EXTENDED_XMP_SIGNATURE = 'http://ns.adobe.com/xmp/extension/\0';
const HEADER_LENGTH = EXTENDED_XMP_SIGNATURE.length + 32 + 8;

interface Pending {
  fullLength: number;
  chunks: Array<{ offset: number; data: Uint8Array }>;
  received: number;
}

/** The GUID named by xmpNote:HasExtendedXMP (attribute or element form, any prefix). */
export const extendedXmpGuid = (mainPacket: string): string | undefined =>
  /HasExtendedXMP\s*(?:=\s*["']|>)\s*([0-9A-Fa-f]{32})/u.exec(mainPacket)?.[1];

/**
 * Joins an extended packet onto the main one by moving its rdf:RDF element inside the main x:xmpmeta, next to the
 * main rdf:RDF, so that the result is one packet whose properties are the union (main first).
 */
export const joinExtendedXmp = (mainPacket: string, extendedPacket: string): string | undefined => {
  const rdfOpen = /<(?:[A-Za-z_][\w.-]*:)?RDF[\s>/]/u.exec(extendedPacket);
  const rdfCloses = [...extendedPacket.matchAll(/<\/(?:[A-Za-z_][\w.-]*:)?RDF\s*>/gu)];
  const rdfClose = rdfCloses.at(-1);
  if (!rdfOpen || !rdfClose || rdfClose.index < rdfOpen.index) return undefined;
  const extendedRdf = extendedPacket.slice(rdfOpen.index, rdfClose.index + rdfClose[0].length);
  const metaCloses = [...mainPacket.matchAll(/<\/(?:[A-Za-z_][\w.-]*:)?xmpmeta\s*>/gu)];
  const anchor = metaCloses.at(-1) ?? [...mainPacket.matchAll(/<\/(?:[A-Za-z_][\w.-]*:)?RDF\s*>/gu)].at(-1);
  if (!anchor) return undefined;
  // Before </x:xmpmeta>, or after the last </rdf:RDF> when the main packet has no xmpmeta wrapper.
  const insertAt = metaCloses.length > 0 ? anchor.index : anchor.index + anchor[0].length;
  return mainPacket.slice(0, insertAt) + extendedRdf + mainPacket.slice(insertAt);
};

export class ExtendedXmpCollector {
  private readonly pending = new Map<string, Pending>();
  private totalBytes = 0;

  /** `payload` is the APP1 payload including the signature. Returns a problem description or undefined. */
  add(payload: Uint8Array): string | undefined {
    if (payload.length < HEADER_LENGTH) return 'extended XMP segment too short for its header';
    const at = EXTENDED_XMP_SIGNATURE.length;
    const guid = latin1(payload.subarray(at, at + 32)).toUpperCase();
    if (!/^[0-9A-F]{32}$/u.test(guid)) return 'extended XMP segment has a malformed GUID';
    const fullLength = u32be(payload, at + 32);
    const offset = u32be(payload, at + 36);
    const data = payload.subarray(HEADER_LENGTH);
    if (fullLength > provenanceLimits.maxPayloadBytes) return `extended XMP of ${fullLength} bytes exceeds the limit`;
    if (offset + data.length > fullLength)
      return `extended XMP chunk at ${offset} overruns its ${fullLength}-byte packet`;
    let entry = this.pending.get(guid);
    if (!entry) {
      entry = { fullLength, chunks: [], received: 0 };
      this.pending.set(guid, entry);
    } else if (entry.fullLength !== fullLength) {
      return `extended XMP chunks for ${guid} disagree on the full length`;
    }
    if (this.totalBytes + data.length > provenanceLimits.maxPayloadBytes)
      return 'extended XMP exceeds the payload limit';
    this.totalBytes += data.length;
    entry.chunks.push({ offset, data });
    entry.received += data.length;
    return undefined;
  }

  get size(): number {
    return this.pending.size;
  }

  /**
   * Joins the extended packet named by the first main packet that names one. Returns the packets (the joined one
   * replacing its main packet) and the problems met.
   */
  joinInto(mainPackets: readonly string[]): { packets: string[]; problems: string[] } {
    const problems: string[] = [];
    const packets = [...mainPackets];
    const used = new Set<string>();
    for (let i = 0; i < packets.length; i++) {
      const guid = extendedXmpGuid(packets[i] ?? '')?.toUpperCase();
      if (!guid || used.has(guid)) continue;
      const entry = this.pending.get(guid);
      if (!entry) {
        problems.push(`main XMP names extended packet ${guid}, which is missing`);
        continue;
      }
      used.add(guid);
      const assembled = assemble(entry);
      if (!assembled) {
        problems.push(`extended XMP ${guid} is incomplete (${entry.received} of ${entry.fullLength} bytes)`);
        continue;
      }
      const md5 = createHash('md5').update(assembled).digest('hex').toUpperCase();
      if (md5 !== guid) problems.push(`extended XMP ${guid} does not match its MD5 (${md5})`);
      const joined = joinExtendedXmp(packets[i] ?? '', utf8(assembled));
      if (joined === undefined) problems.push(`extended XMP ${guid} could not be joined (no rdf:RDF / x:xmpmeta)`);
      else packets[i] = joined;
    }
    for (const guid of this.pending.keys()) {
      if (!used.has(guid)) problems.push(`extended XMP ${guid} is not named by the main packet; ignored`);
    }
    return { packets, problems };
  }
}

/** The whole packet when the chunks cover it exactly once over (duplicates tolerated), else undefined. */
const assemble = (entry: Pending): Uint8Array | undefined => {
  const chunks = [...entry.chunks].sort((a, b) => a.offset - b.offset);
  let covered = 0;
  for (const chunk of chunks) {
    if (chunk.offset > covered) return undefined;
    covered = Math.max(covered, chunk.offset + chunk.data.length);
  }
  if (covered !== entry.fullLength) return undefined;
  const out = new Uint8Array(entry.fullLength);
  for (const chunk of chunks) out.set(chunk.data, chunk.offset);
  return out;
};
