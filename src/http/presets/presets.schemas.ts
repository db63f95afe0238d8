import { Type } from 'typebox';
import { maxPresetSide, presetColourSpaces } from '../../domain/export-presets.ts';
import { metadataPolicies, presetFits, presetFormats } from '../../domain/export.ts';
import { conflictingErrorResponses, errorResponses } from '../schemas.ts';

const Name = Type.String({ minLength: 1, maxLength: 64, description: 'The preset name, a lower-case slug (web-1600)' });

const presetFields = {
  description: Type.Optional(Type.String()),
  width: Type.Optional(Type.Integer({ description: `Bounding box width in pixels, 1–${maxPresetSide}` })),
  height: Type.Optional(Type.Integer({ description: `Bounding box height in pixels, 1–${maxPresetSide}` })),
  fit: Type.String({ description: `How the picture meets the box: ${presetFits.join(', ')} (never upscaled)` }),
  format: Type.String({ description: `Output format: ${presetFormats.join(', ')} (original keeps the type)` }),
  quality: Type.Optional(Type.Integer({ description: '1–100, JPEG and WebP only' })),
  colourSpace: Type.String({ description: presetColourSpaces.join(', ') }),
  metadata: Type.String({
    description: `What travels with the file: ${metadataPolicies.join(', ')} (keep-original: a byte-identical copy only)`,
  }),
  watermark: Type.Optional(Type.String({ description: 'A visible text drawn on the picture' })),
};

export const PresetBody = Type.Object({
  name: Type.String(),
  ...presetFields,
  updatedAt: Type.String(),
  updatedBy: Type.String({ description: 'Who stored it (actor label; system:seed for a default)' }),
});

/** Validated by the domain (every problem named at once), so the schema lets any value through to it. */
const PresetInput = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      'A rendition preset: {name, width?, height?, fit (default inside), format, quality?, colourSpace (default srgb), metadata (default provenance), description?, watermark?}.',
  },
);

export const listPresetsSchema = {
  tags: ['presets'],
  summary: "The organisation's channel rendition presets, by name",
  response: { 200: Type.Object({ items: Type.Array(PresetBody) }), ...errorResponses },
};

export const getPresetSchema = {
  tags: ['presets'],
  summary: 'One rendition preset',
  params: Type.Object({ name: Name }),
  response: { 200: PresetBody, ...errorResponses },
};

export const createPresetSchema = {
  tags: ['presets'],
  summary: 'Create or replace a rendition preset (presets:manage); audited',
  body: PresetInput,
  response: { 200: PresetBody, 201: PresetBody, ...conflictingErrorResponses },
};

export const putPresetSchema = {
  tags: ['presets'],
  summary: 'Create or replace the rendition preset of this name (presets:manage); audited',
  params: Type.Object({ name: Name }),
  body: PresetInput,
  response: { 200: PresetBody, 201: PresetBody, ...conflictingErrorResponses },
};

export const deletePresetSchema = {
  tags: ['presets'],
  summary: 'Delete a rendition preset (presets:manage); its cached renditions stay until their sources go',
  params: Type.Object({ name: Name }),
  response: { 204: Type.Null(), ...errorResponses },
};
