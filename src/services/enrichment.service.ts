/**
 * Enrichment: every applicable enricher over one asset version, results stored per version with
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
 *
 * Where things are: this file holds EnrichmentService (model producers, the similarity index's load and refresh,
 * enrichVersion and the enrichAll backfill) and the job requests that queue enrichment; one run's steps are in
 * enrichment-run.ts (EnrichmentRun, which reaches the service only through RunHost), the read side in
 * enrichment-reader.ts (EnrichmentReader), the shared names and types in enrichment-types.ts, and rendition storage
 * in rendition-files.ts. Everything the rest of the code base uses is exported from here.
 */
import type { AssetFilter } from '../domain/asset.ts';
import type { Producer } from '../domain/enrichment.ts';
import { isProvenaError, validationFailed } from '../domain/errors.ts';
import type { RequestContext } from '../domain/access.ts';
import type { UnitOfWork } from '../domain/ports.ts';
import type { StoredPerceptualHashes } from '../domain/sameness.ts';
import { loadAssetVersion } from './asset.service.ts';
import { authorise, teamsInReach } from './authorise.ts';
import { EnrichmentRun, type RunHost } from './enrichment-run.ts';
import { enrichmentSteps } from './enrichment-steps/registry.ts';
import {
  enricherNames,
  enrichersFor,
  isEnricherName,
  type EnricherName,
  type EnrichmentDeps,
  type EnrichmentQueue,
  type EnrichOptions,
  type EnrichOutcome,
  type StepOutcome,
} from './enrichment-types.ts';

export { enricherNames, enrichersFor, isEnricherName } from './enrichment-types.ts';
export type {
  EnricherName,
  EnrichmentDeps,
  EnrichmentQueue,
  EnrichmentRequest,
  EnrichOptions,
  EnrichOutcome,
  LocalFile,
  StepOutcome,
  VariantSuggester,
} from './enrichment-types.ts';
export { EnrichmentReader } from './enrichment-reader.ts';
export type { ContentFacts, EnrichmentView, PreviewDeps, PreviewRenderer } from './enrichment-reader.ts';

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

/**
 * Queues the enrichment of every asset matching `filter` (current version) at backfill priority: the job system runs
 * it. One pending job per (version, selection): asking twice queues once.
 */
export async function scheduleEnrichment(
  ctx: RequestContext,
  deps: { store: UnitOfWork<'assets' | 'jobs'>; queue: EnrichmentQueue },
  filter: AssetFilter,
  options: {
    only?: readonly EnricherName[];
    force?: boolean;
    onItem?: (assetId: string, created: boolean) => void;
  } = {},
): Promise<{ queued: number; alreadyQueued: number }> {
  const { store, queue } = deps;
  // Enriching again rewrites what is recorded of an asset: the assets of the teams the caller may edit.
  const teamIds = teamsInReach(ctx, 'asset:edit');
  const query = { ...filter, ...(teamIds ? { teamIds } : {}) };
  let queued = 0;
  let alreadyQueued = 0;
  let cursor: string | undefined;
  do {
    const page = await store.assets.list(query, { limit: 200, ...(cursor ? { cursor } : {}) });
    await store.transaction(async (tx) => {
      for (const asset of page.items) {
        const { created } = await queue.enqueue(
          tx,
          {
            assetId: asset.id,
            version: asset.currentVersion,
            ...(options.only ? { only: [...options.only] } : {}),
            ...(options.force ? { force: true } : {}),
          },
          { priority: 'backfill' },
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

export class EnrichmentService implements RunHost {
  /** Start of the last complete load or refresh: wall clock for the stored_at query, monotonic for its age. */
  private indexed: { wall: number; mono: number } | undefined;
  private refreshing: { mono: number; done: Promise<void> } | undefined;

  constructor(private readonly deps: EnrichmentDeps) {}

  /** Fills the similarity index from the database (every asset's current hashes); call once at startup. */
  async loadIndex(pageSize = 5000): Promise<number> {
    const started = { wall: Date.now(), mono: performance.now() };
    const loaded = await this.readHashes(
      async (after) => this.deps.store.enrichment.currentHashes(after, pageSize),
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
      async (after) => this.deps.store.enrichment.currentHashesStoredSince(since, after, pageSize),
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
    return enrichmentSteps.get(name)?.producer(this.deps);
  }

  /** Needs asset:edit on the asset's team (a run rewrites what is recorded of it); audited as the context's actor. */
  async enrichVersion(
    ctx: RequestContext,
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
    const { asset, version } = await loadAssetVersion(ctx, this.deps.store, assetId, versionNumber);
    authorise(ctx, 'asset:edit', asset.team?.id ?? null);
    const run = new EnrichmentRun(ctx, this.deps, this, asset, version, options);
    return run.execute(enrichersFor(asset.kind).filter((n) => !options.only || options.only.includes(n)));
  }

  /**
   * Enriches the current version of every asset matching `filter` (the backfill of `provena enrich`), a few at a
   * time; one asset's failure is reported in its item and does not stop the others.
   */
  async enrichAll(ctx: RequestContext, filter: AssetFilter, options: BackfillOptions = {}): Promise<BackfillItem[]> {
    const teamIds = teamsInReach(ctx, 'asset:edit');
    const query = { ...filter, ...(teamIds ? { teamIds } : {}) };
    // One queue of assets fed page by page, the next page read while the last ones are enriched, so that no worker
    // idles at a page boundary.
    let page = await this.deps.store.assets.list(query, { limit: 100 });
    let next = 0;
    let reading: Promise<void> | undefined;
    const take = async (): Promise<string | undefined> => {
      for (;;) {
        if (next < page.items.length) {
          const asset = page.items[next++]!;
          const cursor = page.nextCursor;
          if (next === page.items.length && cursor && !reading) {
            reading = this.deps.store.assets.list(query, { limit: 100, cursor }).then((read) => {
              page = read;
              next = 0;
              reading = undefined;
            });
          }
          return asset.id;
        }
        if (!reading) return undefined;
        await reading;
      }
    };
    return this.backfill(ctx, take, options);
  }

  /**
   * Enriches the current version of each listed asset (`provena enrich --now <ids>`), a few at a time, in the same
   * way as enrichAll: an asset that does not exist or fails is reported in its item.
   */
  async enrichAssets(
    ctx: RequestContext,
    assetIds: readonly string[],
    options: BackfillOptions = {},
  ): Promise<BackfillItem[]> {
    let next = 0;
    return this.backfill(ctx, async () => Promise.resolve(assetIds[next++]), options);
  }

  /** Runs `options.concurrency` workers over the asset ids `take` hands out until it has none left. */
  private async backfill(
    ctx: RequestContext,
    take: () => Promise<string | undefined>,
    options: BackfillOptions,
  ): Promise<BackfillItem[]> {
    const items: BackfillItem[] = [];
    const concurrency = Math.max(1, Math.min(16, options.concurrency ?? 2));
    const worker = async (): Promise<void> => {
      for (let assetId = await take(); assetId !== undefined; assetId = await take()) {
        const item = await this.backfillItem(ctx, assetId, options);
        items.push(item);
        options.onItem?.(item);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return items;
  }

  private async backfillItem(ctx: RequestContext, assetId: string, options: EnrichOptions): Promise<BackfillItem> {
    try {
      const outcome = await this.enrichVersion(ctx, assetId, undefined, options);
      return {
        assetId,
        ok: outcome.steps.every((s) => s.status !== 'failed'),
        steps: outcome.steps,
        nearDuplicates: outcome.nearDuplicates.filter((l) => l.verdict === 'near-duplicate').length,
      };
    } catch (error) {
      return {
        assetId,
        ok: false,
        steps: [],
        nearDuplicates: 0,
        error: isProvenaError(error)
          ? { code: error.code, message: error.message }
          : { code: 'INTERNAL', message: String(error) },
      };
    }
  }
}

export interface BackfillOptions extends EnrichOptions {
  /** Assets enriched at once (1–16, default 2). */
  concurrency?: number;
  /** Called as each asset is done, in completion order. */
  onItem?: (item: BackfillItem) => void;
}

export interface BackfillItem {
  assetId: string;
  ok: boolean;
  steps: StepOutcome[];
  nearDuplicates: number;
  error?: { code: string; message: string };
}
