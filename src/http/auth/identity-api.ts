/** The identity part of the API: sign-in (/api/v1/auth), users, teams and API tokens, mounted by buildApp. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { IdentityService } from '../../services/identity.service.ts';
import { teamRoutes } from '../teams/teams.routes.ts';
import { tokenRoutes } from '../tokens/tokens.routes.ts';
import { userRoutes } from '../users/users.routes.ts';
import { authRoutes } from './auth.routes.ts';

export const identityRoutes =
  (deps: { identity: IdentityService; singleSignOn: boolean }): FastifyPluginAsyncTypebox =>
  async (app) => {
    await app.register(authRoutes(deps));
    await app.register(userRoutes(deps));
    await app.register(teamRoutes(deps));
    await app.register(tokenRoutes(deps));
  };
