/**
 * Per-client rate limits on uploads and on the expensive reads (filtered listing, enrichment views, preview
 * renditions): past the limit a client gets 429 with Retry-After in the one error shape, other clients and cheap
 * requests are untouched, and behind a trusted proxy the client is the forwarded address, not the proxy.
 */
import { expect, it } from 'vitest';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { useTestApp } from '../../test/http-app.ts';
import { fieldParts, multipart } from '../../test/multipart.ts';
import { completeFields } from '../../test/runtime.ts';

interface ErrorReply {
  error: { code: string; message: string; details: Record<string, unknown>; requestId: string };
}
interface Injected {
  statusCode: number;
  headers: Record<string, unknown>;
  json<T>(): T;
}

const anId = '0190a0a0-0000-7000-8000-000000000000';

const expectLimited = (res: Injected, limit: number) => {
  expect(res.statusCode).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter > 0).toBe(true);
  const { error } = res.json<ErrorReply>();
  expect(error).toMatchObject({
    code: 'RATE_LIMITED',
    details: { limit, windowSeconds: 60, retryAfterSeconds: retryAfter },
  });
  expect(error.message).toContain(`${retryAfter} s`);
  expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
};

for (const dialect of dialects) {
  describeDialect(dialect, `rate limits per client [${dialect}]`, () => {
    const t = useTestApp(dialect, { rateLimitUploads: '2', rateLimitExpensive: '3' });

    it('limits uploads per client and answers 429 with Retry-After', async () => {
      // No file part: refused by intake, but counted like any upload.
      const { body, headers } = multipart(fieldParts(completeFields));
      const upload = (remoteAddress: string) =>
        t.app.inject({ method: 'POST', url: '/api/v1/assets', payload: body, headers, remoteAddress });
      for (let i = 0; i < 2; i++) expect((await upload('198.51.100.1')).statusCode).toBe(400);
      expectLimited(await upload('198.51.100.1'), 2);
      // Another client is not held back, nor are this client's cheap requests.
      expect((await upload('198.51.100.2')).statusCode).toBe(400);
      expect((await t.app.inject({ url: '/api/v1/assets/' + anId, remoteAddress: '198.51.100.1' })).statusCode).toBe(
        404,
      );
    });

    it('counts filtered listing, enrichment views and preview renditions against one limit', async () => {
      const remoteAddress = '198.51.100.10';
      const get = (url: string) => t.app.inject({ url, remoteAddress });
      expect((await get('/api/v1/assets?tool=comfyui')).statusCode).toBe(200);
      expect((await get(`/api/v1/assets/${anId}/enrichments`)).statusCode).toBe(404);
      expect((await get(`/api/v1/assets/${anId}/renditions/preview`)).statusCode).toBe(404);
      expectLimited(await get('/api/v1/assets'), 3);
      expectLimited(await get(`/api/v1/assets/${anId}/renditions/preview`), 3);
      // Stored renditions other than the preview cost a file read: not limited.
      expect((await get(`/api/v1/assets/${anId}/renditions/thumbnail`)).statusCode).toBe(404);
      expect((await get('/healthz')).statusCode).toBe(200);
    });
  });
}

describeDialect('sqlite', 'rate limits behind a trusted proxy', () => {
  const t = useTestApp('sqlite', { rateLimitExpensive: '1', trustProxy: '127.0.0.1' });

  it('tells clients apart by X-Forwarded-For when the proxy is trusted', async () => {
    const list = (client: string) => t.app.inject({ url: '/api/v1/assets', headers: { 'x-forwarded-for': client } });
    expect((await list('203.0.113.1')).statusCode).toBe(200);
    expectLimited(await list('203.0.113.1'), 1);
    expect((await list('203.0.113.2')).statusCode).toBe(200);
  });
});

describeDialect('sqlite', 'rate limits without a trusted proxy', () => {
  const t = useTestApp('sqlite', { rateLimitExpensive: '1' });

  it('ignores X-Forwarded-For from an untrusted peer: a client cannot pick a fresh address per request', async () => {
    const list = (client: string) => t.app.inject({ url: '/api/v1/assets', headers: { 'x-forwarded-for': client } });
    expect((await list('203.0.113.1')).statusCode).toBe(200);
    expectLimited(await list('203.0.113.2'), 1);
  });
});
