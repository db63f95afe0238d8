/** /api/v1/tokens: create (the secret answered once), list, revoke. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { IdentityService } from '../../services/identity.service.ts';
import { presentToken } from './tokens.presenter.ts';
import { createTokenSchema, listTokensSchema, revokeTokenSchema } from './tokens.schemas.ts';

export const tokenRoutes =
  (deps: { identity: IdentityService }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const { identity } = deps;

    app.post('/api/v1/tokens', { schema: createTokenSchema }, async (request, reply) => {
      const { user, ...input } = request.body;
      const { token, secret } = await identity.createToken(request.context, {
        ...input,
        ...(user !== undefined ? { forUser: user } : {}),
      });
      // A secret must not sit in a cache on the way.
      reply.header('cache-control', 'no-store');
      return reply.status(201).send({ token: presentToken(token), secret });
    });

    app.get('/api/v1/tokens', { schema: listTokensSchema }, async (request) => ({
      items: (await identity.listTokens(request.context, request.query.user)).map(presentToken),
    }));

    app.delete('/api/v1/tokens/:id', { schema: revokeTokenSchema }, async (request) =>
      presentToken(await identity.revokeToken(request.context, request.params.id)),
    );
  };
