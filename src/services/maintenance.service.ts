/** Operator checks: `provena doctor` (blob store against database) and `provena audit verify`. */
import { AuditChainVerifier, type AuditVerification } from '../domain/audit.ts';
import type { BlobStore, Store } from '../domain/ports.ts';

export interface DoctorReport {
  blobsChecked: number;
  /** Blobs on disk that no database row references (a crash between blob write and commit). */
  orphanBlobs: string[];
  /** Referenced blobs that are missing from the store. */
  missingBlobs: string[];
  /** Blobs whose bytes no longer match their digest (only with verifyContents). */
  corruptBlobs: string[];
  staleStagingFiles: number;
  removed: boolean;
}

/** Blobs younger than this may belong to an intake still in flight; they are never called orphans. */
const orphanGraceMs = 60 * 60 * 1000;

export class MaintenanceService {
  constructor(private readonly deps: { store: Store; blobs: BlobStore }) {}

  async doctor(options: { fix: boolean; verifyContents?: boolean; now?: Date }): Promise<DoctorReport> {
    const now = options.now ?? new Date();
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
        if (now.getTime() - blob.modifiedAt.getTime() > orphanGraceMs) report.orphanBlobs.push(blob.sha256);
      } else if (options.verifyContents && !(await this.deps.blobs.verify(blob.sha256))) {
        report.corruptBlobs.push(blob.sha256);
      }
    }
    for (const sha of referenced) if (!onDisk.has(sha)) report.missingBlobs.push(sha);
    if (options.fix) {
      for (const sha of report.orphanBlobs) await this.deps.blobs.delete(sha);
      report.staleStagingFiles = await this.deps.blobs.sweepStaging(new Date(now.getTime() - orphanGraceMs));
      report.removed = true;
    }
    return report;
  }

  async verifyAudit(): Promise<AuditVerification> {
    const verifier = new AuditChainVerifier();
    for await (const entry of this.deps.store.audit.all()) verifier.add(entry);
    return verifier.finish(await this.deps.store.audit.head());
  }
}
