/**
 * The ports: interfaces the services depend on and storage/, blobs/, media/, provenance/ implement.
 * Only src/main/ knows which implementation stands behind each.
 */
import type { SearchRepository } from './search.ts';
import type { Readable } from 'node:stream';
import type {
  Asset,
  AssetFilter,
  AssetKind,
  AssetStatus,
  AssetVersion,
  AssetWithVersions,
  BlobRef,
  Page,
  Team,
} from './asset.ts';
import type { AuditEntry, AuditEvent, ChainHead, CheckpointReading } from './audit.ts';
import type { BrandRepository } from './brand-records.ts';
import type { CollectionRepository } from './collection.ts';
import type { PresetRepository } from './export-presets.ts';
import type { JobRepository } from './jobs.ts';
import type { Embedding, PaletteColour, Producer, Rendition, Tag } from './enrichment.ts';
import type { EventRepository } from './events.ts';
import type { IdentityRepository } from './identity.ts';
import type { ReviewRepository } from './review-records.ts';
import type { RiskTier } from './review.ts';
import type { RiskPolicyRepository } from './risk-policy.ts';
import type { RightsRepository } from './rights.ts';
import type { ShareLinkRepository } from './share-link.ts';
import type { RenditionCacheRepository } from './rendition-cache.ts';
import type {
  FamilyMember,
  FamilyState,
  NearDuplicateLink,
  StoredPerceptualHashes,
  VariantFamily,
} from './sameness.ts';

// ---------------------------------------------------------------------------------------------------------------
// Blobs

/** Bytes written to temporary storage with their digest known, not yet visible under their content address. */
export interface StagedBlob extends BlobRef {
  /** A local file holding the bytes, readable until commit or discard (inspection, provenance parsing). */
  readonly path: string;
  /**
   * The whole content, kept while streaming when it is small (a few MB, typical of generated images), so that
   * inspection and provenance reading need not read the file again. Absent for larger files.
   */
  readonly bytes?: Uint8Array;
}

export interface BlobStat extends BlobRef {
  modifiedAt: Date;
}

export interface BlobStore {
  /**
   * Streams `source` to temporary storage, hashing on the way; refuses (FILE_TOO_LARGE) once `maxBytes` is passed.
   * Bytes the caller already holds (a small local file read whole) are staged without another copy.
   */
  stage(source: Readable | Uint8Array, options: { maxBytes: number }): Promise<StagedBlob>;
  /**
   * Makes staged bytes durable under their SHA-256, read-only. Storing bytes that already exist keeps one copy. The
   * staged bytes stay readable until discard.
   */
  commit(staged: StagedBlob): Promise<{ created: boolean }>;
  /**
   * Called in the transaction that records a committed blob, holding its digest (StoreTransaction.holdBlob): the
   * blob is still in place, or is put back from the staged bytes when garbage collection (doctor --fix) removed it
   * since commit (it can: the bytes may have been an old orphan that the commit found and kept).
   */
  keep(staged: StagedBlob): Promise<void>;
  /**
   * Stage and commit in one step, for bytes the caller already holds (a rendition). When `sha256` is given and the
   * bytes do not match it, nothing is stored (INTEGRITY_ERROR).
   */
  put(bytes: Uint8Array, options?: { sha256?: string }): Promise<{ sha256: string; created: boolean }>;
  discard(staged: StagedBlob): Promise<void>;
  /**
   * The stored bytes, whole or a range (inclusive), once they are known to still hash to `sha256` (a range too): bytes
   * that do not are refused (INTEGRITY_ERROR), a missing blob is NOT_FOUND.
   */
  open(sha256: string, range?: { start: number; end: number }): Promise<Readable>;
  /**
   * The whole of the stored bytes in one buffer, checked as `open` checks them: for a reader that needs all of them
   * at once (a decoder), which would otherwise gather a stream's chunks and join them.
   */
  read(sha256: string): Promise<Buffer>;
  stat(sha256: string): Promise<BlobStat | undefined>;
  /** Re-reads the bytes and compares their digest with the address; false when they differ, undefined when absent. */
  verify(sha256: string): Promise<boolean | undefined>;
  list(): AsyncIterable<BlobStat>;
  delete(sha256: string): Promise<void>;
  /** Removes abandoned temporary files older than `olderThan`; returns how many. */
  sweepStaging(olderThan: Date): Promise<number>;
  /** How many temporary files sweepStaging would remove. */
  staleStaging(olderThan: Date): Promise<number>;
}

// ---------------------------------------------------------------------------------------------------------------
// Media inspection

export interface MediaInfo {
  mediaType: string;
  kind: AssetKind;
  width?: number;
  height?: number;
}

export interface MediaInspector {
  /** Sniffs the type from the bytes, checks it against the file name and checks structure; throws ProvenaError. */
  inspect(file: { path: string; size: number; bytes?: Uint8Array }, fileName: string): Promise<MediaInfo>;
}

// ---------------------------------------------------------------------------------------------------------------
// Repositories

export interface NewAsset extends Omit<Asset, 'requestor' | 'team' | 'campaign'> {
  requestorId?: string;
  teamId?: string;
  campaignId?: string;
}

/**
 * What AssetRepository.update rewrites: every field an edit, a new version or a soft delete may change. The status,
 * kind, creation time and the risk tier (the risk policy's) are left as they are.
 */
export type AssetUpdate = Pick<
  NewAsset,
  'title' | 'quarantineReasons' | 'rightsStatus' | 'currentVersion' | 'updatedAt'
> &
  Partial<
    Pick<
      NewAsset,
      | 'description'
      | 'prompt'
      | 'tool'
      | 'model'
      | 'toolVersion'
      | 'intendedUse'
      | 'requestorId'
      | 'teamId'
      | 'campaignId'
      | 'audience'
      | 'regulated'
      | 'deletion'
    >
  >;

/** A list's filters, and the teams whose assets the caller may see (set by the service from the request context). */
export interface AssetQuery extends AssetFilter {
  /** Only assets of these teams (ids): an asset without a team is in none of them. Absent: every asset. */
  teamIds?: readonly string[];
}

export interface AssetRepository {
  insert(asset: NewAsset): Promise<void>;
  insertVersion(version: AssetVersion): Promise<void>;
  /** The asset with its versions; a soft-deleted one only when asked for (restore, purge). */
  get(id: string, options?: { includeDeleted?: boolean }): Promise<AssetWithVersions | undefined>;
  /** Soft-deleted assets are left out, unless the query asks for them alone (`deleted: 'only'`). */
  list(query: AssetQuery, page: { limit: number; cursor?: string }): Promise<Page<Asset>>;
  /** These assets (soft-deleted ones left out), in the order of `ids`; ids of no asset are skipped. */
  listByIds(ids: readonly string[]): Promise<Asset[]>;
  /**
   * Rewrites the fields an edit, a new version or a soft delete changes (an optional field absent from `next` is
   * cleared), with the row's digest, only while the row's updatedAt is still `expectedUpdatedAt` (CONFLICT when
   * another change came first; AUDIT_CHAIN_BROKEN as setStatus). The status is the workflow's and is never written here.
   */
  update(assetId: string, next: AssetUpdate, expectedUpdatedAt: string): Promise<void>;
  /** Ids of soft-deleted assets whose purgeAfter is at or before `now`, oldest deletion first. */
  purgeable(now: string, limit: number): Promise<string[]>;
  /**
   * Removes a soft-deleted asset and every row made of it (versions, enrichment results, renditions, links, family
   * membership, lineage); answers the blob digests that no row refers to any more, for the caller to delete. `hold`
   * is called with every digest the asset's rows refer to, in order, before anything is removed (holdBlob).
   */
  purge(assetId: string, hold: (sha256: string) => Promise<void>): Promise<string[]>;
  /**
   * The team id (null: none) of each of these assets that exists, soft-deleted ones included (they still belong to
   * their team: a family with a deleted member stays in reach of that team): authorising over several assets in one
   * query.
   */
  teamsOf(assetIds: readonly string[]): Promise<Map<string, string | null>>;
  /**
   * Changes the status, with the row's digest, only while it is still `from` (CONFLICT when another change came
   * first). A row edited around Provena is refused (AUDIT_CHAIN_BROKEN). Only the workflow service calls this.
   */
  setStatus(assetId: string, status: AssetStatus, at: string, from: AssetStatus): Promise<void>;
  /**
   * Sets the risk tier, the rule that set it (absent: the policy's default tier) and the deciding policy version,
   * with the row's digest (AUDIT_CHAIN_BROKEN as setStatus); answers the status and what the tier fields held before.
   * Only the risk-tier derivation (services/risk-tier.ts) calls this.
   */
  setRiskTier(
    assetId: string,
    decision: { tier: RiskTier; rule?: string; policyVersion: number },
  ): Promise<Pick<NewAsset, 'riskTier' | 'riskRule' | 'riskPolicyVersion' | 'status'>>;
  /** The asset whose versions include these bytes, if any: exact-duplicate detection. */
  findByBlob(sha256: string): Promise<{ assetId: string; versionNumber: number; deleted: boolean } | undefined>;
  getVersion(assetId: string, number: number): Promise<AssetVersion | undefined>;
  /** Every blob digest referenced by any version or rendition (doctor: orphan detection). */
  referencedBlobs(): AsyncIterable<string>;
  /** Whether a version or rendition refers to these bytes: doctor's re-check before it deletes a blob. */
  isBlobReferenced(sha256: string): Promise<boolean>;
  /** Every asset row, then every version row, each with the keyed digest stored beside it (audit verify). */
  digestedRows(): AsyncIterable<DigestedRow>;
}

/** A row as stored, with its digest (domain/row-digest.ts); null when it has none. */
export type DigestedRow =
  | { type: 'asset'; asset: NewAsset; digest: string | null }
  | { type: 'version'; version: AssetVersion; digest: string | null };

export type CatalogKind = 'team' | 'campaign' | 'user';

export interface CatalogRepository {
  /** Finds by slug or creates; `created` tells whether this call made it (so the caller audits it). */
  ensure(kind: CatalogKind, name: string): Promise<{ entry: Team; created: boolean }>;
  findBySlug(kind: CatalogKind, slug: string): Promise<Team | undefined>;
  findById(kind: CatalogKind, id: string): Promise<Team | undefined>;
  /** Every entry of a kind, by name. */
  list(kind: CatalogKind): Promise<Team[]>;
}

export interface AuditRepository {
  append(event: AuditEvent): Promise<AuditEntry>;
  /** Entries in seq order, streamed so that verification runs in constant memory. */
  all(): AsyncIterable<AuditEntry>;
  /** The head record: the last entry, and the key the log is kept with (absent until the log is keyed). */
  head(): Promise<ChainHead & { keyId?: string }>;
  /** The hash of one entry, if it exists. */
  hashAt(seq: number): Promise<string | undefined>;
  forSubject(subjectType: string, subjectId: string): Promise<AuditEntry[]>;
}

/**
 * Where the audit log's head is anchored outside the database (decision 0012): a signed checkpoint written soon after
 * each commit that appended entries, so that deleting the newest entries or rolling the database back shows.
 */
export interface AuditAnchor {
  /** A transaction that appended entries committed: checkpoint soon. Never waits for the write. */
  committed(): void;
  /** Writes a pending checkpoint now. */
  flush(): Promise<void>;
  /** Each place a checkpoint is kept, as found there (its signature is checked by the verifier). */
  read(): Promise<CheckpointReading[]>;
}

// ---------------------------------------------------------------------------------------------------------------
// Enrichment results (per asset version, with the producing model and version)

export type EnrichmentStatus = 'done' | 'failed';

export interface EnrichmentRecord extends Producer {
  versionId: string;
  status: EnrichmentStatus;
  error?: { code: string; message: string };
  producedAt: string;
  /** The enricher's own summary (counts, signals, facts); the rows below hold the queryable parts. */
  result: Record<string, unknown>;
}

export interface StoredEmbedding extends Embedding {
  dimensions: number;
  producedAt: string;
}

export interface EnrichmentRepository {
  result(versionId: string, enricher: string): Promise<EnrichmentRecord | undefined>;
  results(versionId: string): Promise<EnrichmentRecord[]>;
  /**
   * Inserts or replaces the record of each (version, enricher), in one statement; of two records for the same pair
   * the later wins.
   */
  saveResults(records: readonly EnrichmentRecord[]): Promise<void>;
  /** Replaces the version's renditions of these roles; registers their blobs (so doctor does not call them orphans). */
  replaceRenditions(
    versionId: string,
    roles: readonly Rendition['role'][],
    renditions: Rendition[],
    at: string,
  ): Promise<void>;
  renditions(versionId: string): Promise<Rendition[]>;
  replacePalette(versionId: string, colours: PaletteColour[]): Promise<void>;
  palette(versionId: string): Promise<PaletteColour[]>;
  replaceHashes(versionId: string, assetId: string, hashes: StoredPerceptualHashes, model: string): Promise<void>;
  hashes(versionId: string): Promise<StoredPerceptualHashes | undefined>;
  /** The hashes of every asset's current version, keyset-paged by asset id: the similarity index's startup load. */
  currentHashes(afterAssetId: string, limit: number): Promise<{ assetId: string; hashes: StoredPerceptualHashes }[]>;
  /**
   * The current-version hashes written at or after `since` (ISO-8601 UTC; compared with the writer's clock), paged
   * like currentHashes: the similarity index's refresh with what other processes stored. A superseded version's
   * hashes are never returned, even when written recently.
   */
  currentHashesStoredSince(
    since: string,
    afterAssetId: string,
    limit: number,
  ): Promise<{ assetId: string; hashes: StoredPerceptualHashes }[]>;
  /** Replaces the version's tags from this source (prompt tags and visual tags are recomputed apart). */
  replaceTags(versionId: string, sources: readonly Tag['source'][], tags: Tag[]): Promise<void>;
  tags(versionId: string): Promise<Tag[]>;
  saveEmbedding(versionId: string, embedding: Embedding, at: string): Promise<void>;
  embeddings(versionId: string): Promise<StoredEmbedding[]>;
  /** Vectors of the current versions of these assets, for one model. */
  currentEmbeddings(assetIds: readonly string[], model: string): Promise<Map<string, Float32Array>>;
  /** The ThumbHash placeholder (base64) of these assets' current versions, where renditions made one. */
  currentPlaceholders(assetIds: readonly string[]): Promise<Map<string, string>>;
  /** Replaces the links found for one version of an asset. */
  replaceLinks(assetId: string, versionNumber: number, links: NearDuplicateLink[]): Promise<void>;
  /** Links from the asset and links to it. */
  linksOf(assetId: string): Promise<NearDuplicateLink[]>;
}

export interface Lineage {
  assetId: string;
  versionNumber: number;
  /** normalisePrompt(prompt), or absent when the asset has no prompt. */
  promptKey?: string;
  seed?: string;
  batchId?: string;
}

export interface FamilyRepository {
  insert(family: VariantFamily): Promise<void>;
  get(id: string): Promise<VariantFamily | undefined>;
  familyOf(assetId: string): Promise<VariantFamily | undefined>;
  /** `teamIds`: only families whose every member is an asset of one of these teams (absent: every family). */
  list(
    filter: { state?: FamilyState; teamIds?: readonly string[] },
    page: { limit: number; cursor?: string },
  ): Promise<Page<VariantFamily>>;
  update(id: string, patch: { state?: FamilyState; canonicalAssetId?: string; updatedAt: string }): Promise<void>;
  delete(id: string): Promise<void>;
  addMember(familyId: string, member: FamilyMember): Promise<void>;
  updateMember(familyId: string, assetId: string, patch: Partial<Pick<FamilyMember, 'role' | 'state'>>): Promise<void>;
  removeMember(familyId: string, assetId: string): Promise<void>;
  saveLineage(lineage: Lineage): Promise<void>;
  /** Other assets (current version) with this prompt key, oldest first. */
  samePrompt(promptKey: string, excludeAssetId: string, limit: number): Promise<Lineage[]>;
  sameBatch(batchId: string, excludeAssetId: string, limit: number): Promise<Lineage[]>;
  /** The lineage recorded for each of these assets, in asset-id order (an asset with none is left out). */
  lineageOf(assetIds: readonly string[]): Promise<Lineage[]>;
}

/** Everything one transaction can touch. */
export interface StoreTx {
  assets: AssetRepository;
  catalog: CatalogRepository;
  audit: AuditRepository;
  enrichment: EnrichmentRepository;
  families: FamilyRepository;
  /** The durable job queue: enqueue here to commit or roll back jobs with the change that causes them. */
  jobs: JobRepository;
  /** Accounts, memberships, sessions, API tokens (domain/identity.ts). */
  identity: IdentityRepository;
  /** The versions of the risk policy (domain/risk-policy.ts). */
  riskPolicies: RiskPolicyRepository;
  /** Sign-offs, claims, comments and the review queue (domain/review-records.ts). */
  review: ReviewRepository;
  /** The events outbox (domain/events.ts): append in the transaction of the change it tells of. */
  events: EventRepository;
  /** Brands, guideline versions, logo references, brand check results (domain/brand-records.ts). */
  brand: BrandRepository;
  /** Collections with their ordered members, and saved searches (domain/collection.ts). */
  collections: CollectionRepository;
  /** The search index: one document per asset, kept current by the database (domain/search.ts). */
  search: SearchRepository;
  /** Share links and their hits (domain/share-link.ts). */
  shareLinks: ShareLinkRepository;
  /** Rights records with every revision, and the organisation's channels (domain/rights.ts). */
  rights: RightsRepository;
  /** The organisation's channel rendition presets (domain/export-presets.ts). */
  presets: PresetRepository;
  /** Renditions made for presets, by content address (domain/rendition-cache.ts). */
  renditionCache: RenditionCacheRepository;
}

export type RepositoryName = keyof StoreTx;

/**
 * A transaction in progress over the repositories `R`, with its savepoints and blob holds. A service names the
 * repositories it uses (`Transaction<'assets' | 'audit'>`), so that the compiler refuses it one it did not declare;
 * the store's own transaction holds every repository and fits every such view.
 */
export type Transaction<R extends RepositoryName = RepositoryName> = Pick<StoreTx, R> & TransactionControl<R>;

interface TransactionControl<R extends RepositoryName> {
  /**
   * Runs `work` within a savepoint: when it throws, what it wrote is undone and the error rethrown, and the
   * transaction can go on (to record the failure, say) and commit the rest.
   */
  attempt<T>(work: (tx: Transaction<R>) => Promise<T>): Promise<T>;
  /**
   * Until this transaction ends, no other transaction holding the same digest runs, in any process: intake (and
   * rendition storage) hold it while they check or write the blob file and record it; garbage collection holds it
   * while it re-checks that nothing refers to the blob and deletes the file. Whichever comes second sees what the
   * first did.
   */
  holdBlob(sha256: string): Promise<void>;
}

/** A transaction over every repository: what the store opens. */
export type StoreTransaction = Transaction;

/**
 * A service's view of the store (its unit of work): the repositories `R`, to read outside a transaction, and
 * transactions over the same. The Store satisfies every view; a service declares the narrowest it needs.
 */
export type UnitOfWork<R extends RepositoryName> = Pick<StoreTx, R> & {
  transaction<T>(work: (tx: Transaction<R>) => Promise<T>): Promise<T>;
};

export interface Store extends StoreTx {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in one transaction: all of it commits or none of it does. */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
