/**
 * Single sign-on with OpenID Connect: who the provider says signed in, how its groups claim maps to memberships, and
 * the port the sign-in service reaches the provider through (auth/oidc-client.ts implements it over openid-client).
 * Pure: no I/O.
 *
 * The mapping is the provider's to keep: on every login the memberships it can express (its (role, team) pairs) are
 * set to what the claim says, and the others — granted by an admin in Provena — are left alone.
 */
import { allTeams, roles, type Role } from './access.ts';

/** Who the provider vouched for, from the validated ID token (and its userinfo where the token lacked a claim). */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  email?: string;
  /** Only a verified address may link an existing account. */
  emailVerified: boolean;
  preferredUsername?: string;
  name?: string;
  /** The values of the configured groups/roles claim. */
  groups: string[];
}

/** What a login's callback must match: made when the login starts, kept by the browser in a sealed cookie. */
export interface OidcLoginAttempt {
  state: string;
  nonce: string;
  /** The PKCE code verifier: only its hash went to the provider. */
  codeVerifier: string;
}

/** The provider, as the sign-in service needs it. */
export interface OidcClient {
  /** A new login: the provider's authorisation URL to send the browser to, and what its callback must match. */
  beginLogin(): Promise<{ url: string; attempt: OidcLoginAttempt }>;
  /**
   * The provider's answer on the callback (its query parameters): checks the state, exchanges the code with the PKCE
   * verifier, validates the ID token (signature, issuer, audience, expiry, nonce) and says who signed in.
   * OIDC_SIGN_IN_FAILED names the provider's error code or what did not verify; TRANSIENT_FAILURE when the provider
   * cannot be reached.
   */
  completeLogin(callback: URLSearchParams, attempt: OidcLoginAttempt): Promise<OidcIdentity>;
}

/** One membership the mapping grants: a team by name (or `*`, every team). */
export interface MappedGrant {
  role: Role;
  team: string;
}

/** Claim value → the memberships it grants (a Map: a claim value may be any string, "__proto__" included). */
export type RoleMapping = ReadonlyMap<string, readonly MappedGrant[]>;

/** Which existing account a first login may take over: none, the one with its verified e-mail, or its username. */
export const oidcLinkModes = ['none', 'email', 'username'] as const;
export type OidcLinkMode = (typeof oidcLinkModes)[number];

/**
 * Reads the mapping's JSON: `{"dam-admins":[{"role":"admin","team":"*"}],"brand":[{"role":"brand","team":"Brand
 * Studio"}]}`. Every problem is named with its place, so that one fix is enough.
 */
export function parseRoleMapping(json: string): RoleMapping | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    return { problem: `is not JSON (${(error as Error).message})` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { problem: 'must be a JSON object of claim value → [{"role": …, "team": …}]' };
  const problems: string[] = [];
  const mapping = new Map<string, MappedGrant[]>();
  for (const [value, grants] of Object.entries(parsed)) {
    if (!Array.isArray(grants)) {
      problems.push(`"${value}" must map to a list of {"role", "team"}`);
      continue;
    }
    const granted: MappedGrant[] = [];
    mapping.set(value, granted);
    for (const [i, grant] of (grants as unknown[]).entries()) {
      const at = `"${value}"[${i}]`;
      const { role, team, ...rest } = (typeof grant === 'object' && grant !== null ? grant : {}) as Record<
        string,
        unknown
      >;
      const unknownFields = Object.keys(rest);
      if (unknownFields.length > 0) problems.push(`${at} has unknown fields ${unknownFields.join(', ')}`);
      if (typeof role !== 'string' || !(roles as readonly string[]).includes(role))
        problems.push(`${at}.role must be one of ${roles.join(', ')}`);
      if (typeof team !== 'string' || team.trim() === '' || team.length > 200)
        problems.push(`${at}.team must be a team name (1–200 characters) or ${allTeams} for every team`);
      if (problems.length === 0) granted.push({ role: role as Role, team: (team as string).trim() });
    }
  }
  if (problems.length > 0) return { problem: problems.join('; ') };
  return mapping;
}

const grantKey = (grant: MappedGrant) => `${grant.role}\u0000${grant.team}`;

/** The memberships the claim values grant, each once. */
export function mappedGrants(groups: readonly string[], mapping: RoleMapping): MappedGrant[] {
  const grants = new Map<string, MappedGrant>();
  for (const group of groups) for (const grant of mapping.get(group) ?? []) grants.set(grantKey(grant), grant);
  return [...grants.values()];
}

/** Every membership the mapping can grant: the ones it owns, set on each login (the others are the admins'). */
export function mappableGrants(mapping: RoleMapping): MappedGrant[] {
  return mappedGrants([...mapping.keys()], mapping);
}

/**
 * A claim's values by name or dotted path (`realm_access.roles` for Keycloak): a string is one value, a list of
 * strings is its values; anything else counts as none.
 */
export function claimValues(claims: Readonly<Record<string, unknown>>, path: string): string[] {
  let value: unknown = Object.hasOwn(claims, path) ? claims[path] : undefined;
  if (value === undefined) {
    value = claims;
    for (const part of path.split('.'))
      value =
        typeof value === 'object' && value !== null && Object.hasOwn(value, part)
          ? (value as Record<string, unknown>)[part]
          : undefined;
  }
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * Usernames to try for a new account, best first: the provider's preferred username, the local part of the e-mail,
 * then one made from the subject (unique to the person at the provider). Each is cut to what usernames allow.
 */
export function usernameCandidates(identity: OidcIdentity, subjectDigest: string): string[] {
  const tidy = (raw: string) =>
    raw
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[._-]+|[._-]+$/g, '')
      .slice(0, 64)
      .replace(/[._-]+$/, '');
  const candidates = [identity.preferredUsername, identity.email?.split('@')[0]]
    .filter((raw): raw is string => raw !== undefined)
    .map(tidy)
    .filter((name) => name.length >= 3);
  const fallback = `sso-${subjectDigest.slice(0, 12)}`;
  return [
    ...new Set([
      ...candidates,
      ...candidates.map((name) => `${name.slice(0, 51)}-${subjectDigest.slice(0, 8)}`),
      fallback,
    ]),
  ];
}

/**
 * Where to send the browser after signing in: a path on this server, or `/`. Anything that a browser could read as
 * another origin — a full URL, `//host`, `/\host`, a backslash or control character anywhere — is refused, so that a
 * login link cannot forward someone to a look-alike site (an open redirect).
 */
export function safeReturnPath(requested: string | undefined): string {
  if (requested === undefined || requested.length > 2000) return '/';
  // eslint-disable-next-line no-control-regex
  if (!requested.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(requested) || /^\/[/]/.test(requested)) return '/';
  const base = 'http://provena.invalid';
  const resolved = URL.canParse(requested, base) ? new URL(requested, base) : undefined;
  if (resolved?.origin !== base) return '/';
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
