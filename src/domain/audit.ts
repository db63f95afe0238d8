/**
 * The audit log's tamper evidence (append-only, hash-chained): each entry's hash covers its own fields and the previous
 * entry's hash, so editing, deleting or reordering any entry breaks every hash after it. Pure: hashing only, no I/O.
 */
import { createHash } from 'node:crypto';

export interface AuditEvent {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  beforeDigest?: string;
  afterDigest?: string;
  details?: Record<string, unknown>;
}

export interface AuditEntry extends AuditEvent {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

export const genesisHash = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so that the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

export const digestOf = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex');

export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, prevHash, actor, action, subjectType, subjectId, beforeDigest, afterDigest, details } = entry;
  return digestOf({
    seq,
    at,
    prevHash,
    actor,
    action,
    subjectType,
    subjectId,
    beforeDigest: beforeDigest ?? null,
    afterDigest: afterDigest ?? null,
    details: details ?? null,
  });
}

export interface AuditProblem {
  seq: number;
  problem: 'edited' | 'missing-or-reordered' | 'head-mismatch';
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  problems: AuditProblem[];
}

/**
 * Walks entries in seq order. `head` is the separately stored last (seq, hash): without it, removing the newest
 * entries would leave a shorter chain that still verifies.
 */
export class AuditChainVerifier {
  private expectedSeq = 1;
  private prevHash = genesisHash;
  private count = 0;
  readonly problems: AuditProblem[] = [];

  add(entry: AuditEntry): void {
    this.count++;
    if (entry.seq !== this.expectedSeq || entry.prevHash !== this.prevHash) {
      this.problems.push({
        seq: entry.seq,
        problem: 'missing-or-reordered',
        message: `entry ${entry.seq} does not follow entry ${this.expectedSeq - 1}: an entry was removed or moved`,
      });
    }
    if (hashAuditEntry(entry) !== entry.hash) {
      this.problems.push({
        seq: entry.seq,
        problem: 'edited',
        message: `entry ${entry.seq} was altered after it was written`,
      });
    }
    this.expectedSeq = entry.seq + 1;
    this.prevHash = entry.hash;
  }

  finish(head: { seq: number; hash: string }): AuditVerification {
    if (head.seq !== this.expectedSeq - 1 || head.hash !== this.prevHash) {
      this.problems.push({
        seq: head.seq,
        problem: 'head-mismatch',
        message: `the log ends at entry ${this.expectedSeq - 1} but the chain head records entry ${head.seq}: entries were removed from the end`,
      });
    }
    return { ok: this.problems.length === 0, entries: this.count, problems: this.problems };
  }
}
