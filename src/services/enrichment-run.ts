/**
 * One enrichment run (EnrichmentRun): a single enrichVersion call over one asset version. It reads the results stored
 * before, decodes the picture at most once, starts the pixel work, runs the due steps in order (hashes and the
 * near-duplicate check, renditions, palette, embeddings, tags) and writes everything it recorded in one transaction
 * at its end, in which the last step, the variant suggestion, also runs (it reads other assets' lineage and families
 * and must not be outdated by the time it commits). The run is created by EnrichmentService (enrichment.service.ts),
 * which it reaches back only through RunHost, so this module does not import the service.
 */
import type { AssetVersion, AssetWithVersions } from '../domain/asset.ts';
import { digestOf } from '../domain/audit.ts';
import type { DecodedPicture, RenditionBytes, SimilarityProbe } from '../domain/enrichers.ts';
import {
  conceptTagSources,
  type PaletteColour,
  type Producer,
  type Rendition,
  type Tag,
  type VisualSignals,
} from '../domain/enrichment.ts';
import { isProvenaError, ProvenaError } from '../domain/errors.ts';
import { actorLabel, systemContext, type RequestContext } from '../domain/access.ts';
import type { BlobStat, EnrichmentRecord, Transaction } from '../domain/ports.ts';
import type { NearDuplicateLink } from '../domain/sameness.ts';
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
import { keepRenditionFiles, readAll, storeRenditionFiles } from './rendition-files.ts';
import { rederiveTier } from './risk-tier.ts';

/** Enrichers that need decoded pixels (of the image, or of a video's poster frame). */
const pixelEnrichers: ReadonlySet<EnricherName> = new Set([
  'renditions',
  'palette',
  'embeddings',
  'visual-tags',
  'hashes',
]);

/**
 * Bumped when the near-duplicate rule changes; recorded on each link as `decidedBy`. 2: flat regions need an embedding.
 * 3: a picture with a side under 32 px is never matched by its hashes (hashesCarryInformation).
 */
const similarityRule = 'phash-dhash-mih@3';

type RunTransaction = Transaction<EnrichmentRepositories>;

/** What a run needs from the service that starts it (EnrichmentService implements it). */
export interface RunHost {
  /** The producer (model and version) each enricher would record now; undefined when not configured. */
  producerOf(name: EnricherName): Producer | undefined;
  /** Brings the similarity index up to date with what other processes stored, before a look-up. */
  refreshIndex(): Promise<void>;
}

/** One enrichVersion call: decode at most once, run the steps in order, record every result in one transaction. */
export class EnrichmentRun {
  /** The one decode of this run, started by the first step that needs pixels. */
  private decoding: Promise<DecodedPicture> | undefined;
  /**
   * The concept tags need no pixels: asked for when the run starts, so that the enrichers can work them out (in a
   * pixel thread) while the image decodes; recorded by their own step in the usual order.
   */
  private earlyConceptTags: Promise<Tag[]> | undefined;
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
  /** Rendition files whose bytes the blob store already held: kept in the closing transaction (keepRenditionFiles). */
  private readonly reused: RenditionBytes[] = [];
  /** What the run records, written in one transaction when it ends. */
  private readonly writes: ((tx: RunTransaction) => Promise<void>)[] = [];
  /** Each step's result (done or failed), written in one statement after `writes`. */
  private readonly results = new Map<EnricherName, EnrichmentRecord>();
  /** The results stored before this run, by enricher. */
  private readonly previous = new Map<string, EnrichmentRecord>();
  private readonly actor: string;

  constructor(
    private readonly ctx: RequestContext,
    private readonly deps: EnrichmentDeps,
    private readonly host: RunHost,
    private readonly asset: AssetWithVersions,
    private readonly version: AssetVersion,
    private readonly options: EnrichOptions,
  ) {
    this.actor = actorLabel(ctx.actor);
  }

  async execute(names: EnricherName[]): Promise<EnrichOutcome> {
    const steps: StepOutcome[] = [];
    this.names = names;
    // The input file is looked for while the stored results are read: a missing or cut short original fails the run
    // (and so its job, which is retried and then dead) instead of recording every step as failed.
    const input = this.deps.blobs.stat(this.version.blob.sha256);
    input.catch(() => undefined);
    try {
      for (const record of await this.deps.store.enrichment.results(this.version.id))
        this.previous.set(record.enricher, record);
      this.checkInput(await input);
      if (this.dueInRun('concept-tags')) {
        this.earlyConceptTags = this.computeConceptTags();
        this.earlyConceptTags.catch(() => undefined); // reported by the step that awaits it
      }
      // The variant step (always the last) suggests inside the closing transaction: one commit per run.
      const closing = names.includes('variants') && this.dueInRun('variants') ? 'variants' : undefined;
      for (const name of names) {
        this.options.signal?.throwIfAborted();
        if (name !== closing) steps.push(await this.step(name, this.previous.get(name)));
      }
      await this.recheckWithEmbedding();
      if (this.file && steps.some((s) => s.status === 'failed')) await this.checkInputBytes();
      this.options.signal?.throwIfAborted();
      // Only a run over an asset in enrichment, for its current version, may take it on to review.
      const mayFinish = this.asset.status === 'enriching' && this.version.number === this.asset.currentVersion;
      if (closing || this.writes.length > 0 || this.results.size > 0 || (mayFinish && this.finishes(steps))) {
        await this.deps.store.transaction(async (tx) => {
          await this.options.guard?.(tx);
          await keepRenditionFiles(tx, this.deps.blobs, this.reused);
          for (const write of this.writes) await write(tx);
          if (closing) steps.push(await this.step(closing, this.previous.get(closing), tx));
          if (this.results.size > 0) await tx.enrichment.saveResults([...this.results.values()]);
          if (mayFinish && this.finishes(steps)) await this.finish(tx);
        });
      }
    } finally {
      await this.file?.release();
    }
    return { assetId: this.asset.id, versionNumber: this.version.number, steps, nearDuplicates: this.links };
  }

  /**
   * Whether every enricher of the version now has a final result: done (now or before), not applicable, or failed
   * with nothing more to try (willRetry). An enricher outside this run (`only`) counts by its stored result.
   */
  private finishes(steps: readonly StepOutcome[]): boolean {
    const outcomes = new Map(steps.map((step) => [step.enricher, step]));
    return enrichersFor(this.asset.kind).every((name) => {
      const step = outcomes.get(name);
      if (!step) return this.host.producerOf(name) === undefined || this.previous.has(name);
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
    await this.deps.workflow.transitionIfDue(
      ctx,
      tx,
      this.asset.id,
      'finish-enrichment',
      (asset) => asset.currentVersion === this.version.number,
      { details: { version: this.version.number } },
    );
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

  /** Runs one step; `tx` is the closing transaction, for the variant step only (see execute). */
  private async step(
    name: EnricherName,
    previous: EnrichmentRecord | undefined,
    tx?: RunTransaction,
  ): Promise<StepOutcome> {
    const producer = this.host.producerOf(name);
    if (!producer) return { enricher: name, status: 'not-applicable' };
    if (!this.due(producer, previous))
      return { enricher: name, status: 'skipped', model: producer.model, modelVersion: producer.modelVersion };
    const started = performance.now();
    const queued = this.writes.length;
    try {
      await this.runStep(name, tx);
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

  /** Whether the step is one of this run's and has work (see due). */
  private dueInRun(name: EnricherName): boolean {
    return this.names.includes(name) && this.due(this.host.producerOf(name), this.previous.get(name));
  }

  /** Starts the due hashes, renditions and palette steps on the decoded picture (once per run). */
  private startPixelWork(picture: DecodedPicture): void {
    if (this.started) return;
    this.started = true;
    const { enrichers } = this.deps;
    // A failure is reported by the step that awaits it; these handlers only keep it from counting as unhandled. Not
    // async on purpose: an async wrapper would be a second promise, rejected with nobody handling it.
    // eslint-disable-next-line @typescript-eslint/promise-function-async
    const quiet = <T>(promise: Promise<T>): Promise<T> => {
      promise.catch(() => undefined);
      return promise;
    };
    if (this.dueInRun('hashes')) this.early.hashes = quiet(enrichers.hashes(picture));
    if (this.dueInRun('palette')) this.early.palette = quiet(enrichers.palette(picture));
    // The rendition files are stored as soon as each is encoded, so that their writes and fsyncs overlap the pixel
    // thread's work (placeholder, hashes, palette) instead of following it on the run's critical path (bytes without
    // rows are orphans `doctor --fix` removes).
    if (this.dueInRun('renditions')) this.early.renditions = quiet(this.makeRenditions(picture));
  }

  private async runStep(name: EnricherName, tx: RunTransaction | undefined): Promise<void> {
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
        if (!tx) throw new ProvenaError('INTERNAL', 'The variant step runs in the closing transaction.');
        return this.variants(tx);
    }
  }

  private async localPath(): Promise<string> {
    this.file ??= await this.deps.localFile(this.version.blob.sha256);
    return this.file.path;
  }

  /** Decodes the image (or, for video, the poster frame) once; a decode failure fails every pixel step with its code. */
  private async decode(): Promise<DecodedPicture> {
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
  private record(
    name: EnricherName,
    result: Record<string, unknown>,
    write?: (tx: RunTransaction) => Promise<void>,
  ): void {
    const done: EnrichmentRecord = {
      versionId: this.version.id,
      ...this.host.producerOf(name)!,
      status: 'done',
      producedAt: new Date().toISOString(),
      result,
    };
    if (write) this.writes.push(write);
    this.results.set(name, done);
  }

  private async storeFiles(files: readonly RenditionBytes[]): Promise<void> {
    this.reused.push(...(await storeRenditionFiles(this.deps.blobs, files)));
  }

  /** The renditions of the decoded picture, each file stored as soon as it is encoded. */
  private async makeRenditions(picture: DecodedPicture): Promise<{ files: RenditionBytes[]; signals: VisualSignals }> {
    return this.deps.enrichers.renditions(picture, async (file) => this.storeFiles([file]));
  }

  private async video(): Promise<void> {
    const analysis = await this.deps.enrichers.video(await this.localPath());
    const files = [analysis.poster, ...analysis.keyframes];
    await this.storeFiles(files);
    this.poster = analysis.poster.bytes;
    const at = new Date().toISOString();
    this.record('video', { facts: analysis.facts, keyframes: analysis.keyframes.length }, async (tx) =>
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
    const made = await (this.early.renditions ?? this.makeRenditions(picture));
    this.early.renditions = undefined;
    const at = new Date().toISOString();
    // A preview made on request before the first run is kept; a recompute (forced, or a new encoder) drops the stored
    // one, which is then made again on its next request.
    const roles: Rendition['role'][] = this.previous.has('renditions') ? ['thumbnail', 'preview'] : ['thumbnail'];
    this.record(
      'renditions',
      { signals: made.signals, source: picture.facts, roles: made.files.map((f) => f.rendition.role) },
      async (tx) =>
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
    this.record('palette', { colours: colours.length }, async (tx) =>
      tx.enrichment.replacePalette(this.version.id, colours),
    );
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
    this.record('embeddings', { dimensions: vector.length }, async (tx) =>
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
    this.record('visual-tags', { tags: tags.length, moderation }, async (tx) =>
      tx.enrichment.replaceTags(this.version.id, ['visual'], tags),
    );
  }

  private async hashes(): Promise<void> {
    const picture = await this.decode();
    const probe = await (this.early.hashes ?? this.deps.enrichers.hashes(picture));
    this.early.hashes = undefined;
    const producer = this.host.producerOf('hashes')!;
    const links = await this.checkSimilarity(probe);
    this.record(
      'hashes',
      { ...probe.stored, nearDuplicates: links.filter((l) => l.verdict === 'near-duplicate').length },
      async (tx) =>
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
    // A version never hashed has no links of its own (they are written with its hashes): nothing to read.
    this.flagged ??= !this.previous.has('hashes')
      ? new Set()
      : new Set(
          (await store.enrichment.linksOf(this.asset.id))
            .filter(
              (l) =>
                l.assetId === this.asset.id &&
                l.versionNumber === this.version.number &&
                l.verdict === 'near-duplicate',
            )
            .map((l) => l.matchedAssetId),
        );
    // Hashes other processes stored since the last refresh. A failure fails this step (recorded, and retried by the
    // next run) rather than checking against a stale index: a near-duplicate missed here is flagged by no one later,
    // whereas a failed step is visible in the asset's enrichments and the job's outcome.
    await this.host.refreshIndex();
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

  private async computeConceptTags(): Promise<Tag[]> {
    const prompt = this.asset.prompt ?? this.version.provenance.prompt?.positive;
    return this.deps.enrichers.conceptTags({ ...(prompt ? { prompt } : {}), fileName: this.version.fileName });
  }

  private async conceptTags(): Promise<void> {
    const tags = await (this.earlyConceptTags ?? this.computeConceptTags());
    this.earlyConceptTags = undefined;
    this.record('concept-tags', { tags: tags.length }, async (tx) =>
      tx.enrichment.replaceTags(this.version.id, conceptTagSources, tags),
    );
  }

  /**
   * In a savepoint of the closing transaction: when it fails, its reads and writes are undone (PostgreSQL also needs
   * that to go on after a failed statement) and the failure is recorded like any step's.
   */
  private async variants(tx: RunTransaction): Promise<void> {
    const outcome = await tx.attempt(async (inner) => {
      // Visual variant candidates come from this run's similarity check, or from the links stored by an earlier one.
      const links = this.probe
        ? this.links
        : (await inner.enrichment.linksOf(this.asset.id)).filter(
            (l) => l.assetId === this.asset.id && l.versionNumber === this.version.number,
          );
      const visual = links.filter((l) => l.verdict === 'variant-candidate');
      return this.deps.variants!.suggestFor(this.ctx, inner, this.asset, this.version, visual);
    });
    this.record('variants', {
      suggested: outcome.suggested,
      ...(outcome.family ? { familyId: outcome.family.id } : {}),
    });
  }
}
