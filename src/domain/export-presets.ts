/**
 * Channel rendition presets (issue 15; decision 0035): the rules a preset must follow, the presets an
 * organisation starts with, and the cache key of a rendition — what makes two exports the same bytes. The preset's
 * shape is domain/export.ts's RenditionPreset; the exporter (src/provenance/export/) makes the bytes.
 */
import { digestOf } from './audit.ts';
import { validationFailed, type FieldProblem } from './errors.ts';
import { metadataPolicies, presetFits, presetFormats, type ExportRightsFacts, type RenditionPreset } from './export.ts';

export const presetColourSpaces = ['srgb', 'display-p3'] as const;

/** The largest side a preset may ask for: libvips handles more, but no channel needs it and it bounds the work. */
export const maxPresetSide = 16_384;
const maxNameLength = 64;
const maxDescriptionLength = 500;
const maxWatermarkLength = 200;
const presetName = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const presetFields = new Set([
  'name',
  'description',
  'width',
  'height',
  'fit',
  'format',
  'quality',
  'colourSpace',
  'metadata',
  'watermark',
]);
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A preset with the stored facts around it. */
export interface StoredPreset extends RenditionPreset {
  updatedAt: string;
  /** Actor label of who stored this version of it (a seeded default: `system:seed`). */
  updatedBy: string;
}

export interface PresetRepository {
  /** Every preset, by name. */
  list(): Promise<StoredPreset[]>;
  get(name: string): Promise<StoredPreset | undefined>;
  /** Inserts or replaces the preset of this name; answers whether it was new. */
  save(preset: RenditionPreset, at: string, by: string): Promise<{ created: boolean }>;
  /** Answers whether there was one. */
  delete(name: string): Promise<boolean>;
}

/** The presets a new organisation starts with (migration 0017 seeds them; an operator changes or deletes them). */
export const defaultPresets: readonly RenditionPreset[] = Object.freeze([
  {
    name: 'web-1600',
    description: 'Web pages: at most 1600 px on the long side, WebP',
    width: 1600,
    height: 1600,
    fit: 'inside',
    format: 'webp',
    quality: 82,
    colourSpace: 'srgb',
    metadata: 'provenance',
  },
  {
    name: 'social-1080',
    description: 'Social feeds: a 1080 px square, cropped to fill, JPEG',
    width: 1080,
    height: 1080,
    fit: 'cover',
    format: 'jpeg',
    quality: 85,
    colourSpace: 'srgb',
    metadata: 'provenance',
  },
  {
    name: 'print',
    description: 'Print: the original file, byte for byte, its metadata and C2PA manifest untouched',
    fit: 'inside',
    format: 'original',
    colourSpace: 'srgb',
    metadata: 'keep-original',
  },
  {
    name: 'email-800',
    description: 'Email: at most 800 px on the long side, JPEG (every mail client shows it)',
    width: 800,
    height: 800,
    fit: 'inside',
    format: 'jpeg',
    quality: 80,
    colourSpace: 'srgb',
    metadata: 'provenance',
  },
  {
    name: 'thumbnail-400',
    description: 'Thumbnails and previews: at most 400 px, WebP',
    width: 400,
    height: 400,
    fit: 'inside',
    format: 'webp',
    quality: 75,
    colourSpace: 'srgb',
    metadata: 'provenance',
  },
]);

const oneOf = (allowed: readonly string[]) => `must be one of ${allowed.join(', ')}`;

/**
 * A preset from what a caller sent (JSON, a file): every problem at once as one VALIDATION_FAILED naming each field
 * and what it accepts; `colourSpace` defaults to sRGB and `metadata` to provenance, `fit` to inside.
 */
export function parsePreset(value: unknown, field = 'preset'): RenditionPreset {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw validationFailed([{ field, problem: 'must be an object with name, format, … (a rendition preset)' }]);
  const input = value as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const at = (name: string) => `${field}.${name}`;
  for (const key of Object.keys(input))
    if (!presetFields.has(key))
      problems.push({ field: at(key), problem: `unknown field; ${oneOf([...presetFields])}` });

  const name = input.name;
  if (typeof name !== 'string' || name === '') problems.push({ field: at('name'), problem: 'is required' });
  else if (name.length > maxNameLength || !presetName.test(name))
    problems.push({
      field: at('name'),
      problem: `must be a lower-case slug of letters, digits and single hyphens, at most ${maxNameLength} characters (e.g. web-1600)`,
    });

  const description = optionalText(input.description, at('description'), maxDescriptionLength, problems);
  const watermark = optionalText(input.watermark, at('watermark'), maxWatermarkLength, problems);
  const width = optionalInteger(input.width, at('width'), 1, maxPresetSide, problems);
  const height = optionalInteger(input.height, at('height'), 1, maxPresetSide, problems);
  const quality = optionalInteger(input.quality, at('quality'), 1, 100, problems);
  const fit = choice(input.fit ?? 'inside', presetFits, at('fit'), problems);
  const format = choice(input.format, presetFormats, at('format'), problems);
  const colourSpace = choice(input.colourSpace ?? 'srgb', presetColourSpaces, at('colourSpace'), problems);
  const metadata = choice(input.metadata ?? 'provenance', metadataPolicies, at('metadata'), problems);

  if (quality !== undefined && format !== undefined && format !== 'jpeg' && format !== 'webp')
    problems.push({ field: at('quality'), problem: 'applies to jpeg and webp only' });
  if (fit !== undefined && fit !== 'inside' && (width === undefined || height === undefined))
    problems.push({ field: at('fit'), problem: `${fit} needs both width and height (the box to fill)` });
  if (
    metadata === 'keep-original' &&
    (format !== 'original' || width !== undefined || height !== undefined || watermark !== undefined)
  )
    problems.push({
      field: at('metadata'),
      problem:
        'keep-original passes the original through byte for byte: it needs format original, no width or height and no watermark',
    });
  if (problems.length > 0) throw validationFailed(problems);
  return {
    name: name as string,
    ...(description !== undefined ? { description } : {}),
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
    fit: fit!,
    format: format!,
    ...(quality !== undefined ? { quality } : {}),
    colourSpace: colourSpace!,
    metadata: metadata!,
    ...(watermark !== undefined ? { watermark } : {}),
  };
}

/** Whether the preset makes a byte-identical copy of the original (no pixels touched, no metadata written). */
export const isByteCopy = (preset: RenditionPreset): boolean =>
  preset.format === 'original' &&
  preset.width === undefined &&
  preset.height === undefined &&
  preset.watermark === undefined &&
  preset.metadata === 'keep-original';

/** The facts besides the source bytes and the preset that change what an export writes. */
export interface RenditionFacts {
  /** The exporter's version: its code and signing certificate (ProvenanceExporter.version). */
  exporterVersion: string;
  assetId: string;
  version: number;
  title?: string;
  description?: string;
  rights: ExportRightsFacts;
  contentUrl?: string;
}

/**
 * The cache key of a rendition beside the source's SHA-256: the SHA-256 of the canonical JSON (audit.ts digestOf:
 * keys sorted, undefined members left out) of the preset's byte-shaping fields and the facts. The name and
 * description are left out — renaming a preset does not change its bytes — and so is anything the exporter does not
 * write. The asset id and version stand for the file name and provenance record, which never change for a version.
 */
export function renditionDigest(preset: RenditionPreset, facts: RenditionFacts): string {
  const { name: _name, description: _description, ...shape } = preset;
  return digestOf({ preset: shape, ...facts });
}

function optionalText(value: unknown, field: string, max: number, problems: FieldProblem[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') problems.push({ field, problem: 'must be non-empty text' });
  else if (value.length > max) problems.push({ field, problem: `must be at most ${max} characters` });
  else if (controlCharacters.test(value)) problems.push({ field, problem: 'must not contain control characters' });
  else return value;
  return undefined;
}

function optionalInteger(
  value: unknown,
  field: string,
  min: number,
  max: number,
  problems: FieldProblem[],
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push({ field, problem: `must be a whole number from ${min} to ${max}` });
    return undefined;
  }
  return value;
}

function choice<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
  problems: FieldProblem[],
): T | undefined {
  if (value === undefined) {
    problems.push({ field, problem: `is required; ${oneOf(allowed)}` });
    return undefined;
  }
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    problems.push({ field, problem: `${JSON.stringify(value)} is unknown; ${oneOf(allowed)}` });
    return undefined;
  }
  return value as T;
}
