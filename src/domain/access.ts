/**
 * Who is acting and what they may do. Every service method takes a RequestContext first and asks `can`/`authorise`
 * here; routes and commands only build the context (from a session, an API token, the local operator or a job) and
 * pass it on. Pure: no I/O.
 *
 * Roles are held per team (a membership), or on every team at once (`allTeams`); `admin` is global. A role grants
 * permissions; an API token's scopes can only narrow what its user's roles grant, never widen it.
 */

export const roles = ['admin', 'creator', 'reviewer', 'brand', 'legal', 'compliance', 'publisher', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** The team id of a membership that applies to every team (a legal team that signs off for the whole company). */
export const allTeams = '*';

/** What a caller may do. Team-scoped permissions are checked against the team of the asset concerned. */
export const permissions = {
  'asset:read': 'see assets, their versions, provenance, enrichment and history',
  'asset:create': 'ingest assets and upload new versions',
  'asset:edit': 'correct intake fields and descriptive metadata, submit for review, release from quarantine',
  'asset:delete': 'soft-delete assets',
  'asset:restore': 'restore soft-deleted assets and purge them',
  'asset:publish': 'publish approved assets',
  'asset:archive': 'archive and unarchive assets',
  'asset:quarantine': 'put assets in quarantine',
  'family:manage': 'confirm, split and merge variant families, deprecate variants',
  'collection:manage':
    "keep collections and saved searches in the team, share them with it, and change one's own (or, for an admin, anyone's)",
  'review:tier1': 'sign off tier-1 assets (one reviewer)',
  'review:brand': 'sign off tier-2 assets (brand team)',
  'review:legal': 'give the legal sign-off of tier-3 assets',
  'review:compliance': 'give the compliance sign-off of tier-3 assets',
  'review:comment': 'comment on versions under review',
  'policy:edit': 'change the risk policy',
  'brand:manage': 'create brands, import their guideline versions and upload their reference logos',
  'brand:check': 'run the brand check of an asset now and clear its re-review flag',
  'jobs:manage': 'retry and cancel background jobs',
  'audit:read': 'read and verify the audit log',
  'storage:maintain': 'check the blob store against the database and remove what nothing refers to (doctor)',
  'users:manage': 'create users, teams and memberships; revoke sessions and tokens of others',
  'presets:manage':
    "define the organisation's channel rendition presets (size, crop, format, quality, metadata policy)",
  'rights:edit': "set the rights record of the team's assets (licence, channels, regions, dates, release, AI origin)",
  'channels:manage': "add channels to the organisation's list and remove them",
  'share:manage':
    "make share links for the team's assets and collections (expiring, revocable public URLs), list, revoke and count the team's links",
} as const;
export type Permission = keyof typeof permissions;

/** Permissions that concern one team's assets; the others are global (granted by a role held anywhere). */
const teamScoped = new Set<Permission>([
  'asset:read',
  'asset:create',
  'asset:edit',
  'asset:delete',
  'asset:publish',
  'asset:archive',
  'asset:quarantine',
  'family:manage',
  'collection:manage',
  'review:tier1',
  'review:brand',
  'review:legal',
  'review:compliance',
  'review:comment',
  'brand:check',
  'rights:edit',
  'share:manage',
]);

export const isTeamScoped = (permission: Permission): boolean => teamScoped.has(permission);

const reviewing: Permission[] = ['asset:read', 'review:comment', 'family:manage', 'collection:manage'];

/** What each role grants. Admin holds every permission on every team. */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: Object.keys(permissions) as Permission[],
  creator: [
    'asset:read',
    'asset:create',
    'asset:edit',
    'asset:delete',
    'family:manage',
    'collection:manage',
    'review:comment',
    'brand:check',
    'share:manage',
  ],
  reviewer: [...reviewing, 'review:tier1'],
  brand: [...reviewing, 'review:brand', 'brand:manage', 'brand:check', 'presets:manage'],
  legal: [...reviewing, 'review:legal', 'asset:quarantine', 'audit:read', 'rights:edit', 'channels:manage'],
  compliance: [
    ...reviewing,
    'review:compliance',
    'asset:quarantine',
    'policy:edit',
    'audit:read',
    'rights:edit',
    'channels:manage',
  ],
  publisher: ['asset:read', 'asset:publish', 'asset:archive', 'collection:manage', 'share:manage'],
  viewer: ['asset:read', 'collection:manage'],
};

/** API token scopes, and the permissions each admits. A token with no scope admits nothing. */
export const tokenScopes = ['read', 'write', 'review', 'publish', 'admin'] as const;
export type TokenScope = (typeof tokenScopes)[number];
const scopeOf: Record<Permission, TokenScope> = {
  'asset:read': 'read',
  'audit:read': 'read',
  'asset:create': 'write',
  'asset:edit': 'write',
  'asset:delete': 'write',
  'family:manage': 'write',
  'collection:manage': 'write',
  'review:comment': 'write',
  'brand:check': 'write',
  'rights:edit': 'write',
  'review:tier1': 'review',
  'review:brand': 'review',
  'review:legal': 'review',
  'review:compliance': 'review',
  'asset:publish': 'publish',
  'asset:archive': 'publish',
  // A share link distributes an asset outside the organisation: a publishing act.
  'share:manage': 'publish',
  'asset:quarantine': 'admin',
  'asset:restore': 'admin',
  'policy:edit': 'admin',
  'presets:manage': 'admin',
  // The channel list is organisation-wide configuration, like the risk policy.
  'channels:manage': 'admin',
  'brand:manage': 'admin',
  'jobs:manage': 'admin',
  'storage:maintain': 'admin',
  'users:manage': 'admin',
};
export const scopeFor = (permission: Permission): TokenScope => scopeOf[permission];

/**
 * Who is acting: a signed-in user (session or API token), the local operator (the CLI run by someone who can read the
 * data directory and database: they could change anything anyway, so the CLI records who they are instead of pretending
 * to check), or the system itself (jobs, schedules, intake bookkeeping).
 */
export type Actor =
  | { kind: 'user'; userId: string; username: string }
  | { kind: 'operator'; osUser: string }
  | { kind: 'system'; name: string };

export interface Membership {
  /** A team id, or `allTeams`. */
  teamId: string;
  role: Role;
}

export interface RequestContext {
  actor: Actor;
  memberships: readonly Membership[];
  /** Set when the request came with an API token: its scopes narrow what the roles grant. */
  scopes?: readonly TokenScope[];
}

/** How the audit log and error messages name the actor. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return `user:${actor.username}`;
    case 'operator':
      return `operator:${actor.osUser}`;
    case 'system':
      return `system:${actor.name}`;
  }
}

export const systemContext = (name: string): RequestContext => ({ actor: { kind: 'system', name }, memberships: [] });
export const operatorContext = (osUser: string): RequestContext => ({
  actor: { kind: 'operator', osUser },
  memberships: [],
});

/** Whether the context is above the role model: the local operator and the system may do everything. */
const unrestricted = (ctx: RequestContext) => ctx.actor.kind !== 'user';

export const isAdmin = (ctx: RequestContext): boolean =>
  unrestricted(ctx) || ctx.memberships.some((m) => m.role === 'admin');

/**
 * Whether the context may do `permission` — on `teamId`'s assets for a team-scoped permission (a membership of that
 * team or of every team); a global permission needs the role on any team. An asset without a team is reachable only
 * through memberships of every team.
 */
export function can(ctx: RequestContext, permission: Permission, teamId?: string | null): boolean {
  if (unrestricted(ctx)) return true;
  if (ctx.scopes && !ctx.scopes.includes(scopeFor(permission))) return false;
  return ctx.memberships.some(
    (m) =>
      rolePermissions[m.role].includes(permission) &&
      (m.role === 'admin' ||
        !isTeamScoped(permission) ||
        m.teamId === allTeams ||
        (teamId !== undefined && teamId !== null && m.teamId === teamId)),
  );
}

/** The teams whose assets the context may see: every team, or a list (possibly empty). */
export function teamsWith(ctx: RequestContext, permission: Permission): 'all' | string[] {
  if (unrestricted(ctx)) return 'all';
  if (ctx.scopes && !ctx.scopes.includes(scopeFor(permission))) return [];
  const granting = ctx.memberships.filter((m) => rolePermissions[m.role].includes(permission));
  if (granting.some((m) => m.role === 'admin' || m.teamId === allTeams)) return 'all';
  return [...new Set(granting.map((m) => m.teamId))];
}

/** The roles the context holds on a team (its own memberships there and those on every team). */
export const rolesOn = (ctx: RequestContext, teamId: string | null | undefined): Role[] => [
  ...new Set(
    ctx.memberships
      .filter((m) => m.role === 'admin' || m.teamId === allTeams || (teamId != null && m.teamId === teamId))
      .map((m) => m.role),
  ),
];

/** The user id behind the context, if it is a user. */
export const userIdOf = (ctx: RequestContext): string | undefined =>
  ctx.actor.kind === 'user' ? ctx.actor.userId : undefined;
