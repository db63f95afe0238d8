/** /api/v1/users: accounts, their memberships and sessions. Password hashes and secret digests never appear here. */
import { Type, type Static } from 'typebox';
import { allTeams, roles } from '../../domain/access.ts';
import { conflictingErrorResponses, errorResponses, PageLimit, pageOf, stringEnum } from '../schemas.ts';

export const RoleEnum = stringEnum(roles);

export const MembershipBody = Type.Object(
  {
    teamId: Type.String({
      minLength: 1,
      maxLength: 100,
      description: `A team id (GET /api/v1/teams), or "${allTeams}" for every team`,
    }),
    role: RoleEnum,
  },
  { additionalProperties: false },
);

export const UserBody = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.Optional(Type.String()),
  disabled: Type.Boolean(),
  source: stringEnum(['local', 'oidc'] as const),
  createdAt: Type.String(),
  memberships: Type.Array(MembershipBody, { description: 'Roles per team; admin applies everywhere' }),
});
export type UserBodyType = Static<typeof UserBody>;

export const SessionBody = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  lastSeenAt: Type.String(),
  revokedAt: Type.Optional(Type.String()),
  userAgent: Type.Optional(Type.String()),
  clientIp: Type.Optional(Type.String()),
});
export type SessionBodyType = Static<typeof SessionBody>;

const UserParams = Type.Object({
  user: Type.String({ minLength: 1, maxLength: 100, description: 'User id or username' }),
});

const Password = Type.String({ minLength: 1, maxLength: 1024, description: 'At least 12 characters' });

export const listUsersSchema = {
  tags: ['users'],
  summary: 'List accounts by username, with cursor pagination (users:manage)',
  querystring: Type.Object(
    { limit: PageLimit, cursor: Type.Optional(Type.String({ maxLength: 100 })) },
    { additionalProperties: false },
  ),
  response: { 200: pageOf(UserBody), ...errorResponses },
};

export const createUserSchema = {
  tags: ['users'],
  summary: 'Create an account (users:manage)',
  description:
    'Without a password the account signs in through OpenID Connect only, or gets one later. VALIDATION_FAILED names every problem: a taken or malformed username, a short password, an unknown team or role.',
  body: Type.Object(
    {
      username: Type.String({ minLength: 1, maxLength: 100 }),
      password: Type.Optional(Password),
      displayName: Type.Optional(Type.String({ maxLength: 200 })),
      email: Type.Optional(Type.String({ maxLength: 320 })),
      memberships: Type.Optional(Type.Array(MembershipBody, { maxItems: 100 })),
    },
    { additionalProperties: false },
  ),
  response: { 201: UserBody, ...errorResponses },
};

export const getUserSchema = {
  tags: ['users'],
  summary: 'One account with its memberships (your own, or anyone with users:manage)',
  params: UserParams,
  response: { 200: UserBody, ...errorResponses },
};

export const updateUserSchema = {
  tags: ['users'],
  summary: 'Change the display name or email, disable or enable the account (users:manage)',
  description:
    'Disabling signs the account out everywhere; its API tokens stop working while it is disabled. You cannot disable yourself (CONFLICT).',
  params: UserParams,
  body: Type.Object(
    {
      displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      // Null first: with type coercion on, a null would otherwise pass as the string "".
      email: Type.Optional(
        Type.Union([Type.Null(), Type.String({ maxLength: 320 })], { description: 'null removes it' }),
      ),
      disabled: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  response: { 200: UserBody, ...conflictingErrorResponses },
};

export const setPasswordSchema = {
  tags: ['users'],
  summary: "Set a password: your own (with your current one), or anyone's with users:manage",
  description: 'Every session of the account is signed out.',
  params: UserParams,
  body: Type.Object(
    { password: Password, currentPassword: Type.Optional(Type.String({ maxLength: 1024 })) },
    { additionalProperties: false },
  ),
  response: { 204: Type.Null({ description: 'No content' }), ...errorResponses },
};

export const grantSchema = {
  tags: ['users'],
  summary: 'Give the account a role on a team, or on every team (users:manage)',
  params: UserParams,
  body: MembershipBody,
  response: { 200: UserBody, ...errorResponses },
};

export const revokeSchema = {
  tags: ['users'],
  summary: 'Take a role on a team away (users:manage); the last admin keeps theirs (CONFLICT)',
  params: Type.Object({
    user: UserParams.properties.user,
    teamId: MembershipBody.properties.teamId,
    role: RoleEnum,
  }),
  response: { 200: UserBody, ...conflictingErrorResponses },
};

export const listSessionsSchema = {
  tags: ['users'],
  summary: "The account's sessions, newest first (your own, or anyone's with users:manage)",
  params: UserParams,
  response: { 200: Type.Object({ items: Type.Array(SessionBody) }), ...errorResponses },
};

export const revokeSessionsSchema = {
  tags: ['users'],
  summary: 'Sign the account out everywhere (your own, or anyone with users:manage)',
  params: UserParams,
  response: { 200: Type.Object({ revoked: Type.Integer({ description: 'Sessions ended' }) }), ...errorResponses },
};

export const revokeSessionSchema = {
  tags: ['users'],
  summary: 'End one session of the account (your own, or anyone with users:manage)',
  params: Type.Object({ user: UserParams.properties.user, sessionId: Type.String({ maxLength: 100 }) }),
  response: { 204: Type.Null({ description: 'No content' }), ...errorResponses },
};
