/** API tokens → API bodies, field by field (the stored digest of the secret is never one of them). */
import type { ApiToken } from '../../domain/identity.ts';
import type { TokenBodyType } from './tokens.schemas.ts';

export function presentToken(token: ApiToken): TokenBodyType {
  return {
    id: token.id,
    userId: token.userId,
    name: token.name,
    scopes: [...token.scopes],
    createdAt: token.createdAt,
    ...(token.expiresAt !== undefined ? { expiresAt: token.expiresAt } : {}),
    ...(token.lastUsedAt !== undefined ? { lastUsedAt: token.lastUsedAt } : {}),
    ...(token.revokedAt !== undefined ? { revokedAt: token.revokedAt } : {}),
  };
}
