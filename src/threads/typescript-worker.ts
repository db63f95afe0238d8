/**
 * Starts a worker thread on a TypeScript module. The project runs its sources through tsx without a build step
 * (docs/decisions/0002): a worker inherits the parent's loader when the process was started with it (`tsx …`,
 * bin/provena.js registers it in the main thread only), so the bootstrap tries the module as is and registers tsx in
 * the worker when Node cannot load `.ts` on its own. From the compiled tree (dist/, built by scripts/build.js) the
 * same call starts the compiled module beside this one. Also the error form both thread pools send across.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { ProvenaError, isProvenaError, type ErrorCode } from '../domain/errors.ts';

/** An error as it crosses a thread boundary: a ProvenaError keeps its code and details. */
export interface SerialisedError {
  code?: string;
  message: string;
  details?: Record<string, unknown>;
}

export const serialiseError = (error: unknown): SerialisedError =>
  isProvenaError(error)
    ? { code: error.code, message: error.message, details: error.details }
    : { message: error instanceof Error ? error.message : String(error) };

/** The thread-side error again, a ProvenaError when it was one. */
export const reviveError = (error: SerialisedError): Error =>
  error.code ? new ProvenaError(error.code as ErrorCode, error.message, error.details ?? {}) : new Error(error.message);

/** tsx's ESM registration API (its package exports give require() the CommonJS build, which cannot register). */
function tsxApiUrl(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    // Module runners without import.meta.resolve (the test runner's): the ESM build lies beside the CommonJS one.
    return pathToFileURL(
      createRequire(import.meta.url)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
  }
}

/** Callers name their worker module by its source (`./x.worker.ts`); compiled, this file and that one end in `.js`. */
const compiled = import.meta.url.endsWith('.js');
const runnable = (module: URL): URL => (compiled ? new URL(module.href.replace(/\.ts$/, '.js')) : module);

export function startTypeScriptWorker(source: URL, options: WorkerOptions = {}): Worker {
  const module = runnable(source);
  const tsxApi = tsxApiUrl();
  const bootstrap = `
const target = ${JSON.stringify(module.href)};
try {
  await import(target);
} catch (error) {
  if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  const { register } = await import(${JSON.stringify(tsxApi)});
  register();
  // A failed import stays cached under its URL: load the module under another one.
  await import(target + '?tsx');
}`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), options);
}
