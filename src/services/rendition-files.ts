/**
 * Rendition files in the blob store, shared by the write side (enrichment-run.ts: renditions, poster and key frames)
 * and the read side (enrichment-reader.ts: the lazy preview, rendered from a video's stored poster frame).
 */
import type { RenditionBytes } from '../domain/enrichers.ts';
import { isProvenaError, ProvenaError } from '../domain/errors.ts';
import type { BlobStore } from '../domain/ports.ts';
import type { Readable } from 'node:stream';

/**
 * Content-addressed: the same rendition bytes are stored once, whoever produced them. Bytes that no longer match the
 * digest recorded at encoding are not stored (INTEGRITY_ERROR).
 */
export async function storeRenditionFiles(blobs: BlobStore, files: readonly RenditionBytes[]): Promise<void> {
  for (const file of files) {
    await blobs.put(file.bytes, { sha256: file.rendition.sha256 }).catch((error: unknown) => {
      if (isProvenaError(error) && error.code === 'INTEGRITY_ERROR')
        throw new ProvenaError('INTEGRITY_ERROR', 'A rendition changed between encoding and storage.', {
          role: file.rendition.role,
        });
      throw error;
    });
  }
}

/** A stored blob (a video's poster frame) read into memory for decoding. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
