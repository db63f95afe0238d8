/** Export with provenance (decision 0034): the ProvenanceExporter port's implementation and what main/ wires. */
export { SharpProvenanceExporter, editActionsFor, type ProvenanceExporterOptions } from './provenance-exporter.ts';
export { buildJsonLd, schemaOrgDigitalSourceType, type JsonLdFileFacts, type JsonLdRequest } from './json-ld.ts';
export {
  loadSigningPem,
  signingSettingNames,
  type SigningCredentialSettings,
  type SigningPem,
} from './signing-config.ts';
export { isIdenticalCopy, renderPixels, type PixelOperations, type RenderedPixels } from './render-pixels.ts';
