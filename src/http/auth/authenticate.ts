/**
 * The API's authenticator: who is asking, from an API token or a session cookie (decision 0019).
 *
 * - `Authorization: Bearer pvt_…` → the token's user, narrowed by its scopes. A token header that does not
 *   authenticate is refused; the cookie is not tried instead, so that a client sees its token fail.
 * - Otherwise the session cookie → the session's user. A write (anything but GET, HEAD, OPTIONS) made with the
 *   cookie must also carry the session's CSRF token in `X-CSRF-Token`: a cookie is sent by the browser on its own,
 *   a header only by the page that read the token from the sign-in answer.
 * - Credentials in the query string (`?token=`, `?access_token=`, `?api_key=`, `?session=`) are refused even with a
 *   valid header: a URL ends up in logs, proxies and browser history, so the secret must not be used that way.
 * - Nothing → UNAUTHENTICATED (401, with WWW-Authenticate).
 */
import type { FastifyRequest } from 'fastify';
import { ProvenaError } from '../../domain/errors.ts';
import type { StoredSession } from '../../domain/identity.ts';
import type { IdentityService } from '../../services/identity.service.ts';
import { unauthenticated, type Authenticate } from '../request-context.ts';
import { sessionSecretOf } from './session-cookie.ts';

/** What the authenticator needs of the identity service. */
export type IdentityAuthentication = Pick<IdentityService, 'authenticateToken' | 'authenticateSession' | 'csrfMatches'>;

/** The header a cookie-authenticated write carries the session's CSRF token in. */
export const csrfHeader = 'x-csrf-token';

/** Query parameters that would carry a secret in the URL. */
const credentialParameters = ['token', 'access_token', 'api_key', 'apikey', 'session'] as const;

/** Methods that change nothing, and so need no CSRF token. */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The bearer token of the Authorization header; undefined without the header, UNAUTHENTICATED for another scheme. */
export function bearerTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (!match)
    throw new ProvenaError(
      'UNAUTHENTICATED',
      'The Authorization header must be "Bearer <API token>" (a pvt_… token from POST /api/v1/tokens or `provena tokens create`).',
      {},
    );
  return match[1];
}

/** The credential parameter the query string carries, if any. */
export function credentialInQuery(request: FastifyRequest): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  if (!query || typeof query !== 'object') return undefined;
  return credentialParameters.find((name) => Object.hasOwn(query, name));
}

/** Whether the request carries any credential (header, cookie or query): test/http-app.ts's default admin needs none. */
export const carriesCredentials = (request: FastifyRequest): boolean =>
  request.headers.authorization !== undefined ||
  sessionSecretOf(request) !== undefined ||
  credentialInQuery(request) !== undefined;

/**
 * Throws FORBIDDEN unless the request carries the session's CSRF token: what a cookie-authenticated write (sign-out
 * included) needs.
 */
export function requireCsrfToken(
  identity: Pick<IdentityAuthentication, 'csrfMatches'>,
  session: StoredSession | undefined,
  request: FastifyRequest,
): void {
  const presented = request.headers[csrfHeader];
  if (!session || !identity.csrfMatches(session, typeof presented === 'string' ? presented : undefined))
    throw new ProvenaError(
      'FORBIDDEN',
      'CSRF token missing or wrong: a write signed in with the session cookie must send the X-CSRF-Token header ' +
        'with the csrfToken the sign-in answered (sign in again if it is lost).',
      { header: 'X-CSRF-Token' },
    );
}

export function identityAuthenticator(identity: IdentityAuthentication): Authenticate {
  return async (request) => {
    const inQuery = credentialInQuery(request);
    if (inQuery !== undefined)
      throw new ProvenaError(
        'UNAUTHENTICATED',
        `Credentials in the query string (?${inQuery}=) are refused: URLs end up in logs, proxies and browser history. ` +
          'Send the token in the Authorization header (Bearer pvt_…), or sign in for a session cookie; ' +
          'treat a token that was sent this way as leaked and revoke it.',
        { parameter: inQuery },
      );
    const token = bearerTokenOf(request);
    if (token !== undefined) return (await identity.authenticateToken(token)).context;
    const sessionSecret = sessionSecretOf(request);
    if (sessionSecret === undefined) throw unauthenticated('No credentials');
    const { context, session } = await identity.authenticateSession(sessionSecret);
    if (!safeMethods.has(request.method)) requireCsrfToken(identity, session, request);
    return context;
  };
}
