/** The server process: HTTP API on the configured host and port, shut down cleanly on SIGINT/SIGTERM. */
import { isIPv4 } from 'node:net';
import { constants } from 'node:os';
import type { Config } from '../config/config.ts';
import type { FastifyInstance } from 'fastify';
import { exitCodeFor } from '../cli/output.ts';
import { ProvenaError } from '../domain/errors.ts';
import { systemContext } from '../domain/access.ts';
import { buildApp, type HttpDeps } from '../http/app.ts';
import { identityAuthenticator } from '../http/auth/authenticate.ts';
import type { Worker } from '../jobs/worker.ts';
import { createJobRegistry } from './job-definitions.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { version } from './version.ts';
import { createWorker, embedsWorker, shutdownGraceMs } from './worker.ts';

/**
 * The HTTP API over a runtime: every service mounted, the upload limit from its configuration, requests authenticated
 * by API token or session cookie (http/auth/authenticate.ts). Tests use it too, some with another authenticator.
 */
export function appFor(
  runtime: Runtime,
  options: Partial<Pick<HttpDeps, 'logger' | 'version' | 'authenticate'>> = {},
): Promise<FastifyInstance> {
  return buildApp({
    authenticate: identityAuthenticator(runtime.identity),
    identity: runtime.identity,
    ...(runtime.singleSignOn ? { oidc: runtime.singleSignOn } : {}),
    intake: runtime.intake,
    assets: runtime.assets,
    workflow: runtime.workflow,
    lifecycle: { edits: runtime.edits, lifecycle: runtime.lifecycle },
    events: runtime.events,
    jobs: runtime.jobs,
    enrichments: runtime.enrichments,
    families: runtime.families,
    policies: runtime.policies,
    presets: runtime.presets,
    exports: runtime.exports,
    review: runtime.review,
    brands: runtime.brands,
    brandChecks: runtime.brandChecks,
    collections: { collections: runtime.collections, savedSearches: runtime.savedSearches },
    shareLinks: { shareLinks: runtime.shareLinks },
    delivery: runtime.rights,
    rights: runtime.rights,
    search: runtime.search,
    dashboard: runtime.dashboard,
    similarSearch: runtime.similarSearch,
    webApp: { directory: runtime.config.webAppDir },
    ready: () => runtime.store.ping(),
    maxUploadBytes: runtime.config.maxUploadBytes,
    settings: runtime.config,
    uploads: {
      maxConcurrent: runtime.config.maxConcurrentUploads,
      retryAfterSeconds: runtime.config.uploadRetryAfterSeconds,
    },
    ...options,
  });
}

/** How long requests in flight at shutdown may take to finish before their connections are closed. */
export const requestGraceMs = 10_000;
/** How long a stopped server may take to end by itself before it is ended (a handle a failed close left open). */
const exitGraceMs = 5_000;

export interface RunningServer {
  readonly url: string;
  /**
   * Stops taking requests, lets requests in flight and running jobs finish within their grace periods, then closes
   * the runtime. Every part is closed even when another fails; the failure is then the rejection.
   */
  stop(): Promise<void>;
}

/** `provena serve`: listens until SIGINT or SIGTERM; a second signal during shutdown exits at once. */
export async function serve(config: Readonly<Config>): Promise<void> {
  await startServer(config);
}

/**
 * The server of `provena serve`, listening, with its signal handling; stop() does what a signal does. On a store
 * without an admin it prints to `console` how to create the first one (firstRunMessage).
 */
export async function startServer(
  config: Readonly<Config>,
  console: NodeJS.WritableStream = process.stderr,
): Promise<RunningServer> {
  const runtime = await createRuntime(config);
  const { app, worker } = await listening(runtime).catch(async (error: unknown) => {
    // Nothing runs yet: the runtime is closed again, so that the command ends with the error instead of hanging.
    await runtime.close();
    throw error;
  });
  const { log } = app;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= shutDown());
  // The first-run check below still reads the database after the signal handlers are in place: a signal in that
  // moment waits for it, or closing the database would fail its query (and `provena serve` would exit with 70).
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  async function shutDown(): Promise<void> {
    await started;
    const closed = await Promise.allSettled([closeHttp(app), worker?.stop({ graceMs: shutdownGraceMs })]);
    // The runtime goes last: requests and jobs finishing in their grace period still use it.
    closed.push(...(await Promise.allSettled([runtime.close()])));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const failures = closed.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, 'Stopping the server failed in several places.');
  }

  function onSignal(signal: NodeJS.Signals): void {
    if (stopping) {
      // Whoever sends a second signal does not want to wait for the grace periods.
      log.warn(`second ${signal} during shutdown: exiting now`);
      process.exit(128 + constants.signals[signal]);
    }
    log.info(
      `${signal}: stopping; requests in flight have ${requestGraceMs / 1000} s to finish${worker ? `, running jobs ${shutdownGraceMs / 1000} s` : ''}`,
    );
    stop()
      .then(
        () => log.info('stopped'),
        (error: unknown) => {
          log.error({ err: error }, `stopping failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exitCode = exitCodeFor(error);
        },
      )
      .finally(() => {
        // Everything is closed, so the process ends by itself; should a failed close have left a handle open, it
        // ends anyway (unref: this timer alone keeps nothing alive).
        setTimeout(() => {
          log.warn(`still running after stopping (${process.getActiveResourcesInfo().join(', ')}): exiting`);
          process.exit();
        }, exitGraceMs).unref();
      });
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  worker?.start();
  const url = `http://${config.host}:${config.port}`;
  try {
    await announce();
  } catch (error) {
    // A start failing at its last step leaves nothing running: the command ends with the error.
    markStarted();
    await stop().catch(() => undefined);
    throw error;
  }
  markStarted();
  return { url, stop };

  async function announce(): Promise<void> {
    log.info(`Provena ${version} on ${url} (data in ${config.dataDir}, ${runtime.store.dialect}); API docs at /docs`);
    const exposed = exposureWarning(config);
    if (exposed) log.warn(exposed);
    if (await runtime.identity.needsFirstAdmin()) {
      // Nothing is open meanwhile: every API route but sign-in and setup answers 401 until an admin exists.
      const setup = await runtime.identity.createSetupToken(systemContext('first-run'));
      log.warn('no admin account yet: every request is refused until one exists (instructions on stderr)');
      console.write(firstRunMessage(config, setup));
    }
  }
}

/**
 * What `provena serve` prints on a store without an admin: the command for whoever is on this machine, and for
 * whoever is not, a one-time setup token with the request that uses it.
 */
export function firstRunMessage(
  config: Pick<Config, 'host' | 'port'>,
  setup: { token: string; expiresAt: string },
): string {
  // A server listening on every interface is reached from this machine through loopback.
  const host =
    config.host === '0.0.0.0'
      ? '127.0.0.1'
      : config.host === '::'
        ? '[::1]'
        : config.host.includes(':') && !config.host.startsWith('[')
          ? `[${config.host}]`
          : config.host;
  const body = JSON.stringify({ setupToken: setup.token, username: 'admin', password: '<at least 12 characters>' });
  return [
    '',
    'Provena has no admin account yet, and nothing is open until it has one. Create the first admin:',
    '',
    '  on this machine (asks for the password):',
    '    provena users create-admin <username>',
    '',
    `  in a browser at http://${host}:${config.port}/setup with the token ${setup.token}`,
    '',
    `  or over the API, with this one-time setup token (valid until ${setup.expiresAt}):`,
    `    curl -X POST http://${host}:${config.port}/api/v1/auth/setup -H 'content-type: application/json' \\`,
    `      -d '${body}'`,
    '',
    'Then sign in (POST /api/v1/auth/login) and create users, teams and API tokens.',
    '',
    '',
  ].join('\n');
}

/** The API listening on the configured address, and the in-process worker if this server runs one (not started). */
async function listening(runtime: Runtime): Promise<{ app: FastifyInstance; worker: Worker | undefined }> {
  const { config } = runtime;
  // A bad C2PA trust list (or a broken engine) stops the start here, not at the first upload; so do unreadable or
  // mismatched signing credentials, not at the first export.
  await Promise.all([runtime.loadIntake(), runtime.loadExporter()]);
  const app = await appFor(runtime, { logger: { level: config.logLevel }, version });
  try {
    // On the embedded database the server runs background jobs itself; at scale `provena worker` processes do.
    const worker = embedsWorker(config, runtime.store.dialect)
      ? createWorker(runtime, createJobRegistry(runtime), (level, message) => app.log[level](message))
      : undefined;
    await app.listen({ host: config.host, port: config.port }).catch((error: unknown) => {
      throw listenError(error, config.host, config.port);
    });
    return { app, worker };
  } catch (error) {
    await app.close();
    throw error;
  }
}

/** Closes the HTTP server: requests in flight may finish, but a client that never does (a stalled upload) is cut off. */
async function closeHttp(app: FastifyInstance): Promise<void> {
  const cutOff = setTimeout(() => {
    app.log.warn(`requests still in flight after ${requestGraceMs / 1000} s: closing their connections`);
    app.server.closeAllConnections();
  }, requestGraceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(cutOff);
  }
}

/**
 * The warning for a server other machines can reach with nothing in front of it: the server speaks plain HTTP, so
 * uploads and downloads cross the network in clear, and without a trusted proxy every client is its peer's address
 * (rate limits, X-Forwarded-* ignored). A loopback address, or a configured trusted proxy (which is taken to terminate
 * TLS), needs no warning.
 */
export function exposureWarning(config: Pick<Config, 'host' | 'port' | 'trustProxy'>): string | undefined {
  const host = config.host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const loopback = host === 'localhost' || host === '::1' || (isIPv4(host) && host.startsWith('127.'));
  if (loopback || config.trustProxy !== false) return undefined;
  return (
    `Listening on ${config.host}:${config.port}, reachable from other machines, without TLS and without a trusted proxy: ` +
    'requests and files cross the network unencrypted. Put a TLS-terminating reverse proxy in front and set ' +
    'PROVENA_TRUST_PROXY to its address (so that rate limits see the real clients), or set PROVENA_HOST=127.0.0.1.'
  );
}

/**
 * A listen failure the user fixes with a setting (a port in use or privileged, a host that is not this machine's)
 * becomes PORT_UNAVAILABLE naming the address and the setting; anything else is passed on as it is.
 */
export function listenError(error: unknown, host: string, port: number): unknown {
  const address = `${host}:${port}`;
  const portSetting = 'change PROVENA_PORT or --port';
  const reasons: Record<string, [reason: string, message: string]> = {
    EADDRINUSE: ['in-use', `port ${port} is in use by another process (another Provena?): stop it, or ${portSetting}`],
    EACCES: [
      'permission-denied',
      port < 1024
        ? `permission denied: ports below 1024 need root or CAP_NET_BIND_SERVICE; use a port of 1024 or above (${portSetting})`
        : `permission denied by the system; ${portSetting}`,
    ],
    EADDRNOTAVAIL: [
      'address-not-available',
      `${host} is not an address of this machine: change PROVENA_HOST or --host (127.0.0.1 for this machine only, 0.0.0.0 for every interface)`,
    ],
  };
  const known = reasons[(error as NodeJS.ErrnoException | undefined)?.code ?? ''];
  if (!known) return error;
  const [reason, message] = known;
  return new ProvenaError(
    'PORT_UNAVAILABLE',
    `Cannot listen on ${address}: ${message}.`,
    { host, port, reason },
    {
      cause: error,
    },
  );
}
