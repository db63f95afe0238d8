/** Regenerates docs/openapi.json from the route schemas (a test fails when the checked-in copy drifts). */
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../src/config/config.ts';
import { buildApp, type HttpDeps } from '../src/http/app.ts';

/** Every optional dependency of buildApp by name: a service added later must be listed here or this file fails to compile. */
type OptionalDeps = { [K in keyof HttpDeps as undefined extends HttpDeps[K] ? K : never]-?: unknown };

export async function renderOpenApi(): Promise<string> {
  // Only the route schemas matter for the document and no handler runs, so empty stand-ins serve as services; every
  // optional service is given so that every route is documented.
  const app = await buildApp({
    maxUploadBytes: 1,
    settings: loadConfig({}),
    uploads: { maxConcurrent: 1, retryAfterSeconds: 1 },
    ready: () => Promise.resolve(),
    jobs: {},
    enrichments: {},
    families: {},
    identity: {},
    oidc: {},
    policies: {},
    review: {},
    brands: {},
    brandChecks: {},
    collections: {},
    search: {},
    similarSearch: {},
    lifecycle: {},
    events: {},
    presets: {},
    exports: {},
    rights: {},
    shareLinks: {},
    dashboard: {},
    logger: false,
    version: undefined,
    // Its routes are hidden from the document.
    webApp: undefined,
  } satisfies OptionalDeps & Partial<Record<keyof HttpDeps, unknown>> as unknown as HttpDeps);
  await app.ready();
  const doc = JSON.stringify(app.swagger(), null, 2);
  await app.close();
  return `${doc}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../docs/openapi.json', import.meta.url), await renderOpenApi());
}
