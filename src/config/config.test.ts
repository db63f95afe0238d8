import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as { details: { problems: Array<{ field: string; problem: string }> } }).details.problems;
  }
  throw new Error('the configuration was accepted');
};

describe('the HTTP protection settings', () => {
  it('have defaults that cut slow clients and limit each client', () => {
    expect(loadConfig({})).toMatchObject({
      headersTimeoutSeconds: 30,
      requestTimeoutSeconds: 3600,
      idleTimeoutSeconds: 120,
      keepAliveTimeoutSeconds: 72,
      uploadMinBytesPerSecond: 1024,
      uploadRateWindowSeconds: 30,
      rateLimitUploads: 60,
      rateLimitExpensive: 120,
      trustProxy: false,
    });
    // Absent: only the defaults (http/host-origin.ts).
    expect(loadConfig({}).allowedHosts).toBeUndefined();
    expect(loadConfig({}).allowedOrigins).toBeUndefined();
  });

  it('read host and origin lists, normalised', () => {
    const config = loadConfig({
      PROVENA_ALLOWED_HOSTS: 'DAM.example.com, *.corp.example,',
      PROVENA_ALLOWED_ORIGINS: 'HTTPS://App.Example.com:443,http://localhost:3000',
    });
    expect(config.allowedHosts).toEqual(['dam.example.com', '*.corp.example']);
    expect(config.allowedOrigins).toEqual(['https://app.example.com', 'http://localhost:3000']);
  });

  it('read a trusted proxy as off, on, a hop count or addresses', () => {
    expect(loadConfig({ PROVENA_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ PROVENA_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ PROVENA_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ PROVENA_TRUST_PROXY: '10.0.0.1, 10.0.0.0/8, fd00::/8, loopback' }).trustProxy).toEqual([
      '10.0.0.1',
      '10.0.0.0/8',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuse what they cannot use, each problem named', () => {
    expect(
      problemsOf({
        PROVENA_ALLOWED_HOSTS: 'dam.example.com:8443',
        PROVENA_ALLOWED_ORIGINS: 'app.example.com',
        PROVENA_TRUST_PROXY: 'the load balancer',
        PROVENA_UPLOAD_MIN_BYTES_PER_SECOND: '0',
      }).map((p) => p.field),
    ).toEqual([
      'PROVENA_UPLOAD_MIN_BYTES_PER_SECOND',
      'PROVENA_ALLOWED_HOSTS',
      'PROVENA_ALLOWED_ORIGINS',
      'PROVENA_TRUST_PROXY',
    ]);
    expect(problemsOf({ PROVENA_ALLOWED_ORIGINS: 'https://app.example.com/ui' })[0]?.problem).toMatch(/origin/);
  });

  it('refuse a header timeout longer than the request timeout', () => {
    expect(problemsOf({ PROVENA_HEADERS_TIMEOUT_SECONDS: '60', PROVENA_REQUEST_TIMEOUT_SECONDS: '30' })).toEqual([
      {
        field: 'PROVENA_HEADERS_TIMEOUT_SECONDS',
        problem: '"60" must not exceed the request timeout (PROVENA_REQUEST_TIMEOUT_SECONDS, 30)',
      },
    ]);
  });
});
