/**
 * The share-link API over a full test runtime. Most tests run on an app whose share-link service asks a fake gate
 * (so that a test can let a use through, then refuse it while the link is live); one runs on the runtime as wired,
 * with the rights service as the gate. The public routes are called without any credential, on an app whose
 * authenticator refuses requests without one: they must not need it.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { beforeAll, afterAll, expect, it } from 'vitest';
import { samplePng } from '../../../test/bad-inputs.ts';
import { operator } from '../../../test/contexts.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { bearer, useTestApp } from '../../../test/http-app.ts';
import { completeFields } from '../../../test/runtime.ts';
import { argon2Hasher } from '../../auth/argon2-hasher.ts';
import { ProvenaError } from '../../domain/errors.ts';
import { newShareToken } from '../../domain/share-link.ts';
import type { DeliveryGate, UsageDecision, UsageReason, UsageRequest } from '../../domain/usage.ts';
import { appFor } from '../../main/server.ts';
import { ShareLinkService } from '../../services/share-link.service.ts';
import { SharedOriginals } from '../../services/shared-originals.ts';
import { SharedRenditions } from '../../services/shared-renditions.ts';
import sharp from 'sharp';
import { systemContext } from '../../domain/access.ts';
import { identityAuthenticator } from '../auth/authenticate.ts';

/** A gate that allows every use but those the test refuses. */
class FakeGate implements DeliveryGate {
  readonly denied = new Map<string, UsageReason[]>();
  authoriseDelivery(request: UsageRequest): Promise<UsageDecision> {
    const reasons = this.denied.get(request.assetId) ?? [];
    const decision: UsageDecision = {
      allowed: reasons.length === 0,
      assetId: request.assetId,
      version: 1,
      channel: request.channel,
      at: new Date(),
      derivative: false,
      reasons,
    };
    return decision.allowed
      ? Promise.resolve(decision)
      : Promise.reject(new ProvenaError('USAGE_DENIED', 'denied', { decision }));
  }
}

const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

for (const dialect of dialects) {
  describeDialect(dialect, `share links API [${dialect}]`, () => {
    const t = useTestApp(dialect, { embedder: 'none', moderation: 'false' });
    const gate = new FakeGate();
    let app: FastifyInstance;
    let adminToken: Record<string, string>;
    let seed = 9000;

    beforeAll(async () => {
      const shareLinks = new ShareLinkService({
        store: t.rt.store,
        hasher: argon2Hasher,
        gate,
        // The export service as the runtime wires it: presets' cached renditions, watermarks drawn there.
        files: new SharedRenditions({
          store: t.rt.store,
          exports: t.rt.exports,
          originals: new SharedOriginals({ store: t.rt.store, blobs: t.rt.blobs }),
          ctx: systemContext('share-link'),
        }),
        watermarks: true,
      });
      // Only credentials authenticate here: a public route that needed them would answer 401.
      app = await appFor({ ...t.rt, shareLinks }, { authenticate: identityAuthenticator(t.rt.identity) });
      const { secret } = await t.rt.identity.createToken(t.adminContext, {
        name: 'share tests',
        scopes: ['read', 'write', 'publish'],
      });
      adminToken = bearer(secret);
    });
    afterAll(async () => {
      await app?.close();
    });

    const call = (options: InjectOptions) => app.inject(options);
    async function upload(title = 'Lighthouse') {
      const bytes = await samplePng(seed++);
      const made = await t.rt.intake.intake(operator, bytes, {
        fileName: 'lighthouse.png',
        fields: { ...completeFields, title },
        mode: 'interactive',
      });
      return { id: made.asset.id, bytes };
    }
    async function share(payload: Record<string, unknown>) {
      const res = await call({
        method: 'POST',
        url: '/api/v1/share-links',
        headers: adminToken,
        payload: { expires: '7d', channel: 'web', ...payload },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ link: { id: string }; token: string; url: string }>();
    }
    const errorOf = (res: LightMyRequestResponse) =>
      res.json<{ error: { code: string; details: Record<string, unknown> } }>().error;

    it('makes a link answering its URL once, then opens it and serves the file without any session', async () => {
      const asset = await upload();
      const made = await share({ assetId: asset.id });
      expect(made.url).toBe(`http://localhost:80/s/${made.token}`);
      expect(made.link).not.toHaveProperty('tokenDigest');

      const opened = await call({ url: `/s/${made.token}` });
      expect(opened.statusCode, opened.body).toBe(200);
      expect(opened.headers['cache-control']).toBe('no-store');
      expect(opened.headers['referrer-policy']).toBe('no-referrer');
      expect(opened.json()).toMatchObject({
        kind: 'asset',
        channel: 'web',
        items: [
          { assetId: asset.id, title: 'Lighthouse', available: true, download: `/s/${made.token}/file/${asset.id}` },
        ],
      });

      for (const url of [`/s/${made.token}/file`, `/s/${made.token}/file/${asset.id}`]) {
        const file = await call({ url });
        expect(file.statusCode, file.body).toBe(200);
        expect(file.rawPayload.equals(asset.bytes)).toBe(true);
        expect(file.headers['content-type']).toBe('image/png');
        expect(file.headers['content-disposition']).toMatch(/^attachment; filename="lighthouse.png"/);
        expect(file.headers['content-length']).toBe(String(asset.bytes.length));
        expect(file.headers['cache-control']).toBe('no-store');
        expect(file.headers['x-content-type-options']).toBe('nosniff');
      }
      const stats = await call({ url: `/api/v1/share-links/${made.link.id}/stats`, headers: adminToken });
      expect(stats.json()).toMatchObject({ hits: 3, downloads: 2, bytes: asset.bytes.length * 2 });
      const listed = await call({ url: '/api/v1/share-links', headers: adminToken });
      expect(listed.json<{ items: { id: string; hitCount: number }[] }>().items).toContainEqual(
        expect.objectContaining({ id: made.link.id, hitCount: 3 }),
      );
    });

    it('renders a page for a browser with every title escaped and nothing that runs', async () => {
      const asset = await upload('<script>alert(1)</script><img src=x onerror=alert(2)>"quoted"');
      const { token } = await share({ assetId: asset.id });
      const page = await call({ url: `/s/${token}`, headers: html });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      expect(page.body).not.toContain('<script');
      expect(page.body).not.toContain('<img');
      expect(page.body).toContain(
        '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;quoted&quot;',
      );
      expect(page.body).toContain(`href="/s/${token}/file/${asset.id}"`);
    });

    it('answers an unknown and a malformed token alike, and a revoked link from the next request on', async () => {
      const strip = (res: LightMyRequestResponse) => {
        const { requestId: _requestId, ...error } = res.json<{ error: { requestId: string } }>().error;
        return { status: res.statusCode, error };
      };
      const unknown = strip(await call({ url: `/s/${newShareToken()}` }));
      expect(unknown).toMatchObject({
        status: 410,
        error: { code: 'SHARE_LINK_UNAVAILABLE', details: { reason: 'unknown' } },
      });
      for (const bad of ['x', 'not-a-token-at-all', `${newShareToken()}A`, '%3Cscript%3E'])
        expect(strip(await call({ url: `/s/${bad}` }))).toEqual(unknown);
      expect(strip(await call({ url: `/s/${newShareToken()}/file` }))).toEqual(unknown);

      const asset = await upload();
      const made = await share({ assetId: asset.id });
      const revoked = await call({ method: 'DELETE', url: `/api/v1/share-links/${made.link.id}`, headers: adminToken });
      expect(revoked.json()).toMatchObject({ revokedBy: 'user:admin' });
      const after = await call({ url: `/s/${made.token}/file` });
      expect(after.statusCode).toBe(410);
      expect(errorOf(after).details).toEqual({ reason: 'revoked' });
      const page = await call({ url: `/s/${made.token}`, headers: html });
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('This link is not available');
      expect(page.body).toContain('revoked');
    });

    it('takes the password from X-Share-Password only, never from the URL', async () => {
      const asset = await upload();
      const { token } = await share({ assetId: asset.id, password: 'correct horse' });
      const missing = await call({ url: `/s/${token}?password=correct%20horse` });
      expect(missing.statusCode).toBe(401);
      expect(errorOf(missing)).toMatchObject({ code: 'SHARE_LINK_PASSWORD', details: { reason: 'missing' } });
      const wrong = await call({ url: `/s/${token}`, headers: { 'x-share-password': 'wrong horse' } });
      expect(errorOf(wrong).details).toMatchObject({ reason: 'wrong' });
      const file = await call({ url: `/s/${token}/file`, headers: { 'x-share-password': 'correct horse' } });
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.equals(asset.bytes)).toBe(true);
    });

    it('refuses the next hit once the rights expire, as JSON and as a page', async () => {
      const asset = await upload();
      const { token } = await share({ assetId: asset.id });
      expect((await call({ url: `/s/${token}/file` })).statusCode).toBe(200);
      gate.denied.set(asset.id, [
        { code: 'rights_expired', verdict: 'deny', message: 'The licence ended on 2026-12-01 <b>today</b>.' },
      ]);
      const refused = await call({ url: `/s/${token}/file` });
      expect(refused.statusCode).toBe(403);
      expect(errorOf(refused)).toMatchObject({
        code: 'USAGE_DENIED',
        details: { reasons: [{ code: 'rights_expired' }] },
      });
      const page = await call({ url: `/s/${token}`, headers: html });
      expect(page.statusCode).toBe(403);
      expect(page.body).toContain('This file may no longer be used');
      expect(page.body).toContain('&lt;b&gt;today&lt;/b&gt;');
      gate.denied.delete(asset.id);
    });

    it("serves a preset's rendition with the link's watermark drawn, the same bytes at every hit", async () => {
      // A photograph-like picture: a gradient with noise, larger than the preset's box.
      const width = 1200;
      const height = 900;
      const pixels = Buffer.alloc(width * height * 3);
      for (let i = 0; i < pixels.length; i++) pixels[i] = ((i % (width * 3)) / 5 + Math.random() * 40) & 0xff;
      const bytes = await sharp(pixels, { raw: { width, height, channels: 3 } })
        .png()
        .toBuffer();
      const made = await t.rt.intake.intake(operator, bytes, {
        fileName: 'gradient.png',
        fields: { ...completeFields, title: 'Gradient' },
        mode: 'interactive',
      });
      const link = await share({ assetId: made.asset.id, preset: 'email-800', watermark: 'Draft for review' });
      const first = await call({ url: `/s/${link.token}/file` });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.headers['content-type']).toBe('image/jpeg');
      expect(first.headers['content-disposition']).toMatch(/^attachment; filename="gradient[^"]*\.jpg"/);
      const { width: madeWidth, format } = await sharp(first.rawPayload).metadata();
      expect({ madeWidth, format }).toEqual({ madeWidth: 800, format: 'jpeg' });
      // The same link without a watermark gives other bytes: the text was drawn.
      const plain = await share({ assetId: made.asset.id, preset: 'email-800' });
      const unmarked = await call({ url: `/s/${plain.token}/file` });
      expect(unmarked.rawPayload.equals(first.rawPayload)).toBe(false);
      const again = await call({ url: `/s/${link.token}/file` });
      expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    });

    it('needs a session for the management routes and names bad fields', async () => {
      expect((await call({ url: '/api/v1/share-links' })).statusCode).toBe(401);
      const asset = await upload();
      const bad = await call({
        method: 'POST',
        url: '/api/v1/share-links',
        headers: adminToken,
        payload: { assetId: asset.id, expires: '400d', channel: 'billboard' },
      });
      expect(bad.statusCode).toBe(400);
      expect((errorOf(bad).details.problems as { field: string }[]).map((p) => p.field)).toEqual([
        'expires',
        'channel',
      ]);
      const watermark = await call({
        method: 'POST',
        url: '/api/v1/share-links',
        headers: adminToken,
        payload: { assetId: asset.id, expires: '1d', channel: 'web', preset: 'no-such-preset' },
      });
      expect((errorOf(watermark).details.problems as { field: string }[]).map((p) => p.field)).toEqual(['preset']);
    });

    it('asks the rights service as wired: allowed while the rights hold, refused on the next hit once they expire', async () => {
      const asset = await upload('Cleared');
      const stored = await t.rt.store.assets.get(asset.id);
      await t.rt.store.transaction((tx) =>
        tx.assets.setStatus(asset.id, 'approved', new Date().toISOString(), stored!.status),
      );
      const record = { status: 'cleared', approvedChannels: ['web'], validFrom: '2026-01-01', expiresAt: '2099-12-31' };
      await t.rt.rights.set(operator, asset.id, { expectedRevision: 0, record });
      const made = await t.app.inject({
        method: 'POST',
        url: '/api/v1/share-links',
        payload: { assetId: asset.id, expires: '7d', channel: 'web', region: 'DE' },
      });
      const { token } = made.json<{ token: string }>();
      const served = await t.app.inject({ url: `/s/${token}/file` });
      expect(served.statusCode, served.body).toBe(200);
      expect(served.rawPayload.equals(asset.bytes)).toBe(true);
      // Legal records that the licence ended: the link is still live, the next hit is refused.
      await t.rt.rights.set(operator, asset.id, { expectedRevision: 1, record: { ...record, status: 'expired' } });
      const refused = await t.app.inject({ url: `/s/${token}/file` });
      expect(refused.statusCode).toBe(403);
      expect((errorOf(refused).details.reasons as { code: string }[]).map((r) => r.code)).toContain('rights_expired');
      const denials = (await t.rt.store.audit.forSubject('asset', asset.id)).filter(
        (e) => e.action === 'delivery.denied',
      );
      expect(denials.length).toBeGreaterThan(0);
    });

    it('asks the rights service as wired: an unapproved asset is refused on the link', async () => {
      const asset = await upload();
      const made = await t.app.inject({
        method: 'POST',
        url: '/api/v1/share-links',
        payload: { assetId: asset.id, expires: '7d', channel: 'web' },
      });
      expect(made.statusCode, made.body).toBe(201);
      const refused = await t.app.inject({ url: `/s/${made.json<{ token: string }>().token}/file` });
      expect(refused.statusCode).toBe(403);
      expect(errorOf(refused).code).toBe('USAGE_DENIED');
      const reasons = (errorOf(refused).details.reasons as { code: string }[]).map((r) => r.code);
      expect(reasons).toContain('not_approved');
    });
  });
}

describeDialect('sqlite', 'share links rate limit', () => {
  const t = useTestApp('sqlite', { embedder: 'none', moderation: 'false', rateLimitShareLinks: '3' });
  it('counts every public hit against its own budget per client', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 4; i++) answers.push((await t.app.inject({ url: `/s/${newShareToken()}` })).statusCode);
    expect(answers).toEqual([410, 410, 410, 429]);
    // The API's other budgets are not touched.
    expect((await t.app.inject({ url: '/api/v1/share-links' })).statusCode).toBe(200);
  });
});
