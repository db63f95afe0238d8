/**
 * /api/v1/users on both dialects: requests without credentials act as the test app's admin (test/http-app.ts); other
 * users act through API tokens and sessions of their own.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { bearer, signIn, useTestApp } from '../../../test/http-app.ts';

const password = 'a long enough passphrase';
interface ErrorReply {
  error: { code: string; message: string; details: { problems?: { field: string; problem: string }[] } };
}
interface UserReply {
  id: string;
  username: string;
  displayName: string;
  email?: string;
  disabled: boolean;
  memberships: { teamId: string; role: string }[];
}

for (const dialect of dialects) {
  describeDialect(dialect, `users API [${dialect}]`, () => {
    const t = useTestApp(dialect);
    const createUser = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/users', payload });
    const team = async (name: string) =>
      (await t.app.inject({ method: 'POST', url: '/api/v1/teams', payload: { name } })).json<{ id: string }>();
    /** An API token of the user, made by the admin: how a test acts as them. */
    const tokenOf = async (username: string, scopes = ['read', 'write', 'review', 'publish', 'admin']) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'test', scopes, user: username },
      });
      expect(res.statusCode).toBe(201);
      return bearer(res.json<{ secret: string }>().secret);
    };

    it('creates accounts with memberships, never answering a password hash', async () => {
      const studio = await team('Studio');
      const res = await createUser({
        username: 'Ana.Lima',
        password,
        displayName: 'Ana Lima',
        email: 'ana@example.com',
        memberships: [{ teamId: studio.id, role: 'creator' }],
      });
      expect(res.statusCode).toBe(201);
      expect(res.json<UserReply>()).toMatchObject({
        username: 'ana.lima',
        displayName: 'Ana Lima',
        email: 'ana@example.com',
        disabled: false,
        memberships: [{ teamId: studio.id, role: 'creator' }],
      });
      expect(res.body).not.toMatch(/argon2|passwordHash/);
      const bad = await createUser({
        username: 'x',
        password: 'short',
        email: 'not-an-email',
        memberships: [{ teamId: 'no-such-team', role: 'viewer' }],
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json<ErrorReply>().error.details.problems?.map((p) => p.field)).toEqual([
        'username',
        'password',
        'email',
        'memberships[0].team',
      ]);
      const unknownRole = await createUser({ username: 'bob', memberships: [{ teamId: '*', role: 'overlord' }] });
      expect(unknownRole.statusCode).toBe(400);
      expect(unknownRole.json<ErrorReply>().error.message).toMatch(/memberships.0.role: must be one of: admin/);
      const taken = await createUser({ username: 'ana.lima', password });
      expect(taken.json<ErrorReply>().error.details.problems).toEqual([
        { field: 'username', problem: '"ana.lima" is taken' },
      ]);
    });

    it('lists accounts by username page by page, and shows one by username or id', async () => {
      for (const username of ['list-a', 'list-b', 'list-c']) await createUser({ username });
      const first = await t.app.inject({ url: '/api/v1/users?limit=2' });
      expect(first.statusCode).toBe(200);
      const page = first.json<{ items: UserReply[]; nextCursor: string }>();
      expect(page.items).toHaveLength(2);
      const seen = [...page.items];
      let cursor: string | undefined = page.nextCursor;
      while (cursor) {
        const res: LightMyRequestResponse = await t.app.inject({ url: `/api/v1/users?limit=2&cursor=${cursor}` });
        const next = res.json<{ items: UserReply[]; nextCursor?: string }>();
        seen.push(...next.items);
        cursor = next.nextCursor;
      }
      const names = seen.map((u) => u.username);
      expect(names).toEqual([...names].sort());
      expect(names).toEqual(expect.arrayContaining(['admin', 'list-a', 'list-b', 'list-c']));
      expect(JSON.stringify(seen)).not.toMatch(/argon2|passwordHash/);

      const byName = (await t.app.inject({ url: '/api/v1/users/list-b' })).json<UserReply>();
      expect((await t.app.inject({ url: `/api/v1/users/${byName.id}` })).json<UserReply>().username).toBe('list-b');
      const missing = await t.app.inject({ url: '/api/v1/users/nobody-here' });
      expect(missing.statusCode).toBe(404);
    });

    it('lets a user see themselves but nobody else without users:manage', async () => {
      await createUser({ username: 'viewer-vic', password, memberships: [{ teamId: '*', role: 'viewer' }] });
      const vic = await tokenOf('viewer-vic');
      expect((await t.app.inject({ url: '/api/v1/users/viewer-vic', headers: vic })).statusCode).toBe(200);
      for (const url of ['/api/v1/users', '/api/v1/users/admin', '/api/v1/users/nobody-here']) {
        const res = await t.app.inject({ url, headers: vic });
        expect(res.statusCode, url).toBe(403);
        expect(res.json<ErrorReply>().error.message).toMatch(/user:viewer-vic lacks the permission users:manage/);
      }
      const create = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: vic,
        payload: { username: 'sneaky' },
      });
      expect(create.statusCode).toBe(403);
      expect((await t.app.inject({ url: '/api/v1/users/sneaky' })).statusCode).toBe(404);
    });

    it('renames, disables (signing out everywhere) and enables an account; nobody disables themselves', async () => {
      await createUser({ username: 'dora', password, memberships: [{ teamId: '*', role: 'viewer' }] });
      const session = await signIn(t.app, 'dora', password);
      const renamed = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/users/dora',
        payload: { displayName: 'Dora D.', email: 'dora@example.com' },
      });
      expect(renamed.json<UserReply>()).toMatchObject({ displayName: 'Dora D.', email: 'dora@example.com' });
      const cleared = await t.app.inject({ method: 'PATCH', url: '/api/v1/users/dora', payload: { email: null } });
      expect(cleared.json<UserReply>().email).toBeUndefined();
      const badEmail = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/users/dora',
        payload: { email: 'dora at example' },
      });
      expect(badEmail.json<ErrorReply>().error.details.problems).toEqual([
        { field: 'email', problem: 'is not an email address (null removes it)' },
      ]);

      const disabled = await t.app.inject({ method: 'PATCH', url: '/api/v1/users/dora', payload: { disabled: true } });
      expect(disabled.json<UserReply>().disabled).toBe(true);
      expect(
        (await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie: session.cookie } })).statusCode,
      ).toBe(401);
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'dora', password },
        remoteAddress: '198.51.100.7',
      });
      expect(refused.statusCode).toBe(401);
      await t.app.inject({ method: 'PATCH', url: '/api/v1/users/dora', payload: { disabled: false } });
      expect((await signIn(t.app, 'dora', password)).csrfToken).toMatch(/^pvs_/);

      const self = await t.app.inject({ method: 'PATCH', url: '/api/v1/users/admin', payload: { disabled: true } });
      expect(self.statusCode).toBe(409);
      const unknownField = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/users/dora',
        payload: { username: 'renamed' },
      });
      expect(unknownField.statusCode).toBe(400);
      expect(unknownField.json<ErrorReply>().error.message).toBe('username: unknown field');
    });

    it('sets passwords: your own with the current one, anyone else only with users:manage', async () => {
      await createUser({ username: 'pat', password, memberships: [{ teamId: '*', role: 'viewer' }] });
      await createUser({ username: 'quinn', password });
      const pat = await tokenOf('pat');
      const put = (user: string, payload: Record<string, unknown>, headers = pat) =>
        t.app.inject({ method: 'PUT', url: `/api/v1/users/${user}/password`, headers, payload });
      const noCurrent = await put('pat', { password: 'a brand new passphrase' });
      expect(noCurrent.statusCode).toBe(400);
      expect(noCurrent.json<ErrorReply>().error.details.problems).toEqual([
        { field: 'currentPassword', problem: 'required to change your own password' },
      ]);
      expect((await put('pat', { password: 'a brand new passphrase', currentPassword: 'wrong' })).statusCode).toBe(400);
      expect((await put('pat', { password: 'pat-pat-pat-pat', currentPassword: password })).statusCode).toBe(400);
      expect((await put('pat', { password: 'a brand new passphrase', currentPassword: password })).statusCode).toBe(
        204,
      );
      expect((await signIn(t.app, 'pat', 'a brand new passphrase')).csrfToken).toBeTruthy();
      expect((await put('quinn', { password: 'a brand new passphrase' })).statusCode).toBe(403);
      // The admin needs no current password.
      expect((await put('quinn', { password: 'set by the admin, long' }, {})).statusCode).toBe(204);
      expect((await signIn(t.app, 'quinn', 'set by the admin, long')).csrfToken).toBeTruthy();
    });

    it('grants and revokes roles per team or on every team, keeping the last admin', async () => {
      const legal = await team('Legal');
      await createUser({ username: 'lee' });
      const grant = (payload: Record<string, unknown>) =>
        t.app.inject({ method: 'POST', url: '/api/v1/users/lee/memberships', payload });
      expect((await grant({ teamId: legal.id, role: 'legal' })).json<UserReply>().memberships).toEqual([
        { teamId: legal.id, role: 'legal' },
      ]);
      const everywhere = (await grant({ teamId: '*', role: 'viewer' })).json<UserReply>();
      expect(everywhere.memberships).toHaveLength(2);
      const unknownTeam = await grant({ teamId: 'no-such-team', role: 'viewer' });
      expect(unknownTeam.statusCode).toBe(400);
      expect(unknownTeam.json<ErrorReply>().error.details.problems?.[0]?.field).toBe('membership.team');
      const badRole = await grant({ teamId: legal.id, role: 'king' });
      expect(badRole.statusCode).toBe(400);

      const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/users/lee/memberships/${legal.id}/legal` });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json<UserReply>().memberships).toEqual([{ teamId: '*', role: 'viewer' }]);

      const lastAdmin = await t.app.inject({ method: 'DELETE', url: '/api/v1/users/admin/memberships/*/admin' });
      expect(lastAdmin.statusCode).toBe(409);
      expect(lastAdmin.json<ErrorReply>().error.message).toMatch(/last admin/);
      // Every change is in the audit log under the acting admin.
      const entries = await t.rt.store.audit.forSubject('user', everywhere.id);
      expect(entries.map((e) => [e.action, e.actor])).toEqual(
        expect.arrayContaining([
          ['membership.granted', 'user:admin'],
          ['membership.revoked', 'user:admin'],
        ]),
      );
    });

    it("lists a user's sessions and ends one or all of them", async () => {
      await createUser({ username: 'sam', password });
      const first = await signIn(t.app, 'sam', password);
      const second = await signIn(t.app, 'sam', password);
      const listed = await t.app.inject({ url: '/api/v1/users/sam/sessions' });
      expect(listed.statusCode).toBe(200);
      const sessions = listed.json<{ items: { id: string; revokedAt?: string }[] }>().items;
      expect(sessions).toHaveLength(2);
      expect(listed.body).not.toMatch(/csrf|pvs_/i);

      // Which listed session is the first sign-in's: the one that stops working when ended.
      const alive = async (cookie: string) =>
        (await t.app.inject({ url: '/api/v1/auth/session', headers: { cookie } })).statusCode === 200;
      const [one] = sessions;
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/users/sam/sessions/${one!.id}` })).statusCode).toBe(
        204,
      );
      expect([await alive(first.cookie), await alive(second.cookie)].filter(Boolean)).toHaveLength(1);
      const unknown = await t.app.inject({ method: 'DELETE', url: '/api/v1/users/sam/sessions/no-such-session' });
      expect(unknown.statusCode).toBe(404);

      const all = await t.app.inject({ method: 'DELETE', url: '/api/v1/users/sam/sessions' });
      expect(all.json()).toEqual({ revoked: 1 });
      expect([await alive(first.cookie), await alive(second.cookie)]).toEqual([false, false]);

      // Someone else's sessions are not yours to see.
      await createUser({ username: 'tess', password, memberships: [{ teamId: '*', role: 'viewer' }] });
      const tess = await tokenOf('tess');
      expect((await t.app.inject({ url: '/api/v1/users/sam/sessions', headers: tess })).statusCode).toBe(403);
      expect((await t.app.inject({ url: '/api/v1/users/tess/sessions', headers: tess })).statusCode).toBe(200);
    });
  });
}
