/** The server process: HTTP API on the configured host and port, shut down cleanly on SIGINT/SIGTERM. */
import type { Config } from '../config/config.ts';
import type { FastifyInstance } from 'fastify';
import { ProvenaError } from '../domain/errors.ts';
import { buildApp, type HttpDeps } from '../http/app.ts';
import type { Worker } from '../jobs/worker.ts';
import { createJobRegistry } from './job-definitions.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { version } from './version.ts';
import { createWorker, embedsWorker, shutdownGraceMs } from './worker.ts';

/** The HTTP API over a runtime: every service mounted, the upload limit from its configuration (tests use it too). */
export function appFor(runtime: Runtime, options: Pick<HttpDeps, 'logger' | 'version'> = {}): Promise<FastifyInstance> {
  return buildApp({
    intake: runtime.intake,
    assets: runtime.assets,
    jobs: runtime.jobs,
    enrichments: runtime.enrichments,
    families: runtime.families,
    ready: () => runtime.store.ping(),
    maxUploadBytes: runtime.config.maxUploadBytes,
    ...options,
  });
}

export async function serve(config: Readonly<Config>): Promise<void> {
  const runtime = await createRuntime(config);
  let app: FastifyInstance | undefined;
  let worker: Worker | undefined;
  try {
    app = await appFor(runtime, { logger: { level: config.logLevel }, version });
    const log = app.log;
    // On the embedded database the server runs background jobs itself; at scale `provena worker` processes do.
    worker = embedsWorker(config, runtime.store.dialect)
      ? createWorker(runtime, createJobRegistry(runtime), (level, message) => log[level](message))
      : undefined;
    await app.listen({ host: config.host, port: config.port }).catch((error: unknown) => {
      throw listenError(error, config.host, config.port);
    });
  } catch (error) {
    // Nothing runs yet: what was opened is closed again, so that the command ends with the error instead of hanging.
    try {
      await app?.close();
    } finally {
      await runtime.close();
    }
    throw error;
  }
  const stop = async () => {
    await app.close();
    await worker?.stop({ graceMs: shutdownGraceMs });
    await runtime.close();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  worker?.start();
  app.log.info(
    `Provena ${version} on http://${config.host}:${config.port} (data in ${config.dataDir}, ${runtime.store.dialect}); API docs at /docs`,
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
