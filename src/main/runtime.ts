/**
 * The composition root shared by every process role (server, CLI, worker): the only place that chooses concrete
 * implementations and wires them into the services.
 */
import { join } from 'node:path';
import { loadAuditKey } from '../audit/audit-key-file.ts';
import { CheckpointAnchor, checkpointFileName } from '../audit/checkpoint-anchor.ts';
import { LocalBlobStore } from '../blobs/local-blob-store.ts';
import type { Config } from '../config/config.ts';
import { systemContext, type RequestContext } from '../domain/access.ts';
import type { PeopleAndObjectDetector, TextRecogniser } from '../domain/image-content.ts';
import type { MediaInspector } from '../domain/ports.ts';
import type { ProvenanceExtractor } from '../domain/provenance.ts';
import type { ProvenanceExporter } from '../domain/export.ts';
import { AssetService } from '../services/asset.service.ts';
import { AssetEditService } from '../services/asset-edit.service.ts';
import { AssetLifecycleService } from '../services/asset-lifecycle.service.ts';
import { EventService } from '../services/event.service.ts';
import { IntakeService, type IntakeDeps } from '../services/intake.service.ts';
import { JobService } from '../services/job.service.ts';
import { MaintenanceService } from '../services/maintenance.service.ts';
import type { createVisionModels } from '../enrich/embeddings/index.ts';
import {
  EnrichmentReader,
  EnrichmentService,
  scheduleEnrichment,
  type EnrichmentQueue,
} from '../services/enrichment.service.ts';
import { FamilyService } from '../services/family.service.ts';
import { IdentityService } from '../services/identity.service.ts';
import { PolicyService } from '../services/policy.service.ts';
import { tierDerivationOnEdit } from '../services/risk-tier.ts';
import { ReviewService } from '../services/review.service.ts';
import { rederiveTiersQueue } from '../jobs/risk-policy.jobs.ts';
import { brandCheckQueue, brandRecheckQueue } from '../jobs/brand.jobs.ts';
import { BrandCheckService } from '../services/brand-check.service.ts';
import { BrandGuidelineService } from '../services/brand-guideline.service.ts';
import type { BrandPictures } from '../services/brand-service-types.ts';
import { BrandGate } from '../services/brand-gate.ts';
import type { LogoMatcher } from '../domain/image-content.ts';
import { purgeDeletedQueue } from '../jobs/asset-lifecycle.jobs.ts';
import { argon2Hasher } from '../auth/argon2-hasher.ts';
import { WorkflowService } from '../services/workflow.service.ts';
import { CollectionService } from '../services/collection.service.ts';
import { RightsService } from '../services/rights.service.ts';
import type { ExportService } from '../services/export.service.ts';
import type { PresetService } from '../services/preset.service.ts';
import { createExportServices } from './export-services.ts';
import { SavedSearchService } from '../services/saved-search.service.ts';
import { ShareLinkService } from '../services/share-link.service.ts';
import { SharedOriginals } from '../services/shared-originals.ts';
import { SharedRenditions } from '../services/shared-renditions.ts';
import { SearchService } from '../services/search.service.ts';
import { DashboardService } from '../services/dashboard.service.ts';
import { SqlDashboardRepository } from '../storage/dashboard.repository.ts';
import { translatingErrors } from '../storage/db-errors.ts';
import { SimilarSearch } from '../services/similar-search.ts';
import type { DisposableQueryEmbedder } from '../enrich/embeddings/query-embedder.ts';
import { singleSignOnFor, type SingleSignOn } from './oidc.ts';
import { createProvenanceExporter, deferredProvenanceExporter } from './exporter.ts';
import { openStore, type SqlStore } from '../storage/store.ts';

export interface Runtime {
  config: Readonly<Config>;
  store: SqlStore;
  blobs: LocalBlobStore;
  intake: IntakeService;
  assets: AssetService;
  maintenance: MaintenanceService;
  jobs: JobService;
  families: FamilyService;
  /** Every status change of an asset (publish, archive, quarantine…). */
  workflow: WorkflowService;
  /** Accounts, teams, memberships, sign-in, sessions and API tokens. */
  identity: IdentityService;
  /** Single sign-on through the configured OpenID Connect provider; absent without an issuer. */
  singleSignOn?: SingleSignOn;
  /** Editing an asset's fields and user tags, with quarantine repair. */
  edits: AssetEditService;
  /** Soft delete, restore and purge of assets. */
  lifecycle: AssetLifecycleService;
  /** The events outbox, read after a seq. */
  events: EventService;
  /** The risk policy: its versions, edits (re-deriving tiers) and previews. */
  policies: PolicyService;
  /** Brands, their guideline versions and logos. */
  brands: BrandGuidelineService;
  /** The brand check: an asset's checks, checking now, the workflow's check and the re-check of a new guideline. */
  brandChecks: BrandCheckService;
  /** Review queues, claims, sign-offs and comments. */
  review: ReviewService;
  /** Collections: named, ordered sets of assets kept in a team. */
  collections: CollectionService;
  /** Rights records, the channel list, the usage check and the DeliveryGate of every delivery path. */
  rights: RightsService;
  /** Saved searches: named query texts kept in a team. */
  savedSearches: SavedSearchService;
  /** Share links: expiring, revocable public URLs to an asset or collection, checked by the gate at every hit. */
  shareLinks: ShareLinkService;
  /** Search: the query language over the index, in the caller's teams (docs/search.md). */
  search: SearchService;
  /** The dashboard's figures over the caller's teams. */
  dashboard: DashboardService;
  /** Search by a query image, "more like this" and hybrid ranking (search uses it too; docs/search.md). */
  similarSearch: SimilarSearch;
  /** What enrichment stored (no model needed). */
  enrichments: EnrichmentReader;
  /** Makes export files with their provenance (XMP, C2PA signed with the configured credentials, JSON-LD). */
  provenanceExporter: ProvenanceExporter;
  /** The organisation's channel rendition presets. */
  presets: PresetService;
  /** Exports with provenance: one file, its JSON-LD, many as a zip stream; the rendition cache. */
  exports: ExportService;
  /** Loads the exporter and checks the signing credentials: the server calls it at start (CONFIG_INVALID stops it). */
  loadExporter(): Promise<void>;
  /**
   * The enrichment service, built on first use: loads and checks the configured models (a missing or corrupt model
   * fails here, before any job) and fills the similarity index from the database.
   */
  openEnrichment(): Promise<EnrichmentService>;
  /** Queues enrichment jobs for every asset matching the filter (backfill priority). */
  scheduleEnrichment(
    ctx: RequestContext,
    ...args: Parameters<typeof scheduleEnrichment> extends [unknown, unknown, ...infer R] ? R : never
  ): ReturnType<typeof scheduleEnrichment>;
  /**
   * Loads what intake needs (provenance engine with the operator's trust list, media inspector, the enrichment job
   * it queues). Intake loads them on first use anyway; the server and bulk ingest call this at start so that a bad
   * trust list stops them before the first file.
   */
  loadIntake(): Promise<void>;
  close(): Promise<void>;
}

/** Hooks only tests pass (test/hostile/intake-crash-child.ts kills intake at each of its steps). */
export interface TestSeams {
  intakeCheckpoint?: IntakeDeps['checkpoint'];
}

/**
 * The OCR and the face and object detector the configuration turns on, their models not loaded yet: each loads on
 * its first picture (tesseract's worker, the vision thread), so that a process that never enriches an image with them
 * never pays for them. One detector serves faces and objects (one detection per picture).
 */
async function imageContentDetectors(config: Readonly<Config>): Promise<{
  textRecogniser?: TextRecogniser;
  faceDetector?: PeopleAndObjectDetector;
  objectDetector?: PeopleAndObjectDetector;
}> {
  const [ocr, vision] = await Promise.all([
    config.ocr ? import('../enrich/ocr/index.ts') : undefined,
    config.faces || config.objects ? import('../enrich/vision/index.ts') : undefined,
  ]);
  const detector = vision ? new vision.PeopleAndObjectThread(vision.defaultDetectionSettings) : undefined;
  return {
    ...(ocr ? { textRecogniser: ocr.createTextRecogniser() } : {}),
    ...(detector && config.faces ? { faceDetector: detector } : {}),
    ...(detector && config.objects ? { objectDetector: detector } : {}),
  };
}

/** A value made on first use and kept; a failure is not kept, so the next call tries again. */
function onFirstUse<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    }));
}

/**
 * Opens the database and the blob store; everything else — the provenance engine, the media inspector, the job
 * definitions, the enrichment models — loads on first use, so that a CLI command pays only for what it uses.
 */
export async function createRuntime(config: Readonly<Config>, seams: TestSeams = {}): Promise<Runtime> {
  // First, as it reads the client secret file: a bad one stops the start before anything is opened.
  const singleSignOn = singleSignOnFor(config);
  const provenanceEngine = onFirstUse(async () => (await import('./provenance.ts')).createProvenanceExtractor(config));
  const mediaInspector = onFirstUse(
    async () => new (await import('../media/media-inspector.ts')).FileMediaInspector({ maxPixels: config.maxPixels }),
  );
  const enrichmentJobs = onFirstUse(() => import('../jobs/enrichment.jobs.ts'));
  const provenanceExporter = onFirstUse(() => createProvenanceExporter(config));
  // The job's type (its name, schema and dedupe key) loads with the first enqueue.
  const enrichmentQueue: EnrichmentQueue = {
    enqueue: async (...args) => (await enrichmentJobs()).enrichmentQueue.enqueue(...args),
  };
  const provenance: ProvenanceExtractor = {
    extract: async (...args) => (await provenanceEngine()).extract(...args),
  };
  const media: MediaInspector = { inspect: async (...args) => (await mediaInspector()).inspect(...args) };
  const warnAudit = (message: string) => process.stderr.write(`provena: warning: ${message}\n`);
  // The audit key lives outside the database, the anchor writes a checkpoint after each commit that audited something
  // (decision 0012).
  const auditKey = await loadAuditKey(
    config.auditKeyFile !== undefined
      ? { file: config.auditKeyFile, create: false }
      : { file: join(config.dataDir, 'audit.key'), create: true },
  );
  const auditAnchor = new CheckpointAnchor({
    file: join(config.dataDir, checkpointFileName),
    ...(config.auditAnchor !== undefined ? { external: config.auditAnchor } : {}),
    key: auditKey,
    warn: warnAudit,
  });
  const store = await openStore({
    ...(config.databaseUrl ? { url: config.databaseUrl } : {}),
    sqlitePath: join(config.dataDir, 'provena.db'),
    auditKey,
    onAuditCommitted: () => auditAnchor.committed(),
  });
  auditAnchor.attach(store.audit);
  await auditAnchor.start().catch((error: unknown) => warnAudit(`audit checkpoint not written: ${String(error)}`));
  const blobs = await new LocalBlobStore(join(config.dataDir, 'blobs')).init();
  const workflow = new WorkflowService({ store, enrichment: enrichmentQueue });
  const families = new FamilyService({ store, workflow });
  // The one DeliveryGate: every path that hands out bytes (original, renditions, share links, exports) asks it.
  const rights = new RightsService({ store, tiers: tierDerivationOnEdit });
  // The local blob store keeps each blob as a file: decoders and ffmpeg read it in place.
  const localFile = (sha256: string) =>
    Promise.resolve({ path: blobs.pathOf(sha256), release: () => Promise.resolve() });
  // The logo matcher (OpenCV in its own thread) starts with the first check that has a logo rule.
  let logoMatcher: LogoMatcher | undefined;
  const openLogoMatcher = onFirstUse(async () => {
    const matcher = (await import('../enrich/logo/index.ts')).createLogoMatcher();
    await matcher.start();
    return (logoMatcher = matcher);
  });
  const brandPictures: BrandPictures = {
    picture: async (sha256) => (await import('../enrich/logo/index.ts')).detailImageFromFile(blobs.pathOf(sha256)),
    reference: async (bytes) => (await import('../enrich/logo/index.ts')).referenceImageFromBytes(bytes),
    matcher: openLogoMatcher,
  };
  const brands = new BrandGuidelineService({ store, blobs, recheck: brandRecheckQueue, pictures: brandPictures });
  const brandChecks = new BrandCheckService({ store, blobs, workflow, pictures: brandPictures });
  let vision: Awaited<ReturnType<typeof createVisionModels>> | undefined;
  let pipeline: { dispose?(): Promise<void> } | undefined;
  const openEnrichment = onFirstUse(async (): Promise<EnrichmentService> => {
    // Loaded on first use: the models and enrichers cost about a second and 100 MB that intake, the CLI and the
    // API never need.
    const [{ createVisionModels }, { createEnrichers, MihSimilarityIndex }, detectors] = await Promise.all([
      import('../enrich/embeddings/index.ts'),
      import('../enrich/pipeline/enrichers.ts'),
      imageContentDetectors(config),
    ]);
    vision = await createVisionModels({
      embedder: config.embedder,
      moderation: config.moderation,
      ...(config.clipModelDir ? { clipModelDir: config.clipModelDir } : {}),
      ...(config.mobilenetModelDir ? { mobilenetModelDir: config.mobilenetModelDir } : {}),
    });
    const enrichers = await createEnrichers({
      maxPixels: config.maxPixels,
      // Whoever opens enrichment is about to enrich: the pixel threads are ready before the first image, not started by it.
      startThreads: true,
      ...(vision.embedder ? { embedder: vision.embedder } : {}),
      taggers: vision.taggers,
      ...detectors,
    });
    pipeline = enrichers;
    const service = new EnrichmentService({
      store,
      blobs,
      enrichers,
      index: new MihSimilarityIndex(),
      localFile,
      variants: families,
      workflow,
      brandGate: new BrandGate({ workflow, checks: brandCheckQueue }),
    });
    await service.loadIndex();
    return service;
  });
  // The embedder search needs for query images and words: its weights load on the first one, or are borrowed from
  // enrichment when this process loaded them (query-embedder.ts).
  let queryEmbedder: DisposableQueryEmbedder | undefined;
  const openQueryEmbedder = onFirstUse(
    async () =>
      (queryEmbedder = (await import('../enrich/embeddings/query-embedder.ts')).createQueryEmbedder({
        embedder: config.embedder,
        ...(config.clipModelDir ? { clipModelDir: config.clipModelDir } : {}),
        ...(config.mobilenetModelDir ? { mobilenetModelDir: config.mobilenetModelDir } : {}),
        maxPixels: config.maxPixels,
        loaded: () => vision?.embedder,
      })),
  );
  const similarSearch = new SimilarSearch({
    store,
    embedder: openQueryEmbedder,
    embedsText: config.embedder === 'clip',
    staging: blobs,
    maxUploadBytes: config.maxUploadBytes,
  });
  const { presets, exports } = createExportServices({
    config,
    store,
    blobs,
    exporter: deferredProvenanceExporter(provenanceExporter),
    gate: rights,
    search: new SearchService({ store, similar: similarSearch }),
  });
  return {
    config,
    store,
    blobs,
    presets,
    exports,
    intake: new IntakeService({
      store,
      blobs,
      media,
      provenance,
      maxUploadBytes: config.maxUploadBytes,
      // Every new asset's enrichment is queued in its intake transaction (a draft's by start-enrichment).
      workflow,
      enrichment: enrichmentQueue,
      ...(seams.intakeCheckpoint ? { checkpoint: seams.intakeCheckpoint } : {}),
    }),
    assets: new AssetService({ store, blobs }),
    maintenance: new MaintenanceService({ store, blobs, audit: { key: auditKey, anchor: auditAnchor } }),
    jobs: new JobService({ store }),
    families,
    workflow,
    identity: new IdentityService({ store, hasher: argon2Hasher }),
    singleSignOn: singleSignOn?.(store),
    edits: new AssetEditService({ store, workflow, tiers: tierDerivationOnEdit }),
    lifecycle: new AssetLifecycleService({
      store,
      blobs,
      retentionDays: config.assetRetentionDays,
      purgeQueue: purgeDeletedQueue,
    }),
    events: new EventService({ store }),
    policies: new PolicyService({ store, rederive: rederiveTiersQueue }),
    brands,
    brandChecks,
    review: new ReviewService({ store, workflow, families }),
    collections: new CollectionService({ store }),
    rights,
    savedSearches: new SavedSearchService({ store }),
    shareLinks: new ShareLinkService({
      store,
      hasher: argon2Hasher,
      gate: rights,
      // A preset's cached rendition from the export service (the watermark drawn there), or the original.
      files: new SharedRenditions({
        store,
        exports,
        originals: new SharedOriginals({ store, blobs }),
        ctx: systemContext('share-link'),
      }),
      watermarks: true,
      maxDays: config.shareLinkMaxDays,
      channels: async () => (await rights.channels(systemContext('share-links'))).map((c) => c.name),
    }),
    search: new SearchService({ store, similar: similarSearch }),
    dashboard: new DashboardService({
      figures: translatingErrors(store.dialect, new SqlDashboardRepository(store.db, store.dialect)),
    }),
    similarSearch,
    enrichments: new EnrichmentReader({
      store,
      blobs,
      // Embeddings, visual tags and the detectors are pending only where configured to make them.
      enabled: (name) =>
        (name !== 'embeddings' || config.embedder !== 'none') &&
        (name !== 'visual-tags' || config.moderation || config.clipModelDir !== undefined) &&
        (name !== 'text' || config.ocr) &&
        (name !== 'faces' || config.faces) &&
        (name !== 'objects' || config.objects),
      // Previews are rendered on first request and kept (docs/decisions/0006-lazy-preview-rendition.md); sharp is
      // loaded then, not at startup.
      previews: {
        renderer: {
          preview: async (input) => {
            const { renderPreview } = await import('../enrich/renditions/index.ts');
            return renderPreview(input, { limitInputPixels: config.maxPixels });
          },
        },
        localFile,
      },
    }),
    provenanceExporter: deferredProvenanceExporter(provenanceExporter),
    loadExporter: async () => {
      await provenanceExporter();
    },
    openEnrichment,
    scheduleEnrichment: (ctx, filter, options) =>
      scheduleEnrichment(ctx, { store, queue: enrichmentQueue }, filter, options),
    loadIntake: async () => {
      await Promise.all([provenanceEngine(), mediaInspector(), enrichmentJobs()]);
    },
    close: async () => {
      await vision?.dispose();
      await queryEmbedder?.dispose();
      await pipeline?.dispose?.();
      await logoMatcher?.dispose();
      // The last checkpoint needs the database: written before it closes.
      await auditAnchor.close();
      await store.close();
      await blobs.close();
    },
  };
}
