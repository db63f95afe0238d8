/**
 * A bulk export (issue 15 §5, decision 0035): the archive port the export service writes entries into, one after the
 * other, and the manifest that lists what was exported and what was refused with every reason.
 */
import type { Readable } from 'node:stream';
import type { C2paOutcome } from './export.ts';
import type { UsageReason } from './usage.ts';

/**
 * An archive written as a stream, entry by entry: `output` is read by the client while entries are added, and an
 * entry's bytes are never all held at once. Implemented in src/media/zip-stream.ts.
 */
export interface ArchiveWriter {
  readonly output: Readable;
  /**
   * Adds one entry of exactly `size` bytes, resolving once they are handed to `output` (it waits for a slow reader);
   * rejects when the reader went away.
   */
  add(name: string, content: Readable | Uint8Array, size: number): Promise<void>;
  /** Writes the archive's directory and ends `output`. */
  finish(): Promise<void>;
  /** Ends `output` with the error: a client sees a broken download, never a complete-looking partial archive. */
  abort(error: Error): void;
}

export interface ExportedEntry {
  assetId: string;
  version: number;
  title: string;
  /** The file's name in the archive, and its JSON-LD sidecar's. */
  file: string;
  sidecar: string;
  sha256: string;
  size: number;
  mediaType: string;
  c2pa: C2paOutcome;
  /** Allowed with something to heed (a credit line to print, a review date passed). */
  warnings?: UsageReason[];
}

export interface RefusedEntry {
  assetId: string;
  /** The error code (USAGE_DENIED, NOT_FOUND, VALIDATION_FAILED, …) and its message. */
  code: string;
  message: string;
  /** For a usage denial: every reason. */
  reasons?: UsageReason[];
}

/** manifest.json, the archive's last entry. */
export interface ExportManifest {
  preset: string;
  channel: string;
  region?: string;
  createdAt: string;
  createdBy: string;
  exported: ExportedEntry[];
  refused: RefusedEntry[];
}

/** What the CLI shows while a bulk export runs: one event per asset, in order. */
export type ExportProgress =
  | { kind: 'exported'; index: number; total: number; entry: ExportedEntry }
  | { kind: 'refused'; index: number; total: number; entry: RefusedEntry };
