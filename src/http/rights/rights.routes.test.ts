import { expect, it } from 'vitest';
import { samplePng } from '../../../test/bad-inputs.ts';
import { operator } from '../../../test/contexts.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { useTestApp } from '../../../test/http-app.ts';
import { completeFields } from '../../../test/runtime.ts';

interface ErrorReply {
  error: { code: string; message: string; details: Record<string, unknown> };
}

const record = {
  status: 'cleared',
  licence: 'House licence',
  approvedChannels: ['web'],
  regionsDenied: ['FR'],
  expiresAt: '2030-12-31',
  modelRelease: { required: false, obtained: false },
};

for (const dialect of dialects) {
  describeDialect(dialect, `rights API [${dialect}]`, () => {
    const t = useTestApp(dialect, { embedder: 'none', moderation: 'false' });
    let seed = 60;
    const asset = async () =>
      (
        await t.rt.intake.intake(operator, await samplePng(++seed, 96), {
          fileName: `r${seed}.png`,
          fields: completeFields,
          mode: 'interactive',
        })
      ).asset.id;

    it('reads, sets against the revision, lists the history; a stale revision is 409', async () => {
      const id = await asset();
      const empty = await t.app.inject({ url: `/api/v1/assets/${id}/rights` });
      expect(empty.json()).toEqual({ assetId: id, revision: 0 });
      const put = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/assets/${id}/rights`,
        payload: { expectedRevision: 0, record },
      });
      expect(put.statusCode).toBe(200);
      expect(put.json()).toMatchObject({ assetId: id, revision: 1, versionNumber: 1, record: { status: 'cleared' } });
      const stale = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/assets/${id}/rights`,
        payload: { expectedRevision: 0, record },
      });
      expect(stale.statusCode).toBe(409);
      const history = await t.app.inject({ url: `/api/v1/assets/${id}/rights/history` });
      expect(history.json<{ items: { revision: number }[] }>().items.map((i) => i.revision)).toEqual([1]);
    });

    it('answers every field problem in one 400', async () => {
      const id = await asset();
      const res = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/assets/${id}/rights`,
        payload: {
          expectedRevision: 0,
          record: {
            status: 'cleared',
            approvedChannels: ['tv'],
            regionsAllowed: ['EU'],
            validFrom: '2027-01-01',
            expiresAt: '2026-01-01',
          },
        },
      });
      expect(res.statusCode).toBe(400);
      const body = res.json<ErrorReply>();
      expect((body.error.details.problems as { field: string }[]).map((p) => p.field).sort()).toEqual([
        'approvedChannels',
        'expiresAt',
        'regionsAllowed[0]',
      ]);
    });

    it('checks a use: 200 allowed or not, with every reason', async () => {
      const id = await asset();
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/assets/${id}/rights`,
        payload: { expectedRevision: 0, record },
      });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/usage-checks',
        payload: { assetId: id, channel: 'web', region: 'FR', at: '2031-01-01', derivative: true },
      });
      expect(res.statusCode).toBe(200);
      const decision = res.json<{ allowed: boolean; at: string; reasons: { code: string; verdict: string }[] }>();
      expect(decision.allowed).toBe(false);
      expect(decision.at).toBe('2031-01-01T00:00:00.000Z');
      expect(decision.reasons.filter((r) => r.verdict === 'deny').map((r) => r.code)).toEqual([
        'not_approved',
        'rights_expired',
        'region_denied',
        'derivative_not_allowed',
      ]);
      const internal = await t.app.inject({
        method: 'POST',
        url: '/api/v1/usage-checks',
        payload: { assetId: id, channel: 'internal' },
      });
      expect(internal.json<{ allowed: boolean }>().allowed).toBe(true);
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/v1/usage-checks',
        payload: { assetId: id, channel: 'radio', region: 'EU' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json<ErrorReply>().error.message).toContain(`"radio" is not in the organisation's list`);
    });

    it('lists and adds channels', async () => {
      const added = await t.app.inject({ method: 'POST', url: '/api/v1/channels', payload: { name: 'cinema' } });
      expect(added.statusCode).toBe(201);
      const again = await t.app.inject({ method: 'POST', url: '/api/v1/channels', payload: { name: 'cinema' } });
      expect(again.statusCode).toBe(200);
      const list = await t.app.inject({ url: '/api/v1/channels' });
      expect(list.json<{ items: { name: string }[] }>().items.map((c) => c.name)).toContain('cinema');
      const removed = await t.app.inject({ method: 'DELETE', url: '/api/v1/channels/cinema' });
      expect(removed.statusCode).toBe(204);
      const internal = await t.app.inject({ method: 'DELETE', url: '/api/v1/channels/internal' });
      expect(internal.statusCode).toBe(400);
    });
  });
}
