/**
 * Internal contract of the provenance engine: what each stage hands to the next.
 *
 *   file ──containers/──▶ RawMetadata ──┬─ xmp/   ──▶ IptcXmpFields ─┐
 *                                      ├─ c2pa/  ──▶ C2paSummary   ─┼─ normalise.ts ──▶ ProvenanceRecord
 *                                      └─ tools/ ──▶ ToolReading   ─┘
 *
 * Every stage is bounded (see limits) and never throws on hostile input: problems become `warnings`.
 */
import type {
  C2paAction,
  C2paIngredientNode,
  C2paValidationState,
  ProvenanceRecord,
  ToolKind,
} from '../domain/provenance.ts';

/** Hard limits that keep a hostile file from making us read or inflate unbounded data. */
export const provenanceLimits = {
  /** Largest single metadata payload we keep (text chunk, XMP packet, EXIF block, C2PA store). */
  maxPayloadBytes: 16 * 1024 * 1024,
  /** Largest inflated size of a compressed text chunk (zTXt / compressed iTXt / stealth gzip). */
  maxInflatedBytes: 8 * 1024 * 1024,
  /** Largest number of container entries (chunks, segments) walked. */
  maxEntries: 100_000,
  /** Deepest XML / JUMBF / JSON nesting followed. */
  maxDepth: 64,
} as const;

export type ContainerKind = 'png' | 'jpeg' | 'webp' | 'other';

export interface TextEntry {
  /** PNG keyword, or 'COM' for a JPEG comment. */
  keyword: string;
  text: string;
  source: 'tEXt' | 'zTXt' | 'iTXt' | 'COM';
}

/** EXIF/TIFF tags of interest, decoded; absent when the file has no EXIF. */
export interface ExifFields {
  imageDescription?: string; // 0x010E
  make?: string; // 0x010F
  model?: string; // 0x0110
  software?: string; // 0x0131
  artist?: string; // 0x013B
  copyright?: string; // 0x8298
  dateTimeOriginal?: string; // 0x9003
  userComment?: string; // 0x9286, decoded per its 8-byte charset prefix (UNICODE in either byte order)
  makerNote?: string; // 0x927C when it is text
  /** Every decoded text-valued tag by hex id ('0x010e'), verbatim, for tool parsers that use odd tags. */
  raw: Record<string, string>;
}

export interface RawMetadata {
  container: ContainerKind;
  textEntries: TextEntry[];
  exif?: ExifFields;
  /** XMP packets as UTF-8 text, in file order; JPEG extended XMP already joined onto its main packet. */
  xmp: string[];
  /** IPTC IIM (JPEG APP13 Photoshop 8BIM 0x0404) datasets by 'record:dataset' (e.g. '2:120'), decoded text. */
  iptcIim: Record<string, string[]>;
  /** The C2PA manifest store (JUMBF superbox bytes) when embedded. */
  c2paStore?: Uint8Array;
  /** `dcterms:provenance` from XMP when it points to a remote manifest. */
  c2paRemoteUrl?: string;
  /** Image has an alpha channel / is 8-bit RGB(A): where stealth infotext may hide. Filled by the PNG walker. */
  pixelHints?: { hasAlpha: boolean; bitDepth: number; colorType: number; width: number; height: number };
  warnings: string[];
}

/** IPTC / XMP fields (IPTC Photo Metadata Standard 2025.1), values verbatim except the DST URI, which is normalised. */
export interface IptcXmpFields extends NonNullable<ProvenanceRecord['iptc']> {
  digitalSourceType?: string;
  digitalSourceTypeRaw?: string;
  description?: string;
  title?: string;
  createDate?: string;
  creatorTool?: string;
  /** dcterms:provenance (remote C2PA manifest reference). */
  provenanceUrl?: string;
  warnings: string[];
}

/** The summary of a C2PA manifest store (c2pa/summary.ts). */
export interface C2paSummary {
  embedded: boolean;
  remoteUrl?: string;
  activeManifest?: string;
  claimGenerator?: string;
  generator?: { name?: string; version?: string };
  /** Name of the software agent of the deciding action (v1 string, or v2 generator-info `name`). */
  softwareAgent?: string;
  /** Its version (v2 generator-info `version`), when the manifest records one. */
  softwareAgentVersion?: string;
  signer?: { issuer?: string; commonName?: string; alg?: string; time?: string };
  validationState?: C2paValidationState;
  statusCodes: string[];
  /** Actions of the active manifest and its parentOf chain, nearest first. */
  actions: C2paAction[];
  aiInvolvement: 'ai-generated' | 'ai-edited' | 'none' | 'unknown';
  /** True when the AI verdict came from the heuristic (no DST, generative agent name or description). */
  aiHeuristic: boolean;
  digitalSourceType?: string;
  /** Titles of ingredients (input materials) of the active manifest. */
  ingredients: Array<{ title?: string; relationship?: string; format?: string }>;
  /** The active manifest's ingredients as a tree, each with its own manifest's facts (absent when none). */
  chain?: C2paIngredientNode[];
  manifestStoreBytes?: Uint8Array;
  warnings: string[];
}

/** What a generator tool parser extracted from text chunks / EXIF / pixels. */
export interface ToolReading {
  kind: ToolKind;
  system?: string;
  version?: string;
  model?: string;
  modelHash?: string;
  positive?: string;
  negative?: string;
  /** Seeds are decimal strings: Fooocus seeds exceed 2^53. */
  seed?: string;
  steps?: number;
  cfg?: number;
  sampler?: string;
  scheduler?: string;
  width?: number;
  height?: number;
  /** Verbatim payloads the reading came from ('parameters', 'prompt', 'workflow', 'stealth', …). */
  chunks: Record<string, string>;
  /** Any further parameters verbatim (key → value). */
  extra: Record<string, string>;
  warnings: string[];
}
