import { expect, it } from 'vitest';
import type { Role } from '../../domain/access.ts';
import { newId } from '../../domain/ids.ts';
import type { RiskTier } from '../../domain/review.ts';
import { operator } from '../../../test/contexts.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { addStoredAsset } from '../../../test/stored-assets.ts';
import { bearer, useTestApp } from '../../../test/http-app.ts';

for (const dialect of dialects) {
  describeDialect(dialect, `review API [${dialect}]`, () => {
    const t = useTestApp(dialect, { embedder: 'none', moderation: 'false' });
    let entered = 0;

    /** A user with these roles on the team, and the headers of an API token of theirs (read, write, review). */
    const user = async (teamId: string, ...roles: Role[]) => {
      const username = `u${newId().slice(-10).replace(/-/g, '')}`;
      const account = await t.rt.identity.createUser(operator, {
        username,
        memberships: roles.map((role) => ({ teamId, role })),
      });
      const ctx = await t.rt.identity.contextOf(account.id);
      const { secret } = await t.rt.identity.createToken(ctx, { name: 'test', scopes: ['read', 'write', 'review'] });
      return { username, headers: bearer(secret) };
    };
    /** An asset in review, entering review one second after the previous one (the queue is oldest first). */
    const inReview = async (teamId: string, tier?: RiskTier) =>
      (
        await addStoredAsset(t.rt.store, {
          title: `asset ${entered}`,
          teamId,
          status: 'in_review',
          rightsStatus: 'cleared',
          ...(tier ? { riskTier: tier } : {}),
          createdBy: 'operator:intake',
          at: new Date(Date.UTC(2025, 0, 1, 0, 0, entered++)).toISOString(),
        })
      ).assetId;
    const team = async () => (await t.rt.identity.createTeam(operator, `team ${newId()}`)).id;

    it('queue, counts, status, claim and decisions over HTTP', async () => {
      const teamId = await team();
      const [a, b] = [await inReview(teamId), await inReview(teamId, 3)];
      const ana = await user(teamId, 'reviewer', 'legal');
      const bob = await user(teamId, 'reviewer');

      const queue = await t.app.inject({ url: '/api/v1/review/queue?limit=1', headers: ana.headers });
      expect(queue.statusCode).toBe(200);
      const page = queue.json<{ items: { assetId: string; roles: string[] }[]; nextCursor: string }>();
      expect(page.items).toEqual([expect.objectContaining({ assetId: a, roles: ['reviewer'] })]);
      const next = await t.app.inject({
        url: `/api/v1/review/queue?limit=1&cursor=${page.nextCursor}`,
        headers: ana.headers,
      });
      expect(next.json<{ items: { assetId: string }[] }>().items.map((i) => i.assetId)).toEqual([b]);
      const counts = await t.app.inject({ url: '/api/v1/review/counts', headers: ana.headers });
      expect(counts.json()).toEqual({
        total: 2,
        byTier: { '1': 1, '2': 0, '3': 1 },
        byRole: { reviewer: 1, legal: 1 },
      });
      expect((await t.app.inject({ url: '/api/v1/review/queue?tier=4', headers: ana.headers })).statusCode).toBe(400);

      const claim = await t.app.inject({
        method: 'POST',
        url: `/api/v1/assets/${a}/review/claim`,
        headers: ana.headers,
      });
      expect(claim.statusCode).toBe(200);
      const taken = await t.app.inject({
        method: 'POST',
        url: `/api/v1/assets/${a}/review/claim`,
        headers: bob.headers,
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json<{ error: { message: string } }>().error.message).toContain(`user:${ana.username}`);

      const noReason = await t.app.inject({
        method: 'POST',
        url: `/api/v1/assets/${a}/review/decisions`,
        headers: bob.headers,
        payload: { decision: 'reject' },
      });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json<{ error: { details: { problems: { field: string }[] } } }>().error.details.problems).toEqual(
        [expect.objectContaining({ field: 'reason' })],
      );
      const approve = await t.app.inject({
        method: 'POST',
        url: `/api/v1/assets/${a}/review/decisions`,
        headers: ana.headers,
        payload: { decision: 'approve', version: 1 },
      });
      expect(approve.statusCode).toBe(200);
      expect(approve.json()).toMatchObject({ status: 'approved', transition: { name: 'approve', to: 'approved' } });
      const twice = await t.app.inject({
        method: 'POST',
        url: `/api/v1/assets/${a}/review/decisions`,
        headers: bob.headers,
        payload: { decision: 'approve' },
      });
      expect(twice.statusCode).toBe(409);

      const legal = await t.app.inject({
        method: 'POST',
        url: `/api/v1/assets/${b}/review/decisions`,
        headers: ana.headers,
        payload: { decision: 'approve' },
      });
      expect(legal.json()).toMatchObject({ status: 'in_review', missing: ['compliance'] });
      const status = await t.app.inject({ url: `/api/v1/assets/${b}/review`, headers: bob.headers });
      expect(status.json()).toMatchObject({
        tier: 3,
        required: ['legal', 'compliance'],
        missing: ['compliance'],
        canSignAs: [],
        signOffs: [{ role: 'legal', reviewerUsername: ana.username }],
      });
      // Bob has no role for tier 3: refused, naming the permissions.
      const refused = await t.app.inject({
        method: 'POST',
        url: `/api/v1/assets/${b}/review/decisions`,
        headers: bob.headers,
        payload: { decision: 'approve' },
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json<{ error: { message: string } }>().error.message).toContain('review:compliance');
      const released = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/assets/${b}/review/claim`,
        headers: ana.headers,
      });
      expect(released.json()).toEqual({ released: false });
    });

    it('comments with a region, and a clear 400 for a region off the picture', async () => {
      const teamId = await team();
      const id = await inReview(teamId);
      const ana = await user(teamId, 'reviewer');
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/v1/assets/${id}/comments`,
        headers: ana.headers,
        payload: { body: 'logo clipped', region: { x: 0.5, y: 0.5, w: 0.25, h: 0.5 } },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ author: `user:${ana.username}`, versionNumber: 1 });
      const off = await t.app.inject({
        method: 'POST',
        url: `/api/v1/assets/${id}/comments`,
        headers: ana.headers,
        payload: { body: 'x', region: { x: 0.9, y: 0, w: 0.2, h: 0.1 } },
      });
      expect(off.statusCode).toBe(400);
      expect(off.json<{ error: { message: string } }>().error.message).toContain('region.w');
      const extra = await t.app.inject({
        method: 'POST',
        url: `/api/v1/assets/${id}/comments`,
        headers: ana.headers,
        payload: { body: 'x', region: { x: 0, y: 0, w: 0.2, h: 0.1, z: 1 } },
      });
      expect(extra.statusCode).toBe(400);
      const list = await t.app.inject({ url: `/api/v1/assets/${id}/comments`, headers: ana.headers });
      expect(list.json<{ items: { body: string; region?: unknown }[] }>().items).toEqual([
        expect.objectContaining({ body: 'logo clipped', region: { x: 0.5, y: 0.5, w: 0.25, h: 0.5 } }),
      ]);
    });

    it('reviews a confirmed family in one request with per-item results', async () => {
      const teamId = await team();
      const ids = [await inReview(teamId), await inReview(teamId)];
      const at = new Date().toISOString();
      const familyId = newId();
      await t.rt.store.families.insert({
        id: familyId,
        state: 'confirmed',
        canonicalAssetId: ids[0]!,
        reason: 'manual',
        members: ids.map((assetId, n) => ({
          assetId,
          role: n === 0 ? 'canonical' : 'variant',
          state: 'confirmed',
          reason: 'manual',
          addedAt: at,
        })),
        createdAt: at,
        updatedAt: at,
      });
      const lead = await user(teamId, 'reviewer');
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/families/${familyId}/review`,
        headers: lead.headers,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json<{ items: unknown[] }>().items).toEqual([
        { assetId: ids[0], role: 'canonical', outcome: 'approved' },
        { assetId: ids[1], role: 'variant', outcome: 'deprecated' },
      ]);
    });
  });
}
