/**
 * A real `provena serve` for the browser tests: the installed build (bin/provena.js → dist/), a fresh data folder, a
 * free port, the built web app. Started without an admin (the first-run setup, its token read from the log) or with
 * one and an API token to seed data through the API as a user would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminToken, provenaBin } from '../../../test/cli.ts';
import { freePort } from '../../../test/free-port.ts';
import { until } from '../../../test/waiting.ts';

export interface RunningServer {
  readonly url: string;
  readonly dataDir: string;
  /** The admin's API token (`withAdmin`), for seeding through the API. */
  readonly token?: string;
  /** The one-time setup token the log printed (without an admin). */
  readonly setupToken?: string;
  /** Everything the process printed so far. */
  output(): string;
  /** A JSON call to the API as the admin (the token). */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** The admin `withAdmin` makes (test/cli.ts adminToken), to sign in as in the browser. */
export const e2eAdmin = { username: 'admin', password: 'a long password for the tests' };

export async function startServer(options: { withAdmin?: boolean; env?: Record<string, string> } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'provena-web-e2e-'));
  const port = await freePort();
  const env = { ...process.env, PROVENA_DATA_DIR: dataDir, PROVENA_LOG_LEVEL: 'info', ...options.env };
  const token = options.withAdmin ? adminToken({ PROVENA_DATA_DIR: dataDir, ...options.env }) : undefined;
  const child: ChildProcess = spawn(process.execPath, [provenaBin, 'serve', '--port', String(port)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const output = () => text;
  await until(() => /Provena \S+ on http:\/\/127\.0\.0\.1:\d+/.test(text), 'the server to listen', { output });
  const url = `http://127.0.0.1:${port}`;
  const setupToken = /\b(pvb_[A-Za-z0-9_-]+)/.exec(text)?.[1];
  const server: RunningServer = {
    url,
    dataDir,
    token,
    setupToken,
    output,
    async api<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(url + path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const answer: unknown = res.status === 204 ? undefined : await res.json();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
      return answer as T;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}
