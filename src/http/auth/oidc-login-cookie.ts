/**
 * A single sign-on login in progress, kept by the browser: the state, nonce and PKCE verifier the callback must match,
 * and where to go afterwards, sealed with AES-256-GCM in a short-lived HttpOnly cookie. Nothing is kept in server
 * memory, so that any server behind a load balancer, or one restarted meanwhile, can take the callback; the seal
 * keeps the verifier secret and the contents unforgeable.
 *
 * The key is derived (HKDF) from the client secret, which every server of one deployment shares and which only the
 * provider knows besides: no new secret to configure. Rotating the client secret ends logins in progress, nothing else.
 *
 * SameSite=Lax: the callback arrives as a top-level navigation from the provider's site, which Lax lets the cookie
 * ride on and Strict would not. Its path is the sign-on routes only.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OidcLoginAttempt } from '../../domain/oidc.ts';

export const oidcLoginCookieName = 'provena_oidc_login';
/** How long a login may take at the provider (typing a password, a second factor). */
export const oidcLoginLifetimeSeconds = 600;
const cookiePath = '/api/v1/auth/oidc';

export interface PendingLogin extends OidcLoginAttempt {
  /** The path on this server to go to once signed in (already checked: domain/oidc.ts safeReturnPath). */
  returnTo: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** The sealing key for login cookies, from the client secret. */
export const oidcLoginKey = (clientSecret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', clientSecret, 'provena', 'oidc login cookie v1', 32));

export function sealLogin(key: Buffer, login: PendingLogin): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(login), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The login the cookie holds; undefined when it is missing, altered, sealed with another key or expired. */
export function unsealLogin(key: Buffer, sealed: string | undefined, now: Date): PendingLogin | undefined {
  if (sealed === undefined || sealed.length > 4096) return undefined;
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < 12 + 16 + 2) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const login = JSON.parse(
      Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'),
    ) as PendingLogin;
    return login.expiresAt > now.getTime() ? login : undefined;
  } catch {
    // A failed authentication tag: altered, or sealed under another key.
    return undefined;
  }
}

export function setLoginCookie(reply: FastifyReply, sealed: string, secure: boolean): void {
  reply.setCookie(oidcLoginCookieName, sealed, {
    httpOnly: true,
    sameSite: 'lax',
    path: cookiePath,
    secure,
    maxAge: oidcLoginLifetimeSeconds,
  });
}

/** One login, one callback: the cookie is cleared whatever the callback's outcome. */
export function clearLoginCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(oidcLoginCookieName, { httpOnly: true, sameSite: 'lax', path: cookiePath, secure });
}

export const loginCookieOf = (request: FastifyRequest): string | undefined => request.cookies?.[oidcLoginCookieName];
