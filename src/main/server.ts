/** The server process: HTTP API on the configured host and port, shut down cleanly on SIGINT/SIGTERM. */
import type { Config } from '../config/config.ts';
import type { FastifyInstance } from 'fastify';
import { buildApp, type HttpDeps } from '../http/app.ts';
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
  const app = await appFor(runtime, { logger: { level: config.logLevel }, version });
  // On the embedded database the server runs background jobs itself; at scale `provena worker` processes do.
  const worker = embedsWorker(config, runtime.store.dialect)
    ? createWorker(runtime, createJobRegistry(runtime), (level, message) => app.log[level](message))
    : undefined;
  const stop = async () => {
    await app.close();
    await worker?.stop({ graceMs: shutdownGraceMs });
    await runtime.close();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await app.listen({ host: config.host, port: config.port });
  worker?.start();
  app.log.info(
    `Provena ${version} on http://${config.host}:${config.port} (data in ${config.dataDir}, ${runtime.store.dialect}); API docs at /docs`,
  );
}
