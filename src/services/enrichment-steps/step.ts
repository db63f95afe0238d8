/**
 * What an enrichment step is (EnrichmentStep): a name, the producer it records (model and version), the asset kinds
 * it applies to, what it needs, and how it computes and records its result. Steps are declared one per file beside
 * this one and registered in one list (registry.ts); EnrichmentRun (enrichment-run.ts) orders them from their needs
 * and runs them through StepContext, the one view of the run a step gets. Steps never reach each other directly:
 * what two steps share (the near-duplicate check, one detector call for faces and objects) goes through the context.
 */
import type { AssetKind, AssetVersion, AssetWithVersions } from '../../domain/asset.ts';
import type { RequestContext } from '../../domain/access.ts';
import type { DecodedPicture, RenditionBytes } from '../../domain/enrichers.ts';
import type { Producer } from '../../domain/enrichment.ts';
import type { DetailImage } from '../../domain/image-content.ts';
import type { EnrichmentRecord, Transaction } from '../../domain/ports.ts';
import type { EnrichmentDeps, EnrichmentRepositories, EnrichOptions } from '../enrichment-types.ts';
import type { NearDuplicateCheck } from './near-duplicate-check.ts';

export type RunTransaction = Transaction<EnrichmentRepositories>;

/**
 * What a step needs before it computes:
 * - 'picture': the decoded working picture (≤ 256 px; of a video, its poster frame), decoded once per run;
 * - { detail: n }: the detail-size decode with a long edge of at least n px (one decode per run, at the largest size
 *   a due step asks for);
 * - 'file': the original as a local file;
 * - { step: name }: another step's output, so that step runs first when both are in the run.
 * The pictures of a video come from the poster frame the 'video' step makes: steps that need one run after it.
 */
export type StepNeed = 'picture' | 'file' | { detail: number } | { step: string };

/** What a step records: its result row (shown in the asset's enrichments) and the writes of its facts. */
export interface StepRecord {
  result: Record<string, unknown>;
  write?: (tx: RunTransaction) => Promise<void>;
}

/** The run as a step sees it. */
export interface StepContext {
  readonly ctx: RequestContext;
  readonly deps: EnrichmentDeps;
  readonly asset: AssetWithVersions;
  readonly version: AssetVersion;
  readonly options: EnrichOptions;
  /** The audit actor of the run (actorLabel of ctx.actor). */
  readonly actor: string;
  /** The result stored for a step before this run. */
  previous(name: string): EnrichmentRecord | undefined;
  /** The decoded working picture (needs 'picture'). */
  picture(): Promise<DecodedPicture>;
  /** The detail-size decode (needs { detail }). */
  detail(): Promise<DetailImage>;
  /** The original as a local file (needs 'file'). */
  localPath(): Promise<string>;
  /** Stores rendition files now (content-addressed; their rows are written when the run ends). */
  storeFiles(files: readonly RenditionBytes[]): Promise<void>;
  /** The video poster frame this run extracted, for the run's picture (its rows are written when the run ends). */
  setPoster(bytes: Uint8Array): void;
  /**
   * One computation per run under `key` (a name, or the object that computes it), shared by the steps that ask for
   * it: faces and objects get one detection from their detector.
   */
  once<T>(key: object | string, make: () => Promise<T>): Promise<T>;
  /** Queues a write for the run's closing transaction (beside those of the step's record). */
  queueWrite(write: (tx: RunTransaction) => Promise<void>): void;
  /** The near-duplicate check of this version (hashes, embeddings and variants take part in it). */
  readonly similarity: NearDuplicateCheck;
}

/** One enrichment step. `T` is what compute hands to persist. */
export interface EnrichmentStep<N extends string = string, T = unknown> {
  readonly name: N;
  readonly kinds: readonly AssetKind[];
  readonly needs: readonly StepNeed[];
  /** The producer it would record now; undefined when not configured (the step is then not applicable). */
  producer(deps: EnrichmentDeps): Producer | undefined;
  /**
   * Started as soon as its needs are met (the run started, or the picture decoded) rather than at its turn, so that
   * its work overlaps the steps before it; its result is still recorded in order.
   */
  readonly early?: boolean;
  /** Runs last, inside the transaction that records the run (it must not be outdated by the time that commits). */
  readonly closing?: boolean;
  /** Makes a video's poster frame (setPoster): the steps that need a picture of a video run after it. */
  readonly providesPoster?: boolean;
  compute(run: StepContext): Promise<T>;
  /** Records the output; `tx` is the closing transaction, given to the closing step only. */
  persist(run: StepContext, output: T, tx?: RunTransaction): Promise<StepRecord>;
}

/** Any step, whatever its output: what the registry holds. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEnrichmentStep = EnrichmentStep<string, any>;

/** Keeps a step's literal name (so that the registry's names form a type) and ties compute's output to persist. */
export function defineStep<const N extends string, T>(step: EnrichmentStep<N, T>): EnrichmentStep<N, T> {
  return step;
}

export const pictureKinds: readonly AssetKind[] = ['image', 'video'];
