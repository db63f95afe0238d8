/** Operator checks: `provena doctor` (blob store against database) and `provena audit verify`. */
import type { AuditVerification } from '../domain/audit.ts';
import type { RequestContext } from '../domain/access.ts';
import type { BlobStat, BlobStore, UnitOfWork } from '../domain/ports.ts';
import { authorise } from './authorise.ts';
import { deleteBlobIfUnreferenced } from './blob-collection.ts';
import { verifyAuditLog, type AuditVerificationDeps } from './audit-verification.ts';

export interface DoctorReport {
  blobsChecked: number;
  /** Blobs on disk that no database row references (a crash between blob write and commit); removed with fix. */
  orphanBlobs: string[];
  /** Referenced blobs that are missing from the store. */
  missingBlobs: string[];
  /** Blobs whose bytes no longer match their digest (only with verifyContents). */
  corruptBlobs: string[];
  /** Temporary files of uploads abandoned long ago (a crash mid-intake); removed with fix. */
  staleStagingFiles: number;
  removed: boolean;
}

/** Blobs younger than this may belong to an intake still in flight; they are never called orphans. */
const orphanGraceMs = 60 * 60 * 1000;

export class MaintenanceService {
  constructor(
    private readonly deps: {
      store: UnitOfWork<'assets' | 'audit'>;
      blobs: BlobStore;
      /** The audit key and the checkpoints outside the database: what audit verification needs beyond the store. */
      audit?: Omit<AuditVerificationDeps, 'store'>;
    },
  ) {}

  /**
   * Safe beside intake in any process: the references read first only nominate candidates; each orphan is deleted
   * in a transaction that holds its digest (StoreTransaction.holdBlob) and finds it still unreferenced and still old,
   * and intake commits a blob file inside a transaction holding the same digest. So a blob an upload reuses is either
   * recorded before the re-check (kept) or deleted before the upload looks for it (written again by the upload).
   */
  async doctor(
    ctx: RequestContext,
    options: { fix: boolean; verifyContents?: boolean; now?: Date },
  ): Promise<DoctorReport> {
    authorise(ctx, 'storage:maintain');
    const now = options.now ?? new Date();
    const isOld = (blob: BlobStat) => now.getTime() - blob.modifiedAt.getTime() > orphanGraceMs;
    const referenced = new Set<string>();
    for await (const sha of this.deps.store.assets.referencedBlobs()) referenced.add(sha);
    const report: DoctorReport = {
      blobsChecked: 0,
      orphanBlobs: [],
      missingBlobs: [],
      corruptBlobs: [],
      staleStagingFiles: 0,
      removed: false,
    };
    const onDisk = new Set<string>();
    for await (const blob of this.deps.blobs.list()) {
      report.blobsChecked++;
      onDisk.add(blob.sha256);
      if (!referenced.has(blob.sha256)) {
        if (isOld(blob)) report.orphanBlobs.push(blob.sha256);
      } else if (options.verifyContents) {
        const intact = await this.deps.blobs.verify(blob.sha256);
        // Listed, then gone before it was re-read: missing, not corrupt.
        if (intact === undefined) onDisk.delete(blob.sha256);
        else if (!intact) report.corruptBlobs.push(blob.sha256);
      }
    }
    for (const sha of referenced) if (!onDisk.has(sha)) report.missingBlobs.push(sha);
    const staleBefore = new Date(now.getTime() - orphanGraceMs);
    if (options.fix) {
      const removed: string[] = [];
      for (const sha of report.orphanBlobs) if (await this.deleteIfOrphan(sha, isOld)) removed.push(sha);
      report.orphanBlobs = removed;
      report.staleStagingFiles = await this.deps.blobs.sweepStaging(staleBefore);
      report.removed = true;
    } else {
      report.staleStagingFiles = await this.deps.blobs.staleStaging(staleBefore);
    }
    return report;
  }

  /** Deletes the blob if, holding its digest, nothing refers to it and it is still old; whether it did. */
  private async deleteIfOrphan(sha256: string, isOld: (blob: BlobStat) => boolean): Promise<boolean> {
    return deleteBlobIfUnreferenced(this.deps.store, this.deps.blobs, sha256, isOld);
  }

  async verifyAudit(ctx: RequestContext): Promise<AuditVerification> {
    if (!this.deps.audit) throw new Error('audit verification needs the audit key and anchor');
    return verifyAuditLog(ctx, { store: this.deps.store, ...this.deps.audit });
  }
}
