/**
 * Bodies the server cannot take are refused with codes that say what happened: a JSON body over the limit is not a
 * file that is too large, and a content type no route reads is a 415 naming it and the types the route accepts.
 */
import { expect, it } from 'vitest';
import { describeDialect } from '../../test/dialects.ts';
import { useTestApp } from '../../test/http-app.ts';
import { errorCodes } from '../domain/errors.ts';

interface ErrorReply {
  error: { code: string; message: string; details: Record<string, unknown>; requestId: string };
}

const anId = '0190a0a0-0000-7000-8000-000000000000';

// No storage is read before these refusals: one dialect is enough.
describeDialect('sqlite', 'request bodies the server cannot take', () => {
  const t = useTestApp('sqlite');

  const errorOf = (res: { statusCode: number; json<T>(): T }, status: number) => {
    const body = res.json<ErrorReply>();
    expect({ status: res.statusCode, code: body.error.code }).toMatchObject({ status });
    expect(Object.keys(errorCodes)).toContain(body.error.code);
    expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    return body.error;
  };

  it('answers a JSON body over the limit with BODY_TOO_LARGE (413), not FILE_TOO_LARGE', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/families/${anId}/confirm`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ assetIds: [], padding: 'x'.repeat(2 * 1024 * 1024) }),
    });
    const error = errorOf(res, 413);
    expect(error.code).toBe('BODY_TOO_LARGE');
    expect(error.message).toMatch(/1048576 bytes/);
    expect(error.details).toEqual({ limitBytes: 1024 * 1024 });
  });

  it('answers a content type no parser reads with 415 naming it and the accepted ones', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/families/${anId}/confirm`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'assetIds=1',
    });
    const error = errorOf(res, 415);
    expect(error.code).toBe('UNSUPPORTED_CONTENT_TYPE');
    expect(error.message).toContain('application/x-www-form-urlencoded');
    expect(error.message).toContain('application/json');
    expect(error.details).toEqual({ contentType: 'application/x-www-form-urlencoded', accepted: ['application/json'] });
  });

  it('answers text/plain on a JSON route with 415 too, rather than "body: must be object"', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/families/${anId}/split`,
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(errorOf(res, 415).details).toEqual({ contentType: 'text/plain', accepted: ['application/json'] });
  });

  it('answers a body without a content type with 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/families/${anId}/split`,
      headers: { 'content-length': '2' },
      payload: '{}',
    });
    // light-my-request adds no content type to a string payload.
    expect(res.statusCode).toBe(415);
    expect(errorOf(res, 415).message).toMatch(/no content type/i);
  });

  it('answers an upload sent as JSON with 415 naming multipart/form-data', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/assets',
      headers: { 'content-type': 'application/json' },
      payload: '{"prompt":"x"}',
    });
    const error = errorOf(res, 415);
    expect(error.code).toBe('UNSUPPORTED_CONTENT_TYPE');
    expect(error.details).toEqual({ contentType: 'application/json', accepted: ['multipart/form-data'] });
  });
});
