/**
 * Enrichment (PRODUCT.md §2, §3): every applicable enricher over one asset version, results stored per version with
 * the producing model and version, idempotently — a result already stored for the same model version is kept unless
 * `force`; a new model version recomputes it; a failed result is retried. One decode serves every pixel enricher; the
 * original file is only read. Near-duplicates are checked right after hashing against the in-memory similarity
 * index (loaded from the database at startup, updated as versions are hashed here, and refreshed before a look-up
 * with what other processes stored: refreshIndex) and recorded with the matched asset.
 *
 * Order within a run: (video frames →) hashes + near-duplicate check → renditions → palette → embeddings (which
 * re-checks the near-duplicate links with the embedding, confirming or demoting hash matches) → visual tags →
 * concept tags → variant suggestions. Results are recorded in that order, but hashes, renditions and palette are all
 * started once the picture is decoded, so that the enrichers' pixel threads and libvips work at the same time. Hashing is not done synchronously at intake (bench:enrich: decode + hash
 * costs more than the whole per-file intake budget at 100 files/s); intake queues this job at interactive
 * priority instead, and hashing is its first step.
 *
 * Cost (bench:enrich): the results stored before are read in one query, and everything a run records is written in
 * one transaction at its end (rendition blobs are stored before it: content-addressed, an orphan at worst). The
 * 1024 px preview is not made here: EnrichmentReader renders it on first request and records it
 * (docs/decisions/0006-lazy-preview-rendition.md); the thumbnail and placeholder the grid needs stay eager.
 */
import type { Asset, AssetFilter, AssetKind, AssetVersion, AssetWithVersions } from '../domain/asset.ts';
import { digestOf } from '../domain/audit.ts';
import type {
  DecodedPicture,
  Enrichers,
  RenditionBytes,
  SimilarityIndex,
  SimilarityProbe,
} from '../domain/enrichers.ts';
import type { PaletteColour, Producer, Rendition, Tag, VideoFacts, VisualSignals } from '../domain/enrichment.ts';
import { isProvenaError, notFound, ProvenaError, validationFailed } from '../domain/errors.ts';
import type { BlobStore, EnrichmentRecord, Store, StoredEmbedding, StoreTx } from '../domain/ports.ts';
import type { NearDuplicateLink, StoredPerceptualHashes, VariantFamily } from '../domain/sameness.ts';
import type { Readable } from 'node:stream';
import { jobPriorities, type JobRequest } from '../domain/jobs.ts';

/** In run order: hashes (and the near-duplicate check) first, so that a match is flagged as early as possible. */
export const enricherNames = [
  'video',
  'hashes',
  'renditions',
  'palette',
  'embeddings',
  'visual-tags',
  'concept-tags',
  'variants',
] as const;
export type EnricherName = (typeof enricherNames)[number];

/** Enrichers that need decoded pixels (of the image, or of a video's poster frame). */
const pixelEnrichers: ReadonlySet<EnricherName> = new Set([
  'renditions',
  'palette',
  'embeddings',
  'visual-tags',
  'hashes',
]);

export const isEnricherName = (value: string): value is EnricherName =>
  (enricherNames as readonly string[]).includes(value);

export interface EnrichOptions {
  only?: readonly EnricherName[];
  force?: boolean;
  /** Who asked (audit); the worker passes 'system:enrichment'. */
  actor?: string;
}

export interface StepOutcome {
  enricher: EnricherName;
  status: 'done' | 'failed' | 'skipped' | 'not-applicable';
  model?: string;
  modelVersion?: string;
  error?: { code: string; message: string };
  /** Wall time of the step (decoding counts in the first pixel step). */
  ms?: number;
}

export interface EnrichOutcome {
  assetId: string;
  versionNumber: number;
  steps: StepOutcome[];
  nearDuplicates: NearDuplicateLink[];
}

/** A readable local copy of a blob for decoders and ffmpeg; released when the run ends. */
export interface LocalFile {
  path: string;
  release(): Promise<void>;
}

/** What the variant step needs from the family service (kept narrow: the services do not share state). */
export interface VariantSuggester {
  suggestFor(
    asset: AssetWithVersions,
    version: AssetVersion,
    visual: NearDuplicateLink[],
    actor: string,
  ): Promise<{ family?: VariantFamily; suggested: number }>;
}

/** Renders the preview rendition of an image file (a path) or of a video's poster frame (its bytes). */
export interface PreviewRenderer {
  preview(input: string | Uint8Array): Promise<RenditionBytes>;
}

export interface EnrichmentDeps {
  store: Store;
  blobs: BlobStore;
  enrichers: Enrichers;
  index: SimilarityIndex;
  localFile(sha256: string): Promise<LocalFile>;
  variants?: VariantSuggester;
  /**
   * How old (ms) the index's last refresh from the database may be before a similarity lookup refreshes it first:
   * default defaultSimilarityRefreshMs; 0 refreshes before every lookup; Infinity only loads it once (a single process).
   */
  similarityRefreshMs?: number;
}

/**
 * Other processes (`provena worker`s, the server) hash assets too: before a similarity lookup, the index reads the
 * hashes stored since its last refresh when that is older than this. One indexed query per refresh and worker.
 */
export const defaultSimilarityRefreshMs = 1000;

/**
 * How far back before the last refresh's start a refresh reads again. A row's stored_at is stamped by its writer's
 * clock before its transaction commits, so a row committed after the last refresh may carry an earlier stamp: by its
 * transaction's remaining time (the closing transaction of a run: milliseconds), plus the clock difference between
 * the two hosts (NTP keeps it to milliseconds; hosts must stay within this margin). Re-reading is harmless —
 * index.set replaces an asset's entry — but not free: each refresh re-reads about margin × hashing rate rows, ~600 at
 * 40 images/s, so the margin is seconds rather than minutes.
 */
export const similarityRefreshMarginMs = 15_000;

export interface EnrichmentView {
  assetId: string;
  kind: AssetKind;
  versionNumber: number;
  results: EnrichmentRecord[];
  /** Enrichers that apply and are enabled but have no result for this version yet (queued or not yet run). */
  pending: EnricherName[];
  renditions: Rendition[];
  signals?: VisualSignals;
  video?: VideoFacts;
  palette: PaletteColour[];
  tags: Tag[];
  hashes?: StoredPerceptualHashes;
  embeddings: Omit<StoredEmbedding, 'vector'>[];
  nearDuplicates: NearDuplicateLink[];
  family?: VariantFamily;
}

export const enrichmentQueue = 'enrichment';

/** The request for one version's enrichment; the dedupe key keeps one pending job per (version, selection). */
export function enrichmentRequest(
  target: { assetId: string; version?: number; only?: readonly EnricherName[]; force?: boolean },
  priority: keyof typeof jobPriorities = 'interactive',
): JobRequest {
  const selection = target.only ? [...target.only].sort().join(',') : 'all';
  return {
    name: 'enrich.version',
    queue: enrichmentQueue,
    payload: {
      assetId: target.assetId,
      ...(target.version !== undefined ? { version: target.version } : {}),
      ...(target.only ? { only: [...target.only] } : {}),
      ...(target.force ? { force: true } : {}),
    },
    priority: jobPriorities[priority],
    dedupeKey: `enrich:${target.assetId}:${target.version ?? 'current'}:${selection}${target.force ? ':force' : ''}`,
  };
}

/**
 * Queues the enrichment of every asset matching `filter` (current version) at backfill priority: the job system runs
 * it. One pending job per (version, selection): asking twice queues once.
 */
export async function scheduleEnrichment(
  store: Store,
  filter: AssetFilter,
  options: {
    only?: readonly EnricherName[];
    force?: boolean;
    onItem?: (assetId: string, created: boolean) => void;
  } = {},
): Promise<{ queued: number; alreadyQueued: number }> {
  let queued = 0;
  let alreadyQueued = 0;
  let cursor: string | undefined;
  do {
    const page = await store.assets.list(filter, { limit: 200, ...(cursor ? { cursor } : {}) });
    await store.transaction(async (tx) => {
      for (const asset of page.items) {
        const { created } = await tx.jobs.enqueue(
          enrichmentRequest(
            {
              assetId: asset.id,
              version: asset.currentVersion,
              ...(options.only ? { only: options.only } : {}),
              ...(options.force ? { force: true } : {}),
            },
            'backfill',
          ),
        );
        if (created) queued++;
        else alreadyQueued++;
        options.onItem?.(asset.id, created);
      }
    });
    cursor = page.nextCursor;
  } while (cursor);
  return { queued, alreadyQueued };
}

/** Bumped when the near-duplicate rule changes; recorded on each link as `decidedBy`. */
const similarityRule = 'phash-dhash-mih@1';
const variantsProducer: Producer = { enricher: 'variants', model: 'provena-variant-rules', modelVersion: '1' };

/** Which enrichers apply to an asset kind (before configuration: an embedder or taggers may be absent). */
export function enrichersFor(kind: AssetKind): EnricherName[] {
  if (kind === 'image') return enricherNames.filter((n) => n !== 'video');
  if (kind === 'video') return [...enricherNames];
  // Text, audio, documents and other files: prompt and file-name tags, and prompt/seed/batch variant lineage.
  return ['concept-tags', 'variants'];
}

export class EnrichmentService {
  /** Start of the last complete load or refresh: wall clock for the stored_at query, monotonic for its age. */
  private indexed: { wall: number; mono: number } | undefined;
  private refreshing: { mono: number; done: Promise<void> } | undefined;

  constructor(private readonly deps: EnrichmentDeps) {}

  /** Fills the similarity index from the database (every asset's current hashes); call once at startup. */
  async loadIndex(pageSize = 5000): Promise<number> {
    const started = { wall: Date.now(), mono: performance.now() };
    const loaded = await this.readHashes(
      (after) => this.deps.store.enrichment.currentHashes(after, pageSize),
      pageSize,
    );
    this.indexed = started;
    return loaded;
  }

  /**
   * Adds to the index the current hashes other processes stored since the last load or refresh, unless that was
   * less than `similarityRefreshMs` before this call (a refresh already running that started late enough is awaited
   * instead); loads everything when the index was never loaded. Rejects when the database cannot be read.
   */
  async refreshIndex(): Promise<void> {
    const maxAge = this.deps.similarityRefreshMs ?? defaultSimilarityRefreshMs;
    const requested = performance.now();
    for (;;) {
      if (this.indexed && this.indexed.mono >= requested - maxAge) return;
      const running = this.refreshing;
      if (!running) break;
      if (running.mono >= requested - maxAge) return running.done;
      // Started too early to hold what this caller must see: let it finish, then look again.
      await running.done.catch(() => undefined);
    }
    const mono = performance.now();
    const done = this.readSinceLastRefresh().finally(() => {
      this.refreshing = undefined;
    });
    this.refreshing = { mono, done };
    return done;
  }

  private async readSinceLastRefresh(): Promise<void> {
    const previous = this.indexed;
    if (!previous) {
      await this.loadIndex();
      return;
    }
    const started = { wall: Date.now(), mono: performance.now() };
    const since = new Date(previous.wall - similarityRefreshMarginMs).toISOString();
    const pageSize = 5000;
    await this.readHashes(
      (after) => this.deps.store.enrichment.currentHashesStoredSince(since, after, pageSize),
      pageSize,
    );
    this.indexed = started;
  }

  /** Sets every row of the keyset-paged reader in the index; returns how many. */
  private async readHashes(
    page: (afterAssetId: string) => Promise<{ assetId: string; hashes: StoredPerceptualHashes }[]>,
    pageSize: number,
  ): Promise<number> {
    let after = '';
    let read = 0;
    for (;;) {
      const rows = await page(after);
      for (const row of rows) this.deps.index.set(row.assetId, row.hashes);
      read += rows.length;
      if (rows.length < pageSize) return read;
      after = rows[rows.length - 1]!.assetId;
    }
  }

  /** The producer (model and version) each enricher would record now; undefined when not configured. */
  producerOf(name: EnricherName): Producer | undefined {
    const { enrichers } = this.deps;
    switch (name) {
      case 'video':
        return enrichers.producers.video;
      case 'renditions':
        return enrichers.producers.renditions;
      case 'palette':
        return enrichers.producers.palette;
      case 'hashes':
        return enrichers.producers.hashes;
      case 'concept-tags':
        return enrichers.producers.conceptTags;
      case 'variants':
        return this.deps.variants ? variantsProducer : undefined;
      case 'embeddings':
        return enrichers.embedder
          ? { enricher: 'embeddings', model: enrichers.embedder.model, modelVersion: enrichers.embedder.modelVersion }
          : undefined;
      case 'visual-tags':
        return enrichers.taggers.length > 0
          ? {
              enricher: 'visual-tags',
              model: enrichers.taggers.map((t) => t.model).join('+'),
              modelVersion: enrichers.taggers.map((t) => t.modelVersion).join('+'),
            }
          : undefined;
    }
  }

  async enrichVersion(
    assetId: string,
    versionNumber: number | undefined,
    options: EnrichOptions = {},
  ): Promise<EnrichOutcome> {
    if (options.only) {
      const unknown = options.only.filter((n) => !isEnricherName(n));
      if (unknown.length > 0)
        throw validationFailed(
          unknown.map((n) => ({
            field: 'only',
            problem: `unknown enricher "${String(n)}" (one of ${enricherNames.join(', ')})`,
          })),
        );
    }
    const asset = await this.deps.store.assets.get(assetId);
    if (!asset) throw notFound('Asset', assetId);
    const wanted = versionNumber ?? asset.currentVersion;
    const version = asset.versions.find((v) => v.number === wanted);
    if (!version) throw notFound(`Version ${wanted} of asset`, assetId);
    const run = new EnrichmentRun(this.deps, this, asset, version, options);
    return run.execute(enrichersFor(asset.kind).filter((n) => !options.only || options.only.includes(n)));
  }

  /**
   * Enriches the current version of every asset matching `filter` (the backfill of `provena enrich`), a few at a
   * time; one asset's failure is reported in its item and does not stop the others.
   */
  async enrichAll(
    filter: AssetFilter,
    options: EnrichOptions & { concurrency?: number; onItem?: (item: BackfillItem) => void } = {},
  ): Promise<BackfillItem[]> {
    const items: BackfillItem[] = [];
    const concurrency = Math.max(1, Math.min(16, options.concurrency ?? 2));
    // One queue of assets fed page by page, the next page read while the last ones are enriched, so that no worker
    // idles at a page boundary.
    let page = await this.deps.store.assets.list(filter, { limit: 100 });
    let next = 0;
    let reading: Promise<void> | undefined;
    const take = async (): Promise<Asset | undefined> => {
      for (;;) {
        if (next < page.items.length) {
          const asset = page.items[next++]!;
          const cursor = page.nextCursor;
          if (next === page.items.length && cursor && !reading) {
            reading = this.deps.store.assets.list(filter, { limit: 100, cursor }).then((read) => {
              page = read;
              next = 0;
              reading = undefined;
            });
          }
          return asset;
        }
        if (!reading) return undefined;
        await reading;
      }
    };
    const worker = async (): Promise<void> => {
      for (let asset = await take(); asset; asset = await take()) {
        let item: BackfillItem;
        try {
          const outcome = await this.enrichVersion(asset.id, undefined, options);
          const failed = outcome.steps.filter((s) => s.status === 'failed');
          item = {
            assetId: asset.id,
            ok: failed.length === 0,
            steps: outcome.steps,
            nearDuplicates: outcome.nearDuplicates.filter((l) => l.verdict === 'near-duplicate').length,
          };
        } catch (error) {
          item = {
            assetId: asset.id,
            ok: false,
            steps: [],
            nearDuplicates: 0,
            error: isProvenaError(error)
              ? { code: error.code, message: error.message }
              : { code: 'INTERNAL', message: String(error) },
          };
        }
        items.push(item);
        options.onItem?.(item);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return items;
  }
}

export interface BackfillItem {
  assetId: string;
  ok: boolean;
  steps: StepOutcome[];
  nearDuplicates: number;
  error?: { code: string; message: string };
}

/** What EnrichmentReader needs to render previews on request; without it only stored renditions are served. */
export interface PreviewDeps {
  renderer: PreviewRenderer;
  localFile(sha256: string): Promise<LocalFile>;
}

/**
 * The read side: what enrichment stored for a version, and rendition bytes. Needs no model loaded. With `previews`,
 * the preview of an image (or of a video's poster frame) is rendered on its first request, stored in the blob
 * store and recorded with the version's other renditions; later requests serve the stored file.
 */
export class EnrichmentReader {
  /** Previews being rendered, by version id: concurrent first requests share one rendering. */
  private readonly rendering = new Map<string, Promise<Rendition | undefined>>();

  constructor(
    private readonly deps: Pick<EnrichmentDeps, 'store' | 'blobs'> & {
      enabled?: (name: EnricherName) => boolean;
      previews?: PreviewDeps;
    },
  ) {}

  async view(assetId: string, versionNumber?: number): Promise<EnrichmentView> {
    const { store } = this.deps;
    const asset = await store.assets.get(assetId);
    if (!asset) throw notFound('Asset', assetId);
    const wanted = versionNumber ?? asset.currentVersion;
    const version = asset.versions.find((v) => v.number === wanted);
    if (!version) throw notFound(`Version ${wanted} of asset`, assetId);
    const [results, renditions, palette, tags, hashes, embeddings, nearDuplicates, family] = await Promise.all([
      store.enrichment.results(version.id),
      store.enrichment.renditions(version.id),
      store.enrichment.palette(version.id),
      store.enrichment.tags(version.id),
      store.enrichment.hashes(version.id),
      store.enrichment.embeddings(version.id),
      store.enrichment.linksOf(assetId),
      store.families.familyOf(assetId),
    ]);
    const signals = results.find((r) => r.enricher === 'renditions')?.result.signals as VisualSignals | undefined;
    const video = results.find((r) => r.enricher === 'video')?.result.facts as VideoFacts | undefined;
    const recorded = new Set(results.map((r) => r.enricher));
    return {
      assetId,
      kind: asset.kind,
      versionNumber: version.number,
      results,
      pending: enrichersFor(asset.kind).filter((n) => !recorded.has(n) && (this.deps.enabled?.(n) ?? true)),
      renditions,
      ...(signals ? { signals } : {}),
      ...(video ? { video } : {}),
      palette,
      tags,
      ...(hashes ? { hashes } : {}),
      embeddings: embeddings.map(({ vector: _vector, ...meta }) => meta),
      nearDuplicates,
      ...(family ? { family } : {}),
    };
  }

  /** One rendition of a version (the first of its role; `position` picks among key frames). */
  async rendition(
    assetId: string,
    role: Rendition['role'],
    options: { version?: number; position?: number } = {},
  ): Promise<{ rendition: Rendition; open(): Promise<Readable> }> {
    const asset = await this.deps.store.assets.get(assetId);
    if (!asset) throw notFound('Asset', assetId);
    const version = asset.versions.find((v) => v.number === (options.version ?? asset.currentVersion));
    if (!version) throw notFound(`Version ${options.version ?? asset.currentVersion} of asset`, assetId);
    const stored = await this.deps.store.enrichment.renditions(version.id);
    const position = options.position ?? 0;
    let rendition = stored.filter((r) => r.role === role)[position];
    if (!rendition && role === 'preview' && position === 0)
      rendition = await this.renderPreview(asset, version, stored);
    if (!rendition) throw notFound(`The ${role} rendition of asset`, assetId);
    const found = rendition;
    return { rendition: found, open: () => this.deps.blobs.open(found.sha256) };
  }

  /** The preview made now and recorded; undefined when this reader cannot make one for the asset. */
  private renderPreview(
    asset: AssetWithVersions,
    version: AssetVersion,
    stored: readonly Rendition[],
  ): Promise<Rendition | undefined> {
    const previews = this.deps.previews;
    if (!previews) return Promise.resolve(undefined);
    let pending = this.rendering.get(version.id);
    if (!pending) {
      pending = this.makePreview(previews, asset, version, stored).finally(() => this.rendering.delete(version.id));
      this.rendering.set(version.id, pending);
    }
    return pending;
  }

  private async makePreview(
    previews: PreviewDeps,
    asset: AssetWithVersions,
    version: AssetVersion,
    stored: readonly Rendition[],
  ): Promise<Rendition | undefined> {
    const { store, blobs } = this.deps;
    let made: RenditionBytes;
    if (asset.kind === 'image') {
      const file = await previews.localFile(version.blob.sha256);
      try {
        made = await previews.renderer.preview(file.path);
      } finally {
        await file.release();
      }
    } else if (asset.kind === 'video') {
      // A video's preview is its poster frame's, once the video enricher has extracted one.
      const poster = stored.find((r) => r.role === 'poster');
      if (!poster) return undefined;
      made = await previews.renderer.preview(await readAll(await blobs.open(poster.sha256)));
    } else {
      return undefined;
    }
    await storeRenditionFiles(blobs, [made]);
    await store.transaction((tx) =>
      tx.enrichment.replaceRenditions(version.id, ['preview'], [made.rendition], new Date().toISOString()),
    );
    return made.rendition;
  }
}

/** Content-addressed: the same rendition bytes are stored once, whoever produced them. */
async function storeRenditionFiles(blobs: BlobStore, files: readonly RenditionBytes[]): Promise<void> {
  for (const file of files) {
    const staged = await blobs.stage(file.bytes, { maxBytes: Math.max(1, file.bytes.length) });
    if (staged.sha256 !== file.rendition.sha256) {
      await blobs.discard(staged);
      throw new ProvenaError('INTEGRITY_ERROR', 'A rendition changed between encoding and storage.', {
        role: file.rendition.role,
      });
    }
    await blobs.commit(staged);
  }
}

/** One enrichVersion call: decode at most once, run the steps in order, record every result in one transaction. */
class EnrichmentRun {
  /** The one decode of this run, started by the first step that needs pixels. */
  private decoding: Promise<DecodedPicture> | undefined;
  /** Concept tags worked out while the pixel work runs (they need no pixels); recorded by their own step. */
  private earlyConceptTags: { tags: Tag[] } | { error: unknown } | undefined;
  private file: LocalFile | undefined;
  private probe: SimilarityProbe | undefined;
  private vector: Float32Array | undefined;
  private links: NearDuplicateLink[] = [];
  /** Matches this version was already flagged with (read once; kept up to date in memory): audited only once. */
  private flagged: Set<string> | undefined;
  /** The poster frame extracted by this run's video step (its rows are not written until the run ends). */
  private poster: Uint8Array | undefined;
  private embeddedNow = false;
  /** The steps of this run, in order. */
  private names: readonly EnricherName[] = [];
  /**
   * Pixel steps started as soon as the picture is decoded, so that palette and hashes (in the enrichers' threads)
   * overlap the renditions' encode in libvips; each step awaits its own result in run order.
   */
  private early: Partial<{
    hashes: Promise<SimilarityProbe>;
    renditions: Promise<{ files: RenditionBytes[]; signals: VisualSignals }>;
    palette: Promise<PaletteColour[]>;
  }> = {};
  private started = false;
  /** What the run records, written in one transaction when it ends. */
  private readonly writes: ((tx: StoreTx) => Promise<void>)[] = [];
  /** The results stored before this run, by enricher. */
  private readonly previous = new Map<string, EnrichmentRecord>();
  private readonly actor: string;

  constructor(
    private readonly deps: EnrichmentDeps,
    private readonly service: EnrichmentService,
    private readonly asset: AssetWithVersions,
    private readonly version: AssetVersion,
    private readonly options: EnrichOptions,
  ) {
    this.actor = options.actor ?? 'system:enrichment';
  }

  async execute(names: EnricherName[]): Promise<EnrichOutcome> {
    const steps: StepOutcome[] = [];
    this.names = names;
    try {
      for (const record of await this.deps.store.enrichment.results(this.version.id))
        this.previous.set(record.enricher, record);
      for (const name of names) {
        if (name === 'variants') await this.recheckWithEmbedding();
        steps.push(await this.step(name, this.previous.get(name)));
      }
      await this.recheckWithEmbedding();
      if (this.writes.length > 0) {
        await this.deps.store.transaction(async (tx) => {
          for (const write of this.writes) await write(tx);
        });
      }
    } finally {
      await this.file?.release();
    }
    return { assetId: this.asset.id, versionNumber: this.version.number, steps, nearDuplicates: this.links };
  }

  private async step(name: EnricherName, previous: EnrichmentRecord | undefined): Promise<StepOutcome> {
    const producer = this.service.producerOf(name);
    if (!producer) return { enricher: name, status: 'not-applicable' };
    if (!this.due(name, previous))
      return { enricher: name, status: 'skipped', model: producer.model, modelVersion: producer.modelVersion };
    const started = performance.now();
    const queued = this.writes.length;
    try {
      await this.runStep(name);
      return {
        enricher: name,
        status: 'done',
        model: producer.model,
        modelVersion: producer.modelVersion,
        ms: Math.round(performance.now() - started),
      };
    } catch (error) {
      // A step that failed part-way records nothing but its failure.
      this.writes.length = queued;
      const problem = isProvenaError(error)
        ? { code: error.code, message: error.message }
        : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
      // A failure is a recorded result too: the view shows it, and the next run retries it.
      const failed: EnrichmentRecord = {
        versionId: this.version.id,
        ...producer,
        status: 'failed',
        error: problem,
        producedAt: new Date().toISOString(),
        result: {},
      };
      this.writes.push((tx) => tx.enrichment.saveResult(failed));
      return {
        enricher: name,
        status: 'failed',
        model: producer.model,
        modelVersion: producer.modelVersion,
        error: problem,
      };
    }
  }

  /** Whether the step has work in this run: an enricher exists and its stored result is missing, stale or forced. */
  private due(name: EnricherName, previous: EnrichmentRecord | undefined): boolean {
    const producer = this.service.producerOf(name);
    if (!producer) return false;
    const current =
      previous?.status === 'done' &&
      previous.model === producer.model &&
      previous.modelVersion === producer.modelVersion;
    return !current || this.options.force === true;
  }

  /** Starts the due hashes, renditions and palette steps on the decoded picture (once per run). */
  private startPixelWork(picture: DecodedPicture): void {
    if (this.started) return;
    this.started = true;
    const { enrichers } = this.deps;
    const due = (name: EnricherName) => this.names.includes(name) && this.due(name, this.previous.get(name));
    // A failure is reported by the step that awaits it; these handlers only keep it from counting as unhandled.
    const quiet = <T>(promise: Promise<T>): Promise<T> => {
      promise.catch(() => undefined);
      return promise;
    };
    if (due('hashes')) this.early.hashes = quiet(enrichers.hashes(picture));
    if (due('palette')) this.early.palette = quiet(enrichers.palette(picture));
    // The rendition files are stored as soon as they are encoded, so that their writes and fsyncs overlap the hashes
    // and similarity steps instead of stalling the run (bytes without rows are orphans `doctor --fix` removes).
    if (due('renditions')) {
      this.early.renditions = quiet(
        enrichers.renditions(picture).then(async (made) => {
          await this.storeFiles(made.files);
          return made;
        }),
      );
    }
    // The concept tags need no pixels: worked out now, on the main thread, while the pixel threads and libvips are
    // busy with the work just started, and recorded later by their own step in the usual order.
    if (due('concept-tags')) {
      try {
        this.earlyConceptTags = { tags: this.computeConceptTags() };
      } catch (error) {
        this.earlyConceptTags = { error };
      }
    }
  }

  private async runStep(name: EnricherName): Promise<void> {
    if (pixelEnrichers.has(name)) this.startPixelWork(await this.decode());
    switch (name) {
      case 'video':
        return this.video();
      case 'renditions':
        return this.renditions();
      case 'palette':
        return this.palette();
      case 'embeddings':
        return this.embeddings();
      case 'visual-tags':
        return this.visualTags();
      case 'hashes':
        return this.hashes();
      case 'concept-tags':
        return this.conceptTags();
      case 'variants':
        return this.variants();
    }
  }

  private async localPath(): Promise<string> {
    this.file ??= await this.deps.localFile(this.version.blob.sha256);
    return this.file.path;
  }

  /** Decodes the image (or, for video, the poster frame) once; a decode failure fails every pixel step with its code. */
  private decode(): Promise<DecodedPicture> {
    this.decoding ??= this.decodeOnce();
    return this.decoding;
  }

  private async decodeOnce(): Promise<DecodedPicture> {
    if (this.asset.kind !== 'video') return this.deps.enrichers.decode(await this.localPath());
    let poster = this.poster;
    if (!poster) {
      const stored = (await this.deps.store.enrichment.renditions(this.version.id)).find((r) => r.role === 'poster');
      if (!stored)
        throw new ProvenaError('JOB_FAILED', 'The video has no poster frame yet: run the video enricher first.', {
          enricher: 'video',
        });
      poster = await readAll(await this.deps.blobs.open(stored.sha256));
    }
    return this.deps.enrichers.decodeBytes(poster);
  }

  /** Queues the step's writes and its 'done' result for the run's transaction. */
  private record(name: EnricherName, result: Record<string, unknown>, write?: (tx: StoreTx) => Promise<void>): void {
    const done: EnrichmentRecord = {
      versionId: this.version.id,
      ...this.service.producerOf(name)!,
      status: 'done',
      producedAt: new Date().toISOString(),
      result,
    };
    if (write) this.writes.push(write);
    this.writes.push((tx) => tx.enrichment.saveResult(done));
  }

  private storeFiles(files: readonly RenditionBytes[]): Promise<void> {
    return storeRenditionFiles(this.deps.blobs, files);
  }

  private async video(): Promise<void> {
    const analysis = await this.deps.enrichers.video(await this.localPath());
    const files = [analysis.poster, ...analysis.keyframes];
    await this.storeFiles(files);
    this.poster = analysis.poster.bytes;
    const at = new Date().toISOString();
    this.record('video', { facts: analysis.facts, keyframes: analysis.keyframes.length }, (tx) =>
      tx.enrichment.replaceRenditions(
        this.version.id,
        ['poster', 'keyframe'],
        files.map((f) => f.rendition),
        at,
      ),
    );
  }

  private async renditions(): Promise<void> {
    const picture = await this.decode();
    let made = await this.early.renditions;
    this.early.renditions = undefined;
    if (!made) {
      made = await this.deps.enrichers.renditions(picture);
      await this.storeFiles(made.files);
    }
    const at = new Date().toISOString();
    // A preview made on request before the first run is kept; a recompute (forced, or a new encoder) drops the stored
    // one, which is then made again on its next request.
    const roles: Rendition['role'][] = this.previous.has('renditions') ? ['thumbnail', 'preview'] : ['thumbnail'];
    this.record(
      'renditions',
      { signals: made.signals, source: picture.facts, roles: made.files.map((f) => f.rendition.role) },
      (tx) =>
        tx.enrichment.replaceRenditions(
          this.version.id,
          [...new Set([...roles, ...made.files.map((f) => f.rendition.role)])],
          made.files.map((f) => f.rendition),
          at,
        ),
    );
  }

  private async palette(): Promise<void> {
    const picture = await this.decode();
    const colours = await (this.early.palette ?? this.deps.enrichers.palette(picture));
    this.early.palette = undefined;
    this.record('palette', { colours: colours.length }, (tx) => tx.enrichment.replacePalette(this.version.id, colours));
  }

  private async embeddings(): Promise<void> {
    const embedder = this.deps.enrichers.embedder!;
    const vector = await embedder.embedImage((await this.decode()).image);
    if (!vector.every(Number.isFinite))
      throw new ProvenaError('JOB_FAILED', `The ${embedder.model} embedding has non-finite values.`, {
        model: embedder.model,
      });
    this.vector = vector;
    const at = new Date().toISOString();
    this.record('embeddings', { dimensions: vector.length }, (tx) =>
      tx.enrichment.saveEmbedding(
        this.version.id,
        { model: embedder.model, modelVersion: embedder.modelVersion, vector },
        at,
      ),
    );
    this.embeddedNow = true;
  }

  /**
   * A new embedding for a version hashed by an earlier run (the hashes job goes first): confirm or demote its
   * near-duplicate links now that the embedding exists. Hashing again costs a few ms on the decoded image.
   */
  private async recheckWithEmbedding(): Promise<void> {
    if (!this.embeddedNow) return;
    this.embeddedNow = false;
    if (this.probe) {
      await this.checkSimilarity(this.probe);
      return;
    }
    if (!(await this.deps.store.enrichment.hashes(this.version.id))) return;
    await this.checkSimilarity(await this.deps.enrichers.hashes(await this.decode()));
  }

  private async visualTags(): Promise<void> {
    const picture = await this.decode();
    const tags: Tag[] = [];
    const moderation: Record<string, unknown> = {};
    for (const tagger of this.deps.enrichers.taggers) {
      const out = await tagger.tag(picture.image);
      tags.push(...out.tags);
      if (out.moderation) moderation[out.moderation.model] = out.moderation.scores;
    }
    this.record('visual-tags', { tags: tags.length, moderation }, (tx) =>
      tx.enrichment.replaceTags(this.version.id, ['visual'], tags),
    );
  }

  private async hashes(): Promise<void> {
    const picture = await this.decode();
    const probe = await (this.early.hashes ?? this.deps.enrichers.hashes(picture));
    this.early.hashes = undefined;
    const producer = this.service.producerOf('hashes')!;
    const links = await this.checkSimilarity(probe);
    this.record(
      'hashes',
      { ...probe.stored, nearDuplicates: links.filter((l) => l.verdict === 'near-duplicate').length },
      (tx) =>
        tx.enrichment.replaceHashes(
          this.version.id,
          this.asset.id,
          probe.stored,
          `${producer.model}@${producer.modelVersion}`,
        ),
    );
  }

  /**
   * Queries the index, records the links of this version, and files the hashes under the asset (current version
   * only). Query and insert happen with no await between them, so two versions enriched in this process always
   * see each other.
   */
  private async checkSimilarity(probe: SimilarityProbe): Promise<NearDuplicateLink[]> {
    const { index, enrichers, store } = this.deps;
    this.probe = probe;
    let vector = this.vector;
    const embedder = enrichers.embedder;
    if (!vector && embedder) {
      vector = (await store.enrichment.embeddings(this.version.id)).find(
        (e) => e.model === embedder.model && e.modelVersion === embedder.modelVersion,
      )?.vector;
    }
    this.flagged ??= new Set(
      (await store.enrichment.linksOf(this.asset.id))
        .filter(
          (l) =>
            l.assetId === this.asset.id && l.versionNumber === this.version.number && l.verdict === 'near-duplicate',
        )
        .map((l) => l.matchedAssetId),
    );
    // Hashes other processes stored since the last refresh. A failure fails this step (recorded, and retried by the
    // next run) rather than checking against a stale index: a near-duplicate missed here is flagged by no one later,
    // whereas a failed step is visible in the asset's enrichments and the job's outcome.
    await this.service.refreshIndex();
    // First pass without embeddings gives the candidates; their vectors are then read in one query.
    const firstPass = index.find(probe, { excludeId: this.asset.id });
    let candidates = firstPass;
    let decidedBy = similarityRule;
    if (vector && embedder && firstPass.length > 0) {
      const vectors = await store.enrichment.currentEmbeddings(
        firstPass.map((c) => c.assetId),
        embedder.model,
      );
      const mine = vector;
      candidates = index.find(probe, {
        excludeId: this.asset.id,
        embeddingCosine: (id) => {
          const other = vectors.get(id);
          return other && other.length === mine.length ? enrichers.cosine(mine, other) : undefined;
        },
      });
      decidedBy = `${similarityRule}+${embedder.model}@${embedder.modelVersion}`;
    }
    if (this.version.number === this.asset.currentVersion) index.set(this.asset.id, probe.stored);
    const now = new Date().toISOString();
    const links: NearDuplicateLink[] = candidates.map((c) => ({
      assetId: this.asset.id,
      versionNumber: this.version.number,
      matchedAssetId: c.assetId,
      verdict: c.verdict,
      distances: c.distances,
      reason: c.reason,
      decidedBy,
      createdAt: now,
    }));
    // Audit only matches this version was not already flagged with (a re-check with the embedding rewrites links).
    const flagged = this.flagged;
    const nearDuplicates = links.filter((l) => l.verdict === 'near-duplicate' && !flagged.has(l.matchedAssetId));
    // A re-check in the same run replaces the links the first check queued; both writes run, in order.
    this.writes.push(async (tx) => {
      await tx.enrichment.replaceLinks(this.asset.id, this.version.number, links);
      if (nearDuplicates.length > 0) {
        await tx.audit.append({
          actor: this.actor,
          action: 'asset.near-duplicate-flagged',
          subjectType: 'asset',
          subjectId: this.asset.id,
          afterDigest: digestOf(nearDuplicates.map((l) => [l.matchedAssetId, l.distances])),
          details: {
            version: this.version.number,
            matches: nearDuplicates.map((l) => ({ assetId: l.matchedAssetId, reason: l.reason })),
          },
        });
      }
    });
    this.flagged = new Set(links.filter((l) => l.verdict === 'near-duplicate').map((l) => l.matchedAssetId));
    this.links = links;
    return links;
  }

  private computeConceptTags(): Tag[] {
    const prompt = this.asset.prompt ?? this.version.provenance.prompt?.positive;
    return this.deps.enrichers.conceptTags({ ...(prompt ? { prompt } : {}), fileName: this.version.fileName });
  }

  private conceptTags(): Promise<void> {
    const early = this.earlyConceptTags;
    this.earlyConceptTags = undefined;
    if (early && 'error' in early) throw early.error;
    const tags = early?.tags ?? this.computeConceptTags();
    this.record('concept-tags', { tags: tags.length }, (tx) =>
      tx.enrichment.replaceTags(this.version.id, ['prompt'], tags),
    );
    return Promise.resolve();
  }

  private async variants(): Promise<void> {
    // Visual variant candidates come from this run's similarity check, or from the links stored by an earlier one.
    const links = this.probe
      ? this.links
      : (await this.deps.store.enrichment.linksOf(this.asset.id)).filter(
          (l) => l.assetId === this.asset.id && l.versionNumber === this.version.number,
        );
    const visual = links.filter((l) => l.verdict === 'variant-candidate');
    const outcome = await this.deps.variants!.suggestFor(this.asset, this.version, visual, this.actor);
    this.record('variants', {
      suggested: outcome.suggested,
      ...(outcome.family ? { familyId: outcome.family.id } : {}),
    });
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
