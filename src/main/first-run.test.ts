/**
 * `provena serve` on a store without an admin: nothing is open, and the server prints how to create the first admin —
 * the command, and a one-time setup token with the request that uses it, which works once over real HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeDialect, dialects, type TestDatabase } from '../../test/dialects.ts';
import { loadConfig } from '../config/config.ts';
import { firstRunMessage, startServer, type RunningServer } from './server.ts';
import { freePort } from '../../test/free-port.ts';

/** A stream that keeps what is written to it. */
function captured(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

it('prints the command, and a curl line for this machine even when listening on every interface', () => {
  const setup = { token: 'pvb_example', expiresAt: '2030-01-01T00:00:00.000Z' };
  const message = firstRunMessage({ host: '0.0.0.0', port: 8080 }, setup);
  expect(message).toContain('provena users create-admin <username>');
  expect(message).toContain('curl -X POST http://127.0.0.1:8080/api/v1/auth/setup');
  expect(message).toContain('"setupToken":"pvb_example"');
  expect(message).toContain('valid until 2030-01-01T00:00:00.000Z');
  // The web app's first-run page takes the same token.
  expect(message).toContain('in a browser at http://127.0.0.1:8080/setup with the token pvb_example');
  expect(firstRunMessage({ host: '::1', port: 1 }, setup)).toContain('http://[::1]:1/');
});

for (const dialect of dialects) {
  describeDialect(dialect, `first run of provena serve [${dialect}]`, () => {
    let dataDir: string;
    let database: TestDatabase;
    let server: RunningServer | undefined;
    beforeEach(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'provena-first-run-'));
      database = await createTestDatabase(dialect);
    });
    afterEach(async () => {
      await server?.stop();
      server = undefined;
      await database.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const configFor = (port: number) =>
      loadConfig(
        {},
        {
          dataDir,
          ...(database.url ? { databaseUrl: database.url } : {}),
          host: '127.0.0.1',
          port: String(port),
          embedder: 'none',
          moderation: 'false',
          logLevel: 'silent',
        },
      );

    it('is closed and prints a setup token that creates the first admin once; then prints nothing', async () => {
      const port = await freePort();
      const console = captured();
      server = await startServer(configFor(port), console.stream);
      const printed = console.text();
      expect(printed).toContain('provena users create-admin <username>');
      const token = /"setupToken":"(pvb_[A-Za-z0-9_-]+)"/.exec(printed)?.[1];
      expect(token).toBeDefined();

      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/api/v1/assets`)).status).toBe(401);
      const setup = (setupToken: string, username: string) =>
        fetch(`${base}/api/v1/auth/setup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ setupToken, username, password: 'the first admin password' }),
        });
      const made = await setup(token!, 'first-admin');
      expect(made.status).toBe(201);
      expect((await setup(token!, 'second-admin')).status).toBe(409);
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'first-admin', password: 'the first admin password' }),
      });
      expect(login.status).toBe(200);
      await server.stop();

      const again = captured();
      server = await startServer(configFor(await freePort()), again.stream);
      expect(again.text()).toBe('');
    });
  });
}
