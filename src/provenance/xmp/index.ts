/** XMP / IPTC reading: the public surface of this folder (the DST vocabulary is ../digital-source-type.ts). */
export { parseXmp, parseXmpPackets, readXmpProperties, textOf, listOf } from './xmp-parser.ts';
export type { XmpProperties, XmpValue } from './rdf-model.ts';
export { ns as xmpNamespaces } from './namespaces.ts';
