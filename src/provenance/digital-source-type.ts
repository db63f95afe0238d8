/**
 * The IPTC Digital Source Type vocabulary (cv.iptc.org/newscodes/digitalsourcetype, release 2024-10-23) plus the
 * two C2PA-only codes, with the AI-involvement class Provena derives from each, and
 * normalisation of the spellings found in real files (https, stray spaces, bare codes, c2pa.org, schema.org).
 *
 * The one place that knows the vocabulary: the XMP reader, the C2PA summary, the normaliser and the XMP writer use it.
 */
import type { AiInvolvement } from '../domain/provenance.ts';

export const IPTC_DST_BASE = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
export const C2PA_DST_BASE = 'http://c2pa.org/digitalsourcetype/';
export const DST_TRAINED_ALGORITHMIC_MEDIA = `${IPTC_DST_BASE}trainedAlgorithmicMedia`;
export const DST_COMPOSITE_WITH_TRAINED = `${IPTC_DST_BASE}compositeWithTrainedAlgorithmicMedia`;

export type DstAiInvolvement = 'ai-generated' | 'ai-edited' | 'none';

export interface DigitalSourceTypeInfo {
  code: string;
  /** Normalised URI. */
  uri: string;
  label: string;
  status: 'current' | 'retired';
  /** Code to use instead of a retired one. */
  replacedBy?: string;
  aiInvolvement: DstAiInvolvement;
  /** Codes whose AI involvement cannot be told from the code alone (they may or may not contain generative AI). */
  ambiguous?: true;
  /** Codes that describe a modification of existing content rather than where the content came from. */
  edit?: true;
  /** schema.org IPTCDigitalSourceEnumeration member, where one exists. */
  schemaOrg?: string;
}

type Entry = Omit<DigitalSourceTypeInfo, 'uri'> & { c2pa?: true };

const entries: readonly Entry[] = [
  {
    code: 'digitalCapture',
    label: 'Original digital capture of a real-life scene',
    status: 'current',
    aiInvolvement: 'none',
    schemaOrg: 'DigitalCaptureDigitalSource',
  },
  {
    code: 'computationalCapture',
    label: 'Computational capture (multi-frame, non-generative processing)',
    status: 'current',
    aiInvolvement: 'none',
    schemaOrg: 'MultiFrameComputationalCaptureDigitalSource',
  },
  {
    code: 'negativeFilm',
    label: 'Digitised from a negative on film',
    status: 'current',
    aiInvolvement: 'none',
    schemaOrg: 'NegativeFilmDigitalSource',
  },
  {
    code: 'positiveFilm',
    label: 'Digitised from a positive on a transparency',
    status: 'current',
    aiInvolvement: 'none',
    schemaOrg: 'PositiveFilmDigitalSource',
  },
  {
    code: 'print',
    label: 'Digitised from a non-transparent medium (print)',
    status: 'current',
    aiInvolvement: 'none',
    schemaOrg: 'PrintDigitalSource',
  },
  {
    code: 'humanEdits',
    label: 'Human edits using non-generative tools',
    status: 'current',
    aiInvolvement: 'none',
    edit: true,
  },
  {
    code: 'minorHumanEdits',
    label: 'Minor human edits',
    status: 'retired',
    replacedBy: 'humanEdits',
    aiInvolvement: 'none',
    edit: true,
    schemaOrg: 'MinorHumanEditsDigitalSource',
  },
  {
    code: 'algorithmicallyEnhanced',
    label: 'Algorithmically enhanced without changing the main content',
    status: 'current',
    aiInvolvement: 'none',
    edit: true,
    schemaOrg: 'AlgorithmicallyEnhancedDigitalSource',
  },
  {
    code: 'digitalCreation',
    label: 'Created by a human using non-generative digital tools',
    status: 'current',
    aiInvolvement: 'none',
  },
  {
    code: 'digitalArt',
    label: 'Digital art created by a human using digital tools',
    status: 'retired',
    replacedBy: 'digitalCreation',
    aiInvolvement: 'none',
    schemaOrg: 'DigitalArtDigitalSource',
  },
  // Retired in 2022 without a one-to-one replacement: "created by computer software" covers human digital art,
  // purely algorithmic media and generative-AI output alike (the 2022 vocabulary split it into digitalCreation,
  // algorithmicMedia and trainedAlgorithmicMedia). So it states no origin, and proves no absence of AI.
  {
    code: 'softwareImage',
    label: 'Created by computer software',
    status: 'retired',
    aiInvolvement: 'none',
    ambiguous: true,
  },
  {
    code: 'dataDrivenMedia',
    label: 'Data-driven media (charts, weather graphics)',
    status: 'current',
    aiInvolvement: 'none',
    schemaOrg: 'DataDrivenMediaDigitalSource',
  },
  {
    code: 'trainedAlgorithmicMedia',
    label: 'Created by generative AI (trained algorithmic media)',
    status: 'current',
    aiInvolvement: 'ai-generated',
    schemaOrg: 'TrainedAlgorithmicMediaDigitalSource',
  },
  {
    code: 'compositeWithTrainedAlgorithmicMedia',
    label: 'Edited with generative AI (inpainting, outpainting)',
    status: 'current',
    aiInvolvement: 'ai-edited',
    edit: true,
    schemaOrg: 'CompositeWithTrainedAlgorithmicMediaDigitalSource',
  },
  {
    code: 'algorithmicMedia',
    label: 'Created purely by an algorithm not based on sampled training data',
    status: 'current',
    aiInvolvement: 'none',
    schemaOrg: 'AlgorithmicMediaDigitalSource',
  },
  {
    code: 'screenCapture',
    label: 'Screen capture',
    status: 'current',
    aiInvolvement: 'none',
    schemaOrg: 'ScreenCaptureDigitalSource',
  },
  {
    code: 'virtualRecording',
    label: 'Recording of a virtual event',
    status: 'current',
    aiInvolvement: 'none',
    ambiguous: true,
    schemaOrg: 'VirtualRecordingDigitalSource',
  },
  {
    code: 'composite',
    label: 'Composite of several elements',
    status: 'current',
    aiInvolvement: 'none',
    ambiguous: true,
    schemaOrg: 'CompositeDigitalSource',
  },
  {
    code: 'compositeCapture',
    label: 'Composite of real-life captures',
    status: 'current',
    aiInvolvement: 'none',
    schemaOrg: 'CompositeCaptureDigitalSource',
  },
  {
    code: 'compositeSynthetic',
    label: 'Composite including generative-AI elements',
    status: 'current',
    aiInvolvement: 'ai-edited',
    schemaOrg: 'CompositeSyntheticDigitalSource',
  },
  { code: 'empty', label: 'Empty content (C2PA)', status: 'current', aiInvolvement: 'none', c2pa: true },
  {
    code: 'trainedAlgorithmicData',
    label: 'Data created by generative AI (C2PA)',
    status: 'current',
    aiInvolvement: 'ai-generated',
    c2pa: true,
  },
];

export const digitalSourceTypes: readonly DigitalSourceTypeInfo[] = entries.map(({ c2pa, ...entry }) => ({
  ...entry,
  uri: (c2pa ? C2PA_DST_BASE : IPTC_DST_BASE) + entry.code,
}));

const byCode = new Map(digitalSourceTypes.map((info) => [info.code.toLowerCase(), info]));
const bySchemaOrg = new Map(
  digitalSourceTypes.filter((info) => info.schemaOrg).map((info) => [info.schemaOrg!.toLowerCase(), info]),
);
const byUri = new Map(digitalSourceTypes.map((info) => [info.uri, info]));

const CODE = /^[A-Za-z][A-Za-z0-9]*$/u;
const URL = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\s]+)(\/[^?#\s]*)?(?:[?#]\S*)?$/iu;

/**
 * The normalised DST URI for any spelling met in real files, or undefined for garbage:
 * `http(s)://cv.iptc.org/newscodes/digitalsourcetype/<code>` (any case of scheme and host, trailing slash,
 * surrounding spaces), the bare code, `digsrctype:<code>`, `http(s)://c2pa.org/digitalsourcetype/<code>` and
 * schema.org members (`https://schema.org/TrainedAlgorithmicMediaDigitalSource`). Known codes come back in their
 * canonical case; an unknown code under the IPTC or C2PA path is kept (the vocabulary grows).
 */
export const normaliseDst = (input: unknown): string | undefined => {
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (text === '' || text.length > 300) return undefined;

  if (CODE.test(text)) return byCode.get(text.toLowerCase())?.uri;
  const alias = /^digsrctype:([A-Za-z][A-Za-z0-9]*)$/iu.exec(text);
  if (alias) return byCode.get(alias[1]!.toLowerCase())?.uri ?? IPTC_DST_BASE + alias[1]!;

  const url = URL.exec(text);
  if (!url) return undefined;
  const scheme = url[1]!.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return undefined;
  const host = url[2]!
    .toLowerCase()
    .replace(/^www\./u, '')
    .replace(/:(80|443)$/u, '');
  const segments = (url[3] ?? '').split('/').filter((s) => s !== '');
  const code = segments.at(-1);
  if (!code || !CODE.test(code)) return undefined;
  const known = byCode.get(code.toLowerCase());

  if (host === 'cv.iptc.org') {
    if (segments.length !== 3 || segments[0]!.toLowerCase() !== 'newscodes') return undefined;
    if (segments[1]!.toLowerCase() !== 'digitalsourcetype') return undefined;
    return known && !known.uri.startsWith(C2PA_DST_BASE) ? known.uri : IPTC_DST_BASE + code;
  }
  if (host === 'c2pa.org') {
    if (segments.length !== 2 || segments[0]!.toLowerCase() !== 'digitalsourcetype') return undefined;
    // An IPTC code under the C2PA path means the IPTC concept; compare on the IPTC URI.
    return known ? known.uri : C2PA_DST_BASE + code;
  }
  if (host === 'schema.org' && segments.length === 1) return bySchemaOrg.get(code.toLowerCase())?.uri;
  return undefined;
};

/** Vocabulary entry for any accepted spelling; undefined for unknown codes and garbage. */
export const dstInfo = (input: unknown): DigitalSourceTypeInfo | undefined => {
  const uri = normaliseDst(input);
  return uri === undefined ? undefined : byUri.get(uri);
};

/**
 * For C2PA actions: the normalised URI when the value is a DST spelling we know, else the value verbatim (trimmed),
 * as c2pa-rs reports unknown values. Undefined only for an empty or non-string value.
 */
export const normaliseDstOrVerbatim = (input: unknown): string | undefined => {
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  return text === '' ? undefined : (normaliseDst(text) ?? text);
};

/** The AI verdict a DST states about where content came from: only for unambiguous, non-edit codes. */
export const originVerdict = (dst: string | undefined): DstAiInvolvement | undefined => {
  const info = dstInfo(dst);
  return info && !info.ambiguous && !info.edit ? info.aiInvolvement : undefined;
};

/** The IPTC code that states an AI verdict, for a record no source gave a DST (normaliser) or that is written out. */
export const dstForInvolvement = (involvement: AiInvolvement): string | undefined =>
  involvement === 'ai-generated'
    ? DST_TRAINED_ALGORITHMIC_MEDIA
    : involvement === 'ai-edited'
      ? DST_COMPOSITE_WITH_TRAINED
      : undefined;
