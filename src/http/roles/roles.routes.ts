/**
 * /api/v1/roles: the role model (domain/access.ts) — what each role may do, and whether a permission holds on the
 * team the role is held on or everywhere — so that whoever grants a role can see what it gives.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isTeamScoped, permissions, rolePermissions, roles, type Permission } from '../../domain/access.ts';
import { errorResponses, stringEnum } from '../schemas.ts';

const permissionNames = Object.keys(permissions) as Permission[];

const rolesSchema = {
  tags: ['users'],
  summary: 'The roles and what each may do (anyone signed in)',
  response: {
    200: Type.Object({
      roles: Type.Array(Type.Object({ role: stringEnum(roles), permissions: Type.Array(stringEnum(permissionNames)) })),
      permissions: Type.Array(
        Type.Object({
          permission: stringEnum(permissionNames),
          description: Type.String(),
          teamScoped: Type.Boolean({
            description: "Holds on the team the role is held on (else everywhere); admin's hold on every team",
          }),
        }),
      ),
    }),
    ...errorResponses,
  },
};

export const roleRoutes =
  (): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    app.get('/api/v1/roles', { schema: rolesSchema }, () => ({
      roles: roles.map((role) => ({ role, permissions: [...rolePermissions[role]] })),
      permissions: permissionNames.map((permission) => ({
        permission,
        description: permissions[permission],
        teamScoped: isTeamScoped(permission),
      })),
    }));
  };
