/** /api/v1/teams on both dialects: requests without credentials act as the test app's admin (test/http-app.ts). */
import { expect, it } from 'vitest';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { bearer, useTestApp } from '../../../test/http-app.ts';

interface TeamReply {
  id: string;
  slug: string;
  name: string;
}
interface ErrorReply {
  error: { code: string; message: string };
}

for (const dialect of dialects) {
  describeDialect(dialect, `teams API [${dialect}]`, () => {
    const t = useTestApp(dialect);
    const createTeam = (name: string, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/v1/teams', headers, payload: { name } });
    const tokenFor = async (username: string, memberships: { teamId: string; role: string }[]) => {
      await t.app.inject({ method: 'POST', url: '/api/v1/users', payload: { username, memberships } });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'test', scopes: ['read', 'write', 'admin'], user: username },
      });
      return bearer(res.json<{ secret: string }>().secret);
    };

    it('creates teams, the same name answering the same team, and lists them by name', async () => {
      const made = await createTeam('Brand Studio');
      expect(made.statusCode).toBe(201);
      const studio = made.json<TeamReply>();
      expect(studio).toMatchObject({ slug: 'brand-studio', name: 'Brand Studio' });
      expect((await createTeam('brand studio')).json<TeamReply>().id).toBe(studio.id);
      await createTeam('Apparel');
      const names = (await t.app.inject({ url: '/api/v1/teams' }))
        .json<{ items: TeamReply[] }>()
        .items.map((team) => team.name);
      expect(names).toEqual(['Apparel', 'Brand Studio']);
      const blank = await createTeam('   ');
      expect(blank.statusCode).toBe(400);
      expect(blank.json<ErrorReply>().error.message).toMatch(/name/);
    });

    it("lists a team's members with their roles there, by id or name, to its members and admins", async () => {
      const legal = (await createTeam('Legal Dept')).json<TeamReply>();
      const other = (await createTeam('Other Team')).json<TeamReply>();
      const lena = await tokenFor('lena', [
        { teamId: legal.id, role: 'legal' },
        { teamId: legal.id, role: 'reviewer' },
      ]);
      await tokenFor('omar', [{ teamId: other.id, role: 'creator' }]);
      const res = await t.app.inject({ url: `/api/v1/teams/${legal.id}/members` });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ team: TeamReply; items: { user: { username: string }; role: string }[] }>();
      expect(body.team.id).toBe(legal.id);
      expect(body.items.map((m) => [m.user.username, m.role])).toEqual([
        ['lena', 'legal'],
        ['lena', 'reviewer'],
      ]);
      expect(res.body).not.toMatch(/argon2|passwordHash/);
      // By name, as a member of the team.
      const byName = await t.app.inject({ url: '/api/v1/teams/Legal Dept/members', headers: lena });
      expect(byName.statusCode).toBe(200);
      // Not a member: refused, whether the team exists or not (which teams exist is not told).
      for (const team of [other.id, 'no-such-team']) {
        const refused = await t.app.inject({ url: `/api/v1/teams/${team}/members`, headers: lena });
        expect(refused.statusCode, team).toBe(403);
        expect(refused.json<ErrorReply>().error.message).toMatch(/users:manage/);
      }
      expect((await t.app.inject({ url: '/api/v1/teams/no-such-team/members' })).statusCode).toBe(404);
      // A member sees the list of teams; creating one takes users:manage.
      expect((await t.app.inject({ url: '/api/v1/teams', headers: lena })).statusCode).toBe(200);
      expect((await createTeam('Mine Now', lena)).statusCode).toBe(403);
    });

    it('refuses the list of teams to an account with no role anywhere', async () => {
      const nobody = await tokenFor('nobody-much', []);
      const res = await t.app.inject({ url: '/api/v1/teams', headers: nobody });
      expect(res.statusCode).toBe(403);
    });
  });
}
