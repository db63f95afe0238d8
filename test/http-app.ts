/**
 * Route tests: the HTTP API (buildApp) over a full test runtime, wired as the server wires it (every service mounted,
 * the upload limit from the configuration), made before a describe block's tests and closed after them.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../src/config/config.ts';
import { appFor } from '../src/main/server.ts';
import type { Dialect } from '../src/storage/database.ts';
import { createTestRuntime, type TestRuntime } from './runtime.ts';

export interface TestApp {
  readonly rt: TestRuntime;
  readonly app: FastifyInstance;
}

/** Call inside a describe block; read `rt` and `app` inside its tests (they exist once beforeAll has run). */
export function useTestApp(dialect: Dialect, config: Partial<Record<keyof Config, string>> = {}): TestApp {
  let rt: TestRuntime | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    rt = await createTestRuntime(dialect, config);
    app = await appFor(rt);
  });
  afterAll(async () => {
    await app?.close();
    await rt?.dispose();
  });
  const made = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useTestApp: rt and app exist only inside tests (after beforeAll).');
    return value;
  };
  return {
    get rt() {
      return made(rt);
    },
    get app() {
      return made(app);
    },
  };
}
