/**
 * XMP packet writer for IPTC Digital Source Type, the IPTC 2025.1 AI fields and the rights fields Google Images reads
 * (IPTC Photo Metadata Standard 2025.1; the tests check the packets with ExifTool), plus embedding into JPEG (APP1,
 * with Extended XMP for packets over one segment), PNG (`iTXt XML:com.adobe.xmp`) and WebP (`XMP ` chunk).
 */
import { createHash } from 'node:crypto';
import type { ProvenanceRecord } from '../../domain/provenance.ts';
import {
  XMP_APP1_HEADER,
  XMP_EXTENSION_HEADER,
  editJpegSegments,
  encodeJpegSegment,
  leadingAppCount,
  payloadStartsWith,
} from './jpeg-segments.ts';
import { setPngXmp } from './png-text.ts';
import { setWebpMetadata } from './webp-chunks.ts';
import { concatBytes, latin1Bytes } from '../bytes.ts';
import { dstForInvolvement } from '../digital-source-type.ts';
import { invalidValue } from './writer-errors.ts';

export { DST_COMPOSITE_WITH_TRAINED, DST_TRAINED_ALGORITHMIC_MEDIA } from '../digital-source-type.ts';

/** Every field the packet can carry (XMP property in the comment). Undefined or empty values are left out. */
export interface XmpWriteFields {
  digitalSourceType?: string; // Iptc4xmpExt:DigitalSourceType
  aiSystemUsed?: string; // Iptc4xmpExt:AISystemUsed
  aiSystemVersionUsed?: string; // Iptc4xmpExt:AISystemVersionUsed
  aiPromptInformation?: string; // Iptc4xmpExt:AIPromptInformation
  aiPromptWriterName?: string; // Iptc4xmpExt:AIPromptWriterName
  digImageGuid?: string; // Iptc4xmpExt:DigImageGUID
  creator?: string[]; // dc:creator (Seq)
  copyrightNotice?: string; // dc:rights (Alt, x-default)
  description?: string; // dc:description (Alt)
  title?: string; // dc:title (Alt)
  keywords?: string[]; // dc:subject (Bag)
  creditLine?: string; // photoshop:Credit
  webStatement?: string; // xmpRights:WebStatement
  usageTerms?: string; // xmpRights:UsageTerms (Alt)
  licensorUrl?: string; // plus:Licensor[1]/plus:LicensorURL
  licensorName?: string; // plus:Licensor[1]/plus:LicensorName
  dataMining?: string; // plus:DataMining (PLUS vocabulary URI)
  createDate?: string; // xmp:CreateDate (ISO 8601)
  creatorTool?: string; // xmp:CreatorTool
}

/** Rights the caller supplies on top of (and overriding) what the record carries. */
export interface XmpRightsInput {
  creator?: string[];
  copyrightNotice?: string;
  creditLine?: string;
  webStatement?: string;
  licensorUrl?: string;
  licensorName?: string;
  digImageGuid?: string;
  usageTerms?: string;
  dataMining?: string;
}

const NAMESPACES: Record<string, string> = {
  Iptc4xmpExt: 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/',
  dc: 'http://purl.org/dc/elements/1.1/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  xmpRights: 'http://ns.adobe.com/xap/1.0/rights/',
  plus: 'http://ns.useplus.org/ldf/xmp/1.0/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  xmpNote: 'http://ns.adobe.com/xmp/note/',
};

/** The DST to declare: the record's own, else the IPTC code that matches its AI involvement. */
function dstFor(record: ProvenanceRecord): string | undefined {
  return record.digitalSourceType || dstForInvolvement(record.aiInvolvement);
}

/** `photo of a duck (negative: monochrome)`: the form of the IPTC reference packet. */
export function promptInformation(prompt: ProvenanceRecord['prompt']): string | undefined {
  if (!prompt) return undefined;
  const positive = prompt.positive ?? prompt.raw;
  if (!positive) return prompt.negative ? `(negative: ${prompt.negative})` : undefined;
  return prompt.negative ? `${positive} (negative: ${prompt.negative})` : positive;
}

/** Maps a provenance record (+ rights) to packet fields; IPTC values already in the record win over derived ones. */
export function xmpFieldsFromRecord(record: ProvenanceRecord, rights: XmpRightsInput = {}): XmpWriteFields {
  const iptc = record.iptc ?? {};
  const generator = record.generator ?? {};
  return {
    digitalSourceType: dstFor(record),
    aiSystemUsed: iptc.aiSystemUsed ?? generator.system ?? generator.model,
    aiSystemVersionUsed: iptc.aiSystemVersionUsed ?? generator.version,
    aiPromptInformation: iptc.aiPromptInformation ?? promptInformation(record.prompt),
    aiPromptWriterName: iptc.aiPromptWriterName ?? record.prompt?.writer,
    digImageGuid: rights.digImageGuid ?? iptc.digImageGuid,
    creator: rights.creator ?? iptc.creator,
    copyrightNotice: rights.copyrightNotice ?? iptc.copyrightNotice,
    creditLine: rights.creditLine ?? iptc.creditLine,
    webStatement: rights.webStatement ?? iptc.webStatement ?? record.rights?.license,
    licensorUrl: rights.licensorUrl ?? iptc.licensorUrl ?? record.rights?.acquireLicensePage,
    licensorName: rights.licensorName,
    usageTerms: rights.usageTerms,
    dataMining: rights.dataMining,
  };
}

/**
 * Escapes text for element content or a double-quoted attribute. Characters XML 1.0 cannot carry at all (C0 controls
 * other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) become U+FFFD; CR is written as `&#xD;` so that parsers do
 * not fold it into LF.
 */
export function escapeXml(text: string): string {
  return text
    .replace(
      // eslint-disable-next-line no-control-regex -- matching the control characters XML 1.0 forbids is the point
      /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '\ufffd',
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#xD;');
}

const present = (value: string | undefined): value is string => value !== undefined && value !== '';

function simple(name: string, value: string | undefined): string[] {
  return present(value) ? [`<${name}>${escapeXml(value)}</${name}>`] : [];
}

function langAlt(name: string, value: string | undefined): string[] {
  if (!present(value)) return [];
  return [`<${name}><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(value)}</rdf:li></rdf:Alt></${name}>`];
}

function list(name: string, kind: 'Seq' | 'Bag', values: string[] | undefined): string[] {
  const items = (values ?? []).filter(present);
  if (items.length === 0) return [];
  const lis = items.map((v) => `<rdf:li>${escapeXml(v)}</rdf:li>`).join('');
  return [`<${name}><rdf:${kind}>${lis}</rdf:${kind}></${name}>`];
}

function licensor(url: string | undefined, name: string | undefined): string[] {
  if (!present(url) && !present(name)) return [];
  const inner = [...simple('plus:LicensorName', name), ...simple('plus:LicensorURL', url)].join('');
  return [`<plus:Licensor><rdf:Seq><rdf:li rdf:parseType="Resource">${inner}</rdf:li></rdf:Seq></plus:Licensor>`];
}

/** The property elements of a packet, in the order of the IPTC reference packet. */
function propertyElements(fields: XmpWriteFields): string[] {
  return [
    ...simple('Iptc4xmpExt:DigitalSourceType', fields.digitalSourceType),
    ...simple('Iptc4xmpExt:AISystemUsed', fields.aiSystemUsed),
    ...simple('Iptc4xmpExt:AISystemVersionUsed', fields.aiSystemVersionUsed),
    ...simple('Iptc4xmpExt:AIPromptInformation', fields.aiPromptInformation),
    ...simple('Iptc4xmpExt:AIPromptWriterName', fields.aiPromptWriterName),
    ...simple('Iptc4xmpExt:DigImageGUID', fields.digImageGuid),
    ...list('dc:creator', 'Seq', fields.creator),
    ...langAlt('dc:rights', fields.copyrightNotice),
    ...langAlt('dc:title', fields.title),
    ...langAlt('dc:description', fields.description),
    ...list('dc:subject', 'Bag', fields.keywords),
    ...simple('photoshop:Credit', fields.creditLine),
    ...simple('xmpRights:WebStatement', fields.webStatement),
    ...langAlt('xmpRights:UsageTerms', fields.usageTerms),
    ...licensor(fields.licensorUrl, fields.licensorName),
    ...simple('plus:DataMining', fields.dataMining),
    ...simple('xmp:CreateDate', fields.createDate),
    ...simple('xmp:CreatorTool', fields.creatorTool),
  ];
}

function wrapPacket(elements: string[], extraAttributes = ''): string {
  const xmlns = Object.entries(NAMESPACES)
    .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
    .join('\n    ');
  return [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `  <rdf:Description rdf:about=""\n    ${xmlns}${extraAttributes}>`,
    ...elements.map((e) => `   ${e}`),
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

/** A complete XMP packet (UTF-8 text with a BOM in the xpacket header, per the XMP spec). */
export function buildXmpPacket(fields: XmpWriteFields): string {
  return wrapPacket(propertyElements(fields));
}

/** Convenience: packet straight from a record. */
export const buildXmpPacketFromRecord = (record: ProvenanceRecord, rights?: XmpRightsInput): string =>
  buildXmpPacket(xmpFieldsFromRecord(record, rights));

/**
 * Largest standard XMP packet in one JPEG APP1. The segment could hold 65,504 bytes after the 29-byte namespace; the
 * XMP specification (part 3, §1.1.3) says 65,502, so we keep to the documented figure.
 */
export const MAX_JPEG_XMP_BYTES = 65_502;
/** Data bytes per Extended XMP segment: what Adobe's XMP toolkit uses (65,400 less headers, rounded down). */
const EXTENDED_CHUNK_BYTES = 65_000;
/** Largest Extended XMP we write: far beyond any real prompt, and well under the 16 MiB payload limit readers keep. */
const MAX_EXTENDED_BYTES = 8 * 1024 * 1024;

/**
 * The JPEG APP1 payloads (without marker/length) for a set of fields. When the packet does not fit one segment, the
 * large free-text fields (prompt information, description, usage terms) move to an Extended XMP packet, referenced
 * from the main packet by `xmpNote:HasExtendedXMP` = MD5 of the extended packet (XMP spec part 3, §1.1.3.1).
 */
export function jpegXmpPayloads(fields: XmpWriteFields): Uint8Array[] {
  const encoder = new TextEncoder();
  const packet = encoder.encode(buildXmpPacket(fields));
  if (packet.length <= MAX_JPEG_XMP_BYTES) return [concatBytes([XMP_APP1_HEADER, packet])];

  const moved: XmpWriteFields = {
    aiPromptInformation: fields.aiPromptInformation,
    description: fields.description,
    usageTerms: fields.usageTerms,
  };
  const kept: XmpWriteFields = {
    ...fields,
    aiPromptInformation: undefined,
    description: undefined,
    usageTerms: undefined,
  };
  // The extended part is a full packet without the xpacket wrapper (the XMP spec says it is serialised without it).
  const extendedXml = buildXmpPacket(moved)
    .split('\n')
    .filter((line) => !line.startsWith('<?xpacket'))
    .join('\n');
  const extended = encoder.encode(extendedXml);
  if (extended.length > MAX_EXTENDED_BYTES) {
    throw invalidValue('xmp', `Extended XMP of ${extended.length} bytes exceeds ${MAX_EXTENDED_BYTES}`);
  }
  const guid = createHash('md5').update(extended).digest('hex').toUpperCase();
  const main = encoder.encode(wrapPacket(propertyElements(kept), `\n    xmpNote:HasExtendedXMP="${guid}"`));
  if (main.length > MAX_JPEG_XMP_BYTES) {
    throw invalidValue('xmp', `the XMP packet is ${main.length} bytes even without its long text fields`);
  }
  const payloads = [concatBytes([XMP_APP1_HEADER, main])];
  for (let offset = 0; offset < extended.length; offset += EXTENDED_CHUNK_BYTES) {
    const header = new Uint8Array(8);
    const view = new DataView(header.buffer);
    view.setUint32(0, extended.length);
    view.setUint32(4, offset);
    const data = extended.subarray(offset, offset + EXTENDED_CHUNK_BYTES);
    payloads.push(concatBytes([XMP_EXTENSION_HEADER, latin1Bytes(guid), header, data]));
  }
  return payloads;
}

/**
 * Writes XMP into a JPEG: drops every existing XMP APP1 (standard and extended), inserts the new segments after
 * APP0 and the EXIF APP1.
 */
export function setJpegXmp(jpeg: Uint8Array, fields: XmpWriteFields): Uint8Array {
  const segments = jpegXmpPayloads(fields).map((payload) => encodeJpegSegment(0xe1, payload));
  return editJpegSegments(jpeg, {
    remove: (s) =>
      s.marker === 0xe1 &&
      (payloadStartsWith(jpeg, s, XMP_APP1_HEADER) || payloadStartsWith(jpeg, s, XMP_EXTENSION_HEADER)),
    insert: segments,
    insertAfter: (kept) => leadingAppCount(kept, jpeg, true),
  });
}

/** Writes a ready packet into a JPEG (single segment only; use setJpegXmp for automatic Extended XMP). */
export function setJpegXmpPacket(jpeg: Uint8Array, packet: string): Uint8Array {
  const payload = concatBytes([XMP_APP1_HEADER, new TextEncoder().encode(packet)]);
  return editJpegSegments(jpeg, {
    remove: (s) =>
      s.marker === 0xe1 &&
      (payloadStartsWith(jpeg, s, XMP_APP1_HEADER) || payloadStartsWith(jpeg, s, XMP_EXTENSION_HEADER)),
    insert: [encodeJpegSegment(0xe1, payload)],
    insertAfter: (kept) => leadingAppCount(kept, jpeg, true),
  });
}

export const setPngXmpPacket = (png: Uint8Array, packet: string): Uint8Array => setPngXmp(png, packet);

export const setWebpXmpPacket = (webp: Uint8Array, packet: string): Uint8Array =>
  setWebpMetadata(webp, { xmp: new TextEncoder().encode(packet) });
