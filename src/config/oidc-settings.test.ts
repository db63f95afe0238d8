import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const problemsOf = (env: Record<string, string>, flags: Record<string, string> = {}) => {
  try {
    loadConfig(env, flags);
  } catch (error) {
    return (error as { details: { problems: Array<{ field: string; problem: string }> } }).details.problems;
  }
  throw new Error('the configuration was accepted');
};

const complete = {
  PROVENA_OIDC_ISSUER: 'https://login.example.com/realms/staff',
  PROVENA_OIDC_CLIENT_ID: 'provena',
  PROVENA_OIDC_CLIENT_SECRET: 's3cret',
  PROVENA_OIDC_REDIRECT_URL: 'https://dam.example.com/api/v1/auth/oidc/callback',
};

describe('the single sign-on settings', () => {
  it('are off by default, with defaults for the rest', () => {
    const config = loadConfig({});
    expect(config.oidcIssuer).toBeUndefined();
    expect(config).toMatchObject({
      oidcScopes: ['openid', 'email', 'profile'],
      oidcGroupsClaim: 'groups',
      oidcCreateUsers: true,
      oidcLinkBy: 'email',
    });
  });

  it('read a complete configuration, the mapping included', () => {
    const config = loadConfig({
      ...complete,
      PROVENA_OIDC_SCOPES: 'openid, email groups',
      PROVENA_OIDC_GROUPS_CLAIM: 'realm_access.roles',
      PROVENA_OIDC_ROLE_MAPPING:
        '{"dam-admins":[{"role":"admin","team":"*"}],"brand":[{"role":"brand","team":"Brand Studio"}],"problem":[]}',
      PROVENA_OIDC_CREATE_USERS: 'false',
      PROVENA_OIDC_LINK_BY: 'none',
    });
    expect(config).toMatchObject({
      oidcIssuer: 'https://login.example.com/realms/staff',
      oidcScopes: ['openid', 'email', 'groups'],
      oidcGroupsClaim: 'realm_access.roles',
      oidcRoleMapping: new Map([
        ['dam-admins', [{ role: 'admin', team: '*' }]],
        ['brand', [{ role: 'brand', team: 'Brand Studio' }]],
        // A claim value named like the parser's own answer is still a claim value.
        ['problem', []],
      ]),
      oidcCreateUsers: false,
      oidcLinkBy: 'none',
    });
    // A provider on this machine may speak plain HTTP (development, tests).
    expect(loadConfig({ ...complete, PROVENA_OIDC_ISSUER: 'http://127.0.0.1:9000' }).oidcIssuer).toBe(
      'http://127.0.0.1:9000',
    );
  });

  it('need a client, a redirect URL and exactly one secret once the issuer is set', () => {
    expect(problemsOf({ PROVENA_OIDC_ISSUER: complete.PROVENA_OIDC_ISSUER }).map((p) => p.field)).toEqual([
      'PROVENA_OIDC_CLIENT_ID',
      'PROVENA_OIDC_REDIRECT_URL',
      'PROVENA_OIDC_CLIENT_SECRET',
    ]);
    const both = problemsOf({ ...complete, PROVENA_OIDC_CLIENT_SECRET_FILE: '/run/secrets/oidc' });
    expect(both).toEqual([
      {
        field: 'PROVENA_OIDC_CLIENT_SECRET',
        problem: 'and PROVENA_OIDC_CLIENT_SECRET_FILE: exactly one is required with PROVENA_OIDC_ISSUER',
      },
    ]);
    // A flag is named as a flag.
    expect(problemsOf({}, { oidcIssuer: complete.PROVENA_OIDC_ISSUER }).map((p) => p.problem)).toContain(
      'is required with --oidc-issuer',
    );
  });

  it('refuse sign-on settings without an issuer rather than ignore them', () => {
    expect(problemsOf({ PROVENA_OIDC_CLIENT_ID: 'provena', PROVENA_OIDC_ROLE_MAPPING: '{}' })).toEqual([
      {
        field: 'PROVENA_OIDC_CLIENT_ID',
        problem: 'is set but PROVENA_OIDC_ISSUER is not: single sign-on is off without an issuer',
      },
      {
        field: 'PROVENA_OIDC_ROLE_MAPPING',
        problem: 'is set but PROVENA_OIDC_ISSUER is not: single sign-on is off without an issuer',
      },
    ]);
  });

  it('name each bad value', () => {
    const problems = problemsOf({
      ...complete,
      PROVENA_OIDC_ISSUER: 'http://login.example.com',
      PROVENA_OIDC_REDIRECT_URL: 'https://dam.example.com/callback',
      PROVENA_OIDC_SCOPES: 'email profile',
      PROVENA_OIDC_ROLE_MAPPING: '{"brand":[{"role":"boss","team":"Brand"}]}',
      PROVENA_OIDC_LINK_BY: 'anything',
      PROVENA_OIDC_CREATE_USERS: 'maybe',
    });
    expect(Object.fromEntries(problems.map((p) => [p.field, p.problem]))).toEqual({
      PROVENA_OIDC_ISSUER:
        '"http://login.example.com" must be an https:// URL (plain http only for a provider on this machine)',
      PROVENA_OIDC_REDIRECT_URL: expect.stringContaining('must end with /api/v1/auth/oidc/callback') as string,
      PROVENA_OIDC_SCOPES: expect.stringContaining('must include openid') as string,
      PROVENA_OIDC_ROLE_MAPPING: expect.stringContaining('"brand"[0].role must be one of admin') as string,
      PROVENA_OIDC_LINK_BY: '"anything" must be one of none, email, username',
      PROVENA_OIDC_CREATE_USERS: '"maybe" must be true or false',
    });
  });
});
