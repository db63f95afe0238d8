import { Type } from 'typebox';
import { errorResponses } from '../schemas.ts';

const Id = Type.String({ format: 'uuid', description: 'Asset id (UUIDv7)' });

const exportFields = {
  preset: Type.String({ minLength: 1, maxLength: 64, description: 'A rendition preset name (GET /api/v1/presets)' }),
  channel: Type.String({
    minLength: 1,
    maxLength: 40,
    description: "The channel the file is for (one of the organisation's, GET /api/v1/channels)",
  }),
  region: Type.Optional(
    Type.String({ minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2 code of where it will be used' }),
  ),
};

const usageCheckFirst =
  'The usage check decides first (the channel, region and — for a crop or a watermark — derivative use): a use it denies is 403 USAGE_DENIED with every reason in details.decision, and audited; nothing is made or sent.';

export const exportFileSchema = {
  tags: ['exports'],
  summary: 'Export one asset version for a channel: the preset rendition carrying its provenance',
  description:
    `${usageCheckFirst} The file carries IPTC/XMP (digital source type, AI fields, rights, credit) and its C2PA manifest — kept when the bytes are unchanged, or a new one signed with the organisation's certificate (header x-provena-c2pa: kept, signed or none). ` +
    'Renditions are made once and cached by content address. Its Schema.org JSON-LD is at the Link header (rel=describedby).',
  params: Type.Object({ id: Id }),
  querystring: Type.Object(
    { ...exportFields, version: Type.Optional(Type.Integer({ minimum: 1 })) },
    { additionalProperties: false },
  ),
};

export const jsonLdSchema = {
  tags: ['exports'],
  summary: 'The Schema.org JSON-LD of an asset version (ImageObject / MediaObject), as its exports carry it',
  params: Type.Object({ id: Id }),
  querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
  response: {
    200: Type.Object({}, { additionalProperties: true, description: 'application/ld+json' }),
    ...errorResponses,
  },
};

export const bulkExportSchema = {
  tags: ['exports'],
  summary: 'Export many assets as one zip stream (asset ids, a collection or a search query)',
  description:
    `${usageCheckFirst.replace('a use it denies', 'every asset is checked before the stream starts and again before its file; when none may leave, the answer')} ` +
    'The zip holds each allowed file with its JSON-LD sidecar (<name>.jsonld) and, last, manifest.json listing what was exported and what was refused with every reason. At most 10,000 assets.',
  body: Type.Object(
    {
      assetIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 10_000 })),
      collection: Type.Optional(Type.String({ minLength: 1, description: 'A collection id or name' })),
      query: Type.Optional(Type.String({ maxLength: 2000, description: 'A search query (docs/search.md)' })),
      ...exportFields,
    },
    { additionalProperties: false },
  ),
};
