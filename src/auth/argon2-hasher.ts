/**
 * Password hashing with argon2id (@node-rs/argon2, native, prebuilt for each platform in the registry). The
 * parameters are the library's defaults, which follow OWASP's minimum for argon2id (19 MiB, 2 iterations, 1 lane):
 * about 10–20 ms per hash here, and the parameters are stored in each hash, so raising them later re-hashes nobody.
 */
import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../domain/identity.ts';

export const argon2Hasher: PasswordHasher = {
  // argon2id is the library's default algorithm.
  hash: (password) => hash(password),
  verify: async (stored, password) => {
    try {
      return await verify(stored, password);
    } catch {
      // A malformed stored hash verifies nothing.
      return false;
    }
  },
};
