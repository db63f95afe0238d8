/**
 * Host and origin checks. A web page an attacker controls can make a browser send requests to this server — by DNS
 * rebinding (its own name resolving to our address: the Host header gives it away) or simply by posting a form from
 * its own origin (the Origin or Referer header gives it away). Neither is let through; clients that are not browsers
 * send no Origin and are not affected.
 */
import { expect, it } from 'vitest';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { useTestApp } from '../../test/http-app.ts';

interface ErrorReply {
  error: { code: string; message: string; details: Record<string, unknown>; requestId: string };
}
interface Injected {
  statusCode: number;
  json<T>(): T;
}

const aJobId = '0190a0a0-0000-7000-8000-000000000000';
const codeOf = (res: Injected) => (res.statusCode >= 400 ? res.json<ErrorReply>().error.code : 'OK');

for (const dialect of dialects) {
  describeDialect(dialect, `host and origin checks, default settings [${dialect}]`, () => {
    const t = useTestApp(dialect);
    const get = (host: string) => t.app.inject({ url: '/api/v1/assets?limit=1', headers: { host } });

    it('serves the loopback names, IP addresses and the configured host, on any port', async () => {
      for (const host of [
        'localhost:8080',
        'LOCALHOST:8080',
        '127.0.0.1:8080',
        '127.0.0.1',
        '[::1]:8080',
        'app.localhost:8080',
        '192.168.1.20:8080',
        '[fd00::20]:8080',
      ]) {
        expect({ host, code: codeOf(await get(host)) }).toEqual({ host, code: 'OK' });
      }
    });

    it('refuses any other Host with 421 HOST_NOT_ALLOWED naming the setting', async () => {
      for (const host of ['evil.example:8080', 'localhost.evil.example', '127.0.0.1.nip.io:8080', 'evil.example']) {
        const res = await get(host);
        expect({ host, status: res.statusCode, code: codeOf(res) }).toEqual({
          host,
          status: 421,
          code: 'HOST_NOT_ALLOWED',
        });
        const { error } = res.json<ErrorReply>();
        expect(error.message).toContain(host.replace(/:\d+$/, '').toLowerCase());
        expect(error.message).toContain('PROVENA_ALLOWED_HOSTS');
      }
      // Health checks too: a rebinding page must learn nothing.
      expect((await t.app.inject({ url: '/healthz', headers: { host: 'evil.example' } })).statusCode).toBe(421);
    });

    it('refuses state-changing requests from a foreign origin with 403 ORIGIN_NOT_ALLOWED', async () => {
      const cancel = (headers: Record<string, string>, method: 'POST' | 'DELETE' = 'POST') =>
        t.app.inject({
          method,
          url: method === 'POST' ? `/api/v1/jobs/${aJobId}/cancel` : `/api/v1/families/${aJobId}/members/${aJobId}`,
          headers: { host: 'localhost:8080', ...headers },
        });
      const foreign: Array<Record<string, string>> = [
        { origin: 'http://evil.example' },
        { origin: 'null' },
        { origin: 'https://localhost:8080' },
        { origin: 'http://localhost:9999' },
        { referer: 'http://evil.example/page.html' },
      ];
      for (const headers of foreign) {
        const res = await cancel(headers);
        expect({ headers, status: res.statusCode, code: codeOf(res) }).toEqual({
          headers,
          status: 403,
          code: 'ORIGIN_NOT_ALLOWED',
        });
        expect(res.json<ErrorReply>().error.message).toContain('PROVENA_ALLOWED_ORIGINS');
      }
      expect(codeOf(await cancel({ origin: 'http://evil.example' }, 'DELETE'))).toBe('ORIGIN_NOT_ALLOWED');
      // The same origin, and clients that send neither header (curl, the CLI, scripts), reach the route.
      expect(codeOf(await cancel({ origin: 'http://localhost:8080' }))).toBe('NOT_FOUND');
      expect(codeOf(await cancel({ referer: 'http://localhost:8080/ui/jobs' }))).toBe('NOT_FOUND');
      expect(codeOf(await cancel({}))).toBe('NOT_FOUND');
      // Reads are not refused: the browser keeps a cross-origin response from the page anyway.
      const read = await t.app.inject({
        url: '/api/v1/assets?limit=1',
        headers: { host: 'localhost:8080', origin: 'http://evil.example' },
      });
      expect(read.statusCode).toBe(200);
    });
  });
}

describeDialect('sqlite', 'host and origin checks, configured behind a proxy', () => {
  const t = useTestApp('sqlite', {
    host: '0.0.0.0',
    allowedHosts: 'dam.example.com, *.corp.example',
    allowedOrigins: 'https://app.example.com',
    trustProxy: '127.0.0.1',
  });
  const cancel = (headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `/api/v1/jobs/${aJobId}/cancel`, headers });

  it('serves the allowed hosts, wildcards only below their domain', async () => {
    for (const [host, code] of [
      ['dam.example.com', 'OK'],
      ['DAM.example.com:443', 'OK'],
      ['eu.corp.example', 'OK'],
      ['corp.example', 'HOST_NOT_ALLOWED'],
      ['evil.example', 'HOST_NOT_ALLOWED'],
    ] as const) {
      expect({ host, code: codeOf(await t.app.inject({ url: '/healthz', headers: { host } })) }).toEqual({
        host,
        code,
      });
    }
  });

  it('checks the host the trusted proxy forwarded', async () => {
    const res = await t.app.inject({
      url: '/healthz',
      headers: { host: 'provena:8080', 'x-forwarded-host': 'evil.example' },
    });
    expect(codeOf(res)).toBe('HOST_NOT_ALLOWED');
  });

  it('takes the allowed origins and the same origin as the proxy forwarded it (scheme included)', async () => {
    expect(codeOf(await cancel({ host: 'dam.example.com', origin: 'https://app.example.com' }))).toBe('NOT_FOUND');
    const behindTls = { host: 'dam.example.com', 'x-forwarded-proto': 'https' };
    expect(codeOf(await cancel({ ...behindTls, origin: 'https://dam.example.com' }))).toBe('NOT_FOUND');
    expect(codeOf(await cancel({ ...behindTls, origin: 'http://dam.example.com' }))).toBe('ORIGIN_NOT_ALLOWED');
    expect(codeOf(await cancel({ host: 'dam.example.com', origin: 'https://app.example.com.evil.example' }))).toBe(
      'ORIGIN_NOT_ALLOWED',
    );
  });
});
