import { Type } from 'typebox';
import { tagCategories, tagSources, type TagSource } from '../../domain/enrichment.ts';
import { deliveryQueryFields } from '../delivery.ts';
import { errorResponses, stringEnum } from '../schemas.ts';

const Id = Type.String({ format: 'uuid', description: 'Asset id (UUIDv7)' });
const Open = (description: string) => Type.Object({}, { additionalProperties: true, description });

const TagItem = Type.Object({
  label: Type.String(),
  category: stringEnum(tagCategories),
  source: Type.Unsafe<TagSource>({
    type: 'string',
    enum: [...tagSources],
    description:
      'Where the evidence came from: prompt (the prompt, whether or not the file name says it too), file-name (only ' +
      'the file name: weaker evidence), visual (a vision model), manual (a person), connector (the source system), objects (the object detector: COCO classes)',
  }),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  model: Type.String({ description: 'The model (and its version) that produced the tag' }),
});

export const EnrichmentBody = Type.Object({
  assetId: Type.String(),
  kind: Type.String(),
  versionNumber: Type.Integer(),
  pending: Type.Array(Type.String(), { description: 'Enrichers with no result yet (queued or not yet run)' }),
  results: Type.Array(Open('One enricher: model, modelVersion, status (done | failed | pending), error, producedAt')),
  renditions: Type.Array(Open('role, mediaType, width, height, sha256, size, url')),
  previewAvailable: Type.Boolean({ description: 'A preview is stored or is made on its first request' }),
  previewUrl: Type.Optional(
    Type.String({ description: 'The 1024 px WebP preview; rendered on its first request, then kept' }),
  ),
  signals: Type.Optional(Open('Visual signals: size, alpha, transparent share, thumbhash placeholder')),
  video: Type.Optional(Open('Duration, codec, size, frame rate')),
  palette: Type.Array(Open('hex, Lab, share, name, family')),
  tags: Type.Array(TagItem),
  hashes: Type.Optional(Open('64-bit dHash/pHash (hex) of the whole image and of its inset')),
  embeddings: Type.Array(Open('model, modelVersion, dimensions, producedAt (the vector is not sent)')),
  nearDuplicates: Type.Array(Open('assetId, matchedAssetId, verdict, distances, reason, decidedBy')),
  family: Type.Optional(Open('The variant family the asset belongs to')),
});

export const enrichmentsSchema = {
  tags: ['enrichment'],
  summary:
    'Every enrichment of an asset version: renditions, palette, tags, hashes, embeddings, near-duplicates, family, job state',
  params: Type.Object({ id: Id }),
  querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
  response: { 200: EnrichmentBody, ...errorResponses },
};

export const renditionSchema = {
  tags: ['enrichment'],
  summary: 'A rendition file (WebP): thumbnail, preview, poster or keyframe',
  params: Type.Object({
    id: Id,
    role: Type.Union([
      Type.Literal('thumbnail'),
      Type.Literal('preview'),
      Type.Literal('poster'),
      Type.Literal('keyframe'),
    ]),
  }),
  querystring: Type.Object(
    {
      version: Type.Optional(Type.Integer({ minimum: 1 })),
      position: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
      ...deliveryQueryFields,
    },
    { additionalProperties: false },
  ),
};
