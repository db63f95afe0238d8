/**
 * The ports: interfaces the services depend on and storage/, blobs/, media/, provenance/ implement.
 * Only src/main/ knows which implementation stands behind each.
 */
import type { Readable } from 'node:stream';
import type {
  Asset,
  AssetFilter,
  AssetKind,
  AssetVersion,
  AssetWithVersions,
  BlobRef,
  Campaign,
  Page,
  Team,
  User,
} from './asset.ts';
import type { AuditEntry, AuditEvent } from './audit.ts';

// ---------------------------------------------------------------------------------------------------------------
// Blobs

/** Bytes written to temporary storage with their digest known, not yet visible under their content address. */
export interface StagedBlob extends BlobRef {
  /** A local file holding the bytes, readable until commit or discard (inspection, provenance parsing). */
  readonly path: string;
}

export interface BlobStat extends BlobRef {
  modifiedAt: Date;
}

export interface BlobStore {
  /** Streams `source` to temporary storage, hashing on the way; refuses (FILE_TOO_LARGE) once `maxBytes` is passed. */
  stage(source: Readable, options: { maxBytes: number }): Promise<StagedBlob>;
  /** Makes staged bytes durable under their SHA-256. Storing bytes that already exist keeps one copy. */
  commit(staged: StagedBlob): Promise<{ created: boolean }>;
  discard(staged: StagedBlob): Promise<void>;
  open(sha256: string, range?: { start: number; end: number }): Promise<Readable>;
  stat(sha256: string): Promise<BlobStat | undefined>;
  /** Re-reads the bytes and compares their digest with the address; false when they differ. */
  verify(sha256: string): Promise<boolean>;
  list(): AsyncIterable<BlobStat>;
  delete(sha256: string): Promise<void>;
  /** Removes abandoned temporary files older than `olderThan`; returns how many. */
  sweepStaging(olderThan: Date): Promise<number>;
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
  inspect(path: string, fileName: string, size: number): Promise<MediaInfo>;
}

// ---------------------------------------------------------------------------------------------------------------
// Repositories

export interface NewAsset extends Omit<Asset, 'requestor' | 'team' | 'campaign'> {
  requestorId?: string;
  teamId?: string;
  campaignId?: string;
}

export interface AssetRepository {
  insert(asset: NewAsset): Promise<void>;
  insertVersion(version: AssetVersion): Promise<void>;
  get(id: string): Promise<AssetWithVersions | undefined>;
  list(filter: AssetFilter, page: { limit: number; cursor?: string }): Promise<Page<Asset>>;
  /** The asset whose versions include these bytes, if any: exact-duplicate detection. */
  findByBlob(sha256: string): Promise<{ assetId: string; versionNumber: number } | undefined>;
  getVersion(assetId: string, number: number): Promise<AssetVersion | undefined>;
  /** Every blob digest referenced by any version (doctor: orphan detection). */
  referencedBlobs(): AsyncIterable<string>;
}

export type CatalogKind = 'team' | 'campaign' | 'user';

export interface CatalogRepository {
  /** Finds by slug or creates; `created` tells whether this call made it (so the caller audits it). */
  ensure(kind: CatalogKind, name: string): Promise<{ entry: Team | Campaign | User; created: boolean }>;
  findBySlug(kind: CatalogKind, slug: string): Promise<Team | undefined>;
}

export interface AuditRepository {
  append(event: AuditEvent): Promise<AuditEntry>;
  /** Entries in seq order, streamed so that verification runs in constant memory. */
  all(): AsyncIterable<AuditEntry>;
  head(): Promise<{ seq: number; hash: string }>;
  forSubject(subjectType: string, subjectId: string): Promise<AuditEntry[]>;
}

/** Everything one transaction can touch. */
export interface StoreTx {
  assets: AssetRepository;
  catalog: CatalogRepository;
  audit: AuditRepository;
}

export interface Store extends StoreTx {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in one transaction: all of it commits or none of it does. */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
