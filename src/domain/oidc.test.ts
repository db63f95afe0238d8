import { describe, expect, it } from 'vitest';
import {
  claimValues,
  mappableGrants,
  mappedGrants,
  parseRoleMapping,
  safeReturnPath,
  usernameCandidates,
  type OidcIdentity,
  type RoleMapping,
} from './oidc.ts';

describe('OpenID Connect rules', () => {
  const mapping = parseRoleMapping(
    JSON.stringify({
      'dam-admins': [{ role: 'admin', team: '*' }],
      brand: [
        { role: 'brand', team: 'Brand Studio' },
        { role: 'viewer', team: 'Brand Studio' },
      ],
      'brand-leads': [{ role: 'brand', team: 'Brand Studio' }],
    }),
  ) as RoleMapping;

  it('maps claim values to memberships, each once, and ignores values it does not know', () => {
    expect(mappedGrants(['brand', 'brand-leads', 'interns', 'toString', '__proto__'], mapping)).toEqual([
      { role: 'brand', team: 'Brand Studio' },
      { role: 'viewer', team: 'Brand Studio' },
    ]);
    expect(mappedGrants([], mapping)).toEqual([]);
    expect(mappableGrants(mapping)).toHaveLength(3);
  });

  it('names every problem of a mapping with its place', () => {
    const problemOf = (json: string) => (parseRoleMapping(json) as { problem: string }).problem;
    expect(problemOf('{"a": [')).toMatch(/^is not JSON/);
    expect(problemOf('[]')).toContain('JSON object');
    const bad = parseRoleMapping(
      JSON.stringify({ x: [{ role: 'overlord', team: '' }], y: 'admin', z: [{ role: 'viewer', team: 'T', extra: 1 }] }),
    );
    const problem = (bad as { problem: string }).problem;
    expect(problem).toContain('"x"[0].role must be one of admin');
    expect(problem).toContain('"x"[0].team must be a team name');
    expect(problem).toContain('"y" must map to a list');
    expect(problem).toContain('"z"[0] has unknown fields extra');
  });

  it('reads a claim by name or dotted path, as a string or a list of strings', () => {
    const claims = { groups: ['a', 'b', 3], role: 'editor', realm_access: { roles: ['x'] }, 'dotted.name': 'd' };
    expect(claimValues(claims, 'groups')).toEqual(['a', 'b']);
    expect(claimValues(claims, 'role')).toEqual(['editor']);
    expect(claimValues(claims, 'realm_access.roles')).toEqual(['x']);
    expect(claimValues(claims, 'dotted.name')).toEqual(['d']);
    expect(claimValues(claims, 'missing.path')).toEqual([]);
    expect(claimValues(claims, 'constructor')).toEqual([]);
  });

  it('makes usernames that usernames allow, ending with one from the subject', () => {
    const identity: OidcIdentity = {
      issuer: 'https://idp',
      subject: 's',
      emailVerified: true,
      preferredUsername: 'Ana Lima',
      email: 'ana.lima@example.com',
      groups: [],
    };
    const names = usernameCandidates(identity, 'abcdef0123456789');
    expect(names[0]).toBe('ana-lima');
    expect(names).toContain('ana.lima');
    expect(names.at(-1)).toBe('sso-abcdef012345');
    for (const name of names) expect(name).toMatch(/^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/);
    expect(usernameCandidates({ ...identity, preferredUsername: '!!', email: undefined }, 'ff00')).toEqual([
      'sso-ff00',
    ]);
  });

  it('returns only to a path on this server, never to another origin', () => {
    expect(safeReturnPath('/assets?status=in_review#top')).toBe('/assets?status=in_review#top');
    expect(safeReturnPath(undefined)).toBe('/');
    for (const attempt of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      '\\\\evil.example',
      '/%0a/evil.example',
      '/\t/evil.example',
      'javascript:alert(1)',
      'evil.example',
      '',
      '/' + 'a'.repeat(3000),
    ])
      expect(safeReturnPath(attempt), attempt).toMatch(/^\/(?!\/)/);
    expect(safeReturnPath('//evil.example/x')).toBe('/');
    expect(safeReturnPath('/\t/evil.example')).toBe('/');
  });
});
