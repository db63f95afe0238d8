/**
 * Single sign-on: a login started here goes to the OpenID provider and comes back with who signed in (the OidcClient
 * port checks the provider's answer); this service finds or makes their account and opens a session exactly like a
 * password sign-in (same Session, same CSRF token).
 *
 * The account is the one linked to the provider's (issuer, subject); else, on a first login, an existing account the
 * configuration lets it take over (the one account with its verified e-mail, or its username); else a new one (source
 * `oidc`, no password) when the configuration creates accounts. The role mapping owns the memberships it can express:
 * on every login they are set to what the groups claim says, audited when they change; the rest are the admins'.
 * Everything a login writes is one transaction: a refused login (a disabled account) leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { actorLabel, allTeams, systemContext, type Membership } from '../domain/access.ts';
import { isProvenaError, ProvenaError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { usernameProblem, type StoredAccount } from '../domain/identity.ts';
import {
  mappableGrants,
  mappedGrants,
  usernameCandidates,
  type MappedGrant,
  type OidcClient,
  type OidcIdentity,
  type OidcLinkMode,
  type OidcLoginAttempt,
  type RoleMapping,
} from '../domain/oidc.ts';
import type { Transaction, UnitOfWork } from '../domain/ports.ts';
import type { SignIn } from './identity.service.ts';
import { openSession } from './sessions.ts';

export interface OidcSignInSettings {
  /** Absent: sign-on grants no roles and takes none away. */
  roleMapping?: RoleMapping;
  createUsers: boolean;
  linkBy: OidcLinkMode;
}

export interface OidcSignInDeps {
  store: UnitOfWork<'identity' | 'audit' | 'catalog'>;
  client: OidcClient;
  settings: OidcSignInSettings;
  now?: () => Date;
}

/** Where the browser signs in from, for the session's record. */
export interface SignInFrom {
  clientIp?: string;
  userAgent?: string;
}

type Tx = Transaction<'identity' | 'audit' | 'catalog'>;

/** Changes single sign-on makes on the provider's word (accounts, links, mapped memberships) are the system's. */
const oidcActor = actorLabel(systemContext('oidc').actor);

const refused = (message: string) => new ProvenaError('UNAUTHENTICATED', message, {});

export class OidcSignInService {
  constructor(private readonly deps: OidcSignInDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** A new login: the provider's URL to send the browser to, and what the callback must match. */
  async beginLogin(): Promise<{ url: string; attempt: OidcLoginAttempt }> {
    return this.deps.client.beginLogin();
  }

  /** The provider's answer on the callback, checked, then the sign-in of whoever it vouches for. */
  async completeLogin(callback: URLSearchParams, attempt: OidcLoginAttempt, from: SignInFrom = {}): Promise<SignIn> {
    return this.signInWithOidc(await this.deps.client.completeLogin(callback, attempt), from);
  }

  /**
   * Signs in the person the provider vouched for (their claims already verified). Two first logins of one person at
   * once both try to link: the second meets the first's link (CONFLICT) and is tried again, finding it.
   */
  async signInWithOidc(identity: OidcIdentity, from: SignInFrom = {}): Promise<SignIn> {
    try {
      return await this.deps.store.transaction(async (tx) => this.signIn(tx, identity, from));
    } catch (error) {
      if (!isProvenaError(error) || error.code !== 'CONFLICT') throw error;
      return this.deps.store.transaction(async (tx) => this.signIn(tx, identity, from));
    }
  }

  private async signIn(tx: Tx, identity: OidcIdentity, from: SignInFrom): Promise<SignIn> {
    const now = this.now();
    const at = now.toISOString();
    const account = await this.accountOf(tx, identity, at);
    if (account.disabled) throw refused(`The account ${account.username} is disabled: ask an administrator.`);
    await this.syncMemberships(tx, account, identity, at);

    // The same session a password sign-in opens: only the way in differs.
    const opened = await openSession(tx, account, now, from, { via: 'oidc', issuer: identity.issuer });
    const { passwordHash: _hash, ...withoutHash } = account;
    return { ...opened, account: withoutHash };
  }

  /** The linked account; else one the first login may take over, or a new one; linked to the subject either way. */
  private async accountOf(tx: Tx, identity: OidcIdentity, at: string): Promise<StoredAccount> {
    const linkedId = await tx.identity.accountForOidc(identity.issuer, identity.subject);
    const linked = linkedId === undefined ? undefined : await tx.identity.accountById(linkedId);
    if (linked) return linked;

    const { linkBy, createUsers } = this.deps.settings;
    let account: StoredAccount | undefined;
    let how: 'email' | 'username' | 'created' | undefined;
    if (linkBy === 'email' && identity.email !== undefined && identity.emailVerified) {
      // Only a sole match: two accounts with one address are for an admin to sort out, not for a login to pick from.
      const matches = await tx.identity.accountsByEmail(identity.email, 2);
      if (matches.length === 1) [account, how] = [matches[0], 'email'];
    }
    if (!account && linkBy === 'username' && identity.preferredUsername !== undefined) {
      account = await tx.identity.accountByUsername(identity.preferredUsername.trim().toLowerCase());
      if (account) how = 'username';
    }
    if (!account) {
      if (!createUsers)
        throw refused(
          `No account here is linked to ${identity.email ?? identity.preferredUsername ?? identity.subject} at ${identity.issuer}, ` +
            'and single sign-on does not create accounts: ask an administrator to create yours.',
        );
      account = await this.createAccount(tx, identity, at);
      how = 'created';
    }
    if (account.disabled) return account;
    await tx.identity.linkOidc(identity.issuer, identity.subject, account.id, at);
    await tx.audit.append({
      actor: oidcActor,
      action: 'user.oidc-linked',
      subjectType: 'user',
      subjectId: account.id,
      details: { username: account.username, issuer: identity.issuer, subject: identity.subject, by: how },
    });
    return account;
  }

  private async createAccount(tx: Tx, identity: OidcIdentity, at: string): Promise<StoredAccount> {
    const subjectDigest = createHash('sha256').update(`${identity.issuer}\n${identity.subject}`).digest('hex');
    let username: string | undefined;
    for (const candidate of usernameCandidates(identity, subjectDigest))
      if (usernameProblem(candidate) === undefined && !(await tx.identity.accountByUsername(candidate))) {
        username = candidate;
        break;
      }
    // The last candidate is made from the subject's digest: taken only by this very person, who would be linked.
    if (username === undefined)
      throw new ProvenaError('CONFLICT', `No free username for ${identity.subject} at ${identity.issuer}.`, {});
    const account: StoredAccount = {
      id: newId(),
      username,
      displayName: identity.name?.trim().slice(0, 200) || username,
      ...(identity.email !== undefined ? { email: identity.email } : {}),
      source: 'oidc',
      disabled: false,
      createdAt: at,
    };
    await tx.identity.insertAccount(account);
    await tx.audit.append({
      actor: oidcActor,
      action: 'user.created',
      subjectType: 'user',
      subjectId: account.id,
      details: { username, via: 'oidc', issuer: identity.issuer, memberships: [] },
    });
    return account;
  }

  /**
   * Sets the memberships the mapping owns to what the groups claim grants: the ones granted are added, the ones it
   * owns and no longer grants are removed; each change audited. A team the mapping names is made on first use, as
   * intake makes the teams files name.
   */
  private async syncMemberships(tx: Tx, account: StoredAccount, identity: OidcIdentity, at: string): Promise<void> {
    const mapping = this.deps.settings.roleMapping;
    if (!mapping) return;
    const key = (m: Membership) => `${m.role}\u0000${m.teamId}`;
    const wanted = new Map<string, Membership>();
    for (const grant of mappedGrants(identity.groups, mapping)) {
      const membership = await this.resolve(tx, grant, true);
      if (membership) wanted.set(key(membership), membership);
    }
    const owned = new Set<string>();
    for (const grant of mappableGrants(mapping)) {
      const membership = await this.resolve(tx, grant, false);
      if (membership) owned.add(key(membership));
    }
    const current = await tx.identity.memberships(account.id);
    const held = new Set(current.map(key));
    const audit = async (action: string, m: Membership) =>
      tx.audit.append({
        actor: oidcActor,
        action,
        subjectType: 'user',
        subjectId: account.id,
        details: { username: account.username, team: m.teamId, role: m.role, via: 'oidc', issuer: identity.issuer },
      });
    for (const membership of current)
      if (owned.has(key(membership)) && !wanted.has(key(membership))) {
        await tx.identity.revoke(account.id, membership);
        await audit('membership.revoked', membership);
      }
    for (const [k, membership] of wanted)
      if (!held.has(k) && (await tx.identity.grant(account.id, membership, at)))
        await audit('membership.granted', membership);
  }

  /** The membership a mapped grant stands for; its team made when `create`, else undefined while it does not exist. */
  private async resolve(tx: Tx, grant: MappedGrant, create: boolean): Promise<Membership | undefined> {
    if (grant.team === allTeams) return { teamId: allTeams, role: grant.role };
    if (!create) {
      const team = await tx.catalog.findBySlug('team', grant.team);
      return team && { teamId: team.id, role: grant.role };
    }
    const { entry, created } = await tx.catalog.ensure('team', grant.team);
    if (created)
      await tx.audit.append({
        actor: oidcActor,
        action: 'team.created',
        subjectType: 'team',
        subjectId: entry.id,
        details: { name: entry.name, via: 'oidc role mapping' },
      });
    return { teamId: entry.id, role: grant.role };
  }
}
