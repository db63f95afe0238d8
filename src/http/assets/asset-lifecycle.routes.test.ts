/**
 * New versions and revert, PATCH with If-Match and quarantine repair, soft delete and restore, and the events outbox,
 * over the HTTP API on both dialects; a creator of the asset's team acts through a real API token.
 */
import { expect, it } from 'vitest';
import { samplePng } from '../../../test/bad-inputs.ts';
import { operator } from '../../../test/contexts.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { bearer, useTestApp } from '../../../test/http-app.ts';
import { fieldParts, multipart } from '../../../test/multipart.ts';
import { completeFields } from '../../../test/runtime.ts';

interface AssetReply {
  id: string;
  status: string;
  title: string;
  currentVersion: number;
  team?: { id: string };
  versions: { number: number; sha256: string; revertOf?: number }[];
  deletion?: { purgeAfter: string };
}
interface ErrorReply {
  error: { code: string; details: { problems?: { field: string }[]; permission?: string } };
}

for (const dialect of dialects) {
  describeDialect(dialect, `asset lifecycle API [${dialect}]`, () => {
    const t = useTestApp(dialect, { maxUploadBytes: String(200_000) });
    let seed = 5000;

    const post = (
      url: string,
      file: Buffer,
      fields: Record<string, string> = {},
      headers: Record<string, string> = {},
    ) => {
      const body = multipart([
        ...fieldParts(fields),
        { name: 'file', value: file, fileName: 'lighthouse.png', contentType: 'image/png' },
      ]);
      return t.app.inject({ method: 'POST', url, payload: body.body, headers: { ...body.headers, ...headers } });
    };
    const created = async () => {
      const res = await post('/api/v1/assets', await samplePng(seed++), completeFields);
      expect(res.statusCode).toBe(201);
      return res.json<{ asset: AssetReply }>().asset;
    };
    const errorOf = (res: { statusCode: number; json<T>(): T }, status: number, code: string) => {
      expect(res.statusCode).toBe(status);
      const body = res.json<ErrorReply>();
      expect(body.error.code).toBe(code);
      return body.error;
    };
    /** A creator of the team, through a real API token (read and write). */
    const creatorOf = async (teamId: string, username: string) => {
      const user = await t.rt.identity.createUser(operator, {
        username,
        displayName: username,
        password: 'correct horse battery staple',
        memberships: [{ teamId, role: 'creator' }],
      });
      const { secret } = await t.rt.identity.createToken(operator, {
        name: 'tests',
        scopes: ['read', 'write'],
        forUser: user.id,
      });
      return bearer(secret);
    };

    it('uploads a new version (back to enrichment), answers unchanged for the same bytes, and reverts to v1 as v3', async () => {
      const asset = await created();
      const v2 = await samplePng(seed++);
      const added = await post(`/api/v1/assets/${asset.id}/versions`, v2);
      expect(added.statusCode).toBe(201);
      expect(added.json()).toMatchObject({
        status: 'created',
        version: 2,
        asset: { currentVersion: 2, status: 'enriching' },
      });
      const same = await post(`/api/v1/assets/${asset.id}/versions`, v2);
      expect(same.statusCode).toBe(200);
      expect(same.json()).toMatchObject({ status: 'unchanged', version: 2 });

      const reverted = await t.app.inject({ method: 'POST', url: `/api/v1/assets/${asset.id}/versions/1/revert` });
      expect(reverted.statusCode).toBe(201);
      const body = reverted.json<{ version: number; asset: AssetReply }>();
      expect(body.version).toBe(3);
      expect(body.asset.versions[2]).toMatchObject({ number: 3, revertOf: 1, sha256: asset.versions[0]!.sha256 });
      const original = await t.app.inject({ url: `/api/v1/assets/${asset.id}/original` });
      expect(original.headers.etag).toBe(`"${asset.versions[0]!.sha256}"`);

      errorOf(
        await post(`/api/v1/assets/${asset.id}/versions`, await samplePng(seed++), { title: 'x' }),
        400,
        'VALIDATION_FAILED',
      );
      errorOf(
        await t.app.inject({ method: 'POST', url: `/api/v1/assets/${asset.id}/versions/9/revert` }),
        404,
        'NOT_FOUND',
      );
      errorOf(await post(`/api/v1/assets/01939a3c-0000-7000-8000-000000000000/versions`, v2), 404, 'NOT_FOUND');
    });

    it('PATCH edits with If-Match, refuses a stale one with CONFLICT and names unknown fields and wrong types', async () => {
      const asset = await created();
      const got = await t.app.inject({ url: `/api/v1/assets/${asset.id}` });
      const etag = got.headers.etag as string;
      expect(etag).toMatch(/^".+"$/);
      const creator = await creatorOf(asset.team!.id, 'carla');
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/assets/${asset.id}`,
        headers: { ...creator, 'if-match': etag },
        payload: { title: 'Lighthouse, dusk', description: 'Warm light', addTags: ['coast'] },
      });
      expect(edited.statusCode).toBe(200);
      expect(edited.json()).toMatchObject({
        asset: { title: 'Lighthouse, dusk', description: 'Warm light' },
        changes: [
          { field: 'title', before: 'lighthouse.png', after: 'Lighthouse, dusk' },
          { field: 'description', before: null, after: 'Warm light' },
          { field: 'tags', before: [], after: ['coast'] },
        ],
        tags: ['coast'],
        released: false,
      });
      expect(edited.headers.etag).not.toBe(etag);
      const history = await t.app.inject({ url: `/api/v1/assets/${asset.id}/history` });
      expect(history.json<{ items: { action: string; actor: string }[] }>().items.at(-1)).toMatchObject({
        action: 'asset.edited',
        actor: 'user:carla',
      });

      errorOf(
        await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/assets/${asset.id}`,
          headers: { 'if-match': etag },
          payload: { title: 'Stale' },
        }),
        409,
        'CONFLICT',
      );
      const invalid = errorOf(
        await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/assets/${asset.id}`,
          payload: { colour: 'red', title: 5, addTags: 'coast' },
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(invalid.details.problems?.map((p) => p.field)).toEqual(['colour', 'title', 'addTags']);
      errorOf(
        await t.app.inject({ method: 'PATCH', url: `/api/v1/assets/${asset.id}`, payload: [1, 2] }),
        400,
        'VALIDATION_FAILED',
      );
      expect((await t.app.inject({ url: `/api/v1/assets/${asset.id}` })).json()).toMatchObject({
        title: 'Lighthouse, dusk',
      });
    });

    it('PATCH that supplies the missing fields takes a quarantined asset out of quarantine', async () => {
      const { campaign: _campaign, ...partial } = completeFields;
      const held = await t.rt.intake.intake(operator, await samplePng(seed++), {
        fileName: 'held.png',
        fields: partial,
        mode: 'bulk',
      });
      expect(held.status).toBe('quarantined');
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/assets/${held.asset.id}`,
        payload: { campaign: 'Summer Launch' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ released: true, asset: { status: 'enriching', quarantineReasons: [] } });
    });

    it('DELETE hides the asset until an admin restores it; only an admin lists deleted assets', async () => {
      const asset = await created();
      const creator = await creatorOf(asset.team!.id, 'dora');
      const deleted = await t.app.inject({ method: 'DELETE', url: `/api/v1/assets/${asset.id}`, headers: creator });
      expect(deleted.statusCode).toBe(200);
      expect(deleted.json<{ purgeAfter: string }>().purgeAfter > new Date().toISOString()).toBe(true);
      errorOf(await t.app.inject({ url: `/api/v1/assets/${asset.id}` }), 404, 'NOT_FOUND');
      errorOf(await t.app.inject({ url: `/api/v1/assets/${asset.id}/original` }), 404, 'NOT_FOUND');
      errorOf(
        await t.app.inject({ method: 'PATCH', url: `/api/v1/assets/${asset.id}`, payload: { title: 'x' } }),
        404,
        'NOT_FOUND',
      );
      const listed = await t.app.inject({ url: '/api/v1/assets?limit=200' });
      expect(listed.json<{ items: AssetReply[] }>().items.map((a) => a.id)).not.toContain(asset.id);
      const onlyDeleted = await t.app.inject({ url: '/api/v1/assets?deleted=only' });
      expect(onlyDeleted.json<{ items: AssetReply[] }>().items).toEqual([
        expect.objectContaining({ id: asset.id, deletion: expect.objectContaining({ by: 'user:dora' }) as unknown }),
      ]);
      expect(
        errorOf(await t.app.inject({ url: '/api/v1/assets?deleted=only', headers: creator }), 403, 'FORBIDDEN').details,
      ).toMatchObject({ permission: 'asset:restore' });
      errorOf(
        await t.app.inject({ method: 'POST', url: `/api/v1/assets/${asset.id}/restore`, headers: creator }),
        403,
        'FORBIDDEN',
      );

      const restored = await t.app.inject({ method: 'POST', url: `/api/v1/assets/${asset.id}/restore` });
      expect(restored.statusCode).toBe(200);
      expect(restored.json()).toMatchObject({ id: asset.id, status: 'enriching' });
      expect(restored.json()).not.toHaveProperty('deletion');
      expect((await t.app.inject({ url: `/api/v1/assets/${asset.id}` })).statusCode).toBe(200);
      errorOf(await t.app.inject({ method: 'POST', url: `/api/v1/assets/${asset.id}/restore` }), 409, 'CONFLICT');
    });

    it('GET /api/v1/events answers the transitions after a seq, to audit:read only', async () => {
      const start = (await t.app.inject({ url: '/api/v1/events?limit=1000' })).json<{ nextAfter: number }>().nextAfter;
      const asset = await created();
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/assets/${asset.id}/transitions`,
        payload: { name: 'quarantine', reason: 'a rights question' },
      });
      const res = await t.app.inject({ url: `/api/v1/events?after=${start}` });
      expect(res.statusCode).toBe(200);
      const page = res.json<{
        items: { seq: number; type: string; subjectId: string; payload: { to: string } }[];
        nextAfter: number;
      }>();
      expect(page.items.filter((e) => e.subjectId === asset.id).map((e) => [e.type, e.payload.to])).toEqual([
        ['asset.transitioned', 'enriching'],
        ['asset.transitioned', 'quarantined'],
      ]);
      expect(page.nextAfter).toBe(page.items.at(-1)!.seq);
      const empty = await t.app.inject({ url: `/api/v1/events?after=${page.nextAfter}` });
      expect(empty.json()).toEqual({ items: [], nextAfter: page.nextAfter });
      const creator = await creatorOf(asset.team!.id, 'eve');
      errorOf(await t.app.inject({ url: '/api/v1/events', headers: creator }), 403, 'FORBIDDEN');
      errorOf(await t.app.inject({ url: '/api/v1/events?after=-1' }), 400, 'VALIDATION_FAILED');
      errorOf(await t.app.inject({ url: '/api/v1/events?limit=5000' }), 400, 'VALIDATION_FAILED');
    });
  });
}
