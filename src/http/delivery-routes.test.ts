/**
 * Every route that answers file bytes asks the delivery gate first (issue 15 proof, decision 0033).
 *
 * The walk: every route of the built app's API description whose success answer is not JSON (a 200 with no JSON
 * body described: files, streams, pages) is a byte route — found from the description, not from the marker, so a
 * route that forgot the marker is found too. Each byte route must have an entry in `deliveryCalls` below saying how
 * to call it for `denied`, an asset whose use the usage check denies on every channel (its rights record says
 * expired); the call must answer 403 USAGE_DENIED and leave a `delivery.denied` audit entry naming the route's path
 * (`via`). A new byte route without an entry, or one that answers anything else, fails this test.
 *
 * ADDING A BYTE ROUTE (share links, exports, …): declare it with `config: deliveryRoute('<via>')` (http/delivery.ts),
 * ask the gate before opening any byte (`gateDelivery` for a signed-in download, or a service that calls
 * DeliveryGate.authoriseDelivery itself), and add a line to `deliveryCalls`: the route as `METHOD /path` of the API
 * description, the `via` it audits, and the request that fetches `denied` through it (`s` holds what the set-up made:
 * the asset, a share link to it, …; add what your route needs to `Subjects` and `setUp`).
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { operator } from '../../test/contexts.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { useTestApp } from '../../test/http-app.ts';
import { completeFields, type TestRuntime } from '../../test/runtime.ts';
import { appFor } from '../main/server.ts';
import type { DeliveryVia } from './delivery.ts';

interface Subjects {
  /** An asset whose every use is denied: rights expired. */
  denied: string;
  /** A share link to it (made while its rights still held, on the web channel). */
  shareToken: string;
}

interface DeliveryCall {
  via: DeliveryVia;
  request(s: Subjects): InjectOptions;
}

const get = (url: string): InjectOptions => ({ method: 'GET', url });

/** How to fetch `denied` through each byte route. */
const deliveryCalls: Record<string, DeliveryCall> = {
  'GET /api/v1/assets/{id}/original': { via: 'original', request: (s) => get(`/api/v1/assets/${s.denied}/original`) },
  'GET /api/v1/assets/{id}/renditions/{role}': {
    via: 'rendition',
    request: (s) => get(`/api/v1/assets/${s.denied}/renditions/thumbnail`),
  },
  'GET /api/v1/assets/{id}/export': {
    via: 'export',
    request: (s) => get(`/api/v1/assets/${s.denied}/export?preset=web-1600&channel=internal`),
  },
  'POST /api/v1/exports': {
    via: 'export',
    request: (s) => ({
      method: 'POST',
      url: '/api/v1/exports',
      payload: { assetIds: [s.denied], preset: 'web-1600', channel: 'internal' },
    }),
  },
  'GET /s/{token}/file': { via: 'share-link', request: (s) => get(`/s/${s.shareToken}/file`) },
  'GET /s/{token}/file/{assetId}': {
    via: 'share-link',
    request: (s) => get(`/s/${s.shareToken}/file/${s.denied}`),
  },
};

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

type Operation = { responses?: Record<string, { content?: Record<string, unknown> }> };

/** Routes of the API description whose success answer is not described as JSON: they may answer bytes. */
export function byteRoutes(app: FastifyInstance): string[] {
  const paths = (app.swagger() as { paths: Record<string, Record<string, Operation>> }).paths;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([, operation]) => {
        const success = operation.responses?.['200'] ?? operation.responses?.['206'];
        // A 204-only route answers nothing; a JSON 200 answers JSON (JSON-LD included: metadata, not the file); a
        // text/event-stream answers live updates (GET /api/v1/events/stream), never a file.
        const types = Object.keys(success?.content ?? {});
        return success !== undefined && !types.some(isJson) && !types.includes('text/event-stream');
      })
      .map(([method]) => `${method.toUpperCase()} ${path}`),
  );
}

/** What is wrong with each byte route: no call described, or a call for `denied` that was not refused and audited. */
async function ungated(app: FastifyInstance, rt: TestRuntime, s: Subjects, calls: Record<string, DeliveryCall>) {
  const problems: string[] = [];
  for (const route of byteRoutes(app)) {
    const call = calls[route];
    if (!call) {
      problems.push(`${route}: answers bytes but has no entry in deliveryCalls (see the top of this file)`);
      continue;
    }
    const before = await deniedEntries(rt, s.denied);
    const res = await app.inject(call.request(s));
    const code = res.body.startsWith('{') ? res.json<{ error?: { code: string } }>().error?.code : undefined;
    if (res.statusCode !== 403 || code !== 'USAGE_DENIED')
      problems.push(
        `${route}: answered ${res.statusCode} ${code ?? String(res.headers['content-type'])} for a denied use`,
      );
    const after = await deniedEntries(rt, s.denied);
    // A repeated denied rendition is audited once per window (rights.service.ts): an earlier entry stands for it.
    const counted = call.via === 'rendition' ? after : after.slice(before.length);
    if (!counted.some((entry) => entry.details?.via === call.via))
      problems.push(`${route}: left no delivery.denied audit entry with via ${call.via}`);
  }
  return problems;
}

const deniedEntries = async (rt: TestRuntime, assetId: string) =>
  (await rt.store.audit.forSubject('asset', assetId)).filter((e) => e.action === 'delivery.denied');

for (const dialect of dialects) {
  describeDialect(dialect, `every delivery route is gated [${dialect}]`, () => {
    const t = useTestApp(dialect, { embedder: 'none', moderation: 'false' });
    const s = {} as Subjects;

    beforeAll(async () => {
      const rt = t.rt;
      const made = await rt.intake.intake(operator, await samplePng(41, 96), {
        fileName: 'gated.png',
        fields: completeFields,
        mode: 'interactive',
      });
      s.denied = made.asset.id;
      // A thumbnail to fetch, as enrichment would have stored it.
      const bytes = await samplePng(42, 32);
      const thumbnail = await rt.blobs.put(bytes);
      const versionId = made.asset.versions[0]!.id;
      await rt.store.transaction((tx) =>
        tx.enrichment.replaceRenditions(
          versionId,
          ['thumbnail'],
          [
            {
              role: 'thumbnail',
              mediaType: 'image/png',
              width: 32,
              height: 32,
              sha256: thumbnail.sha256,
              size: bytes.length,
            },
          ],
          new Date().toISOString(),
        ),
      );
      s.shareToken = (
        await rt.shareLinks.create(t.adminContext, { assetId: s.denied, expires: '7d', channel: 'web' })
      ).token;
      await rt.rights.set(operator, s.denied, { expectedRevision: 0, record: { status: 'expired' } });
    });

    it('finds the byte routes from the API description, and every one has a call here', async () => {
      await t.app.ready();
      const found = byteRoutes(t.app);
      expect(found).toEqual(expect.arrayContaining(['GET /api/v1/assets/{id}/original']));
      expect(Object.keys(deliveryCalls).filter((route) => !found.includes(route))).toEqual([]);
    });

    it('refuses the denied asset on every byte route with USAGE_DENIED, and audits each', async () => {
      expect(await ungated(t.app, t.rt, s, deliveryCalls)).toEqual([]);
    });

    it('answers the reasons in the refusal, and a 304 is refused too (nothing about the bytes leaks)', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/assets/${s.denied}/original?channel=web&region=DE`,
        headers: { 'if-none-match': '"anything"' },
      });
      expect(res.statusCode).toBe(403);
      const body = res.json<{ error: { details: { decision: { reasons: { code: string }[]; channel: string } } } }>();
      expect(body.error.details.decision.channel).toBe('web');
      expect(body.error.details.decision.reasons.map((r) => r.code)).toContain('rights_expired');
      expect(res.headers.etag).toBeUndefined();
    });

    it('serves an allowed use, and refuses a channel not in the list (400, not 500)', async () => {
      const ok = await t.rt.intake.intake(operator, await samplePng(43, 96), {
        fileName: 'fine.png',
        fields: completeFields,
        mode: 'interactive',
      });
      const res = await t.app.inject(get(`/api/v1/assets/${ok.asset.id}/original`));
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      const bad = await t.app.inject(get(`/api/v1/assets/${ok.asset.id}/original?channel=tv`));
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ error: { code: string; message: string } }>().error.message).toContain(
        "not in the organisation's list",
      );
    });

    it('fails for a byte route that skips the gate (the walk can fail)', async () => {
      const leaky = await appFor(t.rt, { authenticate: () => Promise.resolve(t.adminContext) });
      leaky.get('/api/v1/assets/:id/leak', async (request, reply) => {
        const original = await t.rt.assets.original(t.adminContext, (request.params as { id: string }).id);
        return reply.type(original.version.mediaType).send(await original.open());
      });
      await leaky.ready();
      try {
        const problems = await ungated(leaky, t.rt, s, {
          ...deliveryCalls,
          'GET /api/v1/assets/{id}/leak': { via: 'original', request: (x) => get(`/api/v1/assets/${x.denied}/leak`) },
        });
        expect(problems).toEqual([
          'GET /api/v1/assets/{id}/leak: answered 200 image/png for a denied use',
          'GET /api/v1/assets/{id}/leak: left no delivery.denied audit entry with via original',
        ]);
        expect(await ungated(leaky, t.rt, s, deliveryCalls)).toEqual([
          'GET /api/v1/assets/{id}/leak: answers bytes but has no entry in deliveryCalls (see the top of this file)',
        ]);
      } finally {
        await leaky.close();
      }
    });
  });
}
