/**
 * The web app served by the API's process: index.html for the app's own URLs with a CSP that forbids inline script,
 * its hashed files as immutable, nothing of the API shadowed by the page (an unknown API URL stays a 401 or a JSON
 * 404), and a page saying how to build the app when it is not built.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/http-app.ts';

const built = mkdtempSync(join(tmpdir(), 'provena-web-app-'));
mkdirSync(join(built, 'static'));
writeFileSync(
  join(built, 'index.html'),
  '<!doctype html><title>Provena</title><script src="/static/app-1a2b.js"></script>',
);
writeFileSync(join(built, 'static', 'app-1a2b.js'), 'console.log("app")');
const unbuilt = mkdtempSync(join(tmpdir(), 'provena-web-app-none-'));
afterAll(() => {
  rmSync(built, { recursive: true, force: true });
  rmSync(unbuilt, { recursive: true, force: true });
});

describe('the web app, built', () => {
  const t = useTestApp('sqlite', { webAppDir: built }, { anonymous: true });

  it('answers index.html for the app’s URLs, to anyone, with a CSP that forbids inline script', async () => {
    for (const url of ['/', '/library', '/assets/01J0000000000000000000000?panel=provenance', '/review/tier-3']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('/static/app-1a2b.js');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves the hashed files as immutable', async () => {
    const res = await t.app.inject({ url: '/static/app-1a2b.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log("app")');
    expect(res.headers['cache-control']).toContain('immutable');
    expect((await t.app.inject({ url: '/static/..%2Findex.html' })).statusCode).toBeGreaterThanOrEqual(400);
    expect((await t.app.inject({ url: '/static/nothing.js' })).statusCode).toBe(404);
  });

  it('never shadows the API: an unknown API URL is still refused without credentials, and JSON with them', async () => {
    for (const url of ['/api/v1/no-such-route', '/api/v1/assets/x/no-such', '/api', '/docs/no-such']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
    expect((await t.app.inject({ url: '/api/v1/auth/status' })).json()).toMatchObject({ setupRequired: false });
  });
});

describe('the web app, to someone signed in', () => {
  const t = useTestApp('sqlite', { webAppDir: built });

  it('answers an unknown API URL with the JSON 404, not the page', async () => {
    const res = await t.app.inject({ url: '/api/v1/no-such-route' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      error: { code: 'NOT_FOUND', message: 'There is no route GET /api/v1/no-such-route.' },
    });
  });
});

describe('the web app, not built', () => {
  const t = useTestApp('sqlite', { webAppDir: unbuilt }, { anonymous: true });

  it('says how to build it, and the API still answers', async () => {
    const res = await t.app.inject({ url: '/library' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
