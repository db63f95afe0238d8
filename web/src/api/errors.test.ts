import { describe, expect, it } from 'vitest';
import { ApiError, networkError } from './errors.ts';

describe('ApiError', () => {
  it('keeps the server’s code, message, field problems and request id', () => {
    const error = ApiError.from(400, {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Two fields are wrong.',
        details: { problems: [{ field: 'title', problem: 'is required' }] },
        requestId: 'r1',
      },
    });
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'Two fields are wrong.',
      requestId: 'r1',
    });
    expect(error.problems).toEqual([{ field: 'title', problem: 'is required' }]);
    expect(error.isRetryable).toBe(false);
  });

  it('says what happened without a body, and which failures are worth retrying', () => {
    expect(ApiError.from(502, undefined).message).toMatch(/502/);
    expect(ApiError.from(502, undefined).isRetryable).toBe(true);
    expect(ApiError.from(401, undefined).isUnauthenticated).toBe(true);
    expect(networkError(new TypeError('Failed to fetch'))).toMatchObject({ code: 'NETWORK_ERROR', isRetryable: true });
  });
});
