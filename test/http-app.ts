/**
 * Route tests: the HTTP API (buildApp) over a full test runtime, wired as the server wires it (every service mounted,
 * the upload limit from the configuration, the real authenticator), made before a describe block's tests and closed
 * after them.
 *
 * Every app has a real admin account (`admin`). A request that carries no credentials at all (no Authorization
 * header, no session cookie, no credential in the query string) is taken to be that admin: the route tests written
 * before accounts existed test what routes do, not who may call them, and keep working unchanged. A request that does
 * carry credentials goes through the real authenticator, forged and expired ones included. Tests of authentication
 * itself pass `{ anonymous: true }`: then nothing is assumed and a request without credentials is a 401, as on a
 * real server.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../src/config/config.ts';
import { allTeams, type RequestContext } from '../src/domain/access.ts';
import type { AccountWithMemberships } from '../src/domain/identity.ts';
import { carriesCredentials, identityAuthenticator } from '../src/http/auth/authenticate.ts';
import { appFor } from '../src/main/server.ts';
import type { Dialect } from '../src/storage/database.ts';
import { operator } from './contexts.ts';
import { createTestRuntime, type TestRuntime } from './runtime.ts';

/** The test admin's password (long enough for the password rules). */
export const testAdminPassword = 'correct horse battery staple';

export interface TestApp {
  readonly rt: TestRuntime;
  readonly app: FastifyInstance;
  /** The real admin account every test app has (username `admin`). */
  readonly admin: AccountWithMemberships;
  /** The admin's request context, as the authenticator makes it. */
  readonly adminContext: RequestContext;
}

export interface TestAppOptions {
  /** No default admin: a request without credentials is refused (UNAUTHENTICATED), as by the real server. */
  anonymous?: boolean;
  /** No admin account at all (implies anonymous): a store on its first run, for the first-admin setup. */
  withoutAdmin?: boolean;
}

/** Call inside a describe block; read `rt`, `app` and `admin` inside its tests (they exist once beforeAll has run). */
export function useTestApp(
  dialect: Dialect,
  config: Partial<Record<keyof Config, string>> = {},
  options: TestAppOptions = {},
): TestApp {
  let rt: TestRuntime | undefined;
  let app: FastifyInstance | undefined;
  let admin: AccountWithMemberships | undefined;
  let adminContext: RequestContext | undefined;
  beforeAll(async () => {
    rt = await createTestRuntime(dialect, config);
    const authenticate = identityAuthenticator(rt.identity);
    if (options.withoutAdmin) {
      app = await appFor(rt, { authenticate });
      return;
    }
    admin = await rt.identity.createUser(operator, {
      username: 'admin',
      displayName: 'Test Admin',
      password: testAdminPassword,
      memberships: [{ teamId: allTeams, role: 'admin' }],
    });
    const context = (adminContext = await rt.identity.contextOf(admin.id));
    app = await appFor(rt, {
      authenticate: options.anonymous
        ? authenticate
        : (request) => (carriesCredentials(request) ? authenticate(request) : Promise.resolve(context)),
    });
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
    get admin() {
      return made(admin);
    },
    get adminContext() {
      return made(adminContext);
    },
  };
}

/** A session signed in through the API: its cookie header and CSRF token, for inject() calls. */
export interface TestSession {
  cookie: string;
  csrfToken: string;
  /** Headers for a write: the cookie and the CSRF token. */
  writeHeaders: Record<string, string>;
}

/** Signs in over inject() and returns the session's cookie and CSRF token. */
export async function signIn(app: FastifyInstance, username: string, password: string): Promise<TestSession> {
  const res: LightMyRequestResponse = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const { csrfToken } = res.json<{ csrfToken: string }>();
  return { cookie, csrfToken, writeHeaders: { cookie, 'x-csrf-token': csrfToken } };
}

/** `Authorization: Bearer <token>` as an inject() headers object. */
export const bearer = (secret: string): Record<string, string> => ({ authorization: `Bearer ${secret}` });
