/**
 * `provena serve` in a process of its own, stopped by a signal as a terminal (Ctrl-C), a service manager or a
 * container runtime stops it: the port is released and the process exits, also with an idle in-process worker and
 * with a client that never finishes its request; a second signal during shutdown ends it at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/dialects.ts';
import { describeWith } from '../../test/requirements.ts';
import { adminToken } from '../../test/cli.ts';
import { until } from '../../test/waiting.ts';
import { freePort } from '../../test/free-port.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
/** Generous: shutdown on a loaded two-core machine. Nothing here asserts a duration. */
const exitTimeoutMs = 60_000;
const testTimeoutMs = 300_000;

const running: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const child of running.splice(0))
    if (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')) await once(child, 'exit');
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Whether this process can listen on the port now (the stopped server released it). */
async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * `provena serve` on a free port and a fresh data folder, once it says that it listens: run from the sources, or as
 * the README starts it (`npm start`, where the signal reaches npm first).
 */
async function startServe(args: string[] = [], how: 'source' | 'npm start' = 'source') {
  const dataDir = mkdtempSync(join(tmpdir(), 'provena-serve-e2e-'));
  const port = await freePort();
  const serveArgs = ['--data-dir', dataDir, '--port', String(port), ...args];
  const token = adminToken({ PROVENA_DATA_DIR: dataDir });
  const [command, commandArgs] =
    how === 'npm start'
      ? ['npm', ['start', '--silent', '--', ...serveArgs]]
      : [process.execPath, ['--import', 'tsx', cli, 'serve', ...serveArgs]];
  const child = spawn(command, commandArgs, {
    cwd: repo,
    env: { ...process.env, PROVENA_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  // The data folder goes once the process that wrote into it has exited (afterEach kills it first).
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const output = () => text;
  await until(() => /Provena \S+ on http:\/\/127\.0\.0\.1:\d+/.test(text), 'the server to listen', { output });
  /** The exit, or a failure naming what the process printed when it does not come within the timeout. */
  const exit = async () => {
    const timeout = delay(exitTimeoutMs).then(() => {
      throw new Error(`the server did not exit within ${exitTimeoutMs} ms; output:\n${text}`);
    });
    return Promise.race([exited, timeout]);
  };
  return { child, port, token, output, exit };
}

/**
 * An upload whose client sends the headers and a little of the body, then nothing more: as the admin, so that the
 * server waits for the rest rather than refusing it at once.
 */
async function stalledUpload(server: { port: number; token: string; output: () => string }): Promise<Socket> {
  const { port, output } = server;
  const socket = connect(port, '127.0.0.1');
  cleanups.push(() => void socket.destroy());
  socket.on('error', () => {});
  socket.write(
    `POST /api/v1/assets HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${server.token}\r\n` +
      'Content-Type: multipart/form-data; boundary=b\r\n' +
      'Content-Length: 100000\r\n\r\n--b\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nhalf an upload\r\n',
  );
  await until(() => output().includes('"url":"/api/v1/assets"'), 'the upload to arrive', { output });
  return socket;
}

describe('provena serve stops on a signal [sqlite, in-process worker idle]', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(
      `exits with 0 and releases the port on ${signal}`,
      async () => {
        const server = await startServe();
        server.child.kill(signal);
        expect(await server.exit(), server.output()).toEqual({ code: 0, signal: null });
        expect(server.output()).toContain(`${signal}: stopping`);
        expect(await portIsFree(server.port)).toBe(true);
      },
      testTimeoutMs,
    );
  }

  it(
    'does not wait for a client that never finishes its request',
    async () => {
      const server = await startServe();
      const socket = await stalledUpload(server);
      const closedByServer = once(socket, 'close');
      server.child.kill('SIGINT');
      expect(await server.exit(), server.output()).toEqual({ code: 0, signal: null });
      await closedByServer;
      expect(await portIsFree(server.port)).toBe(true);
    },
    testTimeoutMs,
  );

  it(
    'exits at once on a second signal during shutdown',
    async () => {
      const server = await startServe();
      await stalledUpload(server);
      server.child.kill('SIGTERM');
      await until(() => server.output().includes('SIGTERM: stopping'), 'shutdown to start', {
        output: server.output,
      });
      server.child.kill('SIGTERM');
      // 128 + the signal number, as a shell reports a process that a signal ended.
      expect(await server.exit(), server.output()).toEqual({ code: 143, signal: null });
      expect(server.output()).toMatch(/second SIGTERM/);
    },
    testTimeoutMs,
  );
});

describe('npm start stops on a signal sent to npm', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(
      `stops the server it started on ${signal}: npm exits with 0 and the port is free`,
      async () => {
        const server = await startServe([], 'npm start');
        server.child.kill(signal);
        expect(await server.exit(), server.output()).toEqual({ code: 0, signal: null });
        expect(server.output()).toContain(`${signal}: stopping`);
        expect(await portIsFree(server.port)).toBe(true);
      },
      testTimeoutMs,
    );
  }
});

describeWith('postgres', 'provena serve stops on a signal [postgres, in-process worker]', () => {
  it(
    'exits with 0 and releases the port on SIGTERM',
    async () => {
      const database = await createTestDatabase('postgres');
      cleanups.push(() => database.dispose());
      const server = await startServe(['--database-url', database.url!, '--embedded-worker', 'on']);
      server.child.kill('SIGTERM');
      expect(await server.exit(), server.output()).toEqual({ code: 0, signal: null });
      expect(await portIsFree(server.port)).toBe(true);
    },
    testTimeoutMs,
  );
});
