import { Type, type TProperties } from 'typebox';
import { conflictingErrorResponses, errorResponses, PageLimit, pageOf } from '../schemas.ts';

const Id = Type.String({ format: 'uuid' });
const AssetIds = Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true });

export const FamilyBody = Type.Object(
  {
    id: Type.String(),
    state: Type.String({ description: 'suggested | confirmed' }),
    canonicalAssetId: Type.String(),
    reason: Type.String({ description: 'prompt-seed | batch | visual | manual' }),
    members: Type.Array(
      Type.Object({
        assetId: Type.String(),
        role: Type.String({ description: 'canonical | variant' }),
        state: Type.String({ description: 'suggested | confirmed' }),
        reason: Type.String(),
        matchedAssetId: Type.Optional(Type.String()),
        addedAt: Type.String(),
      }),
    ),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Family' },
);

const familyResponse = { 200: Type.Ref('Family'), ...conflictingErrorResponses };
const params = Type.Object({ id: Id });
const body = <T extends TProperties>(fields: T) => Type.Object(fields, { additionalProperties: false });

export const listFamiliesSchema = {
  tags: ['families'],
  summary: 'Variant families, newest first',
  querystring: Type.Object(
    {
      state: Type.Optional(Type.Union([Type.Literal('suggested'), Type.Literal('confirmed')])),
      limit: PageLimit,
      cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
    },
    { additionalProperties: false },
  ),
  response: {
    200: pageOf(Type.Ref('Family')),
    ...errorResponses,
  },
};
export const getFamilySchema = {
  tags: ['families'],
  summary: 'One family with its members',
  params,
  response: familyResponse,
};
export const confirmSchema = {
  tags: ['families'],
  summary: 'Confirm a suggested family (all members, or the listed ones)',
  params,
  body: body({ assetIds: Type.Optional(AssetIds) }),
  response: familyResponse,
};
export const splitSchema = {
  tags: ['families'],
  summary: 'Split the listed members off into a new confirmed family',
  params,
  body: body({ assetIds: AssetIds, canonical: Type.Optional(Id) }),
  response: {
    200: Type.Object({ from: Type.Optional(Type.Ref('Family')), created: Type.Ref('Family') }),
    ...conflictingErrorResponses,
  },
};
export const mergeSchema = {
  tags: ['families'],
  summary: 'Merge another family into this one',
  params,
  body: body({ sourceId: Id }),
  response: familyResponse,
};
export const addMemberSchema = {
  tags: ['families'],
  summary: 'Move an asset into this family (out of its current one, if any)',
  params,
  body: body({ assetId: Id }),
  response: familyResponse,
};
export const removeMemberSchema = {
  tags: ['families'],
  summary: 'Take a member out (reject a suggestion); a family left with one member is dissolved',
  params: Type.Object({ id: Id, assetId: Id }),
  response: {
    200: Type.Object({ family: Type.Optional(Type.Ref('Family')) }),
    ...conflictingErrorResponses,
  },
};
export const canonicalSchema = {
  tags: ['families'],
  summary: 'Set the canonical asset (the canonical rule decides who may be)',
  params,
  body: body({ assetId: Id }),
  response: familyResponse,
};
export const deprecateRestSchema = {
  tags: ['families'],
  summary: 'Deprecate every confirmed variant of a confirmed family, reported per asset',
  params,
  response: {
    200: Type.Object({
      family: Type.Ref('Family'),
      items: Type.Array(
        Type.Object({ assetId: Type.String(), outcome: Type.String(), reason: Type.Optional(Type.String()) }),
      ),
    }),
    ...conflictingErrorResponses,
  },
};
