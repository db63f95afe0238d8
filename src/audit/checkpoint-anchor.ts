/**
 * The audit log's head, anchored outside the database (decision 0012). After a commit that appended entries, a signed
 * checkpoint of the database's head (seq and hash) replaces the checkpoint file in the data directory and, when an
 * external anchor is configured (a file or directory on an append-only or WORM mount), is appended to it as one JSON
 * line. `audit verify` compares the log with both, so that deleting the newest entries or restoring an older copy of
 * the database shows.
 *
 * At most one checkpoint a second (and one at close): the intake path only marks the anchor dirty, the write happens
 * in the background. What was committed since the last checkpoint (up to a second, or more after a crash) can still
 * be removed unnoticed; the decision note weighs that window.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  checkpointSignatureMatches,
  genesisHash,
  parseCheckpoint,
  signCheckpoint,
  type AuditCheckpoint,
  type AuditKey,
  type CheckpointReading,
} from '../domain/audit.ts';
import type { AuditAnchor, AuditRepository } from '../domain/ports.ts';
import { appendDurably, replaceFileAtomically } from './durable-files.ts';

/** The checkpoint's name in the data directory. */
export const checkpointFileName = 'audit-checkpoint.json';
/** The log's name inside an external anchor given as a directory. */
export const externalAnchorFileName = 'provena-audit-checkpoints.jsonl';

export interface CheckpointAnchorOptions {
  /** The checkpoint file (replaced at each checkpoint). */
  file: string;
  /** A file, or a directory holding externalAnchorFileName, to which every checkpoint is appended. */
  external?: string;
  key: AuditKey;
  /** Least time between two checkpoints. */
  minIntervalMs?: number;
  /** Checkpointing problems: the anchor never throws into the code that committed. */
  warn(message: string): void;
}

/** The tail read of the external log: far longer than one line. */
const tailBytes = 64 * 1024;

export class CheckpointAnchor implements AuditAnchor {
  private chain: Pick<AuditRepository, 'head' | 'hashAt'> | undefined;
  private pending = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastStart = 0;
  private closed = false;
  private readonly warned = new Set<string>();

  constructor(private readonly options: CheckpointAnchorOptions) {}

  /** The log to read the head from; commits reported before this are checkpointed now. */
  attach(chain: Pick<AuditRepository, 'head' | 'hashAt'>): void {
    this.chain = chain;
    if (this.pending) this.schedule();
  }

  /**
   * A log still empty gets its first checkpoint now, so that a process killed before its first checkpoint leaves one
   * behind (and `audit verify` does not call it missing). Any other missing checkpoint stays missing until the next
   * commit: writing one here, for a head nobody vouched for, would cover a truncation.
   */
  async start(): Promise<void> {
    if ((await this.readFile()).problem !== 'missing') return;
    const head = await this.chain!.head();
    if (head.seq !== 0 || head.keyId !== this.options.key.id) return;
    await replaceFileAtomically(
      this.options.file,
      `${JSON.stringify(signCheckpoint(head, new Date().toISOString(), this.options.key))}\n`,
    );
  }

  committed(): void {
    this.pending = true;
    this.schedule();
  }

  async flush(): Promise<void> {
    for (;;) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
      if (this.running) await this.running;
      else if (this.pending && this.chain) await this.run();
      else return;
    }
  }

  /** Writes what is pending; nothing is checkpointed afterwards. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  async read(): Promise<CheckpointReading[]> {
    const readings: CheckpointReading[] = [await this.readFile()];
    if (this.options.external !== undefined) readings.push(await this.readExternal());
    return readings;
  }

  private schedule(): void {
    if (!this.chain || this.timer || this.running || this.closed) return;
    const wait = Math.max(0, this.lastStart + (this.options.minIntervalMs ?? 1000) - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, wait);
    // A pending checkpoint never keeps the process alive: close() writes it.
    this.timer.unref();
  }

  private run(): Promise<void> {
    this.pending = false;
    this.lastStart = Date.now();
    this.running = this.write()
      .catch((error: unknown) => this.warnOnce(`audit checkpoint not written: ${(error as Error).message}`))
      .finally(() => {
        this.running = undefined;
        if (this.pending) this.schedule();
      });
    return this.running;
  }

  private async write(): Promise<void> {
    const { key } = this.options;
    const head = await this.chain!.head();
    // An empty log has nothing to anchor; a log kept with another key is refused by every append anyway.
    if (head.seq === 0 || head.keyId !== key.id) return;
    const readings = await this.read();
    for (const reading of readings) if (!(await this.stillHolds(reading))) return;
    const checkpoint = signCheckpoint(head, new Date().toISOString(), key);
    const line = `${JSON.stringify(checkpoint)}\n`;
    const [local, external] = readings;
    // Another process may have anchored a later head meanwhile: a checkpoint never goes back.
    if (!local?.checkpoint || local.checkpoint.seq < head.seq) await replaceFileAtomically(this.options.file, line);
    if (external && (!external.checkpoint || external.checkpoint.seq < head.seq)) {
      const path = await this.externalPath();
      // A line cut short by a crash is ended first, so that the new line stands on its own.
      const ended = await endsWithNewline(path);
      await appendDurably(path, ended ? line : `\n${line}`);
    }
  }

  /**
   * Whether the log still holds what this anchor recorded. If not (the database was truncated or rolled back, the
   * checkpoint was altered or signed with another key), checkpointing stops: overwriting would destroy the evidence
   * that `audit verify` reports.
   */
  private async stillHolds(reading: CheckpointReading): Promise<boolean> {
    const { key } = this.options;
    const stop = (why: string) => {
      this.warnOnce(`audit checkpoints stopped: ${reading.where} ${why}; run \`provena audit verify\``);
      return false;
    };
    if (reading.problem === 'malformed') return stop('is not a checkpoint');
    const checkpoint = reading.checkpoint;
    if (!checkpoint) return true;
    if (checkpoint.keyId !== key.id) return stop(`was signed with another key (${checkpoint.keyId})`);
    if (!checkpointSignatureMatches(checkpoint, key)) return stop('does not match its signature');
    const hash = checkpoint.seq === 0 ? genesisHash : await this.chain!.hashAt(checkpoint.seq);
    if (hash !== checkpoint.hash)
      return stop(`records entry ${checkpoint.seq}, which the database no longer holds as it was`);
    return true;
  }

  private async readFile(): Promise<CheckpointReading> {
    const where = this.options.file;
    const text = await readFile(where, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    return reading('checkpoint-file', where, text);
  }

  /** The last complete line of the external log: the newest checkpoint appended. */
  private async readExternal(): Promise<CheckpointReading> {
    const where = await this.externalPath();
    let handle;
    try {
      handle = await open(where, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return reading('external-anchor', where, undefined);
      throw error;
    }
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, tailBytes);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      const lines = buffer.toString('utf8').split('\n');
      // A tail read may begin inside a line; the text after the last newline is empty, or a line a crash cut short.
      const complete = lines.slice(length < size ? 1 : 0, -1).filter((line) => line.trim() !== '');
      return reading('external-anchor', where, complete.at(-1));
    } finally {
      await handle.close();
    }
  }

  private async externalPath(): Promise<string> {
    const external = this.options.external!;
    const info = await stat(external).catch(() => undefined);
    return info?.isDirectory() ? join(external, externalAnchorFileName) : external;
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.options.warn(message);
  }
}

function reading(source: CheckpointReading['source'], where: string, text: string | undefined): CheckpointReading {
  if (text === undefined || text.trim() === '') return { source, where, problem: 'missing' };
  const checkpoint: AuditCheckpoint | undefined = parseCheckpoint(text.trim());
  return checkpoint ? { source, where, checkpoint } : { source, where, problem: 'malformed' };
}

async function endsWithNewline(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await handle.close();
  }
}
