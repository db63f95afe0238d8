/**
 * The normalised provenance record (AI involvement, digital source type, generator, prompt, sampling, C2PA and IPTC
 * summaries, rights), plus the bookkeeping Provena adds: which source each normalised field came from, and every raw
 * value verbatim.
 */

/** Normalised 'http://cv.iptc.org/newscodes/digitalsourcetype/<code>' or 'http://c2pa.org/digitalsourcetype/<code>'. */
export type DST = string;

export const aiInvolvements = ['none', 'ai-edited', 'ai-generated', 'unknown'] as const;
export type AiInvolvement = (typeof aiInvolvements)[number];
export type ToolKind = 'a1111' | 'comfyui' | 'invokeai' | 'novelai' | 'fooocus' | 'swarmui' | 'midjourney' | 'other';
export type C2paValidationState = 'Invalid' | 'Valid' | 'Trusted';

/** Where a normalised value was taken from, in precedence order (first wins). */
export type ProvenanceSource = 'c2pa' | 'iptc-xmp' | 'exif' | 'tool' | 'heuristic' | 'declared';

export interface C2paAction {
  action: string;
  dst?: DST;
  agent?: string;
  when?: string;
}

/**
 * An ingredient of a C2PA manifest (what the asset was made from), with its own ingredients when it carries a
 * manifest of its own in the same store: the chain contentauth's verify site draws as a tree.
 */
export interface C2paIngredientNode {
  title?: string;
  /** parentOf, componentOf, inputTo. */
  relationship?: string;
  format?: string;
  /** The label of the ingredient's own manifest, when it has one in the store. */
  manifest?: string;
  claimGenerator?: string;
  signer?: { issuer?: string; commonName?: string; time?: string };
  /** The validator's verdict on this ingredient (absent when read without the validator or it has no manifest). */
  validationState?: C2paValidationState;
  /** The validator's failure codes for this ingredient. */
  statusCodes: string[];
  ingredients: C2paIngredientNode[];
}

export interface ProvenanceRecord {
  aiInvolvement: AiInvolvement;
  digitalSourceType?: DST;
  dstSources: Array<'c2pa' | 'iptc-xmp' | 'inferred'>;
  generator?: { system?: string; version?: string; provider?: string; model?: string; modelHash?: string };
  prompt?: { positive?: string; negative?: string; writer?: string; raw?: string };
  sampling?: {
    seed?: string;
    steps?: number;
    cfg?: number;
    sampler?: string;
    scheduler?: string;
    width?: number;
    height?: number;
  };
  toolMetadata?: { kind: ToolKind; chunks: Record<string, string> };
  c2pa?: {
    present: boolean;
    embedded: boolean;
    remoteUrl?: string;
    activeManifest?: string;
    claimGenerator?: string;
    signer?: { issuer?: string; commonName?: string; alg?: string; time?: string };
    validationState?: C2paValidationState;
    statusCodes: string[];
    actions: C2paAction[];
    /** The active manifest's ingredients as a tree (absent when it has none). */
    ingredients?: C2paIngredientNode[];
    /** Kept verbatim for re-embedding; stored base64 in JSON form. */
    manifestStoreBytes?: Uint8Array;
  };
  iptc?: {
    aiSystemUsed?: string;
    aiSystemVersionUsed?: string;
    aiPromptInformation?: string;
    aiPromptWriterName?: string;
    creator?: string[];
    creditLine?: string;
    copyrightNotice?: string;
    webStatement?: string;
    licensorUrl?: string;
    digImageGuid?: string;
  };
  rights?: {
    humanContribution?: string;
    registrable?: 'yes' | 'partial' | 'no' | 'unknown';
    license?: string;
    acquireLicensePage?: string;
  };
  euAiAct?: {
    machineReadableMarks: string[];
    deepfake?: boolean;
    visibleLabelRequired?: boolean;
    visibleLabelApplied?: boolean;
  };
  /** Dotted field path (e.g. 'prompt.positive', 'generator.system') → the source it was taken from. */
  fieldSources?: Record<string, ProvenanceSource>;
  /** Problems met while reading (a damaged chunk, an unparseable JSON value): reported, never fatal. */
  warnings?: string[];
}

export const emptyProvenance = (): ProvenanceRecord => ({ aiInvolvement: 'unknown', dstSources: [] });

/** What the intake hook gets: a local file it may read (bounded), and what was sniffed from it. */
export interface ProvenanceInput {
  path: string;
  mediaType: string;
  size: number;
  /** The whole file when the caller already holds it in memory. */
  bytes?: Uint8Array;
}

/** The port the provenance engine implements; intake calls it before checking required fields. */
export interface ProvenanceExtractor {
  extract(input: ProvenanceInput): Promise<ProvenanceRecord>;
}
