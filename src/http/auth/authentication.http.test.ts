/**
 * Sessions, CSRF and API tokens over real HTTP: the API listening on 127.0.0.1, called with fetch, its Set-Cookie
 * headers read as a browser would receive them. The app trusts 127.0.0.1 as its proxy, so that a test can speak for
 * several client addresses (X-Forwarded-For) and for HTTPS (X-Forwarded-Proto).
 */
import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { testAdminPassword, useTestApp } from '../../../test/http-app.ts';
import { newId } from '../../domain/ids.ts';
import { newSecret, secretDigest } from '../../domain/identity.ts';
import { sessionCookieName } from './session-cookie.ts';

interface ErrorReply {
  error: { code: string; message: string; details: Record<string, unknown> };
}

for (const dialect of dialects) {
  describeDialect(dialect, `authentication over HTTP [${dialect}]`, () => {
    const t = useTestApp(dialect, { trustProxy: '127.0.0.1' }, { anonymous: true });
    let base = '';
    beforeAll(async () => {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    });

    const call = (path: string, init: RequestInit & { json?: unknown } = {}) => {
      const { json, headers, ...rest } = init;
      return fetch(base + path, {
        ...rest,
        headers: { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
    };
    const login = (username: string, password: string, headers: Record<string, string> = {}) =>
      call('/api/v1/auth/login', { method: 'POST', json: { username, password }, headers });
    /** The session cookie a response sets, as `name=value` for a Cookie header, with its attributes. */
    const sessionCookie = (res: Response) => {
      const header = res.headers.getSetCookie().find((c) => c.startsWith(`${sessionCookieName}=`));
      if (!header) throw new Error('no session cookie was set');
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      return { pair: pair!, attributes: attributes.map((a) => a.toLowerCase()), header };
    };
    const signedIn = async () => {
      const res = await login('admin', testAdminPassword);
      expect(res.status).toBe(200);
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      return { cookie: sessionCookie(res).pair, csrfToken };
    };

    it('sets an HttpOnly, SameSite=Lax session cookie on sign-in, Secure when the request came over HTTPS', async () => {
      const plain = await login('admin', testAdminPassword);
      const { attributes } = sessionCookie(plain);
      expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
      expect(attributes.some((a) => a.startsWith('expires='))).toBe(true);
      expect(attributes).not.toContain('secure');
      const proxied = await login('admin', testAdminPassword, { 'x-forwarded-proto': 'https' });
      expect(sessionCookie(proxied).attributes).toContain('secure');
    });

    it('refuses a cookie-authenticated write without the CSRF token, and takes it with the token', async () => {
      const { cookie, csrfToken } = await signedIn();
      expect((await call('/api/v1/teams', { headers: { cookie } })).status).toBe(200);
      const forged = await call('/api/v1/teams', { method: 'POST', headers: { cookie }, json: { name: 'No CSRF' } });
      expect(forged.status).toBe(403);
      expect(((await forged.json()) as ErrorReply).error.message).toMatch(/^CSRF token missing or wrong/);
      const ok = await call('/api/v1/teams', {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken },
        json: { name: 'With CSRF' },
      });
      expect(ok.status).toBe(201);
    });

    it('ends the session on sign-out: the cookie is cleared and no longer works', async () => {
      const { cookie, csrfToken } = await signedIn();
      const out = await call('/api/v1/auth/logout', { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
      expect(out.status).toBe(204);
      const cleared = sessionCookie(out);
      expect(cleared.pair).toBe(`${sessionCookieName}=`);
      const expires = cleared.attributes.find((a) => a.startsWith('expires='))!.slice('expires='.length);
      expect(Date.parse(expires)).toBeLessThanOrEqual(Date.now());
      const after = await call('/api/v1/auth/session', { headers: { cookie } });
      expect(after.status).toBe(401);
      expect(after.headers.get('www-authenticate')).toBe('Bearer realm="provena"');
    });

    it('refuses requests without credentials, and forged, revoked, expired or URL-borne tokens', async () => {
      const none = await call('/api/v1/assets');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="provena"');

      const admin = await t.rt.identity.contextOf('admin');
      const { token, secret } = await t.rt.identity.createToken(admin, { name: 'http', scopes: ['read'] });
      const withToken = (value: string, path = '/api/v1/assets') =>
        call(path, { headers: { authorization: `Bearer ${value}` } });
      expect((await withToken(secret)).status).toBe(200);
      expect((await withToken(newSecret('token'))).status).toBe(401);
      // A near miss of the real secret is as unknown as any other.
      expect((await withToken(secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A'))).status).toBe(401);

      const past = new Date(Date.now() - 60_000).toISOString();
      const expired = newSecret('token');
      await t.rt.store.identity.insertToken(
        {
          id: newId(),
          userId: t.admin.id,
          name: 'old',
          scopes: ['read'],
          createdAt: past,
          expiresAt: past,
        },
        secretDigest(expired),
      );
      const expiredRes = await withToken(expired);
      expect(expiredRes.status).toBe(401);
      expect(((await expiredRes.json()) as ErrorReply).error.message).toMatch(/unknown, revoked or expired/);

      for (const parameter of ['token', 'access_token', 'api_key']) {
        const inQuery = await call(`/api/v1/assets?${parameter}=${encodeURIComponent(secret)}`);
        expect(inQuery.status, parameter).toBe(401);
        expect(((await inQuery.json()) as ErrorReply).error.details).toEqual({ parameter });
      }

      await t.rt.identity.revokeToken(admin, token.id);
      expect((await withToken(secret)).status).toBe(401);
    });

    it('slows repeated wrong passwords down (RATE_LIMITED), saying nothing about whether the user exists', async () => {
      /** Tries a wrong password from one client address until refused; the answers before the refusal. */
      const guessUntilLimited = async (username: string, clientAddress: string) => {
        const failures: string[] = [];
        // The wait doubles with each failure, so however slowly the attempts come, one is refused soon.
        for (let attempt = 0; attempt < 12; attempt++) {
          const res = await login(username, 'not the right password', { 'x-forwarded-for': clientAddress });
          const body = (await res.json()) as ErrorReply;
          if (res.status === 429) return { failures, limited: body, retryAfter: res.headers.get('retry-after') };
          expect(res.status).toBe(401);
          failures.push(body.error.message);
        }
        throw new Error(`${username} was never rate limited`);
      };
      const known = await guessUntilLimited('admin', '203.0.113.1');
      const unknown = await guessUntilLimited('nobody-at-all', '203.0.113.2');
      for (const outcome of [known, unknown]) {
        expect(outcome.failures.length).toBeGreaterThanOrEqual(3);
        expect(new Set(outcome.failures)).toEqual(
          new Set(['The username or password is wrong, or the account is disabled.']),
        );
        expect(outcome.limited.error.code).toBe('RATE_LIMITED');
        expect(outcome.limited.error.message).toMatch(/^Too many failed sign-ins: try again in \d+ s\.$/);
        expect(Number(outcome.retryAfter)).toBeGreaterThan(0);
      }
      // The username is held back from every address, even with the right password.
      const elsewhere = await login('admin', testAdminPassword, { 'x-forwarded-for': '203.0.113.3' });
      expect(elsewhere.status).toBe(429);
    });
  });
}
