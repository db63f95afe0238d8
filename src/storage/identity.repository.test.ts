import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { allTeams } from '../domain/access.ts';
import { newId } from '../domain/ids.ts';
import { secretDigest, type StoredAccount } from '../domain/identity.ts';

const at = '2030-01-01T00:00:00.000Z';
const later = '2030-01-01T01:00:00.000Z';
let n = 0;
const account = (over: Partial<StoredAccount> = {}): StoredAccount => ({
  id: newId(),
  username: `user${++n}`,
  displayName: `User ${n}`,
  source: 'local',
  disabled: false,
  createdAt: at,
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
  ...over,
});

describeEachDialect('identity repository', ({ store }) => {
  const identity = () => store().identity;

  it('stores accounts with their password hash, finds them by id and username, pages them by username', async () => {
    const a = account({ email: 'a@example.com' });
    await identity().insertAccount(a);
    expect(await identity().accountById(a.id)).toEqual(a);
    expect(await identity().accountByUsername(a.username)).toEqual(a);
    expect(await identity().accountByUsername('nobody')).toBeUndefined();
    await identity().updateAccount(a.id, {
      displayName: 'Renamed',
      disabled: true,
      email: undefined,
      updatedAt: later,
    });
    const { email: _gone, ...rest } = a;
    expect(await identity().accountById(a.id)).toEqual({ ...rest, displayName: 'Renamed', disabled: true });
    await expect(identity().insertAccount(account({ username: a.username }))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const first = await identity().listAccounts({ limit: 1 });
    const next = await identity().listAccounts({ limit: 100, afterUsername: first[0]!.username });
    expect(next.map((x) => x.username)).not.toContain(first[0]!.username);
  });

  it('grants and revokes roles per team or on every team, and counts enabled admins', async () => {
    const admins = await identity().countAdmins();
    const a = account();
    await identity().insertAccount(a);
    expect(await identity().grant(a.id, { teamId: 'team-1', role: 'creator' }, at)).toBe(true);
    expect(await identity().grant(a.id, { teamId: 'team-1', role: 'creator' }, at)).toBe(false);
    await identity().grant(a.id, { teamId: allTeams, role: 'admin' }, at);
    expect(await identity().memberships(a.id)).toEqual([
      { teamId: allTeams, role: 'admin' },
      { teamId: 'team-1', role: 'creator' },
    ]);
    expect(await identity().countAdmins()).toBe(admins + 1);
    await identity().updateAccount(a.id, { disabled: true, updatedAt: later });
    expect(await identity().countAdmins()).toBe(admins);
    expect(await identity().revoke(a.id, { teamId: 'team-1', role: 'creator' })).toBe(true);
    expect(await identity().revoke(a.id, { teamId: 'team-1', role: 'creator' })).toBe(false);
  });

  it("lists a team's members by username, one row per role, with their accounts", async () => {
    const [b, a] = [account({ username: 'zz-member' }), account({ username: 'aa-member' })];
    await identity().insertAccount(b);
    await identity().insertAccount(a);
    await identity().grant(b.id, { teamId: 'team-m', role: 'viewer' }, at);
    await identity().grant(a.id, { teamId: 'team-m', role: 'reviewer' }, at);
    await identity().grant(a.id, { teamId: 'team-m', role: 'creator' }, at);
    await identity().grant(a.id, { teamId: 'team-other', role: 'brand' }, at);
    const members = await identity().membersOf('team-m');
    expect(members.map((m) => [m.account.username, m.membership.role])).toEqual([
      ['aa-member', 'creator'],
      ['aa-member', 'reviewer'],
      ['zz-member', 'viewer'],
    ]);
    expect(members[0]!.account).toEqual(a);
    expect(await identity().membersOf('team-none')).toEqual([]);
  });

  it('finds sessions and tokens only by the digest of their secret, and revokes them', async () => {
    const a = account();
    await identity().insertAccount(a);
    const session = { id: newId(), userId: a.id, createdAt: at, expiresAt: later, lastSeenAt: at, csrfDigest: 'c' };
    await identity().insertSession(session, secretDigest('pvs_secret'));
    expect(await identity().sessionBySecret(secretDigest('pvs_secret'))).toEqual(session);
    expect(await identity().sessionBySecret('pvs_secret')).toBeUndefined();
    await identity().touchSession(session.id, later);
    expect(await identity().revokeSessionsOf(a.id, later)).toBe(1);
    expect(await identity().sessionBySecret(secretDigest('pvs_secret'))).toMatchObject({ revokedAt: later });
    expect(await identity().revokeSession(session.id, later)).toBe(false);

    const token = { id: newId(), userId: a.id, name: 'ci', scopes: ['read' as const], createdAt: at, expiresAt: later };
    await identity().insertToken(token, secretDigest('pvt_secret'));
    expect(await identity().tokenBySecret(secretDigest('pvt_secret'))).toEqual(token);
    await identity().touchToken(token.id, later);
    expect(await identity().tokensOf(a.id)).toEqual([{ ...token, lastUsedAt: later }]);
    expect(await identity().revokeToken(token.id, later)).toBe(true);
    expect(await identity().tokenById(token.id)).toMatchObject({ revokedAt: later });
  });

  it('counts failed sign-ins per key, concurrently, and clears them', async () => {
    const key = `user:${newId()}`;
    const counts = await Promise.all(
      Array.from({ length: 5 }, () => identity().recordLoginFailure(key, at, (f) => `next-${f}`)),
    );
    expect([...counts].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(await identity().loginFailures([key, 'ip:none'])).toEqual([{ key, failures: 5, nextAttemptAt: 'next-5' }]);
    await identity().clearLoginFailures([key]);
    expect(await identity().loginFailures([key])).toEqual([]);
  });

  it('uses a setup token once, and never after it expires', async () => {
    await identity().insertSetupToken('d1', at, later);
    expect(await identity().useSetupToken('d1', at)).toBe(true);
    expect(await identity().useSetupToken('d1', at)).toBe(false);
    await identity().insertSetupToken('d2', at, later);
    expect(await identity().useSetupToken('d2', '2031-01-01T00:00:00.000Z')).toBe(false);
  });

  it('retires every unused setup token at once', async () => {
    await identity().insertSetupToken('r1', at, later);
    await identity().insertSetupToken('r2', at, later);
    expect(await identity().retireSetupTokens(at)).toBeGreaterThanOrEqual(2);
    expect(await identity().retireSetupTokens(at)).toBe(0);
    expect(await identity().useSetupToken('r1', at)).toBe(false);
    expect(await identity().useSetupToken('r2', at)).toBe(false);
  });

  it('links an OpenID Connect subject to one account', async () => {
    const a = account({ source: 'oidc', passwordHash: undefined });
    await identity().insertAccount(a);
    await identity().linkOidc('https://idp.example', 'sub-1', a.id, at);
    expect(await identity().accountForOidc('https://idp.example', 'sub-1')).toBe(a.id);
    expect(await identity().accountForOidc('https://other.example', 'sub-1')).toBeUndefined();
  });
});
