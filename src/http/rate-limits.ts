/**
 * Per-client rate limits (@fastify/rate-limit's counters, one window a minute) on what costs the server most: uploads
 * (a staging file, hashing, inspection, provenance) and the expensive reads — listing (filters such as the colour run
 * in SQL and storage), the enrichment view of an asset, and the preview, rendered on its first request. Uploads and
 * expensive reads are two budgets, each shared by its routes. The client is `request.ip`: the peer, or behind a
 * trusted proxy (PROVENA_TRUST_PROXY) the address it forwarded.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProvenaError } from '../domain/errors.ts';

/** Requests per client and minute: Config's settings of these names. */
export interface RateLimitSettings {
  rateLimitUploads: number;
  rateLimitExpensive: number;
  rateLimitShareLinks: number;
}
export type Cost = 'uploads' | 'expensive' | 'shareLinks';

/** The limited routes ("METHOD url" as registered) and the budget each request counts against. */
export const limitedRoutes: Readonly<Record<string, Cost>> = {
  'POST /api/v1/assets': 'uploads',
  'POST /api/v1/assets/:id/versions': 'uploads',
  'GET /api/v1/assets': 'expensive',
  'GET /api/v1/assets/:id/enrichments': 'expensive',
  'GET /api/v1/assets/:id/renditions/:role': 'expensive',
  'GET /api/v1/search': 'expensive',
  'POST /api/v1/search/rebuild': 'expensive',
  // A query image is received, decoded and embedded: an upload's cost.
  'POST /api/v1/search/by-image': 'uploads',
  // Public: anyone may try tokens and passwords, so every hit counts (a budget of its own).
  'GET /s/:token': 'shareLinks',
  'GET /s/:token/file': 'shareLinks',
  'GET /s/:token/file/:assetId': 'shareLinks',
};

const windowMs = 60_000;

/** What a request counts against, if anything. HEAD runs the GET handler, so it counts as one. */
export function costOf(request: FastifyRequest): Cost | undefined {
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const cost = limitedRoutes[`${method} ${request.routeOptions.url ?? ''}`];
  // Stored renditions are a file read; only the preview may have to be rendered.
  if (cost && request.routeOptions.url?.endsWith('/renditions/:role'))
    return (request.params as { role?: string }).role === 'preview' ? cost : undefined;
  return cost;
}

const what: Record<Cost, string> = {
  uploads: 'uploads',
  expensive: 'listings, searches, enrichment views and previews',
  shareLinks: 'share-link pages and downloads',
};
const setting: Record<Cost, string> = {
  uploads: 'PROVENA_RATE_LIMIT_UPLOADS',
  expensive: 'PROVENA_RATE_LIMIT_EXPENSIVE',
  shareLinks: 'PROVENA_RATE_LIMIT_SHARE_LINKS',
};

/** Counts every limited request and refuses one over its budget: 429 RATE_LIMITED with Retry-After. */
export async function registerRateLimits(app: FastifyInstance, settings: RateLimitSettings): Promise<void> {
  // global: false — the plugin adds no hook of its own; the hook below asks its counters.
  await app.register(rateLimit, { global: false });
  const limiters: Record<Cost, ReturnType<FastifyInstance['createRateLimit']>> = {
    uploads: app.createRateLimit({ max: settings.rateLimitUploads, timeWindow: windowMs }),
    expensive: app.createRateLimit({ max: settings.rateLimitExpensive, timeWindow: windowMs }),
    shareLinks: app.createRateLimit({ max: settings.rateLimitShareLinks, timeWindow: windowMs }),
  };
  app.addHook('onRequest', async (request, reply) => {
    const cost = costOf(request);
    if (!cost) return;
    const counted = await limiters[cost](request);
    if (counted.isAllowed || !counted.isExceeded) return;
    const retryAfterSeconds = Math.max(1, counted.ttlInSeconds);
    reply.header('retry-after', retryAfterSeconds);
    throw new ProvenaError(
      'RATE_LIMITED',
      `Too many ${what[cost]} from this client: at most ${counted.max} a minute (${setting[cost]}); retry in ${retryAfterSeconds} s.`,
      { limit: counted.max, windowSeconds: windowMs / 1000, retryAfterSeconds },
    );
  });
}
