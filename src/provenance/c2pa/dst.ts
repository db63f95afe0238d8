/**
 * Digital Source Type normalisation for values read from C2PA actions (provenance-formats.md §1.4, §2.2).
 *
 * Files carry `http://cv.iptc.org/…`, `https://cv.iptc.org/…`, values with a leading space, bare codes and the
 * `digsrctype:` alias. We normalise to `http://cv.iptc.org/newscodes/digitalsourcetype/<code>` (or the C2PA-only
 * `http://c2pa.org/digitalsourcetype/<code>`) with the vocabulary's own spelling of the code; anything else is
 * kept verbatim (trimmed), as c2pa-rs does with unknown values.
 */

const iptcBase = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
const c2paBase = 'http://c2pa.org/digitalsourcetype/';

const iptcCodes = [
  'digitalCapture',
  'computationalCapture',
  'negativeFilm',
  'positiveFilm',
  'print',
  'humanEdits',
  'minorHumanEdits',
  'algorithmicallyEnhanced',
  'digitalCreation',
  'digitalArt',
  'softwareImage',
  'dataDrivenMedia',
  'trainedAlgorithmicMedia',
  'compositeWithTrainedAlgorithmicMedia',
  'algorithmicMedia',
  'screenCapture',
  'virtualRecording',
  'composite',
  'compositeCapture',
  'compositeSynthetic',
] as const;
const c2paCodes = ['empty', 'trainedAlgorithmicData'] as const;

const byLowerCode = new Map<string, string>([
  ...iptcCodes.map((c) => [c.toLowerCase(), iptcBase + c] as const),
  ...c2paCodes.map((c) => [c.toLowerCase(), c2paBase + c] as const),
]);

const uriPattern =
  /^https?:\/\/(?:cv\.iptc\.org\/newscodes\/digitalsourcetype|c2pa\.org\/digitalsourcetype)\/([A-Za-z]+)\/?$/i;

/** Normalises a DST value; returns undefined for an empty or non-string value. */
export function normaliseDst(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const uri = uriPattern.exec(trimmed);
  const code = uri?.[1] ?? /^(?:digsrctype:)?([A-Za-z]+)$/.exec(trimmed)?.[1];
  if (code !== undefined) {
    const known = byLowerCode.get(code.toLowerCase());
    if (known) return known;
    // An unknown code under a known vocabulary: keep the code, normalise the scheme and host.
    if (uri) return (/c2pa\.org/i.test(trimmed) ? c2paBase : iptcBase) + code;
  }
  return trimmed;
}

/** The last path segment (the code) of a normalised DST, for comparisons. */
export const dstCode = (dst: string | undefined): string | undefined =>
  dst === undefined ? undefined : dst.slice(dst.lastIndexOf('/') + 1);

/** Codes that mean the content was made wholly by generative AI. */
export const aiGeneratedCodes: ReadonlySet<string> = new Set(['trainedAlgorithmicMedia', 'trainedAlgorithmicData']);
/** Codes that mean generative AI was part of the content. */
export const aiEditedCodes: ReadonlySet<string> = new Set([
  'compositeWithTrainedAlgorithmicMedia',
  'compositeSynthetic',
]);
/** Codes that, on a `c2pa.created` action, say the origin was not generative AI. */
export const nonAiOriginCodes: ReadonlySet<string> = new Set([
  'digitalCapture',
  'computationalCapture',
  'negativeFilm',
  'positiveFilm',
  'print',
  'digitalCreation',
  'digitalArt',
  'softwareImage',
  'dataDrivenMedia',
  'algorithmicMedia',
  'screenCapture',
  'compositeCapture',
  'empty',
]);
