import { Type, type TProperties } from 'typebox';
import { reviewDecisions, reviewRoles } from '../../domain/review.ts';
import { conflictingErrorResponses, errorResponses, PageLimit, pageOf, stringEnum, StatusEnum } from '../schemas.ts';

const Id = Type.String({ format: 'uuid' });
const params = Type.Object({ id: Id });
const body = <T extends TProperties>(fields: T) => Type.Object(fields, { additionalProperties: false });
const Tier = Type.Integer({
  minimum: 1,
  maximum: 3,
  description: 'risk tier: 1 one reviewer, 2 brand, 3 legal and compliance',
});
const RoleEnum = stringEnum(reviewRoles);
const FlagEnum = stringEnum(['near-duplicate-of-approved', 'family-candidates'] as const);
const Cursor = Type.Optional(Type.String({ maxLength: 500, pattern: '^[A-Za-z0-9_-]+$' }));

const Claim = Type.Object({
  assetId: Type.String(),
  claimantId: Type.String(),
  claimantUsername: Type.String(),
  claimedAt: Type.String(),
  expiresAt: Type.String(),
});

const SignOff = Type.Object({
  id: Type.String(),
  assetId: Type.String(),
  versionNumber: Type.Integer(),
  role: RoleEnum,
  decision: stringEnum(reviewDecisions),
  reason: Type.Optional(Type.String()),
  reviewerId: Type.String(),
  reviewerUsername: Type.String(),
  at: Type.String(),
});

export const Region = Type.Object(
  {
    x: Type.Number({ minimum: 0, maximum: 1 }),
    y: Type.Number({ minimum: 0, maximum: 1 }),
    w: Type.Number({ minimum: 0, maximum: 1 }),
    h: Type.Number({ minimum: 0, maximum: 1 }),
  },
  {
    additionalProperties: false,
    description: 'a rectangle on the picture in fractions of its width and height (x + w and y + h at most 1)',
  },
);

const Comment = Type.Object({
  id: Type.String(),
  assetId: Type.String(),
  versionNumber: Type.Integer(),
  authorId: Type.Optional(Type.String()),
  author: Type.String(),
  body: Type.String(),
  region: Type.Optional(Region),
  createdAt: Type.String(),
});

const QueueItem = Type.Object({
  assetId: Type.String(),
  title: Type.String(),
  status: StatusEnum,
  tier: Type.Integer(),
  teamId: Type.Optional(Type.String()),
  campaignId: Type.Optional(Type.String()),
  currentVersion: Type.Integer(),
  enteredReviewAt: Type.String(),
  roles: Type.Array(RoleEnum, { description: 'the sign-offs the caller could give' }),
  claim: Type.Optional(Claim),
  flags: Type.Array(FlagEnum),
});

const tags = ['review'];

export const queueSchema = {
  tags,
  summary: 'Assets in review the caller could sign off, oldest in review first',
  querystring: Type.Object(
    {
      tier: Type.Optional(Tier),
      role: Type.Optional(RoleEnum),
      team: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      campaign: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      claim: Type.Optional(stringEnum(['claimed', 'unclaimed', 'mine'] as const)),
      flagged: Type.Optional(Type.Boolean()),
      limit: PageLimit,
      cursor: Cursor,
    },
    { additionalProperties: false },
  ),
  response: { 200: pageOf(QueueItem), ...errorResponses },
};

export const countsSchema = {
  tags,
  summary: 'How many assets wait for the caller, per tier and per review role they hold',
  querystring: Type.Object(
    {
      team: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      campaign: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      total: Type.Integer(),
      byTier: Type.Object({ '1': Type.Integer(), '2': Type.Integer(), '3': Type.Integer() }),
      byRole: Type.Object({
        reviewer: Type.Optional(Type.Integer()),
        brand: Type.Optional(Type.Integer()),
        legal: Type.Optional(Type.Integer()),
        compliance: Type.Optional(Type.Integer()),
      }),
    }),
    ...errorResponses,
  },
};

export const statusSchema = {
  tags,
  summary: "An asset's review: tier, sign-offs on the current version, missing roles, claim, flags",
  params,
  response: {
    200: Type.Object({
      assetId: Type.String(),
      status: StatusEnum,
      tier: Type.Integer(),
      required: Type.Array(RoleEnum),
      version: Type.Integer(),
      signOffs: Type.Array(SignOff),
      earlierSignOffs: Type.Integer({ description: 'sign-offs of earlier versions, which no longer count' }),
      missing: Type.Array(RoleEnum),
      canSignAs: Type.Array(RoleEnum),
      claim: Type.Optional(Claim),
      flags: Type.Array(FlagEnum),
    }),
    ...errorResponses,
  },
};

export const claimSchema = {
  tags,
  summary: 'Claim an asset in review for a while (409 naming who holds it otherwise)',
  params,
  response: { 200: Claim, ...conflictingErrorResponses },
};

export const releaseSchema = {
  tags,
  summary: 'Release a claim',
  params,
  response: { 200: Type.Object({ released: Type.Boolean() }), ...conflictingErrorResponses },
};

export const decisionSchema = {
  tags,
  summary: 'Sign off the current version: approve, request changes or reject (with a reason)',
  params,
  body: body({
    decision: stringEnum(reviewDecisions),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    role: Type.Optional(RoleEnum),
    version: Type.Optional(
      Type.Integer({ minimum: 1, description: 'the version reviewed (409 when no longer current)' }),
    ),
  }),
  response: {
    200: Type.Object({
      assetId: Type.String(),
      version: Type.Integer(),
      tier: Type.Integer(),
      signOff: SignOff,
      missing: Type.Array(RoleEnum),
      transition: Type.Optional(Type.Object({ name: Type.String(), from: StatusEnum, to: StatusEnum })),
      status: StatusEnum,
    }),
    ...conflictingErrorResponses,
  },
};

export const listCommentsSchema = {
  tags,
  summary: 'Comments on an asset (one version with ?version=), oldest first',
  params,
  querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(Comment) }), ...errorResponses },
};

export const addCommentSchema = {
  tags,
  summary: 'Comment on a version (default: the current one), optionally on a region of the picture',
  params,
  body: body({
    body: Type.String({ minLength: 1, maxLength: 4000 }),
    region: Type.Optional(Region),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  }),
  response: { 201: Comment, ...errorResponses },
};

export const familyReviewSchema = {
  tags,
  summary: "Approve a confirmed family's canonical asset (as the caller's sign-off) and deprecate the rest",
  params,
  body: body({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }),
  response: {
    200: Type.Object({
      familyId: Type.String(),
      canonicalAssetId: Type.String(),
      items: Type.Array(
        Type.Object({
          assetId: Type.String(),
          role: stringEnum(['canonical', 'variant'] as const),
          outcome: Type.String({
            description: 'approved | signed-off | already-approved | failed | deprecated | skipped',
          }),
          missing: Type.Optional(Type.Array(RoleEnum)),
          reason: Type.Optional(Type.String()),
          error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
        }),
      ),
    }),
    ...conflictingErrorResponses,
  },
};
