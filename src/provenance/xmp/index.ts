/** XMP / IPTC reading: the public surface of this folder. */
export { parseXmp, parseXmpPackets, readXmpProperties, textOf, listOf } from './xmp-parser.ts';
export type { XmpProperties, XmpValue } from './rdf-model.ts';
export {
  normaliseDst,
  dstInfo,
  digitalSourceTypes,
  IPTC_DST_BASE,
  C2PA_DST_BASE,
  type DigitalSourceTypeInfo,
  type DstAiInvolvement,
} from './digital-source-type.ts';
export { ns as xmpNamespaces } from './namespaces.ts';
