/** Accounts, memberships, sessions, API tokens, sign-in failures, OIDC subjects and setup tokens (migration 0008). */
import { sql, type Kysely } from 'kysely';
import type { Membership, Role, TokenScope } from '../domain/access.ts';
import type { ApiToken, IdentityRepository, LoginFailures, StoredAccount, StoredSession } from '../domain/identity.ts';
import type { AccountRow, ApiTokenRow, IdentityDatabase, SessionRow } from './identity.schema.ts';
import type { Database } from './schema.ts';

const accountOf = (row: AccountRow): StoredAccount => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  ...(row.email !== null ? { email: row.email } : {}),
  ...(row.password_hash !== null ? { passwordHash: row.password_hash } : {}),
  disabled: Number(row.disabled) === 1,
  source: row.source as StoredAccount['source'],
  createdAt: row.created_at,
});

const sessionOf = (row: SessionRow): StoredSession => ({
  id: row.id,
  userId: row.account_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastSeenAt: row.last_seen_at,
  csrfDigest: row.csrf_digest,
  ...(row.revoked_at !== null ? { revokedAt: row.revoked_at } : {}),
  ...(row.user_agent !== null ? { userAgent: row.user_agent } : {}),
  ...(row.client_ip !== null ? { clientIp: row.client_ip } : {}),
});

const tokenOf = (row: ApiTokenRow): ApiToken => ({
  id: row.id,
  userId: row.account_id,
  name: row.name,
  scopes: JSON.parse(row.scopes) as TokenScope[],
  createdAt: row.created_at,
  ...(row.expires_at !== null ? { expiresAt: row.expires_at } : {}),
  ...(row.last_used_at !== null ? { lastUsedAt: row.last_used_at } : {}),
  ...(row.revoked_at !== null ? { revokedAt: row.revoked_at } : {}),
});

export class SqlIdentityRepository implements IdentityRepository {
  private readonly db: Kysely<IdentityDatabase>;
  constructor(db: Kysely<Database>) {
    this.db = db.withTables<Omit<IdentityDatabase, keyof Database>>();
  }

  async insertAccount(account: StoredAccount): Promise<void> {
    await this.db
      .insertInto('accounts')
      .values({
        id: account.id,
        username: account.username,
        display_name: account.displayName,
        email: account.email ?? null,
        password_hash: account.passwordHash ?? null,
        source: account.source,
        disabled: account.disabled ? 1 : 0,
        created_at: account.createdAt,
        updated_at: account.createdAt,
      })
      .execute();
  }

  async accountById(id: string): Promise<StoredAccount | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && accountOf(row);
  }

  async accountByUsername(username: string): Promise<StoredAccount | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
    return row && accountOf(row);
  }

  async accountsByEmail(email: string, limit: number): Promise<StoredAccount[]> {
    const rows = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map(accountOf);
  }

  async listAccounts(page: { limit: number; afterUsername?: string }): Promise<StoredAccount[]> {
    let query = this.db.selectFrom('accounts').selectAll().orderBy('username').limit(page.limit);
    if (page.afterUsername !== undefined) query = query.where('username', '>', page.afterUsername);
    return (await query.execute()).map(accountOf);
  }

  async updateAccount(
    id: string,
    patch: Partial<Pick<StoredAccount, 'displayName' | 'email' | 'passwordHash' | 'disabled'>> & { updatedAt: string },
  ): Promise<void> {
    await this.db
      .updateTable('accounts')
      .set({
        updated_at: patch.updatedAt,
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...('email' in patch ? { email: patch.email ?? null } : {}),
        ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async countAdmins(): Promise<number> {
    const row = await this.db
      .selectFrom('memberships')
      .innerJoin('accounts', 'accounts.id', 'memberships.account_id')
      .select((eb) => eb.fn.count<number>('memberships.account_id').distinct().as('n'))
      .where('memberships.role', '=', 'admin')
      .where('accounts.disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async memberships(accountId: string): Promise<Membership[]> {
    const rows = await this.db
      .selectFrom('memberships')
      .select(['team_id', 'role'])
      .where('account_id', '=', accountId)
      .orderBy('team_id')
      .orderBy('role')
      .execute();
    return rows.map((r) => ({ teamId: r.team_id, role: r.role as Role }));
  }

  async grant(accountId: string, membership: Membership, at: string): Promise<boolean> {
    const result = await this.db
      .insertInto('memberships')
      .values({ account_id: accountId, team_id: membership.teamId, role: membership.role, created_at: at })
      .onConflict((oc) => oc.columns(['account_id', 'team_id', 'role']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async revoke(accountId: string, membership: Membership): Promise<boolean> {
    const result = await this.db
      .deleteFrom('memberships')
      .where('account_id', '=', accountId)
      .where('team_id', '=', membership.teamId)
      .where('role', '=', membership.role)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async membersOf(teamId: string): Promise<{ account: StoredAccount; membership: Membership }[]> {
    const rows = await this.db
      .selectFrom('memberships')
      .innerJoin('accounts', 'accounts.id', 'memberships.account_id')
      .selectAll('accounts')
      .select(['memberships.team_id as membership_team', 'memberships.role as membership_role'])
      .where('memberships.team_id', '=', teamId)
      .orderBy('accounts.username')
      .orderBy('memberships.role')
      .execute();
    return rows.map(({ membership_team, membership_role, ...row }) => ({
      account: accountOf(row),
      membership: { teamId: membership_team, role: membership_role as Role },
    }));
  }

  async insertSession(session: StoredSession, secretDigest: string): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: session.id,
        secret_digest: secretDigest,
        csrf_digest: session.csrfDigest,
        account_id: session.userId,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
        last_seen_at: session.lastSeenAt,
        revoked_at: null,
        user_agent: session.userAgent ?? null,
        client_ip: session.clientIp ?? null,
      })
      .execute();
  }

  async sessionBySecret(secretDigest: string): Promise<StoredSession | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('secret_digest', '=', secretDigest)
      .executeTakeFirst();
    return row && sessionOf(row);
  }

  async sessionsOf(accountId: string): Promise<StoredSession[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(sessionOf);
  }

  async touchSession(id: string, lastSeenAt: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id', '=', id).execute();
  }

  async revokeSession(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async revokeSessionsOf(accountId: string, at: string): Promise<number> {
    const result = await this.db
      .updateTable('sessions')
      .set({ revoked_at: at })
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async insertToken(token: ApiToken, secretDigest: string): Promise<void> {
    await this.db
      .insertInto('api_tokens')
      .values({
        id: token.id,
        secret_digest: secretDigest,
        account_id: token.userId,
        name: token.name,
        scopes: JSON.stringify(token.scopes),
        created_at: token.createdAt,
        expires_at: token.expiresAt ?? null,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
  }

  async tokenBySecret(secretDigest: string): Promise<ApiToken | undefined> {
    const row = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('secret_digest', '=', secretDigest)
      .executeTakeFirst();
    return row && tokenOf(row);
  }

  async tokenById(id: string): Promise<ApiToken | undefined> {
    const row = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row && tokenOf(row);
  }

  async tokensOf(accountId: string): Promise<ApiToken[]> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(tokenOf);
  }

  async touchToken(id: string, lastUsedAt: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: lastUsedAt }).where('id', '=', id).execute();
  }

  async revokeToken(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async loginFailures(keys: readonly string[]): Promise<LoginFailures[]> {
    if (keys.length === 0) return [];
    const rows = await this.db
      .selectFrom('login_failures')
      .select(['key', 'failures', 'next_attempt_at'])
      .where('key', 'in', keys)
      .execute();
    return rows.map((r) => ({ key: r.key, failures: Number(r.failures), nextAttemptAt: r.next_attempt_at }));
  }

  async recordLoginFailure(key: string, at: string, nextAttemptAt: (failures: number) => string): Promise<number> {
    // One statement: concurrent failures for one key each count.
    const row = await this.db
      .insertInto('login_failures')
      .values({ key, failures: 1, last_failure_at: at, next_attempt_at: nextAttemptAt(1) })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ failures: sql`login_failures.failures + 1`, last_failure_at: at }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    const failures = Number(row.failures);
    // Only while the count is still this one: a concurrent later failure's wait is not overwritten by this shorter one.
    await this.db
      .updateTable('login_failures')
      .set({ next_attempt_at: nextAttemptAt(failures) })
      .where('key', '=', key)
      .where('failures', '=', failures)
      .execute();
    return failures;
  }

  async clearLoginFailures(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.db.deleteFrom('login_failures').where('key', 'in', keys).execute();
  }

  async accountForOidc(issuer: string, subject: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('oidc_identities')
      .select('account_id')
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .executeTakeFirst();
    return row?.account_id;
  }

  async linkOidc(issuer: string, subject: string, accountId: string, at: string): Promise<void> {
    await this.db
      .insertInto('oidc_identities')
      .values({ issuer, subject, account_id: accountId, created_at: at })
      .execute();
  }

  async insertSetupToken(secretDigest: string, createdAt: string, expiresAt: string): Promise<void> {
    await this.db
      .insertInto('setup_tokens')
      .values({ secret_digest: secretDigest, created_at: createdAt, expires_at: expiresAt, used_at: null })
      .execute();
  }

  async useSetupToken(secretDigest: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('setup_tokens')
      .set({ used_at: at })
      .where('secret_digest', '=', secretDigest)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async retireSetupTokens(at: string): Promise<number> {
    const result = await this.db
      .updateTable('setup_tokens')
      .set({ used_at: at })
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
