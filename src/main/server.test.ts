/**
 * `serve` in this process: a port it cannot listen on is a clear error naming the address and the setting to change,
 * and everything it opened before listening is closed again, so that the command exits instead of hanging.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, describeDialect, dialects, type TestDatabase } from '../../test/dialects.ts';
import { loadConfig, type Config } from '../config/config.ts';
import { isProvenaError, type ProvenaError } from '../domain/errors.ts';
import { errorTable } from '../edge/error-table.ts';
import type * as RuntimeModule from './runtime.ts';
import type { Runtime } from './runtime.ts';
import { listenError, serve, startServer } from './server.ts';
import { until } from '../../test/waiting.ts';

/** Every runtime serve opened, with a record of its close; a close fails (after closing) while failClose is set. */
const opened = vi.hoisted(() => [] as { runtime: Runtime; closed: () => boolean }[]);
const closing = vi.hoisted(() => ({ fail: false }));
/** Runs inside the first-run check of the next runtime opened (the last moment of a start), before its query. */
const duringStart = vi.hoisted(() => ({ hook: undefined as (() => Promise<void>) | undefined }));
vi.mock('./runtime.ts', async (importOriginal) => {
  const real = await importOriginal<typeof RuntimeModule>();
  return {
    ...real,
    createRuntime: async (config: Readonly<Config>) => {
      const runtime = await real.createRuntime(config);
      const close = () => runtime.close();
      const hook = duringStart.hook;
      duringStart.hook = undefined;
      if (hook) {
        const check = runtime.identity.needsFirstAdmin.bind(runtime.identity);
        runtime.identity.needsFirstAdmin = async () => {
          await hook();
          return check();
        };
      }
      let closed = false;
      const observed = {
        ...runtime,
        close: async () => {
          closed = true;
          await close();
          if (closing.fail) throw new Error('the database would not close');
        },
      };
      opened.push({ runtime: observed, closed: () => closed });
      return observed;
    },
  };
});

/** A port another process (here a plain TCP server) already listens on. */
async function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

const failureOf = async (run: Promise<unknown>): Promise<ProvenaError> => {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProvenaError(error)) throw new Error(`expected a ProvenaError, got ${String(error)}`);
  return error;
};

const signalListeners = () => ['SIGINT', 'SIGTERM'].map((s) => process.listenerCount(s));

async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

for (const dialect of dialects) {
  describeDialect(dialect, `serve on a busy port [${dialect}]`, () => {
    let dataDir: string;
    let database: TestDatabase;
    beforeEach(async () => {
      opened.length = 0;
      dataDir = mkdtempSync(join(tmpdir(), 'provena-serve-'));
      database = await createTestDatabase(dialect);
    });
    afterEach(async () => {
      await database.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const configFor = (flags: Partial<Record<keyof Config, string>>) =>
      loadConfig(
        {},
        {
          dataDir,
          ...(database.url ? { databaseUrl: database.url } : {}),
          embedder: 'none',
          moderation: 'false',
          logLevel: 'silent',
          ...flags,
        },
      );

    it('refuses with PORT_UNAVAILABLE naming host:port and the setting, and closes what it opened', async () => {
      const held = await holdPort();
      try {
        const listenersBefore = signalListeners();
        const error = await failureOf(serve(configFor({ host: '127.0.0.1', port: String(held.port) })));
        expect(error.code).toBe('PORT_UNAVAILABLE');
        expect(error.message).toContain(`127.0.0.1:${held.port}`);
        expect(error.message).toMatch(/in use/);
        expect(error.message).toContain('PROVENA_PORT');
        expect(error.message).toContain('--port');
        expect(error.details).toMatchObject({ host: '127.0.0.1', port: held.port, reason: 'in-use' });
        // A configuration problem for the CLI's exit code, like every other one.
        expect(errorTable[error.code].exit).toBe(errorTable.CONFIG_INVALID.exit);

        expect(opened).toHaveLength(1);
        expect(opened[0]!.closed()).toBe(true);
        await expect(opened[0]!.runtime.store.ping()).rejects.toThrow();
        // No signal handler is left behind to keep a failed start from exiting on Ctrl-C.
        expect(signalListeners()).toEqual(listenersBefore);
      } finally {
        held.server.close();
      }
    });

    it('stops: releases the port, closes the runtime and leaves no signal handler behind', async () => {
      const listenersBefore = signalListeners();
      const free = await holdPort();
      await new Promise((resolve) => free.server.close(resolve));
      const server = await startServer(configFor({ host: '127.0.0.1', port: String(free.port) }));
      expect(server.url).toBe(`http://127.0.0.1:${free.port}`);
      expect(await portIsFree(free.port)).toBe(false);
      expect(signalListeners()).toEqual(listenersBefore.map((n) => n + 1));
      await server.stop();
      expect(await portIsFree(free.port)).toBe(true);
      expect(opened[0]!.closed()).toBe(true);
      await expect(opened[0]!.runtime.store.ping()).rejects.toThrow();
      expect(signalListeners()).toEqual(listenersBefore);
    });

    it('a signal while it is still starting lets the start finish, then stops with nothing failed', async () => {
      const free = await holdPort();
      await new Promise((resolve) => free.server.close(resolve));
      const listenersBefore = new Set(process.listeners('SIGTERM'));
      // The signal handler ends the process a few seconds after stopping; here that only records the call.
      const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
      const exitCodeBefore = process.exitCode;
      try {
        duringStart.hook = async () => {
          const serversHandler = process.listeners('SIGTERM').find((listener) => !listenersBefore.has(listener));
          serversHandler!('SIGTERM');
          // Room for the shutdown to close the database under the check, as it did before it waited for the start.
          await until(() => opened[0]!.closed(), 'the runtime to close', { timeoutMs: 500 }).catch(() => undefined);
        };
        const server = await startServer(configFor({ host: '127.0.0.1', port: String(free.port) }));
        expect(server.url).toBe(`http://127.0.0.1:${free.port}`);
        await until(() => exit.mock.calls.length > 0, 'the stopped process to exit');
        expect(opened[0]!.closed()).toBe(true);
        expect(process.exitCode).toBe(exitCodeBefore);
        expect(await portIsFree(free.port)).toBe(true);
      } finally {
        exit.mockRestore();
        process.exitCode = exitCodeBefore;
      }
    });

    it('reports a failure to stop, after closing everything else', async () => {
      const free = await holdPort();
      await new Promise((resolve) => free.server.close(resolve));
      const server = await startServer(configFor({ host: '127.0.0.1', port: String(free.port) }));
      closing.fail = true;
      try {
        await expect(server.stop()).rejects.toThrow('the database would not close');
      } finally {
        closing.fail = false;
      }
      expect(await portIsFree(free.port)).toBe(true);
      expect(opened[0]!.closed()).toBe(true);
    });
  });
}

describe('serve on an address it cannot use [sqlite]', () => {
  it('names the host when the address is not this machine’s', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'provena-serve-'));
    opened.length = 0;
    try {
      // 192.0.2.1 (TEST-NET-1) is never a local address.
      const config = loadConfig(
        {},
        { dataDir, host: '192.0.2.1', port: '8080', embedder: 'none', moderation: 'false', logLevel: 'silent' },
      );
      const error = await failureOf(serve(config));
      expect(error.code).toBe('PORT_UNAVAILABLE');
      expect(error.message).toContain('192.0.2.1:8080');
      expect(error.message).toContain('PROVENA_HOST');
      expect(error.message).toContain('--host');
      expect(opened[0]!.closed()).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start with a C2PA trust list it cannot read, and closes what it opened', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'provena-serve-'));
    opened.length = 0;
    // Held, so that a start that skipped the trust list would fail differently (PORT_UNAVAILABLE).
    const held = await holdPort();
    try {
      const config = loadConfig(
        {},
        {
          dataDir,
          port: String(held.port),
          c2paTrustAnchorsFile: join(dataDir, 'no-such-anchors.pem'),
          embedder: 'none',
          moderation: 'false',
          logLevel: 'silent',
        },
      );
      const error = await failureOf(serve(config));
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toContain('no-such-anchors.pem');
      expect(opened[0]!.closed()).toBe(true);
    } finally {
      held.server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('explains a privileged port on its own (EACCES cannot be caused here when tests run as root)', () => {
    const denied = Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:80'), {
      code: 'EACCES',
      syscall: 'listen',
    });
    const error = listenError(denied, '0.0.0.0', 80);
    expect(isProvenaError(error) && error.code).toBe('PORT_UNAVAILABLE');
    expect((error as ProvenaError).message).toMatch(/0\.0\.0\.0:80.*permission.*1024.*PROVENA_PORT.*--port/s);
    expect((error as ProvenaError).details).toMatchObject({ reason: 'permission-denied' });
    // Anything else is passed on as it is.
    const other = new Error('boom');
    expect(listenError(other, '127.0.0.1', 8080)).toBe(other);
  });
});
