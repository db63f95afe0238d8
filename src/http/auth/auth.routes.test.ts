/**
 * /api/v1/auth and the authenticator through inject(): first-admin setup on an empty store, sign-in, the session
 * cookie and its CSRF token, sign-out, who am I, and the credentials the authenticator refuses. (The same over real
 * HTTP, cookies as a client sees them: authentication.http.test.ts.)
 */
import { expect, it } from 'vitest';
import { operator } from '../../../test/contexts.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { bearer, signIn, useTestApp } from '../../../test/http-app.ts';
import { newId } from '../../domain/ids.ts';
import { newSecret, secretDigest } from '../../domain/identity.ts';
import { csrfCookieName, sessionCookieName } from './session-cookie.ts';

const password = 'a long enough passphrase';
interface ErrorReply {
  error: { code: string; message: string; details: Record<string, unknown> };
}

for (const dialect of dialects) {
  describeDialect(dialect, `auth API [${dialect}]`, () => {
    const t = useTestApp(dialect, {}, { withoutAdmin: true });
    const setup = (setupToken: string, username = 'root-admin', pass = password) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/setup',
        payload: { setupToken, username, password: pass, displayName: 'Root' },
      });

    it('is closed without credentials, before any account exists: 401 naming the scheme', async () => {
      for (const url of ['/api/v1/assets', '/api/v1/users', '/api/v1/auth/session', '/api/v1/no-such-route']) {
        const res = await t.app.inject({ url });
        expect(res.statusCode, url).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="provena"');
        expect(res.json<ErrorReply>().error.code).toBe('UNAUTHENTICATED');
      }
      expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    });

    const status = async () => (await t.app.inject({ url: '/api/v1/auth/status' })).json<unknown>();

    it('creates the first admin with the one-time setup token, and no second one', async () => {
      expect(await t.rt.identity.needsFirstAdmin()).toBe(true);
      // What a sign-in page asks before anyone is signed in: whether to offer the first-admin setup.
      expect(await status()).toEqual({ setupRequired: true, singleSignOn: false });
      const { token } = await t.rt.identity.createSetupToken(operator);
      const wrong = await setup(newSecret('bootstrap'));
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json<ErrorReply>().error.message).toMatch(/setup token is unknown, used or expired/);
      const weak = await setup(token, 'root-admin', 'short');
      expect(weak.statusCode).toBe(400);
      expect(weak.json<ErrorReply>().error.details.problems).toContainEqual({
        field: 'password',
        problem: 'must be at least 12 characters (it has 5)',
      });
      const made = await setup(token);
      expect(made.statusCode).toBe(201);
      expect(made.json()).toMatchObject({
        username: 'root-admin',
        displayName: 'Root',
        disabled: false,
        memberships: [{ teamId: '*', role: 'admin' }],
      });
      expect(made.body).not.toMatch(/argon2|passwordHash/);
      // The token is used up, and any other is refused once an admin exists.
      expect((await setup(token, 'second-admin')).statusCode).toBe(409);
      const another = await t.rt.identity.createSetupToken(operator);
      const again = await setup(another.token, 'second-admin');
      expect(again.statusCode).toBe(409);
      expect(again.json<ErrorReply>().error.message).toMatch(/admin exists already/);
      expect(await t.rt.identity.needsFirstAdmin()).toBe(false);
      expect(await status()).toEqual({ setupRequired: false, singleSignOn: false });
    });

    it('signs in with an HttpOnly, SameSite=Lax cookie and a CSRF token; one message for every failure', async () => {
      const login = (username: string, pass: string, remoteAddress: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username, password: pass },
          remoteAddress,
        });
      const wrongPassword = await login('root-admin', 'not the password at all', '192.0.2.10');
      const unknownUser = await login('nobody-at-all', password, '192.0.2.11');
      expect([wrongPassword.statusCode, unknownUser.statusCode]).toEqual([401, 401]);
      expect(wrongPassword.json<ErrorReply>().error.message).toBe(unknownUser.json<ErrorReply>().error.message);
      expect(wrongPassword.cookies).toEqual([]);

      const res = await login('root-admin', password, '192.0.2.12');
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.json<{ user: { username: string }; csrfToken: string; expiresAt: string }>();
      expect(body.user).toMatchObject({ username: 'root-admin', memberships: [{ teamId: '*', role: 'admin' }] });
      expect(body.csrfToken).toMatch(/^pvs_/);
      expect(res.body).not.toMatch(/argon2|passwordHash|csrfDigest/);
      const cookie = res.cookies.find((c) => c.name === sessionCookieName);
      expect(cookie).toMatchObject({ name: sessionCookieName, httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie?.secure).toBeUndefined();
      // Expires has whole seconds.
      expect(cookie?.expires?.getTime()).toBe(Math.floor(Date.parse(body.expiresAt) / 1000) * 1000);
      // The cookie is the session secret, not something the CSRF token or the body gives away.
      expect(cookie?.value).toMatch(/^pvs_/);
      expect(res.body).not.toContain(cookie!.value);
      // The CSRF token also comes as a cookie the site's pages can read after a reload (not HttpOnly).
      const csrf = res.cookies.find((c) => c.name === csrfCookieName);
      expect(csrf).toMatchObject({ value: body.csrfToken, sameSite: 'Lax', path: '/' });
      expect(csrf?.httpOnly).toBeUndefined();
    });

    it('answers who is signed in, with what they may do globally and per team', async () => {
      const session = await signIn(t.app, 'root-admin', password);
      const res = await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie: session.cookie } });
      expect(res.statusCode).toBe(200);
      const who = res.json<{
        user: { username: string };
        globalPermissions: string[];
        teams: { teamId: string; roles: string[]; permissions: string[] }[];
        scopes?: string[];
      }>();
      expect(who.user.username).toBe('root-admin');
      expect(who.globalPermissions).toEqual(expect.arrayContaining(['users:manage', 'audit:read', 'policy:edit']));
      expect(who.teams.map((team) => [team.teamId, team.roles])).toEqual([['*', ['admin']]]);
      expect(who.teams[0]?.permissions).toEqual(expect.arrayContaining(['asset:read', 'asset:publish']));
      expect(who.scopes).toBeUndefined();
    });

    it('takes cookie-authenticated writes only with the CSRF token; reads need none', async () => {
      const session = await signIn(t.app, 'root-admin', password);
      const cookieOnly = { cookie: session.cookie };
      expect((await t.app.inject({ url: '/api/v1/teams', headers: cookieOnly })).statusCode).toBe(200);
      for (const headers of [cookieOnly, { ...cookieOnly, 'x-csrf-token': newSecret('session') }]) {
        const refused = await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers, payload: { name: 'X' } });
        expect(refused.statusCode).toBe(403);
        expect(refused.json<ErrorReply>().error).toMatchObject({ code: 'FORBIDDEN' });
        expect(refused.json<ErrorReply>().error.message).toMatch(/^CSRF token missing or wrong/);
      }
      // Another session's token is wrong for this one.
      const other = await signIn(t.app, 'root-admin', password);
      const crossed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: { ...cookieOnly, 'x-csrf-token': other.csrfToken },
        payload: { name: 'Crossed' },
      });
      expect(crossed.statusCode).toBe(403);
      const ok = await t.app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: session.writeHeaders,
        payload: { name: 'Cookie Team' },
      });
      expect(ok.statusCode).toBe(201);
      expect((await t.app.inject({ url: '/api/v1/teams', headers: cookieOnly })).json()).toMatchObject({
        items: [expect.objectContaining({ name: 'Cookie Team' })],
      });
    });

    it('signs out with the CSRF token: the session ends and the cookie is cleared', async () => {
      const session = await signIn(t.app, 'root-admin', password);
      const withoutCsrf = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { cookie: session.cookie },
      });
      expect(withoutCsrf.statusCode).toBe(403);
      expect(
        (await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie: session.cookie } })).statusCode,
      ).toBe(200);
      const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session.writeHeaders });
      expect(out.statusCode).toBe(204);
      for (const name of [sessionCookieName, csrfCookieName]) {
        const cleared = out.cookies.find((c) => c.name === name);
        expect(cleared?.value, name).toBe('');
        expect(cleared?.expires?.getTime()).toBeLessThanOrEqual(Date.now());
      }
      const after = await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie: session.cookie } });
      expect(after.statusCode).toBe(401);
      expect(after.json<ErrorReply>().error.message).toMatch(/session has ended/);
      // Signing out again, or without any session, only clears the cookie.
      const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session.writeHeaders });
      expect(again.statusCode).toBe(204);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
    });

    it('refuses forged, expired and revoked sessions and tokens, other schemes, and credentials in the URL', async () => {
      const admin = await t.rt.identity.contextOf('root-admin');
      const { secret, token } = await t.rt.identity.createToken(admin, { name: 'ci', scopes: ['read'] });
      expect((await t.app.inject({ url: '/api/v1/teams', headers: bearer(secret) })).statusCode).toBe(200);

      const forged = await t.app.inject({ url: '/api/v1/teams', headers: bearer(newSecret('token')) });
      expect(forged.statusCode).toBe(401);
      expect(forged.json<ErrorReply>().error.message).toMatch(/API token is unknown, revoked or expired/);
      const forgedCookie = await t.app.inject({
        url: '/api/v1/teams',
        headers: { cookie: `${sessionCookieName}=${newSecret('session')}` },
      });
      expect(forgedCookie.statusCode).toBe(401);

      // Expired: stored as the service would have stored them, an hour ago.
      const past = new Date(Date.now() - 3600_000).toISOString();
      const expiredSecret = newSecret('token');
      await t.rt.store.identity.insertToken(
        { id: newId(), userId: token.userId, name: 'old', scopes: ['read'], createdAt: past, expiresAt: past },
        secretDigest(expiredSecret),
      );
      expect((await t.app.inject({ url: '/api/v1/teams', headers: bearer(expiredSecret) })).statusCode).toBe(401);
      const expiredSession = newSecret('session');
      await t.rt.store.identity.insertSession(
        {
          id: newId(),
          userId: token.userId,
          createdAt: past,
          expiresAt: past,
          lastSeenAt: past,
          csrfDigest: secretDigest('unused'),
        },
        secretDigest(expiredSession),
      );
      const stale = await t.app.inject({
        url: '/api/v1/teams',
        headers: { cookie: `${sessionCookieName}=${expiredSession}` },
      });
      expect(stale.statusCode).toBe(401);

      // Another scheme, or the token where it leaks: refused even when the header is good.
      const basic = await t.app.inject({ url: '/api/v1/teams', headers: { authorization: 'Basic YTpi' } });
      expect(basic.statusCode).toBe(401);
      expect(basic.json<ErrorReply>().error.message).toMatch(/must be "Bearer <API token>"/);
      for (const parameter of ['token', 'access_token', 'api_key']) {
        const res = await t.app.inject({ url: `/api/v1/teams?${parameter}=${secret}`, headers: bearer(secret) });
        expect(res.statusCode, parameter).toBe(401);
        expect(res.json<ErrorReply>().error).toMatchObject({ code: 'UNAUTHENTICATED', details: { parameter } });
        expect(res.json<ErrorReply>().error.message).toMatch(/query string .* refused/);
      }

      await t.rt.identity.revokeToken(admin, token.id);
      const revoked = await t.app.inject({ url: '/api/v1/teams', headers: bearer(secret) });
      expect(revoked.statusCode).toBe(401);
    });

    it('answers a member of one team what they may do there, and what their roles on every team give', async () => {
      const studio = await t.rt.identity.createTeam(operator, 'Who Studio');
      const member = await t.rt.identity.createUser(operator, {
        username: 'who-member',
        password,
        memberships: [
          { teamId: studio.id, role: 'creator' },
          { teamId: '*', role: 'reviewer' },
        ],
      });
      const session = await signIn(t.app, member.username, password);
      const who = (await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie: session.cookie } })).json<{
        globalPermissions: string[];
        teams: { teamId: string; teamName?: string; roles: string[]; permissions: string[] }[];
      }>();
      expect(who.globalPermissions).toEqual([]);
      const [everyTeam, own] = who.teams;
      expect(everyTeam).toMatchObject({ teamId: '*', roles: ['reviewer'] });
      expect(everyTeam?.permissions).toContain('review:tier1');
      expect(everyTeam?.permissions).not.toContain('asset:create');
      expect(own).toMatchObject({ teamId: studio.id, teamName: 'Who Studio' });
      expect(own?.roles.sort()).toEqual(['creator', 'reviewer']);
      expect(own?.permissions).toEqual(expect.arrayContaining(['asset:create', 'asset:edit', 'review:tier1']));
      expect(own?.permissions).not.toContain('asset:publish');
    });

    it('tells a token from a session in who am I: the scopes narrow what the roles grant', async () => {
      const admin = await t.rt.identity.contextOf('root-admin');
      const { secret } = await t.rt.identity.createToken(admin, { name: 'reader', scopes: ['read'] });
      const res = await t.app.inject({ url: '/api/v1/auth/session', headers: bearer(secret) });
      expect(res.statusCode).toBe(200);
      const who = res.json<{ globalPermissions: string[]; teams: { permissions: string[] }[]; scopes: string[] }>();
      expect(who.scopes).toEqual(['read']);
      expect(who.globalPermissions).toEqual(['audit:read']);
      expect(who.teams[0]?.permissions).toEqual(['asset:read']);
      // And a write it does not admit is FORBIDDEN naming the permission.
      const write = await t.app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: bearer(secret),
        payload: { name: 'Nope' },
      });
      expect(write.statusCode).toBe(403);
      expect(write.json<ErrorReply>().error.message).toMatch(/users:manage/);
    });
  });
}
