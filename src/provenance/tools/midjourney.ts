/**
 * Midjourney: PNG text `Description` = "<prompt> --ar 2:1 --v 6 Job ID: <uuid>",
 * `Author` = the account that prompted, `Creation Time`; XMP iptcExt:DigImageGUID = the job id and
 * DigitalSourceType = trainedAlgorithmicMedia. JPEG/WebP downloads put the description in EXIF ImageDescription
 * or XMP dc:description and name Midjourney in Make/Software.
 */
import type { RawMetadata, ToolReading } from '../contract.ts';
import { newReading, textOf, toSeed } from './tool-support.ts';

const JOB_ID = /Job ID:\s*([0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12})/i;
const PARAM_START = /(?:^|\s)--[a-z][a-z0-9]*/i;

/** Splits "<prompt> --ar 2:1 --no text, logo --v 6 Job ID: …" into prompt, parameters and job id. */
export function parseMidjourneyDescription(description: string): {
  prompt: string;
  params: Array<[string, string]>;
  jobId?: string;
} {
  const job = JOB_ID.exec(description);
  const body = (job ? description.slice(0, job.index) : description).trim();
  const start = PARAM_START.exec(body);
  const prompt = (start ? body.slice(0, start.index) : body).trim();
  const params: Array<[string, string]> = [];
  if (start) {
    const re = /--([a-z][a-z0-9]*)\s*((?:(?!\s--[a-z]).)*)/gis;
    const tail = body.slice(start.index);
    for (let m = re.exec(tail); m; m = re.exec(tail)) params.push([m[1] ?? '', (m[2] ?? '').trim()]);
  }
  return job?.[1] ? { prompt, params, jobId: job[1] } : { prompt, params };
}

/** XMP DigImageGUID (element or attribute form, any prefix), without a full XMP parse. */
function digImageGuid(raw: RawMetadata): string | undefined {
  for (const packet of raw.xmp) {
    const m = /:DigImageGUID\s*=\s*"([^"]*)"|:DigImageGUID>\s*([^<]*?)\s*</.exec(packet);
    if (m) return m[1] ?? m[2];
  }
  return undefined;
}

function xmpDescription(raw: RawMetadata): string | undefined {
  for (const packet of raw.xmp) {
    const m = /<dc:description>[\s\S]*?<rdf:li[^>]*>([\s\S]*?)<\/rdf:li>/.exec(packet);
    if (m?.[1])
      return m[1]
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'");
  }
  return undefined;
}

export function parseMidjourney(raw: RawMetadata): ToolReading | undefined {
  const exif = raw.exif;
  // Without a Job ID in the text, accept a description only when something else names Midjourney: EXIF
  // Make/Software, or the PNG pair it always writes (Author = account, XMP DigImageGUID = job id).
  const namedMidjourney =
    /midjourney/i.test(`${exif?.make ?? ''} ${exif?.software ?? ''} ${exif?.artist ?? ''}`) ||
    (textOf(raw, 'Author') !== undefined && digImageGuid(raw) !== undefined);
  const candidates: Array<[string, string | undefined]> = [
    ['Description', textOf(raw, 'Description')],
    ['ImageDescription', exif?.imageDescription],
    ['dc:description', xmpDescription(raw)],
  ];
  const found = candidates.find(
    ([, text]) => text !== undefined && (JOB_ID.test(text) || (namedMidjourney && text.trim() !== '')),
  );
  if (!found?.[1]) return undefined;
  const [chunk, description] = found as [string, string];
  const reading = newReading('midjourney', { [chunk]: description });
  reading.system = 'Midjourney';
  const parsed = parseMidjourneyDescription(description);
  if (parsed.prompt) reading.positive = parsed.prompt;
  for (const [key, value] of parsed.params) {
    reading.extra[`--${key}`] = value;
    if (key === 'v' || key === 'version') reading.version = value;
    else if (key === 'niji') reading.version = `niji ${value}`.trim();
    else if (key === 'no' && value) reading.negative = value;
    else if (key === 'seed') {
      const seed = toSeed(value);
      if (seed !== undefined) reading.seed = seed;
    } else if ((key === 'ar' || key === 'aspect') && value) reading.extra.aspectRatio = value;
  }
  const jobId = parsed.jobId ?? digImageGuid(raw);
  if (jobId) reading.extra['Job ID'] = jobId;
  for (const key of ['Author', 'Creation Time']) {
    const text = textOf(raw, key);
    if (text !== undefined) {
      reading.chunks[key] = text;
      reading.extra[key] = text;
    }
  }
  return reading;
}
