/**
 * Writes a provenance record into a file: the generator's own text where that tool
 * puts it (PNG text chunks, or EXIF UserComment / IFD0 tags in JPEG and WebP), then the XMP packet. C2PA signing,
 * which must come last, is not done here; a file that already carries a manifest gets a warning, because any edit
 * breaks its hard binding.
 */
import { ProvenaError } from '../../domain/errors.ts';
import type { ProvenanceRecord, ToolKind } from '../../domain/provenance.ts';
import { buildExifTiff, setJpegExif, setWebpExif, type ExifWriteFields } from './exif-usercomment.ts';
import {
  EXIF_APP1_HEADER,
  XMP_APP1_HEADER,
  jpegHasC2pa,
  payloadStartsWith,
  walkJpegSegments,
} from './jpeg-segments.ts';
import { XMP_KEYWORD, checkPngKeyword, pngHasC2pa, setPngTextChunks, walkPngChunks } from './png-text.ts';
import { walkWebpChunks, webpHasC2pa } from './webp-chunks.ts';
import {
  setJpegXmp,
  setPngXmpPacket,
  setWebpXmpPacket,
  buildXmpPacket,
  xmpFieldsFromRecord,
  type XmpRightsInput,
  type XmpWriteFields,
} from './xmp-packet.ts';

export type EmbeddableMediaType = 'image/png' | 'image/jpeg' | 'image/webp';

export interface EmbedOptions {
  /** Rights fields to declare, overriding the record's IPTC values. */
  rights?: XmpRightsInput;
  /** Further XMP fields (title, description, keywords, dates) merged over those derived from the record. */
  xmpExtra?: Partial<XmpWriteFields>;
  /** Write the XMP packet (default true). */
  xmp?: boolean;
  /** Write `record.toolMetadata.chunks` in the tool's own places (default true). */
  toolText?: boolean;
  /**
   * JPEG/WebP already carrying EXIF: 'keep' (default) leaves it alone and skips the tool text there with a warning,
   * because rewriting would drop camera tags such as Orientation; 'replace' writes a new EXIF block.
   */
  existingExif?: 'keep' | 'replace';
}

export interface EmbedResult {
  bytes: Uint8Array;
  warnings: string[];
}

export function normaliseMediaType(mediaType: string): EmbeddableMediaType {
  const type = mediaType.toLowerCase().split(';')[0]?.trim();
  if (type === 'image/png') return 'image/png';
  if (type === 'image/jpeg' || type === 'image/jpg' || type === 'image/pjpeg') return 'image/jpeg';
  if (type === 'image/webp') return 'image/webp';
  throw new ProvenaError('UNSUPPORTED_MEDIA_TYPE', `Cannot embed provenance metadata into ${mediaType}.`, {
    mediaType,
    supported: ['image/png', 'image/jpeg', 'image/webp'],
  });
}

/** The PNG keyword each tool keeps its main payload under (see each tool's parser in tools/). */
const MAIN_PNG_KEYWORD: Record<ToolKind, string> = {
  a1111: 'parameters',
  fooocus: 'parameters',
  swarmui: 'parameters',
  other: 'parameters',
  novelai: 'Comment',
  invokeai: 'invokeai_metadata',
  midjourney: 'Description',
  comfyui: 'prompt',
};

/** A ComfyUI UI graph has `nodes` and `links`; an API graph is a map of node ids. */
const looksLikeComfyWorkflow = (text: string): boolean =>
  /^\s*\{[\s\S]*"nodes"\s*:/.test(text) && text.includes('"links"');

/**
 * The chunks under the names the tool uses in a PNG. Readers name a payload after where they found it
 * ('UserComment', 'COM', 'stealth', 'exif:0x0110'); written back, it goes where the tool itself would put it.
 */
export function canonicalToolChunks(
  toolMetadata: NonNullable<ProvenanceRecord['toolMetadata']>,
): Record<string, string> {
  const out: Record<string, string> = {};
  const moved: Array<[string, string]> = [];
  for (const [key, text] of Object.entries(toolMetadata.chunks)) {
    if (key === 'UserComment' || key === 'COM' || key === 'stealth')
      moved.push([MAIN_PNG_KEYWORD[toolMetadata.kind], text]);
    else if (key.startsWith('exif:')) moved.push([looksLikeComfyWorkflow(text) ? 'workflow' : 'prompt', text]);
    else out[key] = text;
  }
  // A payload found under its own name wins over the same payload found elsewhere.
  for (const [key, text] of moved) out[key] ??= text;
  return out;
}

/** The EXIF tags a tool uses in JPEG/WebP for its verbatim chunks (see each tool's parser in tools/). */
export function exifFieldsForTool(
  toolMetadata: NonNullable<ProvenanceRecord['toolMetadata']>,
): ExifWriteFields | undefined {
  const chunks = canonicalToolChunks(toolMetadata);
  const fields: ExifWriteFields = {};
  switch (toolMetadata.kind) {
    case 'comfyui':
      // SaveAnimatedWEBP: IFD0 Model = "prompt:" + API graph, Make = "workflow:" + UI graph.
      if (chunks.prompt !== undefined) fields.model = `prompt:${chunks.prompt}`;
      if (chunks.workflow !== undefined) fields.make = `workflow:${chunks.workflow}`;
      break;
    case 'fooocus':
      // meta_parser.get_exif: UserComment = metadata, Software = "Fooocus v…", MakerNote = scheme.
      fields.userComment = chunks.parameters;
      fields.software = chunks.Software;
      fields.makerNote = chunks.fooocus_scheme;
      break;
    case 'midjourney':
      fields.imageDescription = chunks.Description;
      fields.artist = chunks.Author;
      break;
    default:
      fields.userComment = chunks[MAIN_PNG_KEYWORD[toolMetadata.kind]];
  }
  const defined = Object.entries(fields).filter(([, v]) => v !== undefined);
  return defined.length > 0 ? Object.fromEntries(defined) : undefined;
}

function pngToolEntries(record: ProvenanceRecord, warnings: string[]): Array<{ keyword: string; text: string }> {
  const entries: Array<{ keyword: string; text: string }> = [];
  const chunks = record.toolMetadata ? canonicalToolChunks(record.toolMetadata) : {};
  for (const [keyword, text] of Object.entries(chunks)) {
    if (keyword === XMP_KEYWORD) continue;
    try {
      checkPngKeyword(keyword);
    } catch {
      warnings.push(`tool chunk "${keyword}" is not a valid PNG keyword and was not written`);
      continue;
    }
    if (text.includes('\0')) {
      warnings.push(`tool chunk "${keyword}" contains a NUL character and was not written`);
      continue;
    }
    entries.push({ keyword, text });
  }
  return entries;
}

function hasExif(bytes: Uint8Array, type: EmbeddableMediaType): boolean {
  if (type === 'image/jpeg') {
    return walkJpegSegments(bytes).segments.some(
      (s) => s.marker === 0xe1 && payloadStartsWith(bytes, s, EXIF_APP1_HEADER),
    );
  }
  if (type === 'image/webp') return walkWebpChunks(bytes).some((c) => c.fourcc === 'EXIF');
  return walkPngChunks(bytes).some((c) => c.type === 'eXIf');
}

function hasXmp(bytes: Uint8Array, type: EmbeddableMediaType): boolean {
  if (type === 'image/jpeg') {
    return walkJpegSegments(bytes).segments.some(
      (s) => s.marker === 0xe1 && payloadStartsWith(bytes, s, XMP_APP1_HEADER),
    );
  }
  if (type === 'image/webp') return walkWebpChunks(bytes).some((c) => c.fourcc === 'XMP ');
  const keyword = new TextEncoder().encode(`${XMP_KEYWORD}\0`);
  return walkPngChunks(bytes).some((c) => c.type === 'iTXt' && keyword.every((b, i) => bytes[c.dataStart + i] === b));
}

function hasC2pa(bytes: Uint8Array, type: EmbeddableMediaType): boolean {
  if (type === 'image/jpeg') return jpegHasC2pa(bytes);
  if (type === 'image/webp') return webpHasC2pa(bytes);
  return pngHasC2pa(bytes);
}

/**
 * Embeds the record's metadata. Throws UNSUPPORTED_MEDIA_TYPE for other containers, CORRUPT_FILE when the file
 * cannot be walked, VALIDATION_FAILED when a value cannot be written; lesser problems come back as warnings.
 */
export function embedProvenance(
  file: Uint8Array,
  mediaType: string,
  record: ProvenanceRecord,
  options: EmbedOptions = {},
): EmbedResult {
  const type = normaliseMediaType(mediaType);
  const warnings: string[] = [];
  let bytes = file;
  if (hasC2pa(bytes, type)) {
    warnings.push('the file carries a C2PA manifest: this edit invalidates it, so it must be signed again');
  }

  if (options.toolText !== false && record.toolMetadata) {
    if (type === 'image/png') {
      const entries = pngToolEntries(record, warnings);
      if (entries.length > 0) bytes = setPngTextChunks(bytes, entries);
    } else {
      const fields = exifFieldsForTool(record.toolMetadata);
      if (fields === undefined) {
        warnings.push(`no EXIF mapping for the ${record.toolMetadata.kind} tool metadata; it was not written`);
      } else if (hasExif(bytes, type) && options.existingExif !== 'replace') {
        warnings.push('the file already has EXIF, which was kept; the tool text was not written to EXIF');
      } else {
        // piexif writes big-endian, and A1111's UserComment is UTF-16BE: keep to that.
        const tiff = buildExifTiff(fields, { byteOrder: 'MM' });
        bytes = type === 'image/jpeg' ? setJpegExif(bytes, tiff) : setWebpExif(bytes, tiff);
      }
    }
  }

  if (options.xmp !== false) {
    const fields: XmpWriteFields = { ...xmpFieldsFromRecord(record, options.rights), ...options.xmpExtra };
    if (hasXmp(bytes, type)) warnings.push('the existing XMP packet was replaced by one built from the record');
    if (type === 'image/jpeg') bytes = setJpegXmp(bytes, fields);
    else if (type === 'image/png') bytes = setPngXmpPacket(bytes, buildXmpPacket(fields));
    else bytes = setWebpXmpPacket(bytes, buildXmpPacket(fields));
  }
  return { bytes, warnings };
}
