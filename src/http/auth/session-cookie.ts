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

/** Tells the browser to forget the session cookie (same name, path and attributes, or it would not match). */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(sessionCookieName, { ...attributes, secure });
}

/** The session secret the request's cookie carries, if any (an empty value counts as none). */
export function sessionSecretOf(request: FastifyRequest): string | undefined {
  const value = request.cookies?.[sessionCookieName];
  return value === undefined || value === '' ? undefined : value;
}
