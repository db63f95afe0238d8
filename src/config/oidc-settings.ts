/**
 * The single sign-on settings (OpenID Connect), part of config.ts's table. Sign-on is off unless the issuer is set;
 * once it is, the client, the redirect URL and a secret are required, and every other sign-on setting without an
 * issuer is refused rather than silently ignored.
 */
import { resolve } from 'node:path';
import { isIP } from 'node:net';
import type { FieldProblem } from '../domain/errors.ts';
import { oidcLinkModes, parseRoleMapping, type OidcLinkMode, type RoleMapping } from '../domain/oidc.ts';

export interface OidcConfig {
  /** The provider's issuer URL; absent: single sign-on is off. */
  oidcIssuer?: string;
  oidcClientId?: string;
  oidcClientSecret?: string;
  /** A file holding the client secret (kept out of the environment and the process list). */
  oidcClientSecretFile?: string;
  /** This server's callback as the provider knows it (…/api/v1/auth/oidc/callback). */
  oidcRedirectUrl?: string;
  oidcScopes: readonly string[];
  /** The claim (a name or a dotted path) whose values the role mapping reads. */
  oidcGroupsClaim: string;
  /** Claim value → memberships; absent: sign-on grants no roles. */
  oidcRoleMapping?: RoleMapping;
  /** Whether someone without an account gets one on their first login (with only the roles the mapping grants). */
  oidcCreateUsers: boolean;
  /** Which existing account a first login may take over. */
  oidcLinkBy: OidcLinkMode;
}

export const oidcCallbackPath = '/api/v1/auth/oidc/callback';

const isLoopback = (hostname: string) => {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
};

/** HTTPS, or plain HTTP to this machine only (a provider in development or in tests). */
const issuerUrl = (value: string): string | { problem: string } => {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || url.search || url.hash || url.username || url.password)
    return { problem: 'must be the provider’s issuer URL, like https://login.example.com/realms/staff' };
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname)))
    return { problem: 'must be an https:// URL (plain http only for a provider on this machine)' };
  // Kept as written: the provider's metadata must name exactly this issuer (a trailing slash included).
  return value;
};

const redirectUrl = (value: string): string | { problem: string } => {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username)
    return {
      problem: `must be this server's public URL of ${oidcCallbackPath}, like https://dam.example.com${oidcCallbackPath}`,
    };
  if (!url.pathname.endsWith(oidcCallbackPath))
    return { problem: `must end with ${oidcCallbackPath} (the route that receives the provider's answer)` };
  return url.href;
};

const scopeList = (value: string): readonly string[] | { problem: string } => {
  const scopes = [...new Set(value.split(/[\s,]+/).filter(Boolean))];
  if (!scopes.includes('openid')) return { problem: 'must include openid (it is what makes the login OpenID Connect)' };
  const bad = scopes.find((scope) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope));
  return bad === undefined
    ? Object.freeze(scopes)
    : { problem: `has a scope with characters scopes cannot hold ("${bad}")` };
};

const bool = (value: string) =>
  ['true', '1', 'yes', 'on'].includes(value.toLowerCase())
    ? true
    : ['false', '0', 'no', 'off'].includes(value.toLowerCase())
      ? false
      : { problem: 'must be true or false' };

export const oidcSettings = [
  {
    key: 'oidcIssuer',
    env: 'PROVENA_OIDC_ISSUER',
    flag: '--oidc-issuer',
    description:
      'single sign-on: the OpenID Connect provider’s issuer URL (its /.well-known/openid-configuration is read); absent, sign-on is off',
    parse: issuerUrl,
  },
  {
    key: 'oidcClientId',
    env: 'PROVENA_OIDC_CLIENT_ID',
    flag: '--oidc-client-id',
    description: 'single sign-on: the client id Provena is registered under at the provider',
    parse: (value: string) => value,
  },
  {
    key: 'oidcClientSecret',
    env: 'PROVENA_OIDC_CLIENT_SECRET',
    flag: '--oidc-client-secret',
    description: 'single sign-on: the client secret (or give --oidc-client-secret-file)',
    parse: (value: string) => value,
  },
  {
    key: 'oidcClientSecretFile',
    env: 'PROVENA_OIDC_CLIENT_SECRET_FILE',
    flag: '--oidc-client-secret-file',
    description: 'single sign-on: a file holding the client secret, read at start',
    parse: (value: string) => resolve(value),
  },
  {
    key: 'oidcRedirectUrl',
    env: 'PROVENA_OIDC_REDIRECT_URL',
    flag: '--oidc-redirect-url',
    description: `single sign-on: this server's callback URL as registered at the provider, https://<public host>${oidcCallbackPath}`,
    parse: redirectUrl,
  },
  {
    key: 'oidcScopes',
    env: 'PROVENA_OIDC_SCOPES',
    flag: '--oidc-scopes',
    default: 'openid email profile',
    description:
      'single sign-on: scopes asked for, space- or comma-separated (add the one that releases the groups claim, if the provider needs one)',
    parse: scopeList,
  },
  {
    key: 'oidcGroupsClaim',
    env: 'PROVENA_OIDC_GROUPS_CLAIM',
    flag: '--oidc-groups-claim',
    default: 'groups',
    description:
      'single sign-on: the claim holding the groups or roles the mapping reads (a dotted path such as realm_access.roles reaches into an object)',
    parse: (value: string) =>
      /^[^\s.]+(\.[^\s.]+)*$/.test(value) ? value : { problem: 'must be a claim name or a dotted path' },
  },
  {
    key: 'oidcRoleMapping',
    env: 'PROVENA_OIDC_ROLE_MAPPING',
    flag: '--oidc-role-mapping',
    description:
      'single sign-on: JSON mapping claim values to memberships, e.g. {"dam-admins":[{"role":"admin","team":"*"}],"brand":[{"role":"brand","team":"Brand Studio"}]}; reset on every login',
    parse: parseRoleMapping,
  },
  {
    key: 'oidcCreateUsers',
    env: 'PROVENA_OIDC_CREATE_USERS',
    flag: '--oidc-create-users',
    default: 'true',
    description:
      'single sign-on: create an account on first login for someone who has none (with only the roles the mapping grants)',
    parse: bool,
  },
  {
    key: 'oidcLinkBy',
    env: 'PROVENA_OIDC_LINK_BY',
    flag: '--oidc-link-by',
    default: 'email',
    description:
      'single sign-on: which existing account a first login takes over: email (the one account with its verified address), username (the provider’s preferred_username: only if the provider controls it), or none',
    parse: (value: string): OidcLinkMode | { problem: string } =>
      oidcLinkModes.find((mode) => mode === value) ?? { problem: `must be one of ${oidcLinkModes.join(', ')}` },
  },
] as const;

/**
 * The settings that only make sense together: with an issuer, the client id, the redirect URL and one secret; without
 * one, none of the sign-on settings an operator sets by hand. `nameOf` names a setting as the operator gave it.
 */
export function oidcProblems(config: Partial<OidcConfig>, nameOf: (key: keyof OidcConfig) => string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const given = (key: keyof OidcConfig) => config[key] !== undefined;
  if (!given('oidcIssuer')) {
    for (const key of [
      'oidcClientId',
      'oidcClientSecret',
      'oidcClientSecretFile',
      'oidcRedirectUrl',
      'oidcRoleMapping',
    ] as const)
      if (given(key))
        problems.push({
          field: nameOf(key),
          problem: `is set but ${nameOf('oidcIssuer')} is not: single sign-on is off without an issuer`,
        });
    return problems;
  }
  for (const key of ['oidcClientId', 'oidcRedirectUrl'] as const)
    if (!given(key)) problems.push({ field: nameOf(key), problem: `is required with ${nameOf('oidcIssuer')}` });
  if (given('oidcClientSecret') === given('oidcClientSecretFile'))
    problems.push({
      field: nameOf('oidcClientSecret'),
      problem: `${given('oidcClientSecret') ? 'and' : 'or'} ${nameOf('oidcClientSecretFile')}: exactly one is required with ${nameOf('oidcIssuer')}`,
    });
  return problems;
}
