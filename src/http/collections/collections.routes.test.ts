import type { InjectOptions } from 'fastify';
import { expect, it } from 'vitest';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { operator } from '../../../test/contexts.ts';
import { bearer, useTestApp } from '../../../test/http-app.ts';
import { addStoredAsset } from '../../../test/stored-assets.ts';
import type { Role } from '../../domain/access.ts';
import { newId } from '../../domain/ids.ts';

interface ErrorReply {
  error: { code: string; message: string; details: { problems?: { field: string }[] } };
}
interface CollectionReply {
  id: string;
  name: string;
  owner: string;
  memberCount: number;
  visibility: string;
  team: { id: string; slug: string };
}

for (const dialect of dialects) {
  describeDialect(dialect, `collections API [${dialect}]`, () => {
    const t = useTestApp(dialect, { embedder: 'none', moderation: 'false' });
    let seq = 0;

    const call = (options: InjectOptions) => t.app.inject(options);
    const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
      call({ method: 'POST', url, payload: payload as object, headers });

    /** A team with a person holding `role` on it, and their API token (every scope unless given). */
    async function person(role: Role, teamName = `Team ${++seq}`, scopes = ['read', 'write'] as ('read' | 'write')[]) {
      const team = await t.rt.identity.createTeam(operator, teamName);
      const username = `person${++seq}`;
      const account = await t.rt.identity.createUser(operator, {
        username,
        memberships: [{ teamId: team.id, role }],
      });
      const ctx = await t.rt.identity.contextOf(account.id);
      const { secret } = await t.rt.identity.createToken(ctx, { name: 'tests', scopes });
      return { team, username, headers: bearer(secret) };
    }

    const assetIn = async (teamId: string, title = 'a.png') =>
      (await addStoredAsset(t.rt.store, { teamId, title })).assetId;

    it('creates, lists, shows, changes and deletes a collection; members added, moved, listed and removed', async () => {
      const alice = await person('creator');
      const created = await post(
        '/api/v1/collections',
        { name: 'Launch picks', description: 'hero shots' },
        alice.headers,
      );
      expect(created.statusCode).toBe(201);
      const c = created.json<CollectionReply>();
      expect(c).toMatchObject({
        name: 'Launch picks',
        owner: `user:${alice.username}`,
        visibility: 'private',
        memberCount: 0,
        team: { id: alice.team.id },
      });
      expect(JSON.stringify(c)).not.toContain('account:');
      const [a, b, d] = [
        await assetIn(alice.team.id, 'A'),
        await assetIn(alice.team.id, 'B'),
        await assetIn(alice.team.id, 'D'),
      ];
      const added = await post(`/api/v1/collections/${c.id}/members`, { assetIds: [a, b, d] }, alice.headers);
      expect(added.statusCode).toBe(200);
      expect(added.json()).toMatchObject({ added: [a, b, d], alreadyPresent: [], collection: { memberCount: 3 } });
      const again = await post(`/api/v1/collections/${c.id}/members`, { assetIds: [b], position: 1 }, alice.headers);
      expect(again.json()).toMatchObject({ added: [], alreadyPresent: [b] });
      const moved = await post(`/api/v1/collections/${c.id}/members/${d}/move`, { before: a }, alice.headers);
      expect(moved.statusCode).toBe(200);
      const page1 = await call({ url: `/api/v1/collections/${c.id}/members?limit=2`, headers: alice.headers });
      const first = page1.json<{ items: { assetId: string; title: string }[]; nextCursor: string }>();
      expect(first.items.map((m) => m.title)).toEqual(['D', 'A']);
      const page2 = await call({
        url: `/api/v1/collections/${c.id}/members?limit=2&cursor=${first.nextCursor}`,
        headers: alice.headers,
      });
      expect(page2.json<{ items: { title: string }[] }>().items.map((m) => m.title)).toEqual(['B']);
      const removed = await call({
        method: 'DELETE',
        url: `/api/v1/collections/${c.id}/members/${a}`,
        headers: alice.headers,
      });
      expect(removed.json()).toEqual({ removed: true });
      const patched = await call({
        method: 'PATCH',
        url: `/api/v1/collections/${c.id}`,
        payload: { name: 'Launch finals', visibility: 'team' },
        headers: alice.headers,
      });
      expect(patched.json()).toMatchObject({ name: 'Launch finals', visibility: 'team', memberCount: 2 });
      const list = await call({ url: '/api/v1/collections', headers: alice.headers });
      expect(list.json<{ items: CollectionReply[] }>().items.map((x) => x.id)).toContain(c.id);
      expect((await call({ url: `/api/v1/collections/${c.id}`, headers: alice.headers })).statusCode).toBe(200);
      const deleted = await call({ method: 'DELETE', url: `/api/v1/collections/${c.id}`, headers: alice.headers });
      expect(deleted.statusCode).toBe(204);
      expect((await call({ url: `/api/v1/collections/${c.id}`, headers: alice.headers })).statusCode).toBe(404);
    });

    it('answers bad input with a 4xx naming what to fix, never a 500', async () => {
      const alice = await person('creator');
      const c = (await post('/api/v1/collections', { name: 'Checked' }, alice.headers)).json<CollectionReply>();
      const a = await assetIn(alice.team.id);
      await post(`/api/v1/collections/${c.id}/members`, { assetIds: [a] }, alice.headers);
      const theirs = await assetIn((await person('creator')).team.id);
      const cases: [string, InjectOptions, number, string?][] = [
        ['empty name', { method: 'POST', url: '/api/v1/collections', payload: { name: '' } }, 400],
        ['blank name', { method: 'POST', url: '/api/v1/collections', payload: { name: '   ' } }, 400, 'name'],
        ['overlong name', { method: 'POST', url: '/api/v1/collections', payload: { name: 'n'.repeat(201) } }, 400],
        [
          'name of a wrong type',
          { method: 'POST', url: '/api/v1/collections', payload: { name: { first: 'x' } } },
          400,
        ],
        ['unknown field', { method: 'POST', url: '/api/v1/collections', payload: { name: 'x', colour: 'red' } }, 400],
        ['duplicate name', { method: 'POST', url: '/api/v1/collections', payload: { name: 'CHECKED' } }, 409],
        [
          'unknown team',
          { method: 'POST', url: '/api/v1/collections', payload: { name: 'y', team: 'Nope' } },
          400,
          'team',
        ],
        [
          'bad visibility',
          { method: 'POST', url: '/api/v1/collections', payload: { name: 'z', visibility: 'public' } },
          400,
        ],
        [
          'not JSON',
          {
            method: 'POST',
            url: '/api/v1/collections',
            payload: '{"name":',
            headers: { 'content-type': 'application/json' },
          },
          400,
        ],
        ['id not a uuid', { url: '/api/v1/collections/not-an-id' }, 400],
        ['unknown collection', { url: `/api/v1/collections/${newId()}` }, 404],
        ['limit 0', { url: '/api/v1/collections?limit=0' }, 400],
        ['limit huge', { url: '/api/v1/collections?limit=100000' }, 400],
        ['bad cursor', { url: `/api/v1/collections/${c.id}/members?cursor=bm9wZQ` }, 400, 'cursor'],
        ['cursor with odd characters', { url: `/api/v1/collections/${c.id}/members?cursor=a%20b` }, 400],
        [
          'unknown asset',
          { method: 'POST', url: `/api/v1/collections/${c.id}/members`, payload: { assetIds: [newId()] } },
          404,
        ],
        [
          'asset outside scope',
          { method: 'POST', url: `/api/v1/collections/${c.id}/members`, payload: { assetIds: [theirs] } },
          404,
        ],
        [
          'asset ids not a list',
          { method: 'POST', url: `/api/v1/collections/${c.id}/members`, payload: { assetIds: a } },
          400,
        ],
        [
          'no asset ids',
          { method: 'POST', url: `/api/v1/collections/${c.id}/members`, payload: { assetIds: [] } },
          400,
        ],
        [
          'asset id not an id',
          { method: 'POST', url: `/api/v1/collections/${c.id}/members`, payload: { assetIds: ['x'] } },
          400,
        ],
        [
          'huge position',
          { method: 'POST', url: `/api/v1/collections/${c.id}/members/${a}/move`, payload: { position: 1e15 } },
          400,
        ],
        [
          'position past the end',
          { method: 'POST', url: `/api/v1/collections/${c.id}/members/${a}/move`, payload: { position: 2 } },
          400,
          'position',
        ],
        [
          'negative position',
          { method: 'POST', url: `/api/v1/collections/${c.id}/members/${a}/move`, payload: { position: -1 } },
          400,
        ],
        [
          'fractional position',
          { method: 'POST', url: `/api/v1/collections/${c.id}/members/${a}/move`, payload: { position: 1.5 } },
          400,
        ],
        [
          'position as text',
          { method: 'POST', url: `/api/v1/collections/${c.id}/members/${a}/move`, payload: { position: 'first' } },
          400,
        ],
        [
          'two placements',
          { method: 'POST', url: `/api/v1/collections/${c.id}/members/${a}/move`, payload: { position: 1, before: a } },
          400,
          'placement',
        ],
        [
          'no placement',
          { method: 'POST', url: `/api/v1/collections/${c.id}/members/${a}/move`, payload: {} },
          400,
          'placement',
        ],
        [
          'move a non-member',
          { method: 'POST', url: `/api/v1/collections/${c.id}/members/${newId()}/move`, payload: { position: 1 } },
          404,
        ],
        ['empty patch', { method: 'PATCH', url: `/api/v1/collections/${c.id}`, payload: {} }, 400],
        [
          'overlong description',
          { method: 'PATCH', url: `/api/v1/collections/${c.id}`, payload: { description: 'd'.repeat(2001) } },
          400,
        ],
      ];
      const answers = [];
      for (const [label, options, , field] of cases) {
        const res = await call({ ...options, headers: { ...options.headers, ...alice.headers } });
        const body = res.json<ErrorReply>();
        answers.push([label, res.statusCode, field ? body.error?.details.problems?.map((p) => p.field) : undefined]);
        if (res.statusCode >= 400) expect([label, body.error?.message.length]).toEqual([label, expect.any(Number)]);
      }
      expect(answers).toEqual(cases.map(([label, , status, field]) => [label, status, field ? [field] : undefined]));
    });

    it('shows a shared collection to the team, only the members each may see, and lets only its owner change it', async () => {
      const alice = await person('creator', `Shared ${++seq}`);
      const carol = await (async () => {
        const username = `carol${++seq}`;
        const account = await t.rt.identity.createUser(operator, {
          username,
          memberships: [{ teamId: alice.team.id, role: 'viewer' }],
        });
        const { secret } = await t.rt.identity.createToken(await t.rt.identity.contextOf(account.id), {
          name: 'tests',
          scopes: ['read', 'write'],
        });
        return { headers: bearer(secret) };
      })();
      const dave = await person('creator');
      const c = (
        await post('/api/v1/collections', { name: 'Team board', visibility: 'team' }, alice.headers)
      ).json<CollectionReply>();
      const mine = await assetIn(alice.team.id, 'ours');
      const theirs = await assetIn(dave.team.id, 'theirs');
      // The admin (a request without credentials) may add an asset of any team.
      expect((await post(`/api/v1/collections/${c.id}/members`, { assetIds: [mine, theirs] })).statusCode).toBe(200);
      const seen = await call({ url: `/api/v1/collections/${c.id}/members`, headers: carol.headers });
      expect(seen.json<{ items: { title: string }[] }>().items.map((m) => m.title)).toEqual(['ours']);
      expect((await call({ url: `/api/v1/collections/${c.id}`, headers: carol.headers })).json()).toMatchObject({
        memberCount: 1,
      });
      expect((await call({ url: `/api/v1/collections/${c.id}` })).json()).toMatchObject({ memberCount: 2 });
      const change = await call({
        method: 'PATCH',
        url: `/api/v1/collections/${c.id}`,
        payload: { name: 'Mine' },
        headers: carol.headers,
      });
      expect(change.statusCode).toBe(403);
      expect((await call({ url: `/api/v1/collections/${c.id}`, headers: dave.headers })).statusCode).toBe(404);
      const readOnly = await person('creator', `Read ${++seq}`, ['read']);
      const refused = await post('/api/v1/collections', { name: 'No' }, readOnly.headers);
      expect(refused.statusCode).toBe(403);
      expect(refused.json<ErrorReply>().error.message).toContain('collection:manage');
    });

    it('saves, lists, changes and deletes saved searches; bad input is a 4xx', async () => {
      const alice = await person('viewer');
      const saved = await post('/api/v1/saved-searches', { name: 'Sunsets', query: ' sunset -people ' }, alice.headers);
      expect(saved.statusCode).toBe(201);
      const s = saved.json<{ id: string; query: string; owner: string }>();
      expect(s).toMatchObject({ query: 'sunset -people', owner: `user:${alice.username}` });
      const list = await call({ url: '/api/v1/saved-searches', headers: alice.headers });
      expect(list.json<{ items: { id: string }[] }>().items.map((x) => x.id)).toEqual([s.id]);
      const patched = await call({
        method: 'PATCH',
        url: `/api/v1/saved-searches/${s.id}`,
        payload: { query: 'sunset', visibility: 'team' },
        headers: alice.headers,
      });
      expect(patched.json()).toMatchObject({ query: 'sunset', visibility: 'team' });
      expect((await call({ url: `/api/v1/saved-searches/${s.id}`, headers: alice.headers })).statusCode).toBe(200);
      for (const [payload, status] of [
        [{ name: 'sunsets', query: 'x' }, 409],
        [{ name: 'Empty', query: '' }, 400],
        [{ name: 'Blank', query: '   ' }, 400],
        [{ name: 'Long', query: 'q'.repeat(2001) }, 400],
        [{ name: 'Typed', query: { text: 'x' } }, 400],
        [{ query: 'no name' }, 400],
        [{ name: 'Unbalanced', query: 'model:"sdxl' }, 400],
        [{ name: 'Unknown field', query: 'nosuchfield:blue' }, 400],
      ] as const) {
        const res = await post('/api/v1/saved-searches', payload, alice.headers);
        expect([payload, res.statusCode]).toEqual([payload, status]);
      }
      const deleted = await call({ method: 'DELETE', url: `/api/v1/saved-searches/${s.id}`, headers: alice.headers });
      expect(deleted.statusCode).toBe(204);
      expect((await call({ url: `/api/v1/saved-searches/${s.id}`, headers: alice.headers })).statusCode).toBe(404);
    });
  });
}
