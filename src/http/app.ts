/**
 * buildApp(deps): the HTTP API as a Fastify instance that is not listening yet — tests call inject(), the server
 * composition root calls listen(). Routes are thin: schema → service call with the request's context → presenter.
 */
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger, { type SwaggerTransformObject } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { ProvenaError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { AssetService } from '../services/asset.service.ts';
import type { IntakeService } from '../services/intake.service.ts';
import type { JobService } from '../services/job.service.ts';
import type { WorkflowService } from '../services/workflow.service.ts';
import { assetRoutes } from './assets/assets.routes.ts';
import { assetLifecycleRoutes, type AssetLifecycleRouteDeps } from './assets/asset-lifecycle.routes.ts';
import { eventRoutes } from './events/events.routes.ts';
import { searchRoutes } from './search/search.routes.ts';
import type { SearchService } from '../services/search.service.ts';
import type { SimilarSearch } from '../services/similar-search.ts';
import type { EventService } from '../services/event.service.ts';
import type { UploadLimits } from './assets/upload-slots.ts';
import { sendError } from './errors.ts';
import { healthRoutes } from './health/health.routes.ts';
import { jobRoutes } from './jobs/jobs.routes.ts';
import { enrichmentRoutes } from './enrichments/enrichments.routes.ts';
import { familyRoutes } from './families/families.routes.ts';
import { FamilyBody } from './families/families.schemas.ts';
import type { EnrichmentReader } from '../services/enrichment.service.ts';
import type { FamilyService } from '../services/family.service.ts';
import type { IdentityService } from '../services/identity.service.ts';
import { identityRoutes } from './auth/identity-api.ts';
import { registerWebApp, type WebAppDeps } from './web-app.ts';
import { oidcRoutes, type OidcRouteDeps } from './auth/oidc.routes.ts';
import type { PolicyService } from '../services/policy.service.ts';
import type { BrandCheckService } from '../services/brand-check.service.ts';
import type { BrandGuidelineService } from '../services/brand-guideline.service.ts';
import { policyRoutes } from './policies/policies.routes.ts';
import { presetRoutes } from './presets/presets.routes.ts';
import { exportRoutes } from './exports/exports.routes.ts';
import type { PresetService } from '../services/preset.service.ts';
import type { ExportService } from '../services/export.service.ts';
import { brandRoutes } from './brand/brand.routes.ts';
import { collectionRoutes, type CollectionRouteDeps } from './collections/collections.routes.ts';
import { reviewRoutes } from './review/review.routes.ts';
import { rightsRoutes } from './rights/rights.routes.ts';
import type { RightsService } from '../services/rights.service.ts';
import type { DeliveryGate } from '../domain/usage.ts';
import { shareLinkRoutes, type ShareLinkRouteDeps } from './share-links/share-links.routes.ts';
import { dashboardRoutes } from './dashboard/dashboard.routes.ts';
import type { DashboardService } from '../services/dashboard.service.ts';
import { roleRoutes } from './roles/roles.routes.ts';
import type { ReviewService } from '../services/review.service.ts';
import { JobBody } from './jobs/jobs.schemas.ts';
import { guardHostAndOrigin, type HostOriginSettings } from './host-origin.ts';
import { costOf, registerRateLimits, type RateLimitSettings } from './rate-limits.ts';
import { authenticateRequests, type Authenticate } from './request-context.ts';
import { guardUploadRate, serverTimeouts, type SlowClientSettings } from './slow-clients.ts';
import { AssetBody, ErrorBody } from './schemas.ts';

export interface HttpDeps {
  /** Who is asking, for every route but the public ones (request-context.ts); its answer is `request.context`. */
  authenticate: Authenticate;
  intake: IntakeService;
  assets: AssetService;
  /** Status changes of assets (/api/v1/assets/:id/transitions). */
  workflow: WorkflowService;
  /** The job queue API (/api/v1/jobs) is mounted when given. */
  jobs?: JobService;
  /** Enrichment results and renditions (/api/v1/assets/:id/enrichments, /renditions/:role) when given. */
  enrichments?: EnrichmentReader;
  /** Variant families (/api/v1/families) when given. */
  families?: FamilyService;
  /** Sign-in, users, teams and API tokens (/api/v1/auth, /users, /teams, /tokens) when given. */
  identity?: IdentityService;
  /** Single sign-on (/api/v1/auth/oidc) when an OpenID Connect provider is configured. */
  oidc?: OidcRouteDeps;
  /** The risk policy (/api/v1/policies/risk) when given. */
  policies?: PolicyService;
  /** Review queues, claims, sign-offs, comments, family review (/api/v1/review, /assets/:id/review…) when given. */
  review?: ReviewService;
  /** Brands, guideline versions, logos and brand checks (/api/v1/brands, /assets/:id/brand-check) when given. */
  brands?: BrandGuidelineService;
  brandChecks?: BrandCheckService;
  /** Collections and saved searches (/api/v1/collections, /api/v1/saved-searches) when given. */
  collections?: CollectionRouteDeps;
  /** Search with the query language (/api/v1/search) when given. */
  search?: SearchService;
  /** Search by an uploaded image (/api/v1/search/by-image) when given with search. */
  similarSearch?: SimilarSearch;
  /** New versions, revert, PATCH, soft delete and restore of assets when given. */
  lifecycle?: Pick<AssetLifecycleRouteDeps, 'edits' | 'lifecycle'>;
  /** The events outbox (/api/v1/events) when given. */
  events?: EventService;
  /** Channel rendition presets (/api/v1/presets) when given. */
  presets?: PresetService;
  /** Exports with provenance (/api/v1/assets/:id/export, /jsonld, /api/v1/exports) when given. */
  exports?: ExportService;
  /** The usage check every route that answers file bytes asks first (http/delivery.ts): never optional. */
  delivery: DeliveryGate;
  /** Rights records, usage checks and channels (/api/v1/assets/:id/rights, /usage-checks, /channels) when given. */
  rights?: RightsService;
  /** Share links (/api/v1/share-links) and their public side (/s/:token) when given. */
  shareLinks?: ShareLinkRouteDeps;
  /** The dashboard's figures (/api/v1/dashboard) when given. */
  dashboard?: DashboardService;
  ready: () => Promise<void>;
  maxUploadBytes: number;
  /** Slow clients, rate limits, hosts and origins, the trusted proxy: the server passes its Config. */
  settings: HttpSettings;
  /** Uploads received at once, and the Retry-After of one refused beyond that. */
  uploads: UploadLimits;
  /** The web app at / (web-app.ts); absent: the API alone. */
  webApp?: WebAppDeps;
  logger?: boolean | { level: string };
  version?: string;
}

/** Which peers' X-Forwarded-* headers to believe: none, all, that many hops, or these addresses and CIDRs. */
export type TrustProxy = boolean | number | readonly string[];
/** What buildApp reads of the configuration (Config's settings of these names). */
export type HttpSettings = SlowClientSettings & RateLimitSettings & HostOriginSettings & { trustProxy: TrustProxy };

export async function buildApp(deps: HttpDeps): Promise<FastifyInstance> {
  const { settings } = deps;
  const app = Fastify({
    logger: deps.logger ?? false,
    genReqId: () => newId(),
    bodyLimit: 1024 * 1024,
    ...serverTimeouts(settings),
    // request.ip (what rate limits count by), request.host and request.protocol come from X-Forwarded-* only when
    // the peer is a proxy the operator named.
    trustProxy: fastifyTrustProxy(settings.trustProxy),
    // Unknown fields are errors, not silently dropped; every problem is reported at once.
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendError(
      new ProvenaError('NOT_FOUND', `There is no route ${request.method} ${request.url.split('?')[0]}.`),
      request,
      reply,
    ),
  );
  // Before anything reads the request: first who may talk to us, then how much, then how slowly.
  guardHostAndOrigin(app, settings);
  await registerRateLimits(app, settings);
  guardUploadRate(app, settings, (request) => costOf(request) === 'uploads');
  // Cookies are parsed in an onRequest hook too, which must run before the authenticator reads the session cookie.
  await app.register(cookie);
  // Then who is asking: before any route reads its body.
  authenticateRequests(app, deps.authenticate);
  // An empty JSON body carries no fields (curl -X POST -H 'content-type: application/json' sends one); Fastify's own
  // parser refuses it. Anything else is parsed by that parser, with its prototype-poisoning checks.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  // No route reads text: a text body is refused as an unsupported content type (415) rather than validated as a
  // string ("body: must be object").
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).trim() === '') done(null, undefined);
    // Fastify's parser answers through done.
    else void parseJson(request, body as string, done);
  });
  // A missing body is an empty one: a route whose body fields are all optional works without it, and one with
  // required fields names them (rather than "body: must be object").
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.body === undefined && request.routeOptions.schema?.body) request.body = {};
    done();
  });

  app.addSchema(ErrorBody);
  app.addSchema(AssetBody);
  app.addSchema(JobBody);
  app.addSchema(FamilyBody);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Provena API',
        version: deps.version ?? '0.1.0',
        description:
          'Digital asset management for generative-AI content. Errors: `{ error: { code, message, details, requestId } }`.',
      },
      tags: [
        { name: 'assets', description: 'Intake, reading and download of assets' },
        {
          name: 'enrichment',
          description: 'Renditions, palette, tags, hashes, embeddings and near-duplicates of an asset',
        },
        { name: 'families', description: 'Variant families: suggestions, confirm, split, merge, canonical, deprecate' },
        { name: 'events', description: 'The events outbox: every transition and lifecycle change, in commit order' },
        { name: 'jobs', description: 'The durable job queue: depth, failures, retry and cancel' },
        { name: 'health', description: 'Liveness and readiness' },
        { name: 'auth', description: 'First-admin setup, sign-in with a session cookie, sign-out, who am I' },
        { name: 'users', description: 'Accounts, roles per team, passwords and sessions' },
        { name: 'teams', description: 'Teams and their members' },
        {
          name: 'dashboard',
          description: 'The library’s figures over your teams: growth, AI share, approvals, brand, rights',
        },
        {
          name: 'review',
          description: 'Review queues and counts, claims, sign-offs per version, comments, family review',
        },
        { name: 'tokens', description: 'API tokens: scoped, expiring, revocable; the secret is shown once' },
        {
          name: 'policies',
          description: 'The risk policy that gives assets their review tier: versions, edits, previews',
        },
        { name: 'presets', description: "The organisation's channel rendition presets: size, crop, format, metadata" },
        {
          name: 'exports',
          description: 'Exports carrying their provenance (XMP/IPTC, C2PA, JSON-LD): one file, or many as a zip stream',
        },
        {
          name: 'rights',
          description: 'Rights records, the usage check that gates every delivery, and the organisation’s channels',
        },
        {
          name: 'share-links',
          description:
            'Share links: expiring, revocable public URLs to an asset or a collection, checked for use at every hit',
        },
      ],
    },
    transformObject: (document) =>
      'openapiObject' in document ? optionalBodies(document.openapiObject) : document.swaggerObject,
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(multipart, {
    // preservePath: we see the name exactly as sent and refuse path parts with INVALID_FILE_NAME rather than guess.
    preservePath: true,
    limits: { files: 1, fileSize: deps.maxUploadBytes, fields: 30, fieldSize: 256 * 1024, parts: 32, headerPairs: 100 },
  });

  await app.register(healthRoutes({ ready: deps.ready }));
  await app.register(assetRoutes(deps));
  if (deps.lifecycle)
    await app.register(assetLifecycleRoutes({ ...deps.lifecycle, intake: deps.intake, uploads: deps.uploads }));
  if (deps.events) await app.register(eventRoutes({ events: deps.events }));
  if (deps.jobs) await app.register(jobRoutes({ jobs: deps.jobs }));
  if (deps.enrichments)
    await app.register(enrichmentRoutes({ enrichments: deps.enrichments, delivery: deps.delivery }));
  if (deps.families) await app.register(familyRoutes({ families: deps.families }));
  if (deps.identity)
    await app.register(identityRoutes({ identity: deps.identity, singleSignOn: deps.oidc !== undefined }));
  if (deps.identity) await app.register(roleRoutes());
  if (deps.oidc) await app.register(oidcRoutes(deps.oidc));
  if (deps.policies) await app.register(policyRoutes({ policies: deps.policies }));
  if (deps.review) await app.register(reviewRoutes({ review: deps.review }));
  if (deps.brands && deps.brandChecks)
    await app.register(brandRoutes({ brands: deps.brands, brandChecks: deps.brandChecks }));
  if (deps.collections) await app.register(collectionRoutes(deps.collections));
  if (deps.presets) await app.register(presetRoutes({ presets: deps.presets }));
  if (deps.exports) await app.register(exportRoutes({ exports: deps.exports }));
  if (deps.rights) await app.register(rightsRoutes({ rights: deps.rights }));
  if (deps.shareLinks) await app.register(shareLinkRoutes(deps.shareLinks));
  if (deps.dashboard) await app.register(dashboardRoutes({ dashboard: deps.dashboard }));
  if (deps.search)
    await app.register(
      searchRoutes({
        search: deps.search,
        ...(deps.similarSearch ? { similar: deps.similarSearch, uploads: deps.uploads } : {}),
      }),
    );
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  if (deps.webApp) await registerWebApp(app, deps.webApp);
  return app;
}

/** Fastify's trustProxy: a hop count as the function Fastify itself makes of one (its types do not list numbers). */
function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return typeof trust === 'boolean' ? trust : [...trust];
}

type OpenApiDocument = Extract<Parameters<SwaggerTransformObject>[0], { openapiObject: unknown }>['openapiObject'];
interface MediaSchema {
  $ref?: string;
  required?: unknown[];
}

/**
 * The swagger plugin marks every request body required; one whose schema requires no field may be left out (the
 * preValidation hook above reads it as {}). A referenced schema is left as required: it is not looked into.
 */
function optionalBodies(document: OpenApiDocument): OpenApiDocument {
  for (const path of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(path ?? {})) {
      const body = (
        operation as { requestBody?: { required?: boolean; content?: Record<string, { schema?: MediaSchema }> } }
      ).requestBody;
      if (!body?.content) continue;
      const needsFields = Object.values(body.content).some(
        ({ schema }) => schema === undefined || schema.$ref !== undefined || (schema.required?.length ?? 0) > 0,
      );
      if (!needsFields) body.required = false;
    }
  }
  return document;
}
