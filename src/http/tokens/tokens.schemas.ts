/** /api/v1/tokens: API tokens. The secret is answered once, at creation; only its digest is stored. */
import { Type, type Static } from 'typebox';
import { maxTokenLifetimeDays } from '../../domain/identity.ts';
import { tokenScopes } from '../../domain/access.ts';
import { errorResponses, stringEnum } from '../schemas.ts';

const ScopeEnum = stringEnum(tokenScopes);

export const TokenBody = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  name: Type.String(),
  scopes: Type.Array(ScopeEnum),
  createdAt: Type.String(),
  expiresAt: Type.Optional(Type.String()),
  lastUsedAt: Type.Optional(Type.String()),
  revokedAt: Type.Optional(Type.String()),
});
export type TokenBodyType = Static<typeof TokenBody>;

export const createTokenSchema = {
  tags: ['tokens'],
  summary: 'Create an API token (for yourself; for another user with users:manage). The secret is shown once.',
  description:
    "Scopes narrow what the account's roles grant, never widen them: read (asset:read, audit:read), write (ingest, edit, delete, families, comments), review (sign-offs), publish (publish, archive), admin (the rest). Send it as `Authorization: Bearer pvt_…`; never in a URL.",
  body: Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 100, description: 'What the token is for (a CI job, a script)' }),
      scopes: Type.Array(ScopeEnum, { minItems: 1, maxItems: tokenScopes.length, uniqueItems: true }),
      expiresInDays: Type.Optional(
        Type.Integer({ minimum: 1, maximum: maxTokenLifetimeDays, default: 90, description: 'Days until it expires' }),
      ),
      user: Type.Optional(
        Type.String({ minLength: 1, maxLength: 100, description: 'User id or username (default: yourself)' }),
      ),
    },
    { additionalProperties: false },
  ),
  response: {
    201: Type.Object({
      token: TokenBody,
      secret: Type.String({ description: 'pvt_…: shown this once, keep it like a password' }),
    }),
    ...errorResponses,
  },
};

export const listTokensSchema = {
  tags: ['tokens'],
  summary: "Your API tokens, or another user's with users:manage (never their secrets)",
  querystring: Type.Object(
    {
      user: Type.Optional(
        Type.String({ minLength: 1, maxLength: 100, description: 'User id or username (default: yourself)' }),
      ),
    },
    { additionalProperties: false },
  ),
  response: { 200: Type.Object({ items: Type.Array(TokenBody) }), ...errorResponses },
};

export const revokeTokenSchema = {
  tags: ['tokens'],
  summary: "Revoke an API token (your own, or anyone's with users:manage); revoking twice answers the same",
  params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
  response: { 200: TokenBody, ...errorResponses },
};
