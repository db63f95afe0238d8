import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { argon2Hasher } from '../auth/argon2-hasher.ts';
import { allTeams, operatorContext, type RequestContext } from '../domain/access.ts';
import { isProvenaError } from '../domain/errors.ts';
import { IdentityService } from './identity.service.ts';
import { outcome } from '../../test/outcome.ts';

const password = 'correct horse battery staple';
let seq = 0;
const unique = (name: string) => `${name}${++seq}`;

describeEachDialect('IdentityService', ({ store }) => {
  let clock = new Date('2030-01-01T00:00:00.000Z');
  const service = () => new IdentityService({ store: store(), hasher: argon2Hasher, now: () => clock });
  const operator = operatorContext('root');
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));

  it('creates the first admin once, with a one-time setup token, and nothing else opens the door', async () => {
    const identity = service();
    expect(await identity.needsFirstAdmin()).toBe(true);
    const { token } = await identity.createSetupToken(operator);
    expect(await outcome(identity.createFirstAdmin('pvb_forged', { username: 'boss', password }))).toBe(
      'UNAUTHENTICATED',
    );
    const admin = await identity.createFirstAdmin(token, { username: 'Boss', password });
    expect(admin).toMatchObject({ username: 'boss', memberships: [{ teamId: allTeams, role: 'admin' }] });
    expect(admin).not.toHaveProperty('passwordHash');
    expect(await identity.needsFirstAdmin()).toBe(false);
    const again = await identity.createSetupToken(operator);
    expect(await outcome(identity.createFirstAdmin(again.token, { username: 'boss2', password }))).toBe('CONFLICT');
  });

  it('signs in with the right password only, with one message for every failure, then slows guessing down', async () => {
    const identity = service();
    const username = unique('ana');
    await identity.createUser(operator, { username, password });
    const messages = new Set<string>();
    for (const attempt of [
      { username, password: 'wrong password here' },
      { username: unique('nobody'), password },
    ]) {
      try {
        await identity.signIn({ ...attempt, clientIp: '10.0.0.1' });
      } catch (error) {
        expect(isProvenaError(error) && error.code).toBe('UNAUTHENTICATED');
        messages.add((error as Error).message);
      }
    }
    expect(messages.size).toBe(1);
    // A third failure from this address: the fourth attempt is refused before the password is even checked.
    expect(await outcome(identity.signIn({ username, password: 'wrong again!!!', clientIp: '10.0.0.1' }))).toBe(
      'UNAUTHENTICATED',
    );
    const refused = await identity
      .signIn({ username, password, clientIp: '10.0.0.1' })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 1 } });
    advance(1_500);
    const signedIn = await identity.signIn({ username, password, clientIp: '10.0.0.1', userAgent: 'test' });
    expect(signedIn.secret).toMatch(/^pvs_/);
    const { context, session } = await identity.authenticateSession(signedIn.secret);
    expect(context.actor).toEqual({ kind: 'user', userId: signedIn.account.id, username });
    expect(identity.csrfMatches(session!, signedIn.csrfToken)).toBe(true);
    expect(identity.csrfMatches(session!, signedIn.secret)).toBe(false);
    expect(identity.csrfMatches(session!, undefined)).toBe(false);
    // Sign-out, revocation and expiry each end a session.
    await identity.signOut(signedIn.secret);
    expect(await outcome(identity.authenticateSession(signedIn.secret))).toBe('UNAUTHENTICATED');
    const second = await identity.signIn({ username, password });
    advance(13 * 3600_000);
    expect(await outcome(identity.authenticateSession(second.secret))).toBe('UNAUTHENTICATED');
  });

  it('gives a token its account’s roles narrowed by its scopes, and stops it when revoked, expired or disabled', async () => {
    const identity = service();
    const team = await identity.createTeam(operator, unique('Team '));
    const user = await identity.createUser(operator, {
      username: unique('rev'),
      password,
      memberships: [{ teamId: team.id, role: 'reviewer' }],
    });
    const self: RequestContext = {
      actor: { kind: 'user', userId: user.id, username: user.username },
      memberships: user.memberships,
    };
    const { token, secret } = await identity.createToken(self, { name: 'ci', scopes: ['read'], expiresInDays: 1 });
    expect(secret).toMatch(/^pvt_/);
    const { context } = await identity.authenticateToken(secret);
    expect(context).toMatchObject({ scopes: ['read'], memberships: [{ teamId: team.id, role: 'reviewer' }] });
    expect((await identity.listTokens(self)).map((t) => t.id)).toEqual([token.id]);
    expect(await outcome(identity.authenticateToken(`${secret}x`))).toBe('UNAUTHENTICATED');

    const other = await identity.createToken(self, { name: 'short', scopes: ['read'], expiresInDays: 1 });
    await identity.revokeToken(self, token.id);
    expect(await outcome(identity.authenticateToken(secret))).toBe('UNAUTHENTICATED');
    await identity.updateUser(operator, user.id, { disabled: true });
    expect(await outcome(identity.authenticateToken(other.secret))).toBe('UNAUTHENTICATED');
    await identity.updateUser(operator, user.id, { disabled: false });
    advance(2 * 24 * 3600_000);
    expect(await outcome(identity.authenticateToken(other.secret))).toBe('UNAUTHENTICATED');
    expect(
      await outcome(identity.createToken(self, { name: 'forever', scopes: ['read'], expiresInDays: 10_000 })),
    ).toBe('VALIDATION_FAILED');
  });

  it('lets only admins manage users, names the missing permission, and keeps the last admin', async () => {
    const identity = service();
    const viewer = await identity.createUser(operator, {
      username: unique('viewer'),
      password,
      memberships: [{ teamId: allTeams, role: 'viewer' }],
    });
    const asViewer: RequestContext = {
      actor: { kind: 'user', userId: viewer.id, username: viewer.username },
      memberships: viewer.memberships,
    };
    const denied = await identity.createUser(asViewer, { username: unique('x'), password }).catch((e: unknown) => e);
    expect(denied).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'users:manage' } });
    expect(await outcome(identity.getUser(asViewer, viewer.username))).toBe('ok');
    expect(await outcome(identity.listUsers(asViewer, { limit: 10 }))).toBe('FORBIDDEN');

    const admins = (await identity.listUsers(operator, { limit: 1000 })).items.filter((u) =>
      u.memberships.some((m) => m.role === 'admin'),
    );
    for (const admin of admins.slice(1)) await identity.revoke(operator, admin.id, { teamId: allTeams, role: 'admin' });
    const last = admins[0]!;
    expect(await outcome(identity.revoke(operator, last.id, { teamId: allTeams, role: 'admin' }))).toBe('CONFLICT');
  });

  it('refuses weak passwords, taken usernames, unknown roles and teams, each named', async () => {
    const identity = service();
    const taken = unique('taken');
    await identity.createUser(operator, { username: taken });
    const error = await identity
      .createUser(operator, {
        username: taken,
        password: 'short',
        email: 'not-an-email',
        memberships: [{ teamId: 'no-such-team', role: 'overlord' as never }],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    const fields = (error as { details: { problems: { field: string }[] } }).details.problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining(['username', 'password', 'email', 'memberships[0].role', 'memberships[0].team']),
    );
  });

  it('audits every change with the actor, and never a secret', async () => {
    const identity = service();
    const username = unique('audited');
    const user = await identity.createUser(operator, { username, password });
    await identity.setPassword(operator, username, 'another long password');
    const { token, secret } = await identity.createToken(operator, { name: 'x', scopes: ['read'], forUser: username });
    await identity.revokeToken(operator, token.id);
    const entries = [];
    for await (const entry of store().audit.all())
      if (entry.subjectId === user.id || entry.subjectId === token.id) entries.push(entry);
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['user.created', 'operator:root'],
      ['user.password-set', 'operator:root'],
      ['token.created', 'operator:root'],
      ['token.revoked', 'operator:root'],
    ]);
    expect(JSON.stringify(entries)).not.toContain(secret.slice(4));
  });
});
