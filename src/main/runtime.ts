/**
 * The composition root shared by every process role (server, CLI, worker): the only place that chooses concrete
 * implementations and wires them into the services.
 */
import { join } from 'node:path';
import { LocalBlobStore } from '../blobs/local-blob-store.ts';
import type { Config } from '../config/config.ts';
import { FileMediaInspector } from '../media/media-inspector.ts';
import { createProvenanceExtractor } from './provenance.ts';
import { AssetService } from '../services/asset.service.ts';
import { IntakeService } from '../services/intake.service.ts';
import { JobService } from '../services/job.service.ts';
import { MaintenanceService } from '../services/maintenance.service.ts';
import type { createVisionModels } from '../enrich/embeddings/index.ts';
import { enqueueEnrichmentOnIntake } from '../jobs/enrichment.jobs.ts';
import { EnrichmentReader, EnrichmentService, scheduleEnrichment } from '../services/enrichment.service.ts';
import { FamilyService } from '../services/family.service.ts';
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
  /** What enrichment stored (no model needed). */
  enrichments: EnrichmentReader;
  /**
   * The enrichment service, built on first use: loads and checks the configured models (a missing or corrupt model
   * fails here, before any job) and fills the similarity index from the database.
   */
  openEnrichment(): Promise<EnrichmentService>;
  /** Queues enrichment jobs for every asset matching the filter (backfill priority). */
  scheduleEnrichment(
    ...args: Parameters<typeof scheduleEnrichment> extends [unknown, ...infer R] ? R : never
  ): ReturnType<typeof scheduleEnrichment>;
  close(): Promise<void>;
}

export async function createRuntime(config: Readonly<Config>): Promise<Runtime> {
  const provenance = await createProvenanceExtractor(config);
  const store = await openStore({
    ...(config.databaseUrl ? { url: config.databaseUrl } : {}),
    sqlitePath: join(config.dataDir, 'provena.db'),
  });
  const blobs = await new LocalBlobStore(join(config.dataDir, 'blobs')).init();
  const media = new FileMediaInspector({ maxPixels: config.maxPixels });
  const families = new FamilyService({ store });
  // The local blob store keeps each blob as a file: decoders and ffmpeg read it in place.
  const localFile = (sha256: string) =>
    Promise.resolve({ path: blobs.pathOf(sha256), release: () => Promise.resolve() });
  let vision: Awaited<ReturnType<typeof createVisionModels>> | undefined;
  let pipeline: { dispose?(): Promise<void> } | undefined;
  let enrichment: Promise<EnrichmentService> | undefined;
  const openEnrichment = (): Promise<EnrichmentService> => {
    enrichment ??= (async () => {
      // Loaded on first use: the models and enrichers cost about a second and 100 MB that intake, the CLI and the
      // API never need.
      const [{ createVisionModels }, { createEnrichers, MihSimilarityIndex }] = await Promise.all([
        import('../enrich/embeddings/index.ts'),
        import('../enrich/pipeline/enrichers.ts'),
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
      });
      pipeline = enrichers;
      const service = new EnrichmentService({
        store,
        blobs,
        enrichers,
        index: new MihSimilarityIndex(),
        localFile,
        variants: families,
      });
      await service.loadIndex();
      return service;
    })().catch((error: unknown) => {
      enrichment = undefined;
      throw error;
    });
    return enrichment;
  };
  return {
    config,
    store,
    blobs,
    intake: new IntakeService({
      store,
      blobs,
      media,
      provenance,
      maxUploadBytes: config.maxUploadBytes,
      // Every new asset's enrichment is queued in its intake transaction.
      listeners: [enqueueEnrichmentOnIntake],
    }),
    assets: new AssetService({ store, blobs }),
    maintenance: new MaintenanceService({ store, blobs }),
    jobs: new JobService({ store }),
    families,
    enrichments: new EnrichmentReader({
      store,
      blobs,
      // Embeddings and visual tags are pending only where a model is configured to make them.
      enabled: (name) =>
        (name !== 'embeddings' || config.embedder !== 'none') &&
        (name !== 'visual-tags' || config.moderation || config.clipModelDir !== undefined),
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
    openEnrichment,
    scheduleEnrichment: (filter, options) => scheduleEnrichment(store, filter, options),
    close: async () => {
      await vision?.dispose();
      await pipeline?.dispose?.();
      await store.close();
      await blobs.close();
    },
  };
}
