/** Accounts and sessions → API bodies, field by field: a password hash or secret digest cannot slip through. */
import type { Membership } from '../../domain/access.ts';
import type { Account, StoredSession } from '../../domain/identity.ts';
import type { SessionBodyType, UserBodyType } from './users.schemas.ts';

export function presentUser(account: Account & { memberships: readonly Membership[] }): UserBodyType {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    ...(account.email !== undefined ? { email: account.email } : {}),
    disabled: account.disabled,
    source: account.source,
    createdAt: account.createdAt,
    memberships: account.memberships.map(({ teamId, role }) => ({ teamId, role })),
  };
}

export function presentSession(session: StoredSession): SessionBodyType {
  return {
    id: session.id,
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
    lastSeenAt: session.lastSeenAt,
    ...(session.revokedAt !== undefined ? { revokedAt: session.revokedAt } : {}),
    ...(session.userAgent !== undefined ? { userAgent: session.userAgent } : {}),
    ...(session.clientIp !== undefined ? { clientIp: session.clientIp } : {}),
  };
}
