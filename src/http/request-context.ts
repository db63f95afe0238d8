/**
 * Who is asking: every route but the public ones (health, the API documents, and any route declared with
 * `config: { public: true }` — sign-in, first-admin setup, the OpenID Connect redirects) runs with `request.context`,
 * set by the authenticator the server gives buildApp, before the route reads any of the body. Routes pass it to the services,
 * which authorise; an authenticator that cannot tell who is asking throws UNAUTHENTICATED (401).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestContext } from '../domain/access.ts';
import { ProvenaError } from '../domain/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, with their roles and scopes: set on every route that is not public (publicRoutes). */
    context: RequestContext;
  }
  interface FastifyContextConfig {
    /**
     * A route anyone may call, without credentials (sign-in, say): it runs without `request.context`. A function
     * decides per URL (the web app's pages are public, an unknown API URL under the same wildcard is not).
     */
    public?: boolean | ((url: string) => boolean);
  }
}

/** Tells who is asking (from a session cookie or an API token, say); throws UNAUTHENTICATED when it cannot. */
export type Authenticate = (request: FastifyRequest) => Promise<RequestContext>;

/**
 * Routes anyone may call: liveness, readiness and the API's own description (routes of plugins, which cannot be given
 * a config), and those declared public.
 */
const publicRoutes = new Set(['/healthz', '/readyz', '/openapi.json', '/static/*']);
const isPublic = (request: FastifyRequest) => {
  const { url, config } = request.routeOptions;
  return (
    config?.public === true ||
    (typeof config?.public === 'function' && config.public(request.url)) ||
    (url !== undefined && (publicRoutes.has(url) || url === '/docs' || url.startsWith('/docs/')))
  );
};

export function authenticateRequests(app: FastifyInstance, authenticate: Authenticate): void {
  // Undefined until the hook sets it; a route that is not public never runs without it.
  app.decorateRequest('context', undefined as unknown as RequestContext);
  app.addHook('onRequest', async (request) => {
    // Everything else, unknown URLs included, is authenticated: a route added later is not public by mistake.
    if (isPublic(request)) return;
    request.context = await authenticate(request);
  });
}

/** What an authenticator throws for a request without valid credentials. */
export const unauthenticated = (why: string): ProvenaError =>
  new ProvenaError('UNAUTHENTICATED', `${why}: sign in, or send an API token.`);
