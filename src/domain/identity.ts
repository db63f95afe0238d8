/**
 * Accounts, sessions and API tokens: the rules, not the storage. Pure: no I/O (randomness and hashing come from
 * node:crypto, which is deterministic given its input).
 *
 * Secrets handed to clients (session ids, API tokens, bootstrap tokens) are 256 random bits; only their SHA-256 is
 * stored, so a copy of the database cannot be used to sign in. Passwords are hashed with argon2id by the password
 * hasher port (main/ wires @node-rs/argon2).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Membership, TokenScope } from './access.ts';
import type { FieldProblem } from './errors.ts';

export interface Account {
  id: string;
  /** Lowercase login name; unique. */
  username: string;
  displayName: string;
  email?: string;
  disabled: boolean;
  /** Where the account signs in: a local password, or an OpenID Connect provider. */
  source: 'local' | 'oidc';
  createdAt: string;
}

export interface AccountWithMemberships extends Account {
  memberships: Membership[];
}

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  scopes: TokenScope[];
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface Session {
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
}

/** Usernames: what a login form and a URL can carry without surprises. */
export function usernameProblem(username: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/.test(username))
    return 'must be 3–64 characters: lowercase letters, digits, dots, dashes and underscores, starting and ending with a letter or digit';
  return undefined;
}

export const minPasswordLength = 12;
const maxPasswordLength = 256;

/**
 * Length is what makes a password strong; composition rules only make people write "Password1!". A password is
 * refused when it is short, absurdly long (a denial of service against the hasher), made of one repeated character,
 * or contains the username.
 */
export function passwordProblems(password: string, username?: string): FieldProblem[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < minPasswordLength) problems.push(`must be at least ${minPasswordLength} characters (it has ${length})`);
  if (length > maxPasswordLength) problems.push(`must be at most ${maxPasswordLength} characters`);
  if (length > 0 && new Set(password).size === 1) problems.push('must not be one character repeated');
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('must not contain the username');
  return problems.map((problem) => ({ field: 'password', problem }));
}

/** The stored form of a secret handed to a client. */
export const secretDigest = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Compares a presented secret with a stored digest in constant time. */
export function secretMatches(secret: string, digest: string): boolean {
  const presented = Buffer.from(secretDigest(secret), 'hex');
  const stored = Buffer.from(digest, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/**
 * A new secret with a prefix that says what it is, so that a leaked one is recognisable (secret scanners, logs):
 * `pvt_` API token, `pvs_` session, `pvb_` bootstrap token.
 */
export const newSecret = (kind: 'token' | 'session' | 'bootstrap'): string =>
  `${{ token: 'pvt_', session: 'pvs_', bootstrap: 'pvb_' }[kind]}${randomBytes(32).toString('base64url')}`;

/**
 * Failed sign-ins: after a few free tries each further failure doubles the wait before the next attempt is even
 * checked, up to a quarter of an hour. Counted per username and per client address, so that neither guessing one
 * account from many places nor many accounts from one place goes fast.
 */
export function loginDelayMs(failures: number): number {
  const freeTries = 3;
  if (failures < freeTries) return 0;
  return Math.min(1000 * 2 ** (failures - freeTries), 15 * 60_000);
}

export const sessionLifetimeMs = 12 * 3600_000;
export const maxTokenLifetimeDays = 366;

/** The password hashing port (auth/argon2-hasher.ts). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a malformed stored hash alike. */
  verify(hash: string, password: string): Promise<boolean>;
}

/** An account as storage holds it: with its password hash (never leaves the identity service). */
export interface StoredAccount extends Account {
  passwordHash?: string;
}

export interface StoredSession extends Session {
  csrfDigest: string;
  lastSeenAt: string;
  userAgent?: string;
  clientIp?: string;
}

export interface LoginFailures {
  key: string;
  failures: number;
  nextAttemptAt: string;
}

/** What the identity service needs from storage (storage/identity.repository.ts). Times are ISO-8601 UTC. */
export interface IdentityRepository {
  insertAccount(account: StoredAccount): Promise<void>;
  accountById(id: string): Promise<StoredAccount | undefined>;
  accountByUsername(username: string): Promise<StoredAccount | undefined>;
  /** Accounts whose e-mail is this one, case aside (at most `limit`): single sign-on links only a sole match. */
  accountsByEmail(email: string, limit: number): Promise<StoredAccount[]>;
  /** Accounts in username order, keyset-paged by username. */
  listAccounts(page: { limit: number; afterUsername?: string }): Promise<StoredAccount[]>;
  updateAccount(
    id: string,
    patch: Partial<Pick<StoredAccount, 'displayName' | 'email' | 'passwordHash' | 'disabled'>> & { updatedAt: string },
  ): Promise<void>;
  /** How many enabled accounts hold the admin role: zero means the store still needs its first admin. */
  countAdmins(): Promise<number>;

  memberships(accountId: string): Promise<Membership[]>;
  grant(accountId: string, membership: Membership, at: string): Promise<boolean>;
  revoke(accountId: string, membership: Membership): Promise<boolean>;
  /** The accounts holding a role on the team (or on every team, `allTeams`), by username, each role a row. */
  membersOf(teamId: string): Promise<{ account: StoredAccount; membership: Membership }[]>;

  insertSession(session: StoredSession, secretDigest: string): Promise<void>;
  sessionBySecret(secretDigest: string): Promise<StoredSession | undefined>;
  sessionsOf(accountId: string): Promise<StoredSession[]>;
  touchSession(id: string, lastSeenAt: string): Promise<void>;
  revokeSession(id: string, at: string): Promise<boolean>;
  revokeSessionsOf(accountId: string, at: string): Promise<number>;

  insertToken(token: ApiToken, secretDigest: string): Promise<void>;
  tokenBySecret(secretDigest: string): Promise<ApiToken | undefined>;
  tokenById(id: string): Promise<ApiToken | undefined>;
  tokensOf(accountId: string): Promise<ApiToken[]>;
  touchToken(id: string, lastUsedAt: string): Promise<void>;
  revokeToken(id: string, at: string): Promise<boolean>;

  loginFailures(keys: readonly string[]): Promise<LoginFailures[]>;
  recordLoginFailure(key: string, at: string, nextAttemptAt: (failures: number) => string): Promise<number>;
  clearLoginFailures(keys: readonly string[]): Promise<void>;

  accountForOidc(issuer: string, subject: string): Promise<string | undefined>;
  linkOidc(issuer: string, subject: string, accountId: string, at: string): Promise<void>;

  insertSetupToken(secretDigest: string, createdAt: string, expiresAt: string): Promise<void>;
  /** Marks the token used if it exists, is unused and unexpired at `at`; whether it did, atomically. */
  useSetupToken(secretDigest: string, at: string): Promise<boolean>;
  /** Marks every unused setup token used (the first admin exists: no other may be made with one); how many. */
  retireSetupTokens(at: string): Promise<number>;
}
