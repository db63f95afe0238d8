/**
 * One enrichment run (EnrichmentRun): a single enrichVersion call over one asset version. It reads the results stored
 * before, runs the due steps of the registry (enrichment-steps/registry.ts) in their order, and writes everything they
 * recorded in one transaction at its end, in which the closing step, the variant suggestion, also runs (it reads other
 * assets' lineage and families and must not be outdated by the time it commits). What the steps need is made once per
 * run and only when a due step asks: the decoded working picture, the detail-size decode, the local file. A step
 * marked early starts as soon as its needs are met (the concept tags when the run starts; hashes, renditions and
 * palette when the picture is decoded, so that the pixel threads and libvips work at the same time); every step is
 * recorded in its turn. The run is created by EnrichmentService (enrichment.service.ts), which it reaches back only
 * through RunHost, so this module does not import the service.
 */
import type { AssetVersion, AssetWithVersions } from '../domain/asset.ts';
import type { DecodedPicture, RenditionBytes } from '../domain/enrichers.ts';
import type { Producer } from '../domain/enrichment.ts';
import { isProvenaError, ProvenaError } from '../domain/errors.ts';
import type { DetailImage } from '../domain/image-content.ts';
import { actorLabel, systemContext, type RequestContext } from '../domain/access.ts';
import type { BlobStat, EnrichmentRecord, Transaction } from '../domain/ports.ts';
import { NearDuplicateCheck } from './enrichment-steps/near-duplicate-check.ts';
import { enrichmentSteps } from './enrichment-steps/registry.ts';
import type { AnyEnrichmentStep, StepContext, StepNeed } from './enrichment-steps/step.ts';
import {
  enrichersFor,
  type EnricherName,
  type EnrichmentDeps,
  type EnrichmentRepositories,
  type EnrichOptions,
  type EnrichOutcome,
  type LocalFile,
  type StepOutcome,
} from './enrichment-types.ts';
import { keepRenditionFiles, storeRenditionFiles } from './rendition-files.ts';
import { rederiveTier } from './risk-tier.ts';

type RunTransaction = Transaction<EnrichmentRepositories>;

/** What a run needs from the service that starts it (EnrichmentService implements it). */
export interface RunHost {
  /** The producer (model and version) each enricher would record now; undefined when not configured. */
  producerOf(name: EnricherName): Producer | undefined;
  /** Brings the similarity index up to date with what other processes stored, before a look-up. */
  refreshIndex(): Promise<void>;
}

type Resource = 'picture' | 'detail' | 'file';
const resourceOf = (need: StepNeed): Resource | undefined =>
  need === 'picture' || need === 'file' ? need : 'detail' in need ? 'detail' : undefined;

/** One enrichVersion call: each need made once, the steps run in order, every result recorded in one transaction. */
export class EnrichmentRun implements StepContext {
  readonly actor: string;
  readonly similarity: NearDuplicateCheck;
  /** The one decode of this run, started by the first step that needs pixels. */
  private decoding: Promise<DecodedPicture> | undefined;
  /** The one detail-size decode, at the largest long edge a due step of the run needs. */
  private detailDecoding: Promise<DetailImage> | undefined;
  private file: LocalFile | undefined;
  /** The needs met so far (made, or failed: a step that needs a failed one fails with its error). */
  private readonly ready = new Set<Resource>();
  /** The poster frame extracted by this run's video step (its rows are not written until the run ends). */
  private poster: Uint8Array | undefined;
  /** The steps of this run, in order, and those of them with work (due). */
  private steps: readonly AnyEnrichmentStep[] = [];
  private readonly dueSteps = new Set<string>();
  /** Steps started ahead of their turn (early), by name: each step awaits its own result in run order. */
  private readonly computing = new Map<string, Promise<unknown>>();
  /** Steps whose computation has started (early or in their turn): none starts twice. */
  private readonly started = new Set<string>();
  /** Computations shared by steps (StepContext.once), by key. */
  private readonly shared = new Map<object | string, Promise<unknown>>();
  /** Rendition files whose bytes the blob store already held: kept in the closing transaction (keepRenditionFiles). */
  private readonly reused: RenditionBytes[] = [];
  /** What the run records, written in one transaction when it ends. */
  private readonly writes: ((tx: RunTransaction) => Promise<void>)[] = [];
  /** Each step's result (done or failed), written in one statement after `writes`. */
  private readonly results = new Map<string, EnrichmentRecord>();
  /** The results stored before this run, by enricher. */
  private readonly previousResults = new Map<string, EnrichmentRecord>();

  constructor(
    readonly ctx: RequestContext,
    readonly deps: EnrichmentDeps,
    private readonly host: RunHost,
    readonly asset: AssetWithVersions,
    readonly version: AssetVersion,
    readonly options: EnrichOptions,
  ) {
    this.actor = actorLabel(ctx.actor);
    this.similarity = new NearDuplicateCheck({
      deps,
      asset,
      version,
      actor: this.actor,
      hashedBefore: () => this.previousResults.has('hashes'),
      refreshIndex: async () => host.refreshIndex(),
      picture: async () => this.picture(),
      queueWrite: (write) => this.queueWrite(write),
    });
  }

  async execute(names: EnricherName[]): Promise<EnrichOutcome> {
    const outcomes: StepOutcome[] = [];
    this.steps = enrichmentSteps.ordered.filter((step) => names.includes(step.name));
    // The input file is looked for while the stored results are read: a missing or cut short original fails the run
    // (and so its job, which is retried and then dead) instead of recording every step as failed.
    const input = this.deps.blobs.stat(this.version.blob.sha256);
    input.catch(() => undefined);
    try {
      for (const record of await this.deps.store.enrichment.results(this.version.id))
        this.previousResults.set(record.enricher, record);
      this.checkInput(await input);
      for (const step of this.steps)
        if (this.due(this.host.producerOf(step.name as EnricherName), this.previous(step.name)))
          this.dueSteps.add(step.name);
      this.startEarly();
      // The closing step suggests inside the closing transaction: one commit per run.
      const closing = this.steps.find((step) => step.closing && this.dueSteps.has(step.name));
      for (const step of this.steps) {
        this.options.signal?.throwIfAborted();
        if (step !== closing) outcomes.push(await this.step(step));
      }
      await this.similarity.recheckWithEmbedding();
      if (this.file && outcomes.some((s) => s.status === 'failed')) await this.checkInputBytes();
      this.options.signal?.throwIfAborted();
      // Only a run over an asset in enrichment, for its current version, may take it on to review.
      const mayFinish = this.asset.status === 'enriching' && this.version.number === this.asset.currentVersion;
      if (closing || this.writes.length > 0 || this.results.size > 0 || (mayFinish && this.finishes(outcomes))) {
        await this.deps.store.transaction(async (tx) => {
          await this.options.guard?.(tx);
          await keepRenditionFiles(tx, this.deps.blobs, this.reused);
          for (const write of this.writes) await write(tx);
          if (closing) outcomes.push(await this.step(closing, tx));
          if (this.results.size > 0) await tx.enrichment.saveResults([...this.results.values()]);
          if (mayFinish && this.finishes(outcomes)) await this.finish(tx);
        });
      }
    } finally {
      await this.file?.release();
    }
    return {
      assetId: this.asset.id,
      versionNumber: this.version.number,
      steps: outcomes,
      nearDuplicates: this.similarity.links,
    };
  }

  /**
   * Whether every enricher of the version now has a final result: done (now or before), not applicable, or failed
   * with nothing more to try (willRetry). An enricher outside this run (`only`) counts by its stored result.
   */
  private finishes(steps: readonly StepOutcome[]): boolean {
    const outcomes = new Map(steps.map((step) => [step.enricher, step]));
    return enrichersFor(this.asset.kind).every((name) => {
      const step = outcomes.get(name);
      if (!step) return this.host.producerOf(name) === undefined || this.previousResults.has(name);
      return step.status !== 'failed' || !this.options.willRetry?.(step.error?.code ?? 'INTERNAL');
    });
  }

  /**
   * finish-enrichment in the run's transaction, if the asset is still in enrichment with this version current (it
   * may have been quarantined or given a new version meanwhile). A system transition: a person's run (`enrich
   * --now` on behalf of a user, later) takes it as the system.
   */
  private async finish(tx: RunTransaction): Promise<void> {
    const ctx = this.ctx.actor.kind === 'user' ? systemContext('enrichment') : this.ctx;
    // The tier with what enrichment found (tags, moderation scores), set just before the asset goes on to review.
    const current = await tx.assets.get(this.asset.id);
    if (current?.status === 'enriching' && current.currentVersion === this.version.number)
      await rederiveTier(ctx, tx, this.asset.id, { cause: 'enrichment-finished' });
    const due = (asset: AssetWithVersions) => asset.currentVersion === this.version.number;
    const details = { version: this.version.number };
    // Where a brand guideline applies, the asset goes to brand_check with its check queued (brand-gate.ts).
    if (this.deps.brandGate) await this.deps.brandGate.routeAfterEnrichment(ctx, tx, this.asset.id, due, details);
    else await this.deps.workflow.transitionIfDue(ctx, tx, this.asset.id, 'finish-enrichment', due, { details });
  }

  /** The original is in the blob store with its recorded size; BLOB_MISSING or INTEGRITY_ERROR otherwise. */
  private checkInput(stored: BlobStat | undefined): void {
    const { sha256, size } = this.version.blob;
    if (!stored)
      throw new ProvenaError('BLOB_MISSING', `The original of ${this.asset.id} v${this.version.number} is missing.`, {
        sha256,
      });
    if (stored.size !== size)
      throw new ProvenaError(
        'INTEGRITY_ERROR',
        `The original of ${this.asset.id} v${this.version.number} is ${stored.size} bytes; ${size} were stored.`,
        { sha256 },
      );
  }

  /**
   * After a step that read the original failed: whether the bytes are still those stored. Damaged bytes fail the run;
   * intact ones leave the failure to the step (a file the decoder cannot read is recorded as such). Hashing the
   * original on every run would cost more than a run's share of the budget; `doctor --verify` re-hashes everything.
   */
  private async checkInputBytes(): Promise<void> {
    const { sha256 } = this.version.blob;
    const intact = await this.deps.blobs.verify(sha256);
    if (intact === undefined) this.checkInput(undefined);
    if (intact === false)
      throw new ProvenaError(
        'INTEGRITY_ERROR',
        `The original of ${this.asset.id} v${this.version.number} no longer matches its SHA-256.`,
        { sha256 },
      );
  }

  /** Runs one step; `tx` is the closing transaction, for the closing step only (see execute). */
  private async step(step: AnyEnrichmentStep, tx?: RunTransaction): Promise<StepOutcome> {
    const name = step.name as EnricherName;
    const producer = this.host.producerOf(name);
    if (!producer) return { enricher: name, status: 'not-applicable' };
    if (!this.dueSteps.has(name))
      return { enricher: name, status: 'skipped', model: producer.model, modelVersion: producer.modelVersion };
    const started = performance.now();
    const queued = this.writes.length;
    try {
      const early = this.computing.get(name);
      this.computing.delete(name);
      this.started.add(name);
      const output: unknown = await (early ?? this.compute(step));
      const record = await step.persist(this, output, tx);
      if (record.write) this.writes.push(record.write);
      this.results.set(name, {
        versionId: this.version.id,
        ...producer,
        status: 'done',
        producedAt: new Date().toISOString(),
        result: record.result,
      });
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
      this.results.set(name, failed);
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
  private due(producer: Producer | undefined, previous: EnrichmentRecord | undefined): boolean {
    if (!producer) return false;
    const current =
      previous?.status === 'done' &&
      previous.model === producer.model &&
      previous.modelVersion === producer.modelVersion;
    return !current || this.options.force === true;
  }

  /** Meets the step's needs, then starts the early steps they make possible, then computes the step. */
  private async compute(step: AnyEnrichmentStep): Promise<unknown> {
    for (const need of step.needs) {
      const resource = resourceOf(need);
      if (resource === 'picture') await this.settled(this.picture(), 'picture');
      else if (resource === 'detail') await this.settled(this.detail(), 'detail');
      else if (resource === 'file') await this.settled(this.localPath(), 'file');
    }
    return step.compute(this);
  }

  /**
   * Awaits a need and marks it met (made, or failed: the steps that need it fail with its error when they await it),
   * then starts the early steps it makes possible.
   */
  private async settled(need: Promise<unknown>, resource: Resource): Promise<void> {
    try {
      await need;
    } finally {
      if (!this.ready.has(resource)) {
        this.ready.add(resource);
        this.startEarly();
      }
    }
  }

  /**
   * Starts every due early step of the run whose needs are met and that waits for no other step. A failure is
   * reported by the step that awaits it; the handler only keeps it from counting as unhandled.
   */
  private startEarly(): void {
    for (const step of this.steps) {
      if (!step.early || !this.dueSteps.has(step.name) || this.started.has(step.name)) continue;
      const met = step.needs.every((need) => {
        const resource = resourceOf(need);
        return resource !== undefined && this.ready.has(resource);
      });
      if (!met) continue;
      const computing = step.compute(this);
      computing.catch(() => undefined);
      this.started.add(step.name);
      this.computing.set(step.name, computing);
    }
  }

  previous(name: string): EnrichmentRecord | undefined {
    return this.previousResults.get(name);
  }

  async localPath(): Promise<string> {
    this.file ??= await this.deps.localFile(this.version.blob.sha256);
    return this.file.path;
  }

  /** Decodes the image (or, for video, the poster frame) once; a decode failure fails every pixel step with its code. */
  async picture(): Promise<DecodedPicture> {
    this.decoding ??= this.decodeOnce();
    return this.decoding;
  }

  private async decodeOnce(): Promise<DecodedPicture> {
    if (this.asset.kind !== 'video') return this.deps.enrichers.decode(await this.localPath());
    return this.deps.enrichers.decodeBytes(await this.posterBytes());
  }

  /** The detail-size decode, once, at the largest long edge that a due step of this run needs. */
  async detail(): Promise<DetailImage> {
    this.detailDecoding ??= this.decodeDetailOnce();
    return this.detailDecoding;
  }

  private async decodeDetailOnce(): Promise<DetailImage> {
    const longEdge = Math.max(
      0,
      ...this.steps
        .filter((step) => this.dueSteps.has(step.name))
        .flatMap((step) => step.needs.map((need) => (typeof need === 'object' && 'detail' in need ? need.detail : 0))),
    );
    if (longEdge === 0) throw new ProvenaError('INTERNAL', 'No due step of the run needs a detail-size decode.');
    const input = this.asset.kind === 'video' ? await this.posterBytes() : await this.localPath();
    return this.deps.enrichers.decodeDetail(input, longEdge);
  }

  /** The poster frame of a video: extracted by this run's video step, or stored by an earlier run. */
  private async posterBytes(): Promise<Uint8Array> {
    if (this.poster) return this.poster;
    const stored = (await this.deps.store.enrichment.renditions(this.version.id)).find((r) => r.role === 'poster');
    if (!stored)
      throw new ProvenaError('JOB_FAILED', 'The video has no poster frame yet: run the video enricher first.', {
        enricher: 'video',
      });
    return this.deps.blobs.read(stored.sha256);
  }

  setPoster(bytes: Uint8Array): void {
    this.poster = bytes;
  }

  async storeFiles(files: readonly RenditionBytes[]): Promise<void> {
    this.reused.push(...(await storeRenditionFiles(this.deps.blobs, files)));
  }

  async once<T>(key: object | string, make: () => Promise<T>): Promise<T> {
    let shared = this.shared.get(key) as Promise<T> | undefined;
    if (!shared) {
      shared = make();
      shared.catch(() => undefined); // reported by each step that awaits it
      this.shared.set(key, shared);
    }
    return shared;
  }

  queueWrite(write: (tx: RunTransaction) => Promise<void>): void {
    this.writes.push(write);
  }
}
