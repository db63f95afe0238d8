import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { useTestApp } from '../../test/http-app.ts';
import { completeFields } from '../../test/runtime.ts';
import { FamilyService } from '../services/family.service.ts';
import { operator } from '../../test/contexts.ts';

interface ErrorReply {
  error: { code: string; message: string; details: { problems?: { field: string; problem: string }[] } };
}

/** The three ways a client sends "nothing": no body at all, an empty JSON body (curl -X POST -H 'content-type: application/json'), and `{}`. */
const noBody = {};
const emptyJson = { headers: { 'content-type': 'application/json' }, payload: '' };
const emptyObject = { payload: {} };
const ways = { 'no body': noBody, 'an empty JSON body': emptyJson, '{}': emptyObject } as const;

for (const dialect of dialects) {
  describeDialect(dialect, `POST bodies [${dialect}]`, () => {
    const t = useTestApp(dialect, { embedder: 'none', moderation: 'false' });
    const post = (url: string, how: object) => t.app.inject({ method: 'POST', url, ...how });

    let seed = 900;
    /** A suggested family of two fresh assets. */
    const suggestedFamily = async () => {
      const batch = `batch-${seed}`;
      const suggest = new FamilyService({ store: t.rt.store, workflow: t.rt.workflow, batchIdOf: () => batch });
      const assets = [];
      for (let i = 0; i < 2; i++) {
        seed += 1;
        const { asset } = await t.rt.intake.intake(operator, Readable.from([await samplePng(seed, 64)]), {
          fileName: `b${seed}.png`,
          fields: completeFields,
          mode: 'bulk',
        });
        await t.rt.store.transaction((tx) => suggest.suggestFor(operator, tx, asset, asset.versions[0]!, []));
        assets.push(asset);
      }
      return { family: (await t.rt.families.familyOf(operator, assets[0]!.id))!, assets };
    };

    it('runs job actions, which take no body, however the client sends nothing', async () => {
      const { job } = await t.rt.store.transaction((tx) =>
        tx.jobs.enqueue({ name: 'test.bodies', queue: 'maintenance', payload: {}, maxAttempts: 1 }),
      );
      for (const [way, how] of Object.entries(ways)) {
        const cancelled = await post(`/api/v1/jobs/${job.id}/cancel`, how);
        expect({ way, status: cancelled.statusCode, body: cancelled.json<unknown>() }).toMatchObject({
          way,
          status: 200,
          body: { status: 'cancelled' },
        });
        const retried = await post(`/api/v1/jobs/${job.id}/retry`, how);
        expect({ way, status: retried.statusCode, body: retried.json<unknown>() }).toMatchObject({
          way,
          status: 200,
          body: { status: 'queued' },
        });
      }
    });

    it('treats a missing or empty body as {} where every field is optional', async () => {
      for (const [way, how] of Object.entries(ways)) {
        const { family } = await suggestedFamily();
        const confirmed = await post(`/api/v1/families/${family.id}/confirm`, how);
        expect({ way, status: confirmed.statusCode, body: confirmed.json<unknown>() }).toMatchObject({
          way,
          status: 200,
          body: { id: family.id, state: 'confirmed' },
        });
        const deprecated = await post(`/api/v1/families/${family.id}/deprecate-rest`, how);
        expect({ way, status: deprecated.statusCode }).toEqual({ way, status: 200 });
      }
      // A body with fields is read as before.
      const { family, assets } = await suggestedFamily();
      const some = await post(`/api/v1/families/${family.id}/confirm`, { payload: { assetIds: [assets[1]!.id] } });
      expect(some.statusCode).toBe(200);
    });

    it('names the required fields when a required body is missing or empty', async () => {
      const { family } = await suggestedFamily();
      for (const [way, how] of Object.entries(ways)) {
        const split = await post(`/api/v1/families/${family.id}/split`, how);
        expect({ way, status: split.statusCode, body: split.json<ErrorReply>() }).toMatchObject({
          way,
          status: 400,
          body: {
            error: {
              code: 'VALIDATION_FAILED',
              message: 'assetIds: required',
              details: { problems: [{ field: 'assetIds', problem: 'required' }] },
            },
          },
        });
        const merge = await post(`/api/v1/families/${family.id}/merge`, how);
        expect(merge.json<ErrorReply>().error.details.problems).toEqual([{ field: 'sourceId', problem: 'required' }]);
      }
    });

    it('still refuses malformed JSON, and documents which bodies are optional', async () => {
      const { family } = await suggestedFamily();
      const broken = await post(`/api/v1/families/${family.id}/confirm`, { ...emptyJson, payload: '{"assetIds":' });
      expect(broken.statusCode).toBe(400);
      expect(broken.json<ErrorReply>().error.code).toBe('MALFORMED_REQUEST');
      const paths = (await t.app.inject({ url: '/openapi.json' })).json<{
        paths: Record<string, { post: { requestBody: { required: boolean } } }>;
      }>().paths;
      expect(paths['/api/v1/families/{id}/confirm']?.post.requestBody.required).toBe(false);
      expect(paths['/api/v1/families/{id}/split']?.post.requestBody.required).toBe(true);
    });
  });
}
