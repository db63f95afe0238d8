/**
 * Rendition files in the blob store, shared by the write side (enrichment-run.ts: renditions, poster and key frames)
 * and the read side (enrichment-reader.ts: the lazy preview, rendered from a video's stored poster frame).
 */
import type { RenditionBytes } from '../domain/enrichers.ts';
import { isProvenaError, ProvenaError } from '../domain/errors.ts';
import type { BlobStore, StoreTransaction } from '../domain/ports.ts';

/**
 * Content-addressed: the same rendition bytes are stored once, whoever produced them. Bytes that no longer match the
 * digest recorded at encoding are not stored (INTEGRITY_ERROR). Returns the files the store already held, which the
 * transaction that records them must keep (keepRenditionFiles).
 */
export async function storeRenditionFiles(
  blobs: BlobStore,
  files: readonly RenditionBytes[],
): Promise<RenditionBytes[]> {
  const reused: RenditionBytes[] = [];
  for (const file of files) {
    const { created } = await blobs.put(file.bytes, { sha256: file.rendition.sha256 }).catch((error: unknown) => {
      if (isProvenaError(error) && error.code === 'INTEGRITY_ERROR')
        throw new ProvenaError('INTEGRITY_ERROR', 'A rendition changed between encoding and storage.', {
          role: file.rendition.role,
        });
      throw error;
    });
    if (!created) reused.push(file);
  }
  return reused;
}

/**
 * In the transaction that records renditions, for the files whose bytes the store already held: one may be an old
 * orphan that `doctor --fix` was about to delete. Holding each digest, a file gone meanwhile is written again, and
 * doctor, which deletes holding the digest too, finds the record once this transaction commits. Files written by
 * this run are younger than doctor's grace period and need neither.
 */
export async function keepRenditionFiles(
  tx: Pick<StoreTransaction, 'holdBlob'>,
  blobs: BlobStore,
  reused: readonly RenditionBytes[],
): Promise<void> {
  for (const file of reused) {
    await tx.holdBlob(file.rendition.sha256);
    if ((await blobs.stat(file.rendition.sha256))?.size !== file.bytes.length) await storeRenditionFiles(blobs, [file]);
  }
}
