import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { argon2Hasher } from '../auth/argon2-hasher.ts';
import { allTeams, operatorContext } from '../domain/access.ts';
import { parseRoleMapping, type OidcClient, type OidcIdentity, type RoleMapping } from '../domain/oidc.ts';
import { IdentityService } from './identity.service.ts';
import { OidcSignInService, type OidcSignInSettings } from './oidc-sign-in.service.ts';
import { outcome } from '../../test/outcome.ts';

const issuer = 'https://login.example.com';
const mapping = parseRoleMapping(
  JSON.stringify({
    'dam-admins': [{ role: 'admin', team: '*' }],
    brand: [{ role: 'brand', team: 'Brand Studio' }],
    creators: [
      { role: 'creator', team: 'Brand Studio' },
      { role: 'viewer', team: 'Finance' },
    ],
  }),
) as RoleMapping;

/** signInWithOidc is given verified claims: the provider is never asked in these tests. */
const noProvider: OidcClient = {
  beginLogin: () => Promise.reject(new Error('not in this test')),
  completeLogin: () => Promise.reject(new Error('not in this test')),
};

let seq = 0;
const person = (name: string, more: Partial<OidcIdentity> = {}): OidcIdentity => {
  const unique = `${name}${++seq}`;
  return {
    issuer,
    subject: `sub-${unique}`,
    email: `${unique}@example.com`,
    emailVerified: true,
    preferredUsername: unique,
    name: `${name} Example`,
    groups: [],
    ...more,
  };
};

describeEachDialect('OidcSignInService', ({ store }) => {
  const operator = operatorContext('root');
  const identity = () => new IdentityService({ store: store(), hasher: argon2Hasher });
  const oidc = (settings: Partial<OidcSignInSettings> = {}) =>
    new OidcSignInService({
      store: store(),
      client: noProvider,
      settings: { roleMapping: mapping, createUsers: true, linkBy: 'email', ...settings },
    });
  const auditOf = async (subjectId: string) => {
    const entries: [string, string][] = [];
    for await (const entry of store().audit.all())
      if (entry.subjectId === subjectId) entries.push([entry.action, entry.actor]);
    return entries;
  };
  const rolesOf = async (accountId: string) =>
    (await store().identity.memberships(accountId)).map((m) => `${m.role}@${m.teamId}`).sort();

  it('creates an account on the first login, with the mapped memberships, and a session like a password sign-in', async () => {
    const ana = person('ana', { groups: ['brand', 'unknown-group'] });
    const signedIn = await oidc().signInWithOidc(ana, { clientIp: '10.0.0.9', userAgent: 'browser' });
    expect(signedIn.account).toMatchObject({ username: ana.preferredUsername, source: 'oidc', email: ana.email });
    expect(signedIn.account).not.toHaveProperty('passwordHash');
    const studio = await store().catalog.findBySlug('team', 'Brand Studio');
    expect(await rolesOf(signedIn.account.id)).toEqual([`brand@${studio!.id}`]);

    const { context, session } = await identity().authenticateSession(signedIn.secret);
    expect(context.actor).toEqual({ kind: 'user', userId: signedIn.account.id, username: ana.preferredUsername });
    expect(identity().csrfMatches(session!, signedIn.csrfToken)).toBe(true);
    expect(session).toMatchObject({ clientIp: '10.0.0.9', userAgent: 'browser' });

    // The next login finds the same account through its link, whatever the claims say of its name or address.
    const again = await oidc().signInWithOidc({ ...ana, email: 'new@example.com', preferredUsername: 'other' });
    expect(again.account.id).toBe(signedIn.account.id);
    expect(await auditOf(signedIn.account.id)).toEqual([
      ['user.created', 'system:oidc'],
      ['user.oidc-linked', 'system:oidc'],
      ['membership.granted', 'system:oidc'],
      ['session.created', `user:${ana.preferredUsername}`],
      ['session.created', `user:${ana.preferredUsername}`],
    ]);
  });

  it('re-syncs the memberships the mapping owns on every login, audited, and leaves an admin’s grants alone', async () => {
    const bo = person('bo', { groups: ['creators'] });
    const first = await oidc().signInWithOidc(bo);
    const [studio, finance] = await Promise.all(
      ['Brand Studio', 'Finance'].map((name) => store().catalog.findBySlug('team', name)),
    );
    expect(await rolesOf(first.account.id)).toEqual([`creator@${studio!.id}`, `viewer@${finance!.id}`].sort());
    // An admin grants a role the mapping does not speak of.
    await identity().grant(operator, first.account.id, { teamId: finance!.id, role: 'legal' });

    const moved = await oidc().signInWithOidc({ ...bo, groups: ['dam-admins'] });
    expect(await rolesOf(moved.account.id)).toEqual([`admin@${allTeams}`, `legal@${finance!.id}`].sort());
    const changes = (await auditOf(first.account.id)).filter(([action]) => action.startsWith('membership.'));
    expect(changes).toEqual([
      ['membership.granted', 'system:oidc'],
      ['membership.granted', 'system:oidc'],
      ['membership.granted', 'operator:root'],
      ['membership.revoked', 'system:oidc'],
      ['membership.revoked', 'system:oidc'],
      ['membership.granted', 'system:oidc'],
    ]);
    // Nothing changed, nothing audited.
    await oidc().signInWithOidc({ ...bo, groups: ['dam-admins'] });
    expect((await auditOf(first.account.id)).filter(([action]) => action.startsWith('membership.'))).toHaveLength(6);
  });

  it('signs in someone the mapping does not know, with no roles at all', async () => {
    const cy = person('cy', { groups: ['interns'] });
    const signedIn = await oidc().signInWithOidc(cy);
    expect(await rolesOf(signedIn.account.id)).toEqual([]);
    const { context } = await identity().authenticateSession(signedIn.secret);
    expect(context.memberships).toEqual([]);
  });

  it('takes over the one account with its verified e-mail, and no other', async () => {
    const existing = await identity().createUser(operator, {
      username: `dee${++seq}`,
      email: `Dee${seq}@Example.com`,
      password: 'correct horse battery staple',
    });
    const dee = person('dee', { email: existing.email!.toLowerCase(), preferredUsername: 'dee-at-idp' });
    const linked = await oidc().signInWithOidc(dee);
    expect(linked.account).toMatchObject({ id: existing.id, source: 'local' });
    expect((await auditOf(existing.id)).map(([action]) => action)).toContain('user.oidc-linked');
    // Someone else at the provider with the address unverified: a new account instead.
    const unverified = await oidc().signInWithOidc({ ...dee, subject: `${dee.subject}-x`, emailVerified: false });
    expect(unverified.account.id).not.toBe(existing.id);
    // Two accounts have the address now: neither is taken over.
    const ambiguous = await oidc().signInWithOidc({ ...dee, subject: `${dee.subject}-z` });
    expect([existing.id, unverified.account.id]).not.toContain(ambiguous.account.id);
    // Configured not to link: a new account (its username free of the taken one).
    const other = await oidc({ linkBy: 'none' }).signInWithOidc({ ...dee, subject: `${dee.subject}-y` });
    expect(other.account.id).not.toBe(existing.id);
  });

  it('takes over an account by username only when configured to', async () => {
    const existing = await identity().createUser(operator, { username: `eve${++seq}` });
    const eve = person('eve', { preferredUsername: existing.username.toUpperCase(), email: undefined });
    const byEmail = await oidc().signInWithOidc(eve);
    expect(byEmail.account.id).not.toBe(existing.id);
    expect(byEmail.account.username).toMatch(new RegExp(`^${existing.username}-[0-9a-f]{8}$`));
    const byName = await oidc({ linkBy: 'username' }).signInWithOidc({ ...eve, subject: `${eve.subject}-2` });
    expect(byName.account.id).toBe(existing.id);
  });

  it('refuses a disabled account and writes nothing for the refused login', async () => {
    const fay = person('fay', { groups: ['brand'] });
    const first = await oidc().signInWithOidc(fay);
    await identity().updateUser(operator, first.account.id, { disabled: true });
    const before = await auditOf(first.account.id);
    const sessionsBefore = (await store().identity.sessionsOf(first.account.id)).length;
    const refused = await oidc()
      .signInWithOidc({ ...fay, groups: ['dam-admins'] })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('disabled') as string });
    expect(await auditOf(first.account.id)).toEqual(before);
    expect(await store().identity.sessionsOf(first.account.id)).toHaveLength(sessionsBefore);
    expect((await rolesOf(first.account.id)).some((r) => r.startsWith('admin'))).toBe(false);
  });

  it('refuses someone without an account when configured not to create accounts, creating nothing', async () => {
    const gus = person('gus');
    expect(await outcome(oidc({ createUsers: false }).signInWithOidc(gus))).toBe('UNAUTHENTICATED');
    expect(await store().identity.accountForOidc(issuer, gus.subject)).toBeUndefined();
    expect(await store().identity.accountByUsername(gus.preferredUsername!)).toBeUndefined();
  });

  it('gives two first logins of one person at once one account', async () => {
    const hal = person('hal', { groups: ['brand'] });
    const [a, b] = await Promise.all([oidc().signInWithOidc(hal), oidc().signInWithOidc(hal)]);
    expect(a.account.id).toBe(b.account.id);
    expect(a.session.id).not.toBe(b.session.id);
  });
});
