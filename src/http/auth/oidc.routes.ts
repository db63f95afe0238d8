/**
 * /api/v1/auth/oidc: single sign-on (mounted only when an issuer is configured). Both routes are public: the browser
 * is not signed in yet. The login in progress travels in a sealed cookie (oidc-login-cookie.ts); the callback ends
 * it whatever happens, signs in through the service and sets the same session cookie a password sign-in sets.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProvenaError } from '../../domain/errors.ts';
import { safeReturnPath } from '../../domain/oidc.ts';
import type { OidcSignInService } from '../../services/oidc-sign-in.service.ts';
import {
  clearLoginCookie,
  loginCookieOf,
  oidcLoginLifetimeSeconds,
  sealLogin,
  setLoginCookie,
  unsealLogin,
} from './oidc-login-cookie.ts';
import { oidcCallbackSchema, oidcLoginSchema } from './oidc.schemas.ts';
import { cameOverHttps, setCsrfCookie, setSessionCookie } from './session-cookie.ts';

export interface OidcRouteDeps {
  service: Pick<OidcSignInService, 'beginLogin' | 'completeLogin'>;
  /** Seals the login cookie (oidcLoginKey). */
  loginKey: Buffer;
  now?: () => Date;
}

const failed = (message: string, reason: string) => new ProvenaError('OIDC_SIGN_IN_FAILED', message, { reason });

export const oidcRoutes =
  (deps: OidcRouteDeps): FastifyPluginAsyncTypebox =>
  // eslint-disable-next-line @typescript-eslint/require-await
  async (app) => {
    const now = () => deps.now?.() ?? new Date();
    const redirect = (reply: FastifyReply, location: string) =>
      reply.header('cache-control', 'no-store').redirect(location, 303);

    app.get(
      '/api/v1/auth/oidc/login',
      { schema: oidcLoginSchema, config: { public: true } },
      async (request, reply) => {
        const { url, attempt } = await deps.service.beginLogin();
        const sealed = sealLogin(deps.loginKey, {
          ...attempt,
          returnTo: safeReturnPath(request.query.returnTo),
          expiresAt: now().getTime() + oidcLoginLifetimeSeconds * 1000,
        });
        setLoginCookie(reply, sealed, cameOverHttps(request));
        return redirect(reply, url);
      },
    );

    app.get(
      '/api/v1/auth/oidc/callback',
      { schema: oidcCallbackSchema, config: { public: true } },
      async (request, reply) => {
        const secure = cameOverHttps(request);
        clearLoginCookie(reply, secure);
        const login = unsealLogin(deps.loginKey, loginCookieOf(request), now());
        if (!login)
          throw failed(
            'No sign-in was started in this browser, or it took longer than ten minutes, or it was started at another ' +
              'address than the one the provider returns to (PROVENA_OIDC_REDIRECT_URL): start again at ' +
              '/api/v1/auth/oidc/login on that address.',
            'no-login-in-progress',
          );
        // Checked here as well as by the code exchange, so that an answer meant for another login is refused before
        // anything is sent to the provider. A refusal by the provider is named even so (its code only: the rest of
        // an answer that is not this login's is not repeated).
        if (request.query.state !== login.state && request.query.error !== undefined)
          throw new ProvenaError(
            'OIDC_SIGN_IN_FAILED',
            `The OpenID provider refused the sign-in: ${request.query.error}.`,
            { providerError: request.query.error, reason: 'state-mismatch' },
          );
        if (request.query.state !== login.state)
          throw failed(
            "The provider's answer belongs to another sign-in than the one this browser started (state mismatch): start again.",
            'state-mismatch',
          );
        const userAgent = request.headers['user-agent'];
        const signedIn = await deps.service.completeLogin(queryOf(request), login, {
          clientIp: request.ip,
          ...(userAgent !== undefined ? { userAgent } : {}),
        });
        setSessionCookie(reply, { secret: signedIn.secret, expiresAt: signedIn.session.expiresAt }, secure);
        // A redirect has no JSON answer to carry the CSRF token: the site's pages read it from its cookie.
        setCsrfCookie(reply, { csrfToken: signedIn.csrfToken, expiresAt: signedIn.session.expiresAt }, secure);
        return redirect(reply, login.returnTo);
      },
    );
  };

/** The callback's query string exactly as the provider sent it (every parameter, its own ones included). */
const queryOf = (request: FastifyRequest): URLSearchParams => {
  const at = request.url.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : request.url.slice(at + 1));
};
