/**
 * The vocabulary of enrichment shared by its modules: the enricher names and which apply to an asset kind, what a
 * run is asked and what it reports, and the dependencies the service, a run and the reader are built on. Runtime
 * values here are plain data and pure functions (the names are those of the step registry), so that enrichment.service.ts, enrichment-run.ts and
 * enrichment-reader.ts can all import them without importing each other; enrichment.service.ts re-exports all of it
 * for the rest of the code base.
 */
import type { AssetKind, AssetVersion, AssetWithVersions } from '../domain/asset.ts';
import type { Enrichers, SimilarityIndex } from '../domain/enrichers.ts';
import type { RequestContext } from '../domain/access.ts';
import type { JobQueue } from '../domain/jobs.ts';
import type { BlobStore, StoreTx, Transaction, UnitOfWork } from '../domain/ports.ts';
import type { NearDuplicateLink, VariantFamily } from '../domain/sameness.ts';
import type { WorkflowService } from './workflow.service.ts';
import type { BrandGate } from './brand-gate.ts';
import { enrichmentSteps, stepsFor } from './enrichment-steps/registry.ts';

/**
 * The enrichers, in run order: the names of the steps registered in enrichment-steps/registry.ts (hashes and the
 * near-duplicate check first of the pixel steps, so that a match is flagged as early as possible; variants last).
 */
export const enricherNames = enrichmentSteps.names;
export type EnricherName = (typeof enricherNames)[number];

export const isEnricherName = (value: string): value is EnricherName =>
  (enricherNames as readonly string[]).includes(value);

/** What the enrichment of one version is asked: the payload of its job (enrich.version, jobs/enrichment.jobs.ts). */
export interface EnrichmentRequest {
  assetId: string;
  /** Default: the current version when the job runs. */
  version?: number;
  only?: EnricherName[];
  force?: boolean;
}

/** Queues a version's enrichment in the caller's transaction (the job system runs it): made from the job's type. */
export type EnrichmentQueue = JobQueue<EnrichmentRequest>;

export interface EnrichOptions {
  only?: readonly EnricherName[];
  force?: boolean;
  /**
   * Whether a step that failed with this code will run again (its job is retried): the run then leaves the asset in
   * `enriching`. Default: no failure is retried, so a run that ends finishes the version's enrichment.
   */
  willRetry?: (code: string) => boolean;
  /** The run stops at its next step once this is aborted (its job was cancelled, say), recording nothing. */
  signal?: AbortSignal;
  /**
   * Runs first in the transaction that records the run and throws when nothing may be recorded: the job running it
   * checks there that it still holds its lease (cancelled, timed out or taken over: it does not).
   */
  guard?: (tx: Pick<StoreTx, 'jobs'>) => Promise<void>;
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
  /** In the run's closing transaction `tx`, as the run's actor. */
  suggestFor(
    ctx: RequestContext,
    tx: Transaction<'families' | 'audit'>,
    asset: AssetWithVersions,
    version: AssetVersion,
    visual: NearDuplicateLink[],
  ): Promise<{ family?: VariantFamily; suggested: number }>;
}

/** What the enrichment service reads and writes: its results, the assets, families (variants), audit, jobs (lease). */
export type EnrichmentRepositories =
  'riskPolicies' | 'assets' | 'enrichment' | 'families' | 'audit' | 'jobs' | 'events' | 'brand';

export interface EnrichmentDeps {
  store: UnitOfWork<EnrichmentRepositories>;
  /** Takes a finished run's asset on to review (finish-enrichment), in the run's transaction. */
  workflow: Pick<WorkflowService, 'transitionIfDue'>;
  /** Routes the finished asset to brand_check (queuing its check) where a guideline applies; absent: to review. */
  brandGate?: Pick<BrandGate, 'routeAfterEnrichment'>;
  blobs: BlobStore;
  enrichers: Enrichers;
  index: SimilarityIndex;
  localFile(sha256: string): Promise<LocalFile>;
  variants?: VariantSuggester;
  /**
   * How old (ms) the index's last refresh from the database may be before a similarity lookup refreshes it first:
   * default defaultSimilarityRefreshMs (enrichment.service.ts); 0 refreshes before every lookup; Infinity only loads
   * it once (a single process).
   */
  similarityRefreshMs?: number;
  /** How long a detector (OCR, faces and objects) may take on one picture before its step fails (default 2 min). */
  detectorTimeoutMs?: number;
}

/** Which enrichers apply to an asset kind (before configuration: an embedder or taggers may be absent). */
export function enrichersFor(kind: AssetKind): EnricherName[] {
  return stepsFor(kind).map((step) => step.name);
}
