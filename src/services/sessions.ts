/**
 * Opening a browser session, whichever way the person signed in (password: identity.service.ts; OpenID Connect:
 * oidc-sign-in.service.ts): the session secret and its CSRF token are made here, returned once and stored only as
 * digests, and the sign-in is audited as the account's own act.
 */
import { newId } from '../domain/ids.ts';
import {
  newSecret,
  secretDigest,
  sessionLifetimeMs,
  type StoredAccount,
  type StoredSession,
} from '../domain/identity.ts';
import type { Transaction } from '../domain/ports.ts';

/** Where the sign-in came from, as the HTTP edge tells it. */
export interface SessionOrigin {
  userAgent?: string;
  clientIp?: string;
}

export interface OpenedSession {
  session: StoredSession;
  /** The cookie's value: never stored, never shown again. */
  secret: string;
  /** What cookie-authenticated writes send in X-CSRF-Token. */
  csrfToken: string;
}

/** Opens a session for `account` in the caller's transaction; `details` add to the audit entry (`via: 'oidc'`). */
export async function openSession(
  tx: Transaction<'identity' | 'audit'>,
  account: Pick<StoredAccount, 'id' | 'username'>,
  now: Date,
  origin: SessionOrigin,
  details: Record<string, unknown> = {},
): Promise<OpenedSession> {
  const secret = newSecret('session');
  const csrfToken = newSecret('session');
  const at = now.toISOString();
  const session: StoredSession = {
    id: newId(),
    userId: account.id,
    createdAt: at,
    expiresAt: new Date(now.getTime() + sessionLifetimeMs).toISOString(),
    lastSeenAt: at,
    csrfDigest: secretDigest(csrfToken),
    ...(origin.userAgent ? { userAgent: origin.userAgent.slice(0, 300) } : {}),
    ...(origin.clientIp ? { clientIp: origin.clientIp } : {}),
  };
  await tx.identity.insertSession(session, secretDigest(secret));
  await tx.audit.append({
    actor: `user:${account.username}`,
    action: 'session.created',
    subjectType: 'user',
    subjectId: account.id,
    details: { session: session.id, ...details, ...(origin.clientIp ? { clientIp: origin.clientIp } : {}) },
  });
  return { session, secret, csrfToken };
}
