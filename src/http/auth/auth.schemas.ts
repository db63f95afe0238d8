/** /api/v1/auth: first-admin setup, sign-in, sign-out, who am I. */
import { Type } from 'typebox';
import { permissions, tokenScopes } from '../../domain/access.ts';
import { errorResponses, stringEnum } from '../schemas.ts';
import { RoleEnum, UserBody } from '../users/users.schemas.ts';

const PermissionEnum = stringEnum(Object.keys(permissions) as (keyof typeof permissions)[]);
const tooMany = { 429: Type.Ref('ErrorBody') };

export const statusSchema = {
  tags: ['auth'],
  summary:
    'What a sign-in page needs before anyone signs in: whether the first admin is still to be made, and whether single sign-on is offered',
  response: {
    200: Type.Object(
      {
        setupRequired: Type.Boolean({
          description: 'No admin exists yet: POST /api/v1/auth/setup with the token `provena serve` printed',
        }),
        singleSignOn: Type.Boolean({
          description: 'GET /api/v1/auth/oidc/login signs in with the configured OpenID provider',
        }),
      },
      { additionalProperties: false },
    ),
  },
};

export const setupSchema = {
  tags: ['auth'],
  summary: 'Create the first admin with the one-time setup token `provena serve` printed (no sign-in needed)',
  description:
    'Refused with CONFLICT once an admin exists, whatever the token; UNAUTHENTICATED for an unknown, used or expired token. Sign in afterwards with POST /api/v1/auth/login.',
  body: Type.Object(
    {
      setupToken: Type.String({ minLength: 1, maxLength: 200, description: 'pvb_…, from the server log' }),
      username: Type.String({ minLength: 1, maxLength: 100 }),
      password: Type.String({ minLength: 1, maxLength: 1024, description: 'At least 12 characters' }),
      displayName: Type.Optional(Type.String({ maxLength: 200 })),
      email: Type.Optional(Type.String({ maxLength: 320 })),
    },
    { additionalProperties: false },
  ),
  response: { 201: UserBody, ...errorResponses, 409: Type.Ref('ErrorBody') },
};

export const loginSchema = {
  tags: ['auth'],
  summary: 'Sign in with a username and password: sets the HttpOnly session cookie and answers the CSRF token',
  description:
    "Every later write signed in with the cookie sends `X-CSRF-Token: <csrfToken>` (also set as the `provena_csrf` cookie, which the site's own pages can read after a reload). One message for every failure (unknown user, wrong password, disabled account); after a few failures per username or address the next attempt waits (RATE_LIMITED with Retry-After).",
  body: Type.Object(
    {
      username: Type.String({ minLength: 1, maxLength: 100 }),
      password: Type.String({ minLength: 1, maxLength: 1024 }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      user: UserBody,
      csrfToken: Type.String({ description: 'Send as X-CSRF-Token with every cookie-authenticated write' }),
      expiresAt: Type.String({ description: 'When the session ends (sign in again then)' }),
    }),
    ...errorResponses,
    ...tooMany,
  },
};

export const logoutSchema = {
  tags: ['auth'],
  summary: 'Sign out: ends the session of the cookie and clears it (the CSRF token is needed as for any write)',
  description: 'Without a session, or with one that has already ended, only clears the cookie.',
  response: { 204: Type.Null({ description: 'No content' }), ...errorResponses },
};

export const sessionSchema = {
  tags: ['auth'],
  summary: 'Who am I: the signed-in account, its memberships, and what it may do globally and on each team',
  response: {
    200: Type.Object({
      user: UserBody,
      globalPermissions: Type.Array(PermissionEnum),
      teams: Type.Array(
        Type.Object({
          teamId: Type.String({ description: 'A team id, or "*" for what applies on every team' }),
          teamName: Type.Optional(Type.String()),
          roles: Type.Array(RoleEnum),
          permissions: Type.Array(PermissionEnum),
        }),
      ),
      scopes: Type.Optional(
        Type.Array(stringEnum(tokenScopes), { description: 'Set when an API token authenticated the request' }),
      ),
    }),
    ...errorResponses,
  },
};
