/**
 * /api/v1/auth: first-admin setup, sign-in (sets the session cookie), sign-out, who am I. Setup, sign-in and sign-out
 * are public routes (`config: { public: true }`): they run before anyone is signed in, or after the session ended.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { IdentityService } from '../../services/identity.service.ts';
import { presentUser } from '../users/users.presenter.ts';
import { requireCsrfToken } from './authenticate.ts';
import { loginSchema, logoutSchema, sessionSchema, setupSchema, statusSchema } from './auth.schemas.ts';
import {
  cameOverHttps,
  clearSessionCookie,
  sessionSecretOf,
  setCsrfCookie,
  setSessionCookie,
} from './session-cookie.ts';

export const authRoutes =
  (deps: { identity: IdentityService; singleSignOn: boolean }): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const { identity } = deps;

    app.get('/api/v1/auth/status', { schema: statusSchema, config: { public: true } }, async () => ({
      setupRequired: await identity.needsFirstAdmin(),
      singleSignOn: deps.singleSignOn,
    }));

    app.post('/api/v1/auth/setup', { schema: setupSchema, config: { public: true } }, async (request, reply) => {
      const { setupToken, ...user } = request.body;
      return reply.status(201).send(presentUser(await identity.createFirstAdmin(setupToken, user)));
    });

    app.post('/api/v1/auth/login', { schema: loginSchema, config: { public: true } }, async (request, reply) => {
      const userAgent = request.headers['user-agent'];
      const signedIn = await identity.signIn({
        ...request.body,
        clientIp: request.ip,
        ...(userAgent !== undefined ? { userAgent } : {}),
      });
      const secure = cameOverHttps(request);
      setSessionCookie(reply, { secret: signedIn.secret, ...signedIn.session }, secure);
      setCsrfCookie(reply, { csrfToken: signedIn.csrfToken, ...signedIn.session }, secure);
      const { memberships } = await identity.contextOf(signedIn.account.id);
      reply.header('cache-control', 'no-store');
      return {
        user: presentUser({ ...signedIn.account, memberships }),
        csrfToken: signedIn.csrfToken,
        expiresAt: signedIn.session.expiresAt,
      };
    });

    app.post('/api/v1/auth/logout', { schema: logoutSchema, config: { public: true } }, async (request, reply) => {
      const secret = sessionSecretOf(request);
      if (secret !== undefined) {
        // A live session is ended only with its CSRF token, like any write; one that has ended needs nothing.
        const session = await identity.authenticateSession(secret).then(
          (authenticated) => authenticated.session,
          () => undefined,
        );
        if (session) {
          requireCsrfToken(identity, session, request);
          await identity.signOut(secret);
        }
      }
      clearSessionCookie(reply, cameOverHttps(request));
      return reply.status(204).send(null);
    });

    app.get('/api/v1/auth/session', { schema: sessionSchema }, async (request) => {
      const { account, memberships, ...rest } = await identity.whoAmI(request.context);
      return { user: presentUser({ ...account, memberships }), ...rest };
    });
  };
