import { describe, expect, it } from 'vitest';
import {
  actorLabel,
  allTeams,
  can,
  operatorContext,
  permissions,
  rolePermissions,
  roles,
  rolesOn,
  systemContext,
  teamsWith,
  type Permission,
  type RequestContext,
} from './access.ts';

const user = (memberships: RequestContext['memberships'], scopes?: RequestContext['scopes']): RequestContext => ({
  actor: { kind: 'user', userId: 'u1', username: 'ana' },
  memberships,
  ...(scopes ? { scopes } : {}),
});

describe('can', () => {
  it('grants team-scoped permissions on the member’s own team only', () => {
    const creator = user([{ teamId: 'brand-studio', role: 'creator' }]);
    expect(can(creator, 'asset:create', 'brand-studio')).toBe(true);
    expect(can(creator, 'asset:read', 'brand-studio')).toBe(true);
    expect(can(creator, 'asset:read', 'finance')).toBe(false);
    expect(can(creator, 'asset:read', undefined)).toBe(false);
    expect(can(creator, 'review:tier1', 'brand-studio')).toBe(false);
    expect(can(creator, 'users:manage')).toBe(false);
  });

  it('lets a membership of every team reach every team, and admin everything', () => {
    const legal = user([{ teamId: allTeams, role: 'legal' }]);
    expect(can(legal, 'review:legal', 'finance')).toBe(true);
    expect(can(legal, 'asset:read', undefined)).toBe(true);
    expect(can(legal, 'review:compliance', 'finance')).toBe(false);
    const admin = user([{ teamId: allTeams, role: 'admin' }]);
    for (const permission of Object.keys(permissions) as Permission[])
      expect(can(admin, permission, 'any-team')).toBe(true);
  });

  it('narrows a user’s roles by the scopes of the token they came with, never widens them', () => {
    const reviewer = [{ teamId: 't', role: 'reviewer' as const }];
    expect(can(user(reviewer, ['read']), 'asset:read', 't')).toBe(true);
    expect(can(user(reviewer, ['read']), 'review:tier1', 't')).toBe(false);
    expect(can(user(reviewer, ['review']), 'review:tier1', 't')).toBe(true);
    expect(can(user(reviewer, ['admin']), 'users:manage')).toBe(false);
    expect(can(user(reviewer, []), 'asset:read', 't')).toBe(false);
  });

  it('leaves the local operator and the system unrestricted, and names every actor for the audit log', () => {
    expect(can(operatorContext('root'), 'users:manage')).toBe(true);
    expect(can(systemContext('enrichment'), 'asset:edit', 'x')).toBe(true);
    expect(actorLabel(operatorContext('root').actor)).toBe('operator:root');
    expect(actorLabel(systemContext('enrichment').actor)).toBe('system:enrichment');
    expect(actorLabel(user([]).actor)).toBe('user:ana');
  });

  it('gives every role at least read access, and only admin user management', () => {
    for (const role of roles) {
      expect(rolePermissions[role]).toContain('asset:read');
      expect(rolePermissions[role].includes('users:manage')).toBe(role === 'admin');
    }
  });
});

describe('teamsWith and rolesOn', () => {
  it('lists the teams a permission reaches, or all', () => {
    const ctx = user([
      { teamId: 'a', role: 'creator' },
      { teamId: 'b', role: 'viewer' },
      { teamId: 'c', role: 'publisher' },
    ]);
    expect([...(teamsWith(ctx, 'asset:read') as string[])].sort()).toEqual(['a', 'b', 'c']);
    expect(teamsWith(ctx, 'asset:create')).toEqual(['a']);
    expect(teamsWith(user([{ teamId: allTeams, role: 'viewer' }]), 'asset:read')).toBe('all');
    expect(teamsWith(user([{ teamId: 'a', role: 'viewer' }], ['write']), 'asset:read')).toEqual([]);
    expect(
      rolesOn(
        user([
          { teamId: 'a', role: 'brand' },
          { teamId: allTeams, role: 'legal' },
        ]),
        'a',
      ).sort(),
    ).toEqual(['brand', 'legal']);
  });
});
