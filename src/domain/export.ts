/**
 * Export with provenance (issue 15): the contract between the services (which decide what may leave
 * and with which facts) and the provenance library (which writes the bytes). A channel rendition preset says how a
 * file is made for a channel; the exporter makes it and carries the provenance as the preset's metadata policy says:
 * IPTC/XMP fields, the C2PA manifest kept when the bytes are unchanged or a new one signed with the organisation's
 * certificate (the original as ingredient), and a Schema.org JSON-LD document for the sidecar and the API.
 */
import type { ProvenanceRecord } from './provenance.ts';

export const presetFormats = ['original', 'jpeg', 'png', 'webp'] as const;
export type PresetFormat = (typeof presetFormats)[number];

export const presetFits = ['inside', 'cover', 'contain'] as const;
export type PresetFit = (typeof presetFits)[number];

/**
 * What travels with the file: `provenance` writes the XMP/IPTC fields and keeps or re-signs C2PA; `keep-original`
 * passes the original's metadata through untouched (only for a byte-identical copy); `strip` writes none (a
 * channel that forbids metadata) and records that it did.
 */
export const metadataPolicies = ['provenance', 'keep-original', 'strip'] as const;
export type MetadataPolicy = (typeof metadataPolicies)[number];

export interface RenditionPreset {
  /** Lower-case slug, unique in the organisation (`web-1600`, `social-square`). */
  name: string;
  description?: string;
  /** Bounding box in pixels; absent sides are free. Never upscales past the original (refused when asked to). */
  width?: number;
  height?: number;
  fit: PresetFit;
  format: PresetFormat;
  /** 1–100 for JPEG and WebP. */
  quality?: number;
  /** Output colour space; sRGB is what every channel renders correctly. */
  colourSpace: 'srgb' | 'display-p3';
  metadata: MetadataPolicy;
  /** A visible watermark text drawn on the image (share-link downloads may ask for one). */
  watermark?: string;
}

/** The rights and credit facts an export writes (from the asset's rights record and provenance). */
export interface ExportRightsFacts {
  creditLine?: string;
  copyrightNotice?: string;
  licence?: string;
  licenceUrl?: string;
  acquireLicensePage?: string;
  usageTerms?: string;
  webStatement?: string;
  creators?: string[];
}

export interface ExportRequest {
  /** The original's bytes (read through the blob store). */
  source: Uint8Array;
  mediaType: string;
  fileName: string;
  preset: RenditionPreset;
  provenance: ProvenanceRecord;
  rights: ExportRightsFacts;
  title?: string;
  description?: string;
  /** The asset's id and version, recorded in the JSON-LD and the new manifest. */
  assetId: string;
  version: number;
  /** The public URL the JSON-LD names as contentUrl, when known. */
  contentUrl?: string;
  /** When the asset was created (ISO 8601): the JSON-LD's dateCreated. */
  createdAt?: string;
}

/** What happened to C2PA: kept (bytes unchanged), signed anew (original as ingredient), or none written. */
export type C2paOutcome = 'kept' | 'signed' | 'none';

/** What an exported file is, apart from its bytes: kept with a cached rendition and told with every export. */
export interface RenditionFacts {
  mediaType: string;
  width?: number;
  height?: number;
  c2pa: C2paOutcome;
  /** The Schema.org JSON-LD document (ImageObject / MediaObject) for the sidecar and the API. */
  jsonLd: Record<string, unknown>;
}

export interface ExportedFile extends RenditionFacts {
  bytes: Uint8Array;
  fileName: string;
  /** What the caller should know: no signing credentials configured, metadata that could not be written, … */
  warnings?: string[];
}

/** The port the provenance library implements (src/provenance/export/); wired in main/. */
export interface ProvenanceExporter {
  exportFile(request: ExportRequest): Promise<ExportedFile>;
  /** The JSON-LD alone, without making the file (the API's endpoint for it). */
  jsonLd(request: Omit<ExportRequest, 'source'>): Record<string, unknown>;
}
