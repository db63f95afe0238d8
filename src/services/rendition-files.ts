/**
 * Rendition files in the blob store, shared by the write side (enrichment-run.ts: renditions, poster and key frames)
 * and the read side (enrichment-reader.ts: the lazy preview, rendered from a video's stored poster frame).
 */
import type { RenditionBytes } from '../domain/enrichers.ts';
import { ProvenaError } from '../domain/errors.ts';
import type { BlobStore } from '../domain/ports.ts';
import type { Readable } from 'node:stream';

/** Content-addressed: the same rendition bytes are stored once, whoever produced them. */
export async function storeRenditionFiles(blobs: BlobStore, files: readonly RenditionBytes[]): Promise<void> {
  for (const file of files) {
    const staged = await blobs.stage(file.bytes, { maxBytes: Math.max(1, file.bytes.length) });
    if (staged.sha256 !== file.rendition.sha256) {
      await blobs.discard(staged);
      throw new ProvenaError('INTEGRITY_ERROR', 'A rendition changed between encoding and storage.', {
        role: file.rendition.role,
      });
    }
    await blobs.commit(staged);
  }
}

/** A stored blob (a video's poster frame) read into memory for decoding. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
