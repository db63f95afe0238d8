/**
 * Generator tool metadata: tries each tool's parser in an order that resolves the formats that overlap
 * (SwarmUI and Fooocus write `parameters` JSON; SwarmUI and comfy savers also write a ComfyUI `prompt`; NovelAI
 * and Midjourney both use `Description`), then, only when nothing else was found, stealth infotext in pixels.
 */
import type { RawMetadata, ToolReading } from '../contract.ts';
import { parseA1111, readingFromInfotext } from './a1111.ts';
import { parseComfyUi } from './comfyui.ts';
import { parseFooocus } from './fooocus.ts';
import { parseInvokeAi } from './invokeai.ts';
import { isJsonObject, parseJsonLossless } from './lossless-json.ts';
import { parseMidjourney } from './midjourney.ts';
import { newReading } from './tool-support.ts';
import { novelAiEntriesFromJson, parseNovelAi, readNovelAi } from './novelai.ts';
import type { RawPixels } from './stealth.ts';
import { readStealthHeader, readStealthPayload, stealthHeaderPixels } from './stealth.ts';
import { parseSwarmUi } from './swarmui.ts';

export type { RawPixels } from './stealth.ts';
export { parseA1111 } from './a1111.ts';
export { parseComfyUi } from './comfyui.ts';
export { parseFooocus } from './fooocus.ts';
export { parseInvokeAi } from './invokeai.ts';
export { parseMidjourney } from './midjourney.ts';
export { parseNovelAi } from './novelai.ts';
export { parseSwarmUi } from './swarmui.ts';

/**
 * Returns decoded RGBA (or RGB) pixels of the image's leftmost `columns` columns and top `rows` rows: stealth bits run
 * down the columns from the top left, so only the first pixels are ever needed, and decoding those costs memory by
 * the strip, not by the image. Called only when stealth may be present. A source may return more (the whole image).
 */
export type PixelSource = (region: { columns: number; rows: number }) => Promise<RawPixels | undefined>;

/** Largest strip decoded for a stealth payload: real payloads take a few thousand pixels, this is 16 MB of RGBA. */
const maxStealthStripPixels = 4_000_000;

export type ToolParser = (raw: RawMetadata) => ToolReading | undefined;

/** The parsers in the order they are tried; the first to recognise its format wins. */
export const toolParsers: ReadonlyArray<readonly [string, ToolParser]> = [
  ['swarmui', parseSwarmUi],
  ['fooocus', parseFooocus],
  ['invokeai', parseInvokeAi],
  ['novelai', parseNovelAi],
  ['comfyui', parseComfyUi],
  ['a1111', parseA1111],
  ['midjourney', parseMidjourney],
];

/** Fills fields the primary reading lacks from a secondary one (a comfy saver's infotext beside the graph). */
function fillFrom(target: ToolReading, source: ToolReading): void {
  const keys = [
    'model',
    'modelHash',
    'positive',
    'negative',
    'seed',
    'steps',
    'cfg',
    'sampler',
    'scheduler',
    'width',
    'height',
  ] as const;
  for (const key of keys) {
    if (target[key] === undefined && source[key] !== undefined)
      (target as unknown as Record<string, unknown>)[key] = source[key];
  }
  Object.assign(target.chunks, source.chunks);
  for (const [key, value] of Object.entries(source.extra)) if (!(key in target.extra)) target.extra[key] = value;
}

/** Tool metadata from text chunks and EXIF only (no pixel access). */
export function readToolMetadataSync(raw: RawMetadata): ToolReading | undefined {
  const warnings: string[] = [];
  for (const [name, parse] of toolParsers) {
    let reading: ToolReading | undefined;
    try {
      reading = parse(raw);
    } catch (error) {
      // A parser bug must not cost the whole record; report it and let the next parser try.
      warnings.push(`${name} parser failed: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (!reading) continue;
    if (reading.kind === 'comfyui') {
      const infotext = safely(() => parseA1111(raw), warnings);
      if (infotext) fillFrom(reading, infotext);
    }
    reading.warnings.unshift(...warnings);
    return reading;
  }
  // No reading to attach them to: problems of the raw read belong with the raw metadata.
  raw.warnings.push(...warnings);
  return undefined;
}

function safely<T>(fn: () => T, warnings: string[]): T | undefined {
  try {
    return fn();
  } catch (error) {
    warnings.push(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

/** Could this image hide stealth infotext? 8-bit RGB(A) PNGs only (what the writers produce). */
export function mayHoldStealth(raw: RawMetadata): boolean {
  const hints = raw.pixelHints;
  if (!hints || hints.bitDepth !== 8) return false;
  if (hints.width <= 0 || hints.height <= 0) return false;
  // Enough pixels for the signature and length, at three bits per pixel (RGB variant).
  if (hints.width * hints.height < Math.ceil((15 * 8 + 32) / 3)) return false;
  return hints.colorType === 2 || hints.colorType === 6 || hints.hasAlpha;
}

/** A reading from a stealth payload: NovelAI's JSON map or A1111 infotext. */
export function readingFromStealth(text: string, signature: string): ToolReading {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const obj = parseJsonLossless(trimmed);
      if (isJsonObject(obj)) {
        const entries = novelAiEntriesFromJson(obj);
        if (entries) {
          const reading = newReading('novelai', { stealth: text });
          readNovelAi(entries, reading);
          reading.extra.stealth = signature;
          return reading;
        }
      }
    } catch {
      // Not JSON after all: fall through to infotext.
    }
  }
  const reading = readingFromInfotext(text, 'stealth');
  reading.extra.stealth = signature;
  return reading;
}

/**
 * All tool metadata: text chunks and EXIF first; stealth pixels only when those hold nothing, the pixel hints allow
 * it and a pixel source is given. Problems that belong to no reading (a damaged stealth payload, a parser that
 * failed) are appended to `raw.warnings`.
 */
export async function readToolMetadata(raw: RawMetadata, pixels?: PixelSource): Promise<ToolReading | undefined> {
  const reading = readToolMetadataSync(raw);
  if (reading || !pixels || !mayHoldStealth(raw)) return reading;
  try {
    return await readStealth(raw.pixelHints!, pixels);
  } catch (error) {
    raw.warnings.push(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

/** The pixels that can hold a header first (the top of the first column); the columns its payload takes only then. */
async function readStealth(
  image: { width: number; height: number },
  pixels: PixelSource,
): Promise<ToolReading | undefined> {
  const { width, height } = image;
  const headerColumns = Math.ceil(stealthHeaderPixels / height);
  const first = await pixels({ columns: headerColumns, rows: headerColumns === 1 ? stealthHeaderPixels : height });
  const header = first ? readStealthHeader(first, width * height) : undefined;
  if (!first || !header) return undefined;
  const columns = Math.ceil(header.pixels / height);
  if (columns * height > maxStealthStripPixels)
    throw new Error(`stealth: ${header.signature} announces ${header.bits} bits, more than the pixels read for it`);
  // The first pixels hold it all already when the source gave more than asked, or the payload is short.
  const holdsAll = first.height === height ? first.width >= columns : header.pixels <= first.height;
  const strip = holdsAll ? first : await pixels({ columns, rows: height });
  const payload = strip ? readStealthPayload(strip) : undefined;
  return payload ? readingFromStealth(payload.text, payload.signature) : undefined;
}
