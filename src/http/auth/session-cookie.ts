/**
 * The browser session cookie: its name and attributes in one place, for password sign-in, OpenID Connect sign-in and
 * sign-out alike. The value is the session secret (`pvs_…`), which the identity service stores only as a digest.
 *
 * HttpOnly keeps it from scripts; SameSite=Lax keeps other sites' forms and fetches from sending it on writes (the
 * CSRF token is the second guard, authenticate.ts); Path=/ so that every API route sees it. Secure when the request
 * came over HTTPS — directly, or through a proxy the operator trusts (Fastify's request.protocol reads
 * X-Forwarded-Proto only then) — so that a plain-HTTP development server on localhost still works.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The session cookie's name. */
export const sessionCookieName = 'provena_session';

/**
 * The session's CSRF token as a cookie the site's own pages can read (not HttpOnly), so that a page loaded after
 * sign-in finds the token to send as X-CSRF-Token. Other sites cannot read it; one that plants its own gains nothing,
 * since the server compares the header with the session's token, not with this cookie.
 */
export const csrfCookieName = 'provena_csrf';

const attributes = { httpOnly: true, sameSite: 'lax', path: '/' } as const;

/** Whether the request came over HTTPS (itself, or as a trusted proxy says): the cookie is then Secure. */
export const cameOverHttps = (request: FastifyRequest): boolean => request.protocol === 'https';

/** Sets the session cookie, expiring when the session does. */
export function setSessionCookie(
  reply: FastifyReply,
  session: { secret: string; expiresAt: string },
  secure: boolean,
): void {
  reply.setCookie(sessionCookieName, session.secret, {
    ...attributes,
    secure,
    expires: new Date(session.expiresAt),
  });
}

/** Sets the CSRF token cookie (csrfCookieName), readable by the site's pages, expiring with the session. */
export function setCsrfCookie(
  reply: FastifyReply,
  session: { csrfToken: string; expiresAt: string },
  secure: boolean,
): void {
  reply.setCookie(csrfCookieName, session.csrfToken, {
    ...attributes,
    httpOnly: false,
    secure,
    expires: new Date(session.expiresAt),
  });
}

/**
 * Tells the browser to forget the session cookie and the CSRF token cookie (same names, paths and attributes, or they
 * would not match).
 */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(sessionCookieName, { ...attributes, secure });
  reply.clearCookie(csrfCookieName, { ...attributes, httpOnly: false, secure });
}

/** The session secret the request's cookie carries, if any (an empty value counts as none). */
export function sessionSecretOf(request: FastifyRequest): string | undefined {
  const value = request.cookies?.[sessionCookieName];
  return value === undefined || value === '' ? undefined : value;
}
