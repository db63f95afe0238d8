/** The schemas of the share-link routes: they validate, serialise and document (OpenAPI) them. */
import { Type } from 'typebox';
import { hitOutcomes, maxPasswordLength, maxWatermarkLength } from '../../domain/share-link.ts';
import { errorResponses, PageLimit, pageOf, stringEnum } from '../schemas.ts';

const Id = Type.String({ format: 'uuid' });

export const ShareLinkBody = Type.Object({
  id: Type.String(),
  scope: Type.Object({
    kind: stringEnum(['asset', 'collection'] as const),
    assetId: Type.Optional(Type.String()),
    collectionId: Type.Optional(Type.String()),
  }),
  teamId: Type.Union([Type.String(), Type.Null()]),
  channel: Type.String(),
  region: Type.Optional(Type.String()),
  preset: Type.Union([Type.String(), Type.Null()], { description: 'The rendition preset; null: the original' }),
  watermark: Type.Optional(Type.String({ description: 'The text drawn on every downloaded image' })),
  passwordProtected: Type.Boolean(),
  expiresAt: Type.String(),
  revokedAt: Type.Optional(Type.String()),
  revokedBy: Type.Optional(Type.String()),
  owner: Type.String({ description: 'Who made it (user:<name> or operator:<os user>)' }),
  createdAt: Type.String(),
  hitCount: Type.Integer({ description: 'Every hit, refused ones included' }),
  lastHitAt: Type.Optional(Type.String()),
});

const params = Type.Object({ id: Id });

export const createShareLinkSchema = {
  tags: ['share-links'],
  summary: 'Make a share link to an asset or a collection (share:manage on its team); the token is answered once',
  description:
    'The link opens at `url` without an account until it expires or is revoked; every hit checks the usage of each ' +
    'asset on the link’s channel and region at that moment. Only the SHA-256 of the token is kept: it cannot be shown again.',
  body: Type.Object(
    {
      assetId: Type.Optional(Id),
      collection: Type.Optional(
        Type.String({ minLength: 1, maxLength: 200, description: 'A collection id, or the name of one of yours' }),
      ),
      expires: Type.String({
        minLength: 1,
        maxLength: 40,
        description:
          'A duration (30m, 12h, 7d, 2w) or an ISO-8601 date and time; at most PROVENA_SHARE_LINK_MAX_DAYS ahead',
      }),
      channel: Type.String({
        minLength: 1,
        maxLength: 40,
        description: 'A channel of the organisation (web, social, …)',
      }),
      region: Type.Optional(Type.String({ minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2 code' })),
      preset: Type.Optional(
        Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], {
          description: 'A rendition preset’s name; absent or null: the original',
        }),
      ),
      password: Type.Optional(Type.String({ maxLength: maxPasswordLength, description: 'At least 8 characters' })),
      watermark: Type.Optional(
        Type.Union([Type.Boolean(), Type.String({ maxLength: maxWatermarkLength })], {
          description: 'true for the default text, or the text to draw on every downloaded image',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  response: {
    201: Type.Object({
      link: ShareLinkBody,
      token: Type.String({ description: 'The secret, shown this once' }),
      url: Type.String({ description: 'The link to hand out' }),
    }),
    ...errorResponses,
  },
};

export const listShareLinksSchema = {
  tags: ['share-links'],
  summary: "The caller's share links (scope=mine) or those of the teams where they hold share:manage (scope=team)",
  querystring: Type.Object(
    {
      scope: Type.Optional(stringEnum(['mine', 'team'] as const)),
      includeRevoked: Type.Optional(Type.Boolean()),
      limit: PageLimit,
      cursor: Type.Optional(Type.String({ maxLength: 400, pattern: '^[A-Za-z0-9_-]+$' })),
    },
    { additionalProperties: false },
  ),
  response: { 200: pageOf(ShareLinkBody), ...errorResponses },
};

export const getShareLinkSchema = {
  tags: ['share-links'],
  summary: 'One share link (its owner, or share:manage on its team)',
  params,
  response: { 200: ShareLinkBody, ...errorResponses },
};

export const revokeShareLinkSchema = {
  tags: ['share-links'],
  summary: 'Revoke a share link: refused from the next request on (its owner, or share:manage on its team)',
  params,
  response: { 200: ShareLinkBody, ...errorResponses },
};

export const shareLinkStatsSchema = {
  tags: ['share-links'],
  summary: 'The hits of a share link: per outcome, downloads and bytes, per asset',
  params,
  response: {
    200: Type.Object({
      linkId: Type.String(),
      hits: Type.Integer(),
      byOutcome: Type.Object(Object.fromEntries(hitOutcomes.map((o) => [o, Type.Integer()]))),
      downloads: Type.Integer(),
      bytes: Type.Integer(),
      firstHitAt: Type.Optional(Type.String()),
      lastHitAt: Type.Optional(Type.String()),
      byAsset: Type.Array(Type.Object({ assetId: Type.String(), downloads: Type.Integer(), bytes: Type.Integer() })),
    }),
    ...errorResponses,
  },
};

/** The token is not constrained here: a malformed one gets the answer an unknown one gets (410), not a 400. */
const tokenParams = Type.Object({ token: Type.String() });
const passwordHeader = Type.Object({
  'x-share-password': Type.Optional(Type.String({ description: 'The link’s password, when it has one' })),
});
const publicErrors = {
  401: Type.Ref('ErrorBody'),
  403: Type.Ref('ErrorBody'),
  404: Type.Ref('ErrorBody'),
  410: Type.Ref('ErrorBody'),
  429: Type.Ref('ErrorBody'),
};

export const openSharedSchema = {
  tags: ['share-links'],
  summary: 'Open a share link (public): what it shares, each asset checked for use now; HTML for a browser',
  description:
    'No account needed: the token is the authority. A password-protected link needs X-Share-Password. 410 ' +
    'SHARE_LINK_UNAVAILABLE for an unknown, malformed, revoked or expired link (details.reason), 401 ' +
    'SHARE_LINK_PASSWORD, 403 USAGE_DENIED when the asset may no longer be used on the link’s channel.',
  params: tokenParams,
  headers: passwordHeader,
  response: {
    200: Type.Object({
      kind: stringEnum(['asset', 'collection'] as const),
      title: Type.Optional(Type.String()),
      channel: Type.String(),
      region: Type.Optional(Type.String()),
      preset: Type.Union([Type.String(), Type.Null()]),
      watermark: Type.Boolean(),
      expiresAt: Type.String(),
      items: Type.Array(
        Type.Object({
          assetId: Type.String(),
          title: Type.String(),
          kind: Type.String(),
          available: Type.Boolean(),
          reasons: Type.Optional(Type.Array(Type.Object({ code: Type.String(), message: Type.String() }))),
          download: Type.Optional(Type.String({ description: 'The path of its file, when available' })),
        }),
      ),
    }),
    ...publicErrors,
  },
};

export const downloadSharedSchema = {
  tags: ['share-links'],
  summary: "Download a shared file (public): the link's asset in its preset, checked for use now",
  params: tokenParams,
  headers: passwordHeader,
};

export const downloadSharedMemberSchema = {
  tags: ['share-links'],
  summary: 'Download one asset a collection link shares (public)',
  params: Type.Object({ token: Type.String(), assetId: Type.String() }),
  headers: passwordHeader,
};
