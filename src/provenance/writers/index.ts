/** Metadata writers (non-C2PA): the public surface of this folder. C2PA signing lives in ../c2pa/sign and runs last. */
export {
  embedProvenance,
  normaliseMediaType,
  canonicalToolChunks,
  exifFieldsForTool,
  type EmbedOptions,
  type EmbedResult,
  type EmbeddableMediaType,
} from './embed-provenance.ts';
export {
  serializeInfotext,
  serializeInfotextParams,
  quoteInfotextValue,
  pythonJsonDumps,
  type Infotext,
  type InfotextValue,
} from './infotext.ts';
export {
  setPngTextChunks,
  setPngXmp,
  encodePngTextChunk,
  encodePngChunk,
  walkPngChunks,
  XMP_KEYWORD,
  type PngTextEntry,
} from './png-text.ts';
export {
  buildExifTiff,
  encodeUserComment,
  setJpegExif,
  setWebpExif,
  EXIF_TAGS,
  type ExifWriteFields,
  type TiffOptions,
  type UserCommentCharset,
} from './exif-usercomment.ts';
export {
  buildXmpPacket,
  buildXmpPacketFromRecord,
  xmpFieldsFromRecord,
  promptInformation,
  escapeXml,
  jpegXmpPayloads,
  setJpegXmp,
  setJpegXmpPacket,
  setPngXmpPacket,
  setWebpXmpPacket,
  DST_TRAINED_ALGORITHMIC_MEDIA,
  DST_COMPOSITE_WITH_TRAINED,
  type XmpWriteFields,
  type XmpRightsInput,
} from './xmp-packet.ts';
export { setWebpMetadata, type WebpMetadata } from './webp-chunks.ts';
