/** /api/v1/tokens on both dialects: requests without credentials act as the test app's admin (test/http-app.ts). */
import { expect, it } from 'vitest';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { bearer, useTestApp } from '../../../test/http-app.ts';

interface TokenReply {
  id: string;
  userId: string;
  name: string;
  scopes: string[];
  expiresAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}
interface ErrorReply {
  error: { code: string; message: string; details: { problems?: { field: string; problem: string }[] } };
}

for (const dialect of dialects) {
  describeDialect(dialect, `tokens API [${dialect}]`, () => {
    const t = useTestApp(dialect);
    const create = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload });

    it('creates a token whose secret is shown once and works as a Bearer token until revoked', async () => {
      const res = await create({ name: 'CI upload', scopes: ['read', 'write'], expiresInDays: 7 });
      expect(res.statusCode).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      const { token, secret } = res.json<{ token: TokenReply; secret: string }>();
      expect(secret).toMatch(/^pvt_[A-Za-z0-9_-]{43}$/);
      expect(token).toMatchObject({ name: 'CI upload', scopes: ['read', 'write'], userId: t.admin.id });
      const days = (Date.parse(token.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThanOrEqual(7);

      const listed = await t.app.inject({ url: '/api/v1/tokens' });
      expect(listed.json<{ items: TokenReply[] }>().items.map((x) => x.id)).toContain(token.id);
      expect(listed.body).not.toContain(secret);
      expect(listed.body).not.toMatch(/digest|pvt_/i);

      const used = await t.app.inject({ url: '/api/v1/auth/session', headers: bearer(secret) });
      expect(used.json<{ user: { username: string }; scopes: string[] }>()).toMatchObject({
        user: { username: 'admin' },
        scopes: ['read', 'write'],
      });
      const afterUse = (await t.app.inject({ url: '/api/v1/tokens' })).json<{ items: TokenReply[] }>();
      expect(afterUse.items.find((x) => x.id === token.id)?.lastUsedAt).toBeDefined();

      const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${token.id}` });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json<TokenReply>().revokedAt).toBeDefined();
      const again = await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${token.id}` });
      expect(again.json<TokenReply>().revokedAt).toBe(revoked.json<TokenReply>().revokedAt);
      expect((await t.app.inject({ url: '/api/v1/auth/session', headers: bearer(secret) })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/tokens/no-such-token' })).statusCode).toBe(404);
    });

    it('names every problem of a token request', async () => {
      const res = await create({ name: ' ', scopes: [], expiresInDays: 1000 });
      expect(res.statusCode).toBe(400);
      expect(res.json<ErrorReply>().error.message).toMatch(/scopes: must NOT have fewer than 1 items/);
      expect(res.json<ErrorReply>().error.message).toMatch(/expiresInDays: must be <= 366/);
      const unknownScope = await create({ name: 'x', scopes: ['root'] });
      expect(unknownScope.statusCode).toBe(400);
      expect(unknownScope.json<ErrorReply>().error.message).toMatch(
        /scopes.0: must be one of: read, write, review, publish, admin/,
      );
      const blank = await create({ name: '   ', scopes: ['read'] });
      expect(blank.json<ErrorReply>().error.details.problems).toEqual([
        { field: 'name', problem: 'must be 1–100 characters' },
      ]);
      const nobody = await create({ name: 'x', scopes: ['read'], user: 'nobody-here' });
      expect(nobody.statusCode).toBe(404);
    });

    it("makes and lists another user's tokens only with users:manage", async () => {
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        payload: { username: 'rita', memberships: [{ teamId: '*', role: 'reviewer' }] },
      });
      await t.app.inject({ method: 'POST', url: '/api/v1/users', payload: { username: 'ravi' } });
      const forRita = await create({ name: 'for rita', scopes: ['read', 'review'], user: 'rita' });
      expect(forRita.statusCode).toBe(201);
      const rita = bearer(forRita.json<{ secret: string }>().secret);

      const own = await create({ name: 'rita herself', scopes: ['read'] }, rita);
      expect(own.statusCode).toBe(201);
      expect(own.json<{ token: TokenReply }>().token.userId).toBe(forRita.json<{ token: TokenReply }>().token.userId);
      const ownList = (await t.app.inject({ url: '/api/v1/tokens', headers: rita })).json<{ items: TokenReply[] }>();
      expect(ownList.items.map((x) => x.name).sort()).toEqual(['for rita', 'rita herself']);

      const forOther = await create({ name: 'for ravi', scopes: ['read'], user: 'ravi' }, rita);
      expect(forOther.statusCode).toBe(403);
      expect(forOther.json<ErrorReply>().error.message).toMatch(/users:manage/);
      expect((await t.app.inject({ url: '/api/v1/tokens?user=ravi', headers: rita })).statusCode).toBe(403);
      expect((await t.app.inject({ url: '/api/v1/tokens?user=nobody-here', headers: rita })).statusCode).toBe(403);
      const adminsView = (await t.app.inject({ url: '/api/v1/tokens?user=rita' })).json<{ items: TokenReply[] }>();
      expect(adminsView.items).toHaveLength(2);
      // Nor may Rita revoke the admin's token; the admin may revoke hers.
      const adminToken = (await create({ name: 'admin only', scopes: ['read'] })).json<{ token: TokenReply }>().token;
      expect(
        (await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${adminToken.id}`, headers: rita })).statusCode,
      ).toBe(403);
      const ritas = own.json<{ token: TokenReply }>().token;
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${ritas.id}` })).statusCode).toBe(200);
    });

    it('stops a token working while its account is disabled', async () => {
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        payload: { username: 'dina', memberships: [{ teamId: '*', role: 'viewer' }] },
      });
      const secret = (await create({ name: 'dina', scopes: ['read'], user: 'dina' })).json<{ secret: string }>().secret;
      expect((await t.app.inject({ url: '/api/v1/assets', headers: bearer(secret) })).statusCode).toBe(200);
      await t.app.inject({ method: 'PATCH', url: '/api/v1/users/dina', payload: { disabled: true } });
      expect((await t.app.inject({ url: '/api/v1/assets', headers: bearer(secret) })).statusCode).toBe(401);
      await t.app.inject({ method: 'PATCH', url: '/api/v1/users/dina', payload: { disabled: false } });
      expect((await t.app.inject({ url: '/api/v1/assets', headers: bearer(secret) })).statusCode).toBe(200);
    });
  });
}
