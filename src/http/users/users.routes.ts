/** /api/v1/users: accounts, memberships, passwords and sessions. The identity service authorises each call. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { IdentityService } from '../../services/identity.service.ts';
import { presentSession, presentUser } from './users.presenter.ts';
import {
  createUserSchema,
  getUserSchema,
  grantSchema,
  listSessionsSchema,
  listUsersSchema,
  revokeSchema,
  revokeSessionSchema,
  revokeSessionsSchema,
  setPasswordSchema,
  updateUserSchema,
} from './users.schemas.ts';

export const userRoutes =
  (deps: { identity: IdentityService }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const { identity } = deps;

    app.get('/api/v1/users', { schema: listUsersSchema }, async (request) => {
      const { limit, cursor } = request.query;
      const page = await identity.listUsers(request.context, {
        limit: limit ?? 50,
        ...(cursor ? { cursor } : {}),
      });
      return { items: page.items.map(presentUser), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    });

    app.post('/api/v1/users', { schema: createUserSchema }, async (request, reply) => {
      const user = await identity.createUser(request.context, request.body);
      return reply.status(201).send(presentUser(user));
    });

    app.get('/api/v1/users/:user', { schema: getUserSchema }, async (request) =>
      presentUser(await identity.getUser(request.context, request.params.user)),
    );

    app.patch('/api/v1/users/:user', { schema: updateUserSchema }, async (request) =>
      presentUser(await identity.updateUser(request.context, request.params.user, request.body)),
    );

    app.put('/api/v1/users/:user/password', { schema: setPasswordSchema }, async (request, reply) => {
      const { password, currentPassword } = request.body;
      await identity.setPassword(request.context, request.params.user, password, currentPassword);
      return reply.status(204).send(null);
    });

    app.post('/api/v1/users/:user/memberships', { schema: grantSchema }, async (request) =>
      presentUser(await identity.grant(request.context, request.params.user, request.body)),
    );

    app.delete('/api/v1/users/:user/memberships/:teamId/:role', { schema: revokeSchema }, async (request) => {
      const { user, teamId, role } = request.params;
      return presentUser(await identity.revoke(request.context, user, { teamId, role }));
    });

    app.get('/api/v1/users/:user/sessions', { schema: listSessionsSchema }, async (request) => ({
      items: (await identity.sessionsOf(request.context, request.params.user)).map(presentSession),
    }));

    app.delete('/api/v1/users/:user/sessions', { schema: revokeSessionsSchema }, async (request) => ({
      revoked: await identity.revokeSessions(request.context, request.params.user),
    }));

    app.delete('/api/v1/users/:user/sessions/:sessionId', { schema: revokeSessionSchema }, async (request, reply) => {
      await identity.revokeSession(request.context, request.params.user, request.params.sessionId);
      return reply.status(204).send(null);
    });
  };
