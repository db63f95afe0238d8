/**
 * Single sign-on end to end, over real HTTP: a real OpenID provider (oidc-provider, test/oidc-provider.ts) and Provena
 * listening on 127.0.0.1, a browser with a cookie jar going from Provena's login redirect to the provider, through its
 * login page, back to the callback, and on with the session cookie.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operator } from '../../../test/contexts.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { Browser, freePort, startTestProvider, withPayload, type TestProvider } from '../../../test/oidc-provider.ts';
import { createTestRuntime, type TestRuntime } from '../../../test/runtime.ts';
import { addStoredAsset } from '../../../test/stored-assets.ts';
import { appFor } from '../../main/server.ts';
import { identityAuthenticator } from './authenticate.ts';

const callbackPath = '/api/v1/auth/oidc/callback';
const roleMapping = {
  'dam-admins': [{ role: 'admin', team: '*' }],
  brand: [{ role: 'brand', team: 'Brand Studio' }],
};

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

for (const dialect of dialects) {
  describeDialect(dialect, `single sign-on against a real OpenID provider [${dialect}]`, () => {
    let provider: TestProvider;
    let rt: TestRuntime;
    let app: FastifyInstance;
    let provena: string;
    let seq = 0;

    beforeAll(async () => {
      const port = await freePort();
      provena = `http://127.0.0.1:${port}`;
      provider = await startTestProvider({ redirectUri: `${provena}${callbackPath}` });
      rt = await createTestRuntime(dialect, {
        oidcIssuer: provider.issuer,
        oidcClientId: provider.clientId,
        oidcClientSecret: provider.clientSecret,
        oidcRedirectUrl: `${provena}${callbackPath}`,
        oidcScopes: 'openid email profile groups',
        oidcRoleMapping: JSON.stringify(roleMapping),
      });
      // The real authenticator: a request without a session is refused, as by the server.
      app = await appFor(rt, { authenticate: identityAuthenticator(rt.identity) });
      await app.listen({ host: '127.0.0.1', port });
    });
    afterAll(async () => {
      await app?.close();
      await rt?.dispose();
      await provider?.close();
    });

    /** Someone the provider knows, with these groups. */
    const person = (name: string, groups: string[]) => {
      const subject = `${name}-${++seq}`;
      provider.people.set(subject, {
        email: `${subject}@example.com`,
        email_verified: true,
        preferred_username: subject,
        name: `${name} Example`,
        groups,
      });
      return subject;
    };

    /** Provena's login → the provider (signed in as `subject`) → up to the callback, which is not requested. */
    async function toCallback(browser: Browser, subject: string, returnTo?: string): Promise<URL> {
      provider.signInAs(subject);
      const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
      const login = await browser.request(`${provena}/api/v1/auth/oidc/login${query}`);
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toMatch(new RegExp(`^${provider.issuer}/auth\\?`));
      const { url } = await browser.follow(login.headers.get('location')!, (next) => next.pathname === callbackPath);
      return url;
    }

    async function signIn(browser: Browser, subject: string, returnTo?: string): Promise<Response> {
      return browser.request((await toCallback(browser, subject, returnTo)).href);
    }

    const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

    it('signs in through the provider, sets the session cookie, and the session shows the mapped roles', async () => {
      const browser = new Browser();
      const subject = person('ana', ['brand', 'dam-admins', 'interns']);
      const loginUrl = await toCallback(browser, subject, '/assets?status=in_review');
      expect(loginUrl.searchParams.get('code')).toBeTruthy();
      const callback = await browser.request(loginUrl.href);
      expect(callback.status).toBe(303);
      expect(callback.headers.get('location')).toBe('/assets?status=in_review');
      expect(browser.cookies.get('provena_session')).toMatch(/^pvs_/);
      expect(browser.cookies.has('provena_oidc_login')).toBe(false);
      const cookies = callback.headers.getSetCookie();
      expect(cookies.find((c) => c.startsWith('provena_session='))).toMatch(/HttpOnly/i);
      expect(cookies.find((c) => c.startsWith('provena_csrf='))).not.toMatch(/HttpOnly/i);

      const session = await browser.request(`${provena}/api/v1/auth/session`);
      expect(session.status).toBe(200);
      const me = (await session.json()) as {
        user: { username: string; source?: string };
        teams: { teamId: string; teamName?: string; roles: string[] }[];
      };
      expect(me.user.username).toBe(subject);
      const roles = Object.fromEntries(me.teams.map((t) => [t.teamName ?? t.teamId, [...t.roles].sort()]));
      expect(roles['*']).toEqual(['admin']);
      // Admin holds on every team; brand is the mapped role there.
      expect(roles['Brand Studio']).toEqual(['admin', 'brand']);

      // A write with the session cookie needs the CSRF token, which the provena_csrf cookie carries.
      const withoutToken = await browser.request(`${provena}/api/v1/auth/logout`, { method: 'POST' });
      expect(withoutToken.status).toBe(403);
      const logout = await browser.request(`${provena}/api/v1/auth/logout`, {
        method: 'POST',
        headers: { 'x-csrf-token': browser.cookies.get('provena_csrf')! },
      });
      expect(logout.status).toBe(204);
    });

    it('signs in someone the mapping does not know, who then sees nothing', async () => {
      const team = (await rt.store.catalog.ensure('team', 'Brand Studio')).entry;
      await addStoredAsset(rt.store, { teamId: team.id });
      const brandUser = new Browser();
      expect((await signIn(brandUser, person('bo', ['brand']))).status).toBe(303);
      const seen = await brandUser.request(`${provena}/api/v1/assets`);
      expect(((await seen.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);

      const outsider = new Browser();
      expect((await signIn(outsider, person('cy', ['interns']))).status).toBe(303);
      const session = (await (await outsider.request(`${provena}/api/v1/auth/session`)).json()) as {
        teams: unknown[];
        globalPermissions: unknown[];
      };
      expect(session.teams).toEqual([]);
      expect(session.globalPermissions).toEqual([]);
      const assets = await outsider.request(`${provena}/api/v1/assets`);
      expect(assets.status).toBe(200);
      expect(((await assets.json()) as { items: unknown[] }).items).toEqual([]);
    });

    it('refuses an answer that is not the login this browser started (state), or without any login', async () => {
      const browser = new Browser();
      const callback = await toCallback(browser, person('dee', ['brand']));
      const forged = new URL(callback);
      forged.searchParams.set('state', 'another-login');
      const refused = await browser.request(forged.href);
      expect(refused.status).toBe(400);
      expect(await errorOf(refused)).toMatchObject({
        code: 'OIDC_SIGN_IN_FAILED',
        details: { reason: 'state-mismatch' },
      });
      expect(browser.cookies.has('provena_session')).toBe(false);
      // The login cookie went with that one callback: the genuine answer finds no login now.
      const late = await browser.request(callback.href);
      expect(await errorOf(late)).toMatchObject({ details: { reason: 'no-login-in-progress' } });
      expect(browser.cookies.has('provena_session')).toBe(false);
    });

    it('refuses a replayed code, naming the provider’s error', async () => {
      const browser = new Browser();
      const callback = await toCallback(browser, person('eve', ['brand']));
      const stolenCookie = browser.cookies.get('provena_oidc_login')!;
      expect((await browser.request(callback.href)).status).toBe(303);
      // Someone who copied both the callback URL and the login cookie tries it again.
      const attacker = new Browser();
      attacker.cookies.set('provena_oidc_login', stolenCookie);
      const replayed = await attacker.request(callback.href);
      expect(replayed.status).toBe(400);
      expect(await errorOf(replayed)).toMatchObject({
        code: 'OIDC_SIGN_IN_FAILED',
        details: { providerError: 'invalid_grant' },
      });
      expect(attacker.cookies.has('provena_session')).toBe(false);
    });

    it('refuses a tampered ID token and an answer naming another issuer', async () => {
      // A man in the middle puts the admins' group into the token, or makes it say it is someone else.
      const victim = person('fay', ['dam-admins']);
      for (const edit of [
        (claims: Record<string, unknown>) => ({ ...claims, groups: ['dam-admins'] }),
        (claims: Record<string, unknown>) => ({ ...claims, sub: victim }),
      ]) {
        const browser = new Browser();
        const callback = await toCallback(browser, person('gus', []));
        provider.tamperNextIdToken((jwt) => withPayload(jwt, edit));
        const tampered = await browser.request(callback.href);
        expect(tampered.status).toBe(400);
        const error = await errorOf(tampered);
        expect(error.code).toBe('OIDC_SIGN_IN_FAILED');
        expect(error.message).toMatch(/did not verify.*JWT signature verification failed/);
        expect(browser.cookies.has('provena_session')).toBe(false);
      }

      // The answer comes back naming another issuer (a mix-up): refused before the code is even exchanged.
      const other = new Browser();
      const mixedUp = new URL(await toCallback(other, person('hal', [])));
      mixedUp.searchParams.set('iss', 'https://evil.example');
      const refused = await other.request(mixedUp.href);
      expect(refused.status).toBe(400);
      const mixUp = await errorOf(refused);
      expect(mixUp.code).toBe('OIDC_SIGN_IN_FAILED');
      expect(mixUp.message).toContain('"iss" (issuer)');
      expect(other.cookies.has('provena_session')).toBe(false);
    });

    it('refuses a disabled account', async () => {
      const subject = person('ivy', ['brand']);
      expect((await signIn(new Browser(), subject)).status).toBe(303);
      const account = await rt.identity.getUser(operator, subject);
      await rt.identity.updateUser(operator, account.id, { disabled: true });
      const browser = new Browser();
      const refused = await signIn(browser, subject);
      expect(refused.status).toBe(401);
      expect(await errorOf(refused)).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(browser.cookies.has('provena_session')).toBe(false);
    });

    it('names the provider’s refusal', async () => {
      const browser = new Browser();
      provider.refuseNextLogin('the user said no');
      const refused = await signIn(browser, person('jo', []));
      expect(refused.status).toBe(400);
      const error = await errorOf(refused);
      expect(error).toMatchObject({
        code: 'OIDC_SIGN_IN_FAILED',
        details: { providerError: 'access_denied', providerDescription: 'the user said no' },
      });
      expect(error.message).toContain('access_denied');
    });

    it('never sends the browser to another site after signing in', async () => {
      for (const returnTo of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
        const response = await signIn(new Browser(), person('kim', []), returnTo);
        expect(response.status, returnTo).toBe(303);
        expect(response.headers.get('location'), returnTo).toBe('/');
      }
    });
  });
}
