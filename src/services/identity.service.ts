/**
 * Accounts, teams, memberships, sign-in, sessions and API tokens. Whoever signs in gets a RequestContext (their
 * memberships, and a token's scopes) that every other service authorises against; this service authorises its own
 * administration the same way (`users:manage`), and audits every change with the acting context's label.
 *
 * Secrets: a session id, API token or setup token is handed out once and stored as its SHA-256 digest; passwords as
 * argon2id hashes (the PasswordHasher port). A failed sign-in says nothing about which part was wrong, and costs the
 * same whether the account exists, so that neither the message nor the time tells whether a username is taken.
 */
import {
  actorLabel,
  allTeams,
  can,
  isAdmin,
  isTeamScoped,
  permissions,
  roles,
  rolesOn,
  tokenScopes,
  userIdOf,
  type Membership,
  type Permission,
  type RequestContext,
  type Role,
  type TokenScope,
} from '../domain/access.ts';
import type { Team } from '../domain/asset.ts';
import { ProvenaError, notFound, validationFailed, type FieldProblem } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import {
  loginDelayMs,
  maxTokenLifetimeDays,
  newSecret,
  passwordProblems,
  secretDigest,
  secretMatches,
  usernameProblem,
  type Account,
  type AccountWithMemberships,
  type ApiToken,
  type PasswordHasher,
  type StoredAccount,
  type StoredSession,
} from '../domain/identity.ts';
import type { UnitOfWork } from '../domain/ports.ts';
import { openSession } from './sessions.ts';

export interface IdentityDeps {
  store: UnitOfWork<'identity' | 'audit' | 'catalog'>;
  hasher: PasswordHasher;
  now?: () => Date;
}

export interface NewUser {
  username: string;
  displayName?: string;
  email?: string;
  /** Absent: the account signs in through OpenID Connect only (or gets a password later). */
  password?: string;
  memberships?: Membership[];
}

/** A signed-in browser session: the cookie value and the CSRF token are returned once, here. */
export interface SignIn {
  session: StoredSession;
  account: Account;
  secret: string;
  csrfToken: string;
}

export interface Authenticated {
  context: RequestContext;
  account: Account;
  /** Set when a session authenticated the request (cookie writes then need its CSRF token). */
  session?: StoredSession;
}

/** Who is signed in, and what they may do where: the answer of GET /api/v1/auth/session. */
export interface WhoAmI {
  account: Account;
  memberships: Membership[];
  /** Permissions that do not concern one team's assets (users:manage, audit:read…). */
  globalPermissions: Permission[];
  /**
   * Per team the caller holds a role on (`allTeams` for roles on every team, and for an admin): the roles that apply
   * there and the team-scoped permissions they grant, narrowed by the token's scopes.
   */
  teams: { teamId: string; teamName?: string; roles: Role[]; permissions: Permission[] }[];
  /** Set when an API token authenticated the request. */
  scopes?: TokenScope[];
}

/** One member of a team: the account and the role it holds there (one entry per role). */
export interface TeamMember {
  account: Account;
  membership: Membership;
}

/**
 * A team id no membership names: what a role on every team (or admin) grants on it is what it grants on any team.
 * Not a valid id (ids are UUIDs), so that it never matches one.
 */
const teamOfNoMembership = '(any other team)';

/** How long a setup token (for the first admin) stays valid. */
const setupTokenLifetimeMs = 24 * 3600_000;
/** A session's last-seen time is written at most this often, not on every request. */
const touchEveryMs = 60_000;

const unauthenticated = (message = 'Sign in, or send an API token (Authorization: Bearer pvt_…).') =>
  new ProvenaError('UNAUTHENTICATED', message, {});
const signInRefused = () =>
  new ProvenaError('UNAUTHENTICATED', 'The username or password is wrong, or the account is disabled.', {});

export class IdentityService {
  /** Compared against when the username does not exist, so that a miss takes as long as a wrong password. */
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly deps: IdentityDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private authorise(ctx: RequestContext, permission: Permission): void {
    if (!can(ctx, permission))
      throw new ProvenaError('FORBIDDEN', `${actorLabel(ctx.actor)} lacks the permission ${permission}.`, {
        permission,
      });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // First run

  /** Whether the store has no enabled admin yet: the server then tells how to create one and nothing is open. */
  async needsFirstAdmin(): Promise<boolean> {
    return (await this.deps.store.identity.countAdmins()) === 0;
  }

  /** A one-time token that lets whoever holds it create the first admin over the API (operator only). */
  async createSetupToken(ctx: RequestContext): Promise<{ token: string; expiresAt: string }> {
    this.authorise(ctx, 'users:manage');
    const token = newSecret('bootstrap');
    const now = this.now();
    const expiresAt = new Date(now.getTime() + setupTokenLifetimeMs).toISOString();
    await this.deps.store.transaction(async (tx) => {
      await tx.identity.insertSetupToken(secretDigest(token), now.toISOString(), expiresAt);
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'setup-token.created',
        subjectType: 'setup-token',
        subjectId: secretDigest(token).slice(0, 16),
        details: { expiresAt },
      });
    });
    return { token, expiresAt };
  }

  /** Creates the first admin with a setup token; refused once an admin exists, whatever the token. */
  async createFirstAdmin(setupToken: string, user: NewUser): Promise<AccountWithMemberships> {
    const problems = await this.checkNewUser(user, true);
    if (problems.length > 0) throw validationFailed(problems);
    const passwordHash = await this.deps.hasher.hash(user.password!);
    return this.deps.store.transaction(async (tx) => {
      if ((await tx.identity.countAdmins()) > 0)
        throw new ProvenaError('CONFLICT', 'An admin exists already: sign in as them to create more users.', {});
      const at = this.now().toISOString();
      if (!(await tx.identity.useSetupToken(secretDigest(setupToken), at)))
        throw unauthenticated(
          'The setup token is unknown, used or expired: print a new one with `provena users setup-token`.',
        );
      // Every other setup token goes with this one. Two first admins made at once with two tokens then both write
      // both tokens' rows: on PostgreSQL one of them waits for the other and finds its token used, or is ended as a
      // deadlock (TRANSIENT_FAILURE) — either way one admin, where the count of admins read above would let both in.
      await tx.identity.retireSetupTokens(at);
      const memberships = [{ teamId: allTeams, role: 'admin' as const }];
      const account = this.accountFor({ ...user, memberships }, passwordHash);
      await this.insert(tx, account, memberships, `user:${account.username}`);
      return { ...withoutHash(account), memberships };
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Accounts and memberships

  async createUser(ctx: RequestContext, user: NewUser): Promise<AccountWithMemberships> {
    this.authorise(ctx, 'users:manage');
    const problems = await this.checkNewUser(user, false);
    if (problems.length > 0) throw validationFailed(problems);
    const passwordHash = user.password === undefined ? undefined : await this.deps.hasher.hash(user.password);
    const memberships = user.memberships ?? [];
    const account = this.accountFor(user, passwordHash);
    await this.deps.store.transaction(async (tx) => this.insert(tx, account, memberships, actorLabel(ctx.actor)));
    return { ...withoutHash(account), memberships };
  }

  async listUsers(
    ctx: RequestContext,
    page: { limit: number; cursor?: string },
  ): Promise<{ items: AccountWithMemberships[]; nextCursor?: string }> {
    this.authorise(ctx, 'users:manage');
    const rows = await this.deps.store.identity.listAccounts({
      limit: page.limit + 1,
      ...(page.cursor !== undefined ? { afterUsername: page.cursor } : {}),
    });
    const items = await Promise.all(rows.slice(0, page.limit).map(async (a) => this.withMemberships(a)));
    return rows.length > page.limit ? { items, nextCursor: items.at(-1)!.username } : { items };
  }

  /** One account by id or username: an admin sees anyone, everyone sees themselves. */
  async getUser(ctx: RequestContext, idOrUsername: string): Promise<AccountWithMemberships> {
    const account = await this.find(idOrUsername);
    if (account?.id !== userIdOf(ctx)) this.authorise(ctx, 'users:manage');
    if (!account) throw notFound('User', idOrUsername);
    return this.withMemberships(account);
  }

  async updateUser(
    ctx: RequestContext,
    idOrUsername: string,
    patch: { displayName?: string; email?: string | null; disabled?: boolean },
  ): Promise<AccountWithMemberships> {
    // Everyone keeps their own name and address; disabling, and anyone else's account, is users:manage.
    const own = (await this.find(idOrUsername))?.id === userIdOf(ctx);
    if (!own || patch.disabled !== undefined) this.authorise(ctx, 'users:manage');
    const problems: FieldProblem[] = [];
    if (patch.displayName !== undefined && (patch.displayName.trim() === '' || patch.displayName.length > 200))
      problems.push({ field: 'displayName', problem: 'must be 1–200 characters' });
    if (typeof patch.email === 'string' && !isEmailAddress(patch.email))
      problems.push({ field: 'email', problem: 'is not an email address (null removes it)' });
    if (problems.length > 0) throw validationFailed(problems);
    const account = await this.find(idOrUsername);
    if (!account) throw notFound('User', idOrUsername);
    if (patch.disabled === true && account.id === userIdOf(ctx))
      throw new ProvenaError('CONFLICT', 'You cannot disable your own account.', {});
    const at = this.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      await tx.identity.updateAccount(account.id, {
        updatedAt: at,
        ...(patch.displayName !== undefined ? { displayName: patch.displayName.trim() } : {}),
        ...(patch.email !== undefined ? { email: patch.email ?? undefined } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      });
      // A disabled account is signed out everywhere; its tokens stop working with it (checked at each use).
      if (patch.disabled === true) await tx.identity.revokeSessionsOf(account.id, at);
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: patch.disabled === true ? 'user.disabled' : 'user.updated',
        subjectType: 'user',
        subjectId: account.id,
        details: { username: account.username, ...patch },
      });
    });
    return this.getUser(ctx, account.id);
  }

  /** Sets a password: your own with your current one, anyone's as an admin. Other sessions are signed out. */
  async setPassword(
    ctx: RequestContext,
    idOrUsername: string,
    password: string,
    currentPassword?: string,
  ): Promise<void> {
    const account = await this.find(idOrUsername);
    const own = account !== undefined && account.id === userIdOf(ctx);
    if (!own) this.authorise(ctx, 'users:manage');
    if (!account) throw notFound('User', idOrUsername);
    if (own && !isAdmin(ctx)) {
      if (!account.passwordHash || currentPassword === undefined)
        throw validationFailed([{ field: 'currentPassword', problem: 'required to change your own password' }]);
      if (!(await this.deps.hasher.verify(account.passwordHash, currentPassword)))
        throw validationFailed([{ field: 'currentPassword', problem: 'is not your current password' }]);
    }
    const problems = passwordProblems(password, account.username);
    if (problems.length > 0) throw validationFailed(problems);
    const passwordHash = await this.deps.hasher.hash(password);
    const at = this.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      await tx.identity.updateAccount(account.id, { passwordHash, updatedAt: at });
      await tx.identity.revokeSessionsOf(account.id, at);
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'user.password-set',
        subjectType: 'user',
        subjectId: account.id,
        details: { username: account.username },
      });
    });
  }

  async grant(ctx: RequestContext, idOrUsername: string, membership: Membership): Promise<AccountWithMemberships> {
    return this.changeMembership(ctx, idOrUsername, membership, 'grant');
  }

  async revoke(ctx: RequestContext, idOrUsername: string, membership: Membership): Promise<AccountWithMemberships> {
    return this.changeMembership(ctx, idOrUsername, membership, 'revoke');
  }

  private async changeMembership(
    ctx: RequestContext,
    idOrUsername: string,
    membership: Membership,
    change: 'grant' | 'revoke',
  ): Promise<AccountWithMemberships> {
    this.authorise(ctx, 'users:manage');
    const problems = await this.membershipProblems([membership], 'membership');
    if (problems.length > 0) throw validationFailed(problems);
    const account = await this.find(idOrUsername);
    if (!account) throw notFound('User', idOrUsername);
    await this.deps.store.transaction(async (tx) => {
      if (change === 'revoke' && membership.role === 'admin' && (await tx.identity.countAdmins()) <= 1) {
        const theirs = await tx.identity.memberships(account.id);
        if (theirs.some((m) => m.role === 'admin'))
          throw new ProvenaError('CONFLICT', 'This is the last admin: make someone else admin first.', {});
      }
      const changed =
        change === 'grant'
          ? await tx.identity.grant(account.id, membership, this.now().toISOString())
          : await tx.identity.revoke(account.id, membership);
      if (changed)
        await tx.audit.append({
          actor: actorLabel(ctx.actor),
          action: change === 'grant' ? 'membership.granted' : 'membership.revoked',
          subjectType: 'user',
          subjectId: account.id,
          details: { username: account.username, team: membership.teamId, role: membership.role },
        });
    });
    return this.withMemberships(account);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Teams (the catalogue's teams, which assets refer to)

  async createTeam(ctx: RequestContext, name: string): Promise<Team> {
    this.authorise(ctx, 'users:manage');
    if (name.trim() === '' || name.length > 200)
      throw validationFailed([{ field: 'name', problem: 'must be 1–200 characters' }]);
    return this.deps.store.transaction(async (tx) => {
      const { entry, created } = await tx.catalog.ensure('team', name);
      if (created)
        await tx.audit.append({
          actor: actorLabel(ctx.actor),
          action: 'team.created',
          subjectType: 'team',
          subjectId: entry.id,
          details: { name: entry.name },
        });
      return entry;
    });
  }

  /** A team by id or name (as the CLI's --team gives it); NOT_FOUND naming it otherwise. */
  async findTeam(idOrName: string): Promise<Team> {
    const team = await this.teamByIdOrName(idOrName);
    if (!team) throw notFound('Team', idOrName);
    return team;
  }

  private async teamByIdOrName(idOrName: string): Promise<Team | undefined> {
    return (
      (await this.deps.store.catalog.findById('team', idOrName)) ??
      (await this.deps.store.catalog.findBySlug('team', idOrName))
    );
  }

  /** A team's members: for someone who manages users, or who holds a role on the team themselves. */
  async teamMembers(ctx: RequestContext, idOrName: string): Promise<{ team: Team; members: TeamMember[] }> {
    const team = await this.teamByIdOrName(idOrName);
    // Which teams exist is told only to those who may manage users; others learn only that they may not look.
    if (!team || !ctx.memberships.some((m) => m.teamId === team.id)) this.authorise(ctx, 'users:manage');
    if (!team) throw notFound('Team', idOrName);
    const rows = await this.deps.store.identity.membersOf(team.id);
    return { team, members: rows.map(({ account, membership }) => ({ account: withoutHash(account), membership })) };
  }

  async listTeams(ctx: RequestContext): Promise<Team[]> {
    if (ctx.actor.kind === 'user' && ctx.memberships.length === 0) this.authorise(ctx, 'users:manage');
    return this.deps.store.catalog.list('team');
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Sign-in and sessions

  /**
   * Checks a username and password and opens a session. Failures are counted per username and per client address;
   * past a few, the next attempt is refused until a doubling delay has passed (RATE_LIMITED with Retry-After), and
   * the check is not even made, so that guessing stays slow.
   */
  async signIn(input: { username: string; password: string; clientIp?: string; userAgent?: string }): Promise<SignIn> {
    const username = input.username.trim().toLowerCase();
    const keys = [`user:${username}`, ...(input.clientIp ? [`ip:${input.clientIp}`] : [])];
    const now = this.now();
    const waits = (await this.deps.store.identity.loginFailures(keys)).map(
      (f) => new Date(f.nextAttemptAt).getTime() - now.getTime(),
    );
    const wait = Math.max(0, ...waits);
    if (wait > 0)
      throw new ProvenaError('RATE_LIMITED', `Too many failed sign-ins: try again in ${Math.ceil(wait / 1000)} s.`, {
        retryAfterSeconds: Math.ceil(wait / 1000),
      });
    const account = await this.deps.store.identity.accountByUsername(username);
    const hash = account?.passwordHash ?? (await (this.dummyHash ??= this.deps.hasher.hash(newSecret('session'))));
    const passwordOk = await this.deps.hasher.verify(hash, input.password);
    if (!account || account.disabled || !account.passwordHash || !passwordOk) {
      const at = now.toISOString();
      for (const key of keys)
        await this.deps.store.identity.recordLoginFailure(key, at, (failures) =>
          new Date(now.getTime() + loginDelayMs(failures)).toISOString(),
        );
      throw signInRefused();
    }
    const opened = await this.deps.store.transaction(async (tx) => {
      await tx.identity.clearLoginFailures(keys);
      return openSession(tx, account, now, input);
    });
    return { ...opened, account: withoutHash(account) };
  }

  /** Ends the session the secret belongs to (a sign-out); unknown secrets are ignored. */
  async signOut(secret: string): Promise<void> {
    const session = await this.deps.store.identity.sessionBySecret(secretDigest(secret));
    if (session && !session.revokedAt)
      await this.deps.store.identity.revokeSession(session.id, this.now().toISOString());
  }

  async sessionsOf(ctx: RequestContext, idOrUsername: string): Promise<StoredSession[]> {
    const account = await this.find(idOrUsername);
    if (account?.id !== userIdOf(ctx)) this.authorise(ctx, 'users:manage');
    if (!account) throw notFound('User', idOrUsername);
    return this.deps.store.identity.sessionsOf(account.id);
  }

  /** Ends one session of a user (a lost laptop): theirs, or anyone's with users:manage. */
  async revokeSession(ctx: RequestContext, idOrUsername: string, sessionId: string): Promise<void> {
    const account = await this.find(idOrUsername);
    if (account?.id !== userIdOf(ctx)) this.authorise(ctx, 'users:manage');
    if (!account) throw notFound('User', idOrUsername);
    const session = (await this.deps.store.identity.sessionsOf(account.id)).find((s) => s.id === sessionId);
    if (!session) throw notFound('Session', sessionId);
    await this.deps.store.transaction(async (tx) => {
      if (await tx.identity.revokeSession(session.id, this.now().toISOString()))
        await tx.audit.append({
          actor: actorLabel(ctx.actor),
          action: 'session.revoked',
          subjectType: 'user',
          subjectId: account.id,
          details: { username: account.username, session: session.id },
        });
    });
  }

  /** Signs a user out everywhere (an admin's, or your own "sign out all devices"). */
  async revokeSessions(ctx: RequestContext, idOrUsername: string): Promise<number> {
    const account = await this.find(idOrUsername);
    if (account?.id !== userIdOf(ctx)) this.authorise(ctx, 'users:manage');
    if (!account) throw notFound('User', idOrUsername);
    return this.deps.store.transaction(async (tx) => {
      const revoked = await tx.identity.revokeSessionsOf(account.id, this.now().toISOString());
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'session.revoked',
        subjectType: 'user',
        subjectId: account.id,
        details: { username: account.username, sessions: revoked },
      });
      return revoked;
    });
  }

  /** The context of a session cookie; a revoked, expired or unknown session, or a disabled account, is refused. */
  async authenticateSession(secret: string): Promise<Authenticated> {
    const session = await this.deps.store.identity.sessionBySecret(secretDigest(secret));
    const now = this.now();
    if (!session || session.revokedAt || new Date(session.expiresAt) <= now)
      throw unauthenticated('Your session has ended: sign in again.');
    const authenticated = await this.authenticatedAs(session.userId);
    if (now.getTime() - new Date(session.lastSeenAt).getTime() > touchEveryMs)
      await this.deps.store.identity.touchSession(session.id, now.toISOString());
    return { ...authenticated, session };
  }

  /** Whether the CSRF token presented with a cookie-authenticated write is the session's. */
  csrfMatches(session: StoredSession, token: string | undefined): boolean {
    return token !== undefined && secretMatches(token, session.csrfDigest);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // API tokens

  /**
   * A token for the caller's own account (an admin may make one for another user), with scopes that narrow what
   * the account's roles grant, and an expiry. The secret is returned once and never again.
   */
  async createToken(
    ctx: RequestContext,
    input: { name: string; scopes: TokenScope[]; expiresInDays?: number; forUser?: string },
  ): Promise<{ token: ApiToken; secret: string }> {
    const owner = input.forUser === undefined ? undefined : await this.find(input.forUser);
    if (input.forUser !== undefined) {
      if (owner?.id !== userIdOf(ctx)) this.authorise(ctx, 'users:manage');
      if (!owner) throw notFound('User', input.forUser);
    }
    const userId = owner?.id ?? userIdOf(ctx);
    if (userId === undefined)
      throw validationFailed([{ field: 'user', problem: 'the local operator names the user the token is for' }]);
    const problems: FieldProblem[] = [];
    if (input.name.trim() === '' || input.name.length > 100)
      problems.push({ field: 'name', problem: 'must be 1–100 characters' });
    if (input.scopes.length === 0)
      problems.push({ field: 'scopes', problem: `at least one of: ${tokenScopes.join(', ')}` });
    for (const scope of input.scopes)
      if (!tokenScopes.includes(scope))
        problems.push({ field: 'scopes', problem: `${String(scope)} is not one of: ${tokenScopes.join(', ')}` });
    const days = input.expiresInDays ?? 90;
    if (!Number.isInteger(days) || days < 1 || days > maxTokenLifetimeDays)
      problems.push({ field: 'expiresInDays', problem: `must be a whole number from 1 to ${maxTokenLifetimeDays}` });
    if (problems.length > 0) throw validationFailed(problems);
    const now = this.now();
    const secret = newSecret('token');
    const token: ApiToken = {
      id: newId(),
      userId,
      name: input.name.trim(),
      scopes: [...new Set(input.scopes)],
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + days * 24 * 3600_000).toISOString(),
    };
    await this.deps.store.transaction(async (tx) => {
      await tx.identity.insertToken(token, secretDigest(secret));
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'token.created',
        subjectType: 'token',
        subjectId: token.id,
        details: { user: userId, name: token.name, scopes: token.scopes, expiresAt: token.expiresAt },
      });
    });
    return { token, secret };
  }

  async listTokens(ctx: RequestContext, idOrUsername?: string): Promise<ApiToken[]> {
    const account = idOrUsername === undefined ? undefined : await this.find(idOrUsername);
    const userId = account?.id ?? userIdOf(ctx);
    if (idOrUsername !== undefined && !account) {
      this.authorise(ctx, 'users:manage');
      throw notFound('User', idOrUsername);
    }
    if (userId !== userIdOf(ctx)) this.authorise(ctx, 'users:manage');
    if (userId === undefined) return [];
    return this.deps.store.identity.tokensOf(userId);
  }

  async revokeToken(ctx: RequestContext, tokenId: string): Promise<ApiToken> {
    const token = await this.deps.store.identity.tokenById(tokenId);
    if (token?.userId !== userIdOf(ctx)) this.authorise(ctx, 'users:manage');
    if (!token) throw notFound('Token', tokenId);
    await this.deps.store.transaction(async (tx) => {
      if (await tx.identity.revokeToken(token.id, this.now().toISOString()))
        await tx.audit.append({
          actor: actorLabel(ctx.actor),
          action: 'token.revoked',
          subjectType: 'token',
          subjectId: token.id,
          details: { user: token.userId, name: token.name },
        });
    });
    return (await this.deps.store.identity.tokenById(token.id))!;
  }

  /** The context of an API token: its account's memberships narrowed by its scopes. */
  async authenticateToken(secret: string): Promise<Authenticated> {
    const token = await this.deps.store.identity.tokenBySecret(secretDigest(secret));
    const now = this.now();
    if (!token || token.revokedAt || (token.expiresAt !== undefined && new Date(token.expiresAt) <= now))
      throw unauthenticated('The API token is unknown, revoked or expired.');
    const authenticated = await this.authenticatedAs(token.userId);
    if (!token.lastUsedAt || now.getTime() - new Date(token.lastUsedAt).getTime() > touchEveryMs)
      await this.deps.store.identity.touchToken(token.id, now.toISOString());
    return { ...authenticated, context: { ...authenticated.context, scopes: token.scopes } };
  }

  /** Who the context is, with what they may do per team (a signed-in user; anyone else is not an account). */
  async whoAmI(ctx: RequestContext): Promise<WhoAmI> {
    const userId = userIdOf(ctx);
    const account = userId === undefined ? undefined : await this.deps.store.identity.accountById(userId);
    if (!account) throw unauthenticated('Only a signed-in user has an account to show.');
    const all = Object.keys(permissions) as Permission[];
    const teamIds = [
      ...new Set([
        ...(isAdmin(ctx) || ctx.memberships.some((m) => m.teamId === allTeams) ? [allTeams] : []),
        ...ctx.memberships.filter((m) => m.teamId !== allTeams).map((m) => m.teamId),
      ]),
    ];
    const teams = await Promise.all(
      teamIds.map(async (teamId) => {
        const name = teamId === allTeams ? undefined : (await this.deps.store.catalog.findById('team', teamId))?.name;
        // A role on every team applies on this one too: `can` with a team id no membership names asks exactly that.
        const on = teamId === allTeams ? undefined : teamId;
        const roles =
          on === undefined
            ? ctx.memberships.filter((m) => m.teamId === allTeams || m.role === 'admin').map((m) => m.role)
            : rolesOn(ctx, on);
        return {
          teamId,
          ...(name !== undefined ? { teamName: name } : {}),
          roles: [...new Set(roles)],
          permissions: all.filter((p) => isTeamScoped(p) && can(ctx, p, on ?? teamOfNoMembership)),
        };
      }),
    );
    return {
      account: withoutHash(account),
      memberships: [...ctx.memberships],
      globalPermissions: all.filter((p) => !isTeamScoped(p) && can(ctx, p)),
      teams,
      ...(ctx.scopes ? { scopes: [...ctx.scopes] } : {}),
    };
  }

  /** The context of a user by username, as the CLI's `--as` uses it (the operator acting for someone). */
  async contextOf(idOrUsername: string): Promise<RequestContext> {
    const account = await this.find(idOrUsername);
    if (!account) throw notFound('User', idOrUsername);
    return (await this.authenticatedAs(account.id)).context;
  }

  // ---------------------------------------------------------------------------------------------------------------

  private async authenticatedAs(accountId: string): Promise<Authenticated> {
    const account = await this.deps.store.identity.accountById(accountId);
    if (!account || account.disabled) throw unauthenticated('The account is disabled or no longer exists.');
    const memberships = await this.deps.store.identity.memberships(account.id);
    return {
      account: withoutHash(account),
      context: { actor: { kind: 'user', userId: account.id, username: account.username }, memberships },
    };
  }

  private async find(idOrUsername: string): Promise<StoredAccount | undefined> {
    return (
      (await this.deps.store.identity.accountByUsername(idOrUsername.trim().toLowerCase())) ??
      (await this.deps.store.identity.accountById(idOrUsername))
    );
  }

  private async withMemberships(account: StoredAccount): Promise<AccountWithMemberships> {
    return { ...withoutHash(account), memberships: await this.deps.store.identity.memberships(account.id) };
  }

  private accountFor(user: NewUser, passwordHash: string | undefined): StoredAccount {
    const username = user.username.trim().toLowerCase();
    return {
      id: newId(),
      username,
      displayName: user.displayName?.trim() || username,
      ...(user.email ? { email: user.email.trim() } : {}),
      ...(passwordHash ? { passwordHash } : {}),
      source: 'local',
      disabled: false,
      createdAt: this.now().toISOString(),
    };
  }

  private async insert(
    tx: Parameters<Parameters<IdentityDeps['store']['transaction']>[0]>[0],
    account: StoredAccount,
    memberships: readonly Membership[],
    actor: string,
  ): Promise<void> {
    await tx.identity.insertAccount(account);
    for (const membership of memberships) await tx.identity.grant(account.id, membership, account.createdAt);
    await tx.audit.append({
      actor,
      action: 'user.created',
      subjectType: 'user',
      subjectId: account.id,
      details: { username: account.username, memberships },
    });
  }

  private async checkNewUser(user: NewUser, passwordRequired: boolean): Promise<FieldProblem[]> {
    const username = user.username.trim().toLowerCase();
    const problems: FieldProblem[] = [];
    const nameProblem = usernameProblem(username);
    if (nameProblem) problems.push({ field: 'username', problem: nameProblem });
    else if (await this.deps.store.identity.accountByUsername(username))
      problems.push({ field: 'username', problem: `"${username}" is taken` });
    if (user.password !== undefined || passwordRequired)
      problems.push(...passwordProblems(user.password ?? '', username));
    if (user.email !== undefined && !isEmailAddress(user.email))
      problems.push({ field: 'email', problem: 'is not an email address' });
    problems.push(...(await this.membershipProblems(user.memberships ?? [], 'memberships')));
    return problems;
  }

  /** Roles must exist, and teams too ('*' is every team). */
  private async membershipProblems(memberships: readonly Membership[], field: string): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    for (const [i, m] of memberships.entries()) {
      const at = memberships.length > 1 || field === 'memberships' ? `${field}[${i}]` : field;
      if (!(roles as readonly string[]).includes(m.role))
        problems.push({ field: `${at}.role`, problem: `must be one of: ${roles.join(', ')}` });
      if (m.teamId !== allTeams && !(await this.deps.store.catalog.findById('team', m.teamId)))
        problems.push({ field: `${at}.team`, problem: `no team ${m.teamId} (use ${allTeams} for every team)` });
    }
    return problems;
  }
}

/** A plausible address: something@domain.tld, nothing more is checked (the mail server is the judge). */
const isEmailAddress = (email: string): boolean => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim());

const withoutHash = ({ passwordHash: _hash, ...account }: StoredAccount): Account => account;
